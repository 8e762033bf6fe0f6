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

    /// Problems that make the directory unusable for this roster, each as
    /// `PATH:LINE: message`; empty when it matches. Checks: every file is there;
    /// summary.json's input digests are those of this run's inputs; its
    /// quarter_start and policy are the ones in force; every member id in the
    /// CSV files exists in the roster.
    public func problems(cohort: Cohort, inputs: [InputFile]) -> [String] {
        var problems: [String] = []
        for name in Self.fileNames where files[name] == nil {
            problems.append("\(path(name)):1: missing; --from must be a directory written by `cohort match`")
        }
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
                    problems.append("\(path("summary.json")):\(k + 1): quarter_start was \(value), this run has \(cohort.policy.quarterStart.description) (pass --quarter-start \(value) or the same policy)")
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
                problems.append("\(path("summary.json")):\(previousDigests.first?.line ?? 1): \(file.name) is not an input of that run (its sha256 \(SHA256.hex(file.bytes).prefix(12))… is not among the digests recorded); rematch needs the same members, projects and policy files")
            }
            if inputs.count != previousDigests.count {
                problems.append("\(path("summary.json")):\(previousDigests.first?.line ?? 1): that run read \(previousDigests.count) input file(s), this one \(inputs.count); rematch needs the same members, projects and policy files")
            }
        }
        let current = OutputFiles.policyJSON(cohort.policy)
        var currentByKey: [String: String] = [:]
        for (key, value) in current { currentByKey[key] = value }
        for p in previousPolicy where p.key != "time_limit_seconds" {
            let now = currentByKey[p.key] ?? "(not set)"
            if now != p.value { problems.append("\(path("summary.json")):\(p.line): policy \(p.key) was \(p.value), this run has \(now)") }
        }
        // A key a run did not list (written before the key existed) had its default then.
        var defaults: [String: String] = [:]
        for (key, value) in OutputFiles.policyJSON(Policy(runDate: cohort.policy.quarterStart)) { defaults[key] = value }
        for (key, value) in current where key != "time_limit_seconds" && !previousPolicy.contains(where: { $0.key == key }) && defaults[key] != value {
            problems.append("\(path("summary.json")):1: policy \(key) is \(value) in this run but was not set in that one")
        }

        // Every id in the CSV files is a member of this roster.
        let idColumns: [String: [String]] = [
            "pairings.csv": ["mentee_id", "mentor_id", "backup_mentor_id"], "buddies.csv": ["newcomer_id", "buddy_id"],
            "teams.csv": ["member_id"], "schedule.csv": ["participants"],
        ]
        for name in ["pairings.csv", "buddies.csv", "teams.csv", "schedule.csv"] {
            let parsed = CSVReader.read(files[name]!)
            if let e = parsed.errors.first {
                problems.append("\(path(name)):\(e.line): \(e.kind.message)")
                continue
            }
            guard let header = parsed.records.first?.fields else {
                problems.append("\(path(name)):1: empty; --from must be a directory written by `cohort match`")
                continue
            }
            for column in idColumns[name]! {
                guard let c = header.firstIndex(of: column) else {
                    problems.append("\(path(name)):1: column \(column): missing")
                    continue
                }
                for record in parsed.records.dropFirst() where c < record.fields.count {
                    for id in record.fields[c].split(separator: ";") where cohort.memberIndex[String(id)] == nil {
                        problems.append("\(path(name)):\(record.line): column \(column): no member '\(id)' in the roster")
                        if problems.count >= 50 { return problems }
                    }
                }
            }
        }
        return problems
    }

    /// Lines where a file of this directory differs from `expected` (what the
    /// roster gives): `PATH:LINE: message`, at most one per file.
    func differences(_ expected: [(name: String, text: String)]) -> [String] {
        var problems: [String] = []
        for (name, text) in expected {
            guard let old = self.text(name) else { continue }
            if old == text { continue }
            let a = old.split(separator: "\n", omittingEmptySubsequences: false), b = text.split(separator: "\n", omittingEmptySubsequences: false)
            var k = 0
            while k < min(a.count, b.count) && a[k] == b[k] { k += 1 }
            let found = k < a.count ? "'\(a[k].prefix(80))'" : "the end of the file"
            let wanted = k < b.count ? "'\(b[k].prefix(80))'" : "the end of the file"
            problems.append("\(path(name)):\(k + 1): is \(found), but this roster and policy give \(wanted); --from must be the output of `cohort match` with these inputs (and no time limit cutting a solve short)")
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
