// TEMPORARY stand-in until the CSV branch lands; deleted on merge.
public struct CSVRecord: Sendable, Equatable { public let line: Int; public let fields: [String] }
public struct CSVError: Error, Equatable, Sendable { public let line: Int; public let field: Int; public let message: String }
public struct CSVParseResult: Sendable { public var records: [CSVRecord]; public var errors: [CSVError] }
public enum CSVReader {
    public static func read(_ bytes: [UInt8]) -> CSVParseResult {
        let text = String(decoding: bytes, as: UTF8.self)
        var records: [CSVRecord] = []
        for (i, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !l.isEmpty {
            records.append(CSVRecord(line: i + 1, fields: l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
        return CSVParseResult(records: records, errors: [])
    }
}
extension CSVError { var problem: InputProblem { .csvSyntax(message) } }
