/// The outputs of an earlier `cohort match` (the `--from` directory of
/// `cohort rematch`), as text, and the checks that they belong to this roster.
/// Pure: the CLI reads the files. docs/rematch.md.
public struct PreviousRun: Sendable {
    /// The files rematch reads (summary.json first: its digests are checked first).
    public static let fileNames = ["summary.json", "pairings.csv", "buddies.csv", "teams.csv", "schedule.csv"]

    /// The directory as the user named it (for messages).
    public var directory: String
    /// File name → contents; a missing file is absent.
    public var files: [String: [UInt8]]

    public init(directory: String, files: [String: [UInt8]]) {
        self.directory = directory
        self.files = files
    }

    func path(_ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    func text(_ name: String) -> String? { files[name].map { String(decoding: $0, as: UTF8.self) } }

    /// Problems that make the directory unusable for this roster, each at
    /// its file and line; empty when it matches. Checks: every file is there;
    /// summary.json's input digests are those of this run's inputs; its
    /// quarter_start and policy are the ones in force; every member id in the
    /// CSV files exists in the roster.
    public func problems(cohort: Cohort, inputs: [InputFile]) -> [RematchProblem] {
        var problems: [RematchProblem] = []
        func problem(_ name: String, _ line: Int, _ what: PreviousRunProblem) { problems.append(.previousRun(path: path(name), line: line, what)) }
        for name in Self.fileNames where files[name] == nil { problem(name, 1, .missing) }
        if !problems.isEmpty { return problems }

        // Digests and policy, from summary.json.
        let summary = text("summary.json")!.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var previousDigests: [(line: Int, hex: String)] = []
        var inPolicy = false
        var previousPolicy: [(line: Int, key: String, value: String)] = []
        for (k, line) in summary.enumerated() {
            let t = line.trimmingSpaces()
            if t.hasPrefix("\"sha256\": \"") { previousDigests.append((k + 1, String(t.dropFirst(11).prefix(64)))) }
            if t.hasPrefix("\"quarter_start\": \""), !inPolicy {
                let value = String(t.dropFirst(18).prefix { $0 != "\"" })
                if value != cohort.policy.quarterStart.description {
                    problem("summary.json", k + 1, .quarterStart(was: value, now: cohort.policy.quarterStart.description))
                }
            }
            if t == "\"policy\": {" { inPolicy = true; continue }
            if inPolicy {
                if t.hasPrefix("}") { inPolicy = false; continue }
                if let colon = t.firstIndex(of: ":") {
                    let key = String(t[..<colon]).filter { $0 != "\"" }
                    var value = String(String(t[t.index(after: colon)...]).trimmingSpaces())
                    if value.hasSuffix(",") { value.removeLast() }
                    previousPolicy.append((k + 1, key, value))
                }
            }
        }
        let given = inputs.map { SHA256.hex($0.bytes) }
        if previousDigests.map(\.hex).sorted() != given.sorted() {
            for file in inputs where !previousDigests.contains(where: { $0.hex == SHA256.hex(file.bytes) }) {
                problem("summary.json", previousDigests.first?.line ?? 1, .notAnInput(file: file.name, sha256: SHA256.hex(file.bytes)))
            }
            if inputs.count != previousDigests.count {
                problem("summary.json", previousDigests.first?.line ?? 1, .inputCount(was: previousDigests.count, now: inputs.count))
            }
        }
        let current = OutputFiles.policyJSON(cohort.policy)
        var currentByKey: [String: String] = [:]
        for (key, value) in current { currentByKey[key] = value }
        for p in previousPolicy where p.key != "time_limit_seconds" {
            let now = currentByKey[p.key] ?? "(not set)"
            if now != p.value { problem("summary.json", p.line, .policyChanged(key: p.key, was: p.value, now: now)) }
        }
        // A key a run did not list (written before the key existed) had its default then.
        var defaults: [String: String] = [:]
        for (key, value) in OutputFiles.policyJSON(Policy(runDate: cohort.policy.quarterStart)) { defaults[key] = value }
        for (key, value) in current where key != "time_limit_seconds" && !previousPolicy.contains(where: { $0.key == key }) && defaults[key] != value {
            problem("summary.json", 1, .policyNotSetThen(key: key, now: value))
        }

        // Every id in the CSV files is a member of this roster.
        let idColumns: [String: [String]] = [
            "pairings.csv": ["mentee_id", "mentor_id", "backup_mentor_id"], "buddies.csv": ["newcomer_id", "buddy_id"],
            "teams.csv": ["member_id"], "schedule.csv": ["participants"],
        ]
        for name in ["pairings.csv", "buddies.csv", "teams.csv", "schedule.csv"] {
            let parsed = CSVReader.read(files[name]!)
            if let e = parsed.errors.first {
                problem(name, e.line, .csvSyntax(e.kind.message))
                continue
            }
            guard let header = parsed.records.first?.fields else {
                problem(name, 1, .empty)
                continue
            }
            for column in idColumns[name]! {
                guard let c = header.firstIndex(of: column) else {
                    problem(name, 1, .missingColumn(column))
                    continue
                }
                for record in parsed.records.dropFirst() where c < record.fields.count {
                    for id in record.fields[c].split(separator: ";") where cohort.memberIndex[String(id)] == nil {
                        problem(name, record.line, .unknownMember(column: column, id: String(id)))
                        if problems.count >= 50 { return problems }
                    }
                }
            }
        }
        return problems
    }

    /// Lines where a file of this directory differs from `expected` (what the
    /// roster gives), at most one per file.
    func differences(_ expected: [(name: String, text: String)]) -> [RematchProblem] {
        var problems: [RematchProblem] = []
        for (name, text) in expected {
            guard let old = self.text(name) else { continue }
            if old == text { continue }
            let a = old.split(separator: "\n", omittingEmptySubsequences: false), b = text.split(separator: "\n", omittingEmptySubsequences: false)
            var k = 0
            while k < min(a.count, b.count) && a[k] == b[k] { k += 1 }
            let found = k < a.count ? "'\(a[k].prefix(80))'" : "the end of the file"
            let wanted = k < b.count ? "'\(b[k].prefix(80))'" : "the end of the file"
            problems.append(.previousRun(path: path(name), line: k + 1, .differs(found: found, wanted: wanted)))
        }
        return problems
    }
}

extension OutputFiles {
    /// The policy as summary.json writes it: (key, JSON value text).
    static func policyJSON(_ policy: Policy) -> [(String, String)] {
        policy.entries.map { entry in
            let json: JSON
            if entry.value.hasPrefix("\"") { json = .string(String(entry.value.dropFirst().dropLast())) }
            else if let n = Int(entry.value) { json = .integer(n) }
            else if entry.value == "true" || entry.value == "false" { json = .bool(entry.value == "true") }
            else if let x = Double(entry.value) { json = .number(x) }
            else { json = .string(entry.value) }
            var text = ""
            json.write(into: &text, indent: 1)
            return (entry.key, text)
        }
    }
}
