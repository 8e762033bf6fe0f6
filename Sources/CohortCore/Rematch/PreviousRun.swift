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

    /// A file's text, without the byte-order mark a `match --excel` puts before CSV files.
    func text(_ name: String) -> String? {
        files[name].map { bytes in
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
            return String(decoding: body, as: UTF8.self)
        }
    }

    /// Problems that make the directory unusable for this roster, each at its
    /// file and line; empty when it matches. Checks, in this order
    /// (docs/rematch.md §1): every file is there; summary.json's quarter_start,
    /// input digests and policy are those of this run; every member id in the
    /// CSV files exists in the roster.
    public func problems(cohort: Cohort, inputs: [InputFile]) -> [RematchProblem] {
        let missing = Self.fileNames.filter { files[$0] == nil }.map { problem($0, 1, .missing) }
        if !missing.isEmpty { return missing }
        let recorded = Recorded(summary: text("summary.json")!)
        let problems = quarterStartProblems(recorded, cohort: cohort) + digestProblems(recorded, inputs: inputs)
            + policyProblems(recorded, cohort: cohort)
        return problems + idProblems(cohort: cohort, upTo: Self.maxProblems - problems.count)
    }

    /// What summary.json recorded, with the line of each entry.
    struct Recorded {
        var digests: [(line: Int, hex: String)] = []
        var quarterStarts: [(line: Int, value: String)] = []
        var policy: [(line: Int, key: String, value: String)] = []

        init(summary: String) {
            var inPolicy = false
            for (k, line) in summary.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let t = line.trimmingSpaces()
                if t.hasPrefix("\"sha256\": \"") { digests.append((k + 1, String(t.dropFirst(11).prefix(64)))) }
                if t.hasPrefix("\"quarter_start\": \""), !inPolicy { quarterStarts.append((k + 1, String(t.dropFirst(18).prefix { $0 != "\"" }))) }
                if t == "\"policy\": {" { inPolicy = true; continue }
                if inPolicy {
                    if t.hasPrefix("}") { inPolicy = false; continue }
                    if let colon = t.firstIndex(of: ":") {
                        let key = String(t[..<colon]).filter { $0 != "\"" }
                        var value = String(String(t[t.index(after: colon)...]).trimmingSpaces())
                        if value.hasSuffix(",") { value.removeLast() }
                        policy.append((k + 1, key, value))
                    }
                }
            }
        }
    }

    /// A problem with the file `name` of this directory, at `line`.
    func problem(_ name: String, _ line: Int, _ what: PreviousRunProblem) -> RematchProblem {
        .previousRun(path: path(name), line: line, what)
    }

    func quarterStartProblems(_ recorded: Recorded, cohort: Cohort) -> [RematchProblem] {
        let now = cohort.policy.quarterStart.description
        return recorded.quarterStarts.filter { $0.value != now }.map {
            problem("summary.json", $0.line, .quarterStart(was: $0.value, now: now))
        }
    }

    /// The inputs must be the files that run read (names may differ, contents may not).
    func digestProblems(_ recorded: Recorded, inputs: [InputFile]) -> [RematchProblem] {
        let previous = recorded.digests
        guard previous.map(\.hex).sorted() != inputs.map({ SHA256.hex($0.bytes) }).sorted() else { return [] }
        let line = previous.first?.line ?? 1
        var problems: [RematchProblem] = []
        for file in inputs where !previous.contains(where: { $0.hex == SHA256.hex(file.bytes) }) {
            problems.append(problem("summary.json", line, .notAnInput(file: file.name, sha256: SHA256.hex(file.bytes))))
        }
        if inputs.count != previous.count {
            problems.append(problem("summary.json", line, .inputCount(was: previous.count, now: inputs.count)))
        }
        return problems
    }

    /// Every policy key as that run had it (`time_limit_seconds` excepted); a
    /// key that run did not list (written before the key existed) had its default then.
    func policyProblems(_ recorded: Recorded, cohort: Cohort) -> [RematchProblem] {
        var problems: [RematchProblem] = []
        let current = OutputFiles.policyJSON(cohort.policy)
        var currentByKey: [String: String] = [:]
        for (key, value) in current { currentByKey[key] = value }
        for p in recorded.policy where p.key != "time_limit_seconds" {
            let now = currentByKey[p.key] ?? "(not set)"
            if now != p.value { problems.append(problem("summary.json", p.line, .policyChanged(key: p.key, was: p.value, now: now))) }
        }
        var defaults: [String: String] = [:]
        for (key, value) in OutputFiles.policyJSON(Policy(runDate: cohort.policy.quarterStart)) { defaults[key] = value }
        for (key, value) in current where key != "time_limit_seconds" && !recorded.policy.contains(where: { $0.key == key }) && defaults[key] != value {
            problems.append(problem("summary.json", 1, .policyNotSetThen(key: key, now: value)))
        }
        return problems
    }

    /// The unknown-id problems stop once the whole list has this many.
    static let maxProblems = 50

    /// Every id in the CSV files is a member of this roster (problems stop at `limit`).
    func idProblems(cohort: Cohort, upTo limit: Int) -> [RematchProblem] {
        let idColumns: [String: [String]] = [
            "pairings.csv": ["mentee_id", "mentor_id", "backup_mentor_id"], "buddies.csv": ["newcomer_id", "buddy_id"],
            "teams.csv": ["member_id"], "schedule.csv": ["participants"],
        ]
        var problems: [RematchProblem] = []
        for name in ["pairings.csv", "buddies.csv", "teams.csv", "schedule.csv"] {
            let parsed = CSVReader.read(files[name]!)
            if let e = parsed.errors.first {
                problems.append(problem(name, e.line, .csvSyntax(e.kind.message)))
                continue
            }
            guard let header = parsed.records.first?.fields else {
                problems.append(problem(name, 1, .empty))
                continue
            }
            for column in idColumns[name]! {
                guard let c = header.firstIndex(of: column) else {
                    problems.append(problem(name, 1, .missingColumn(column)))
                    continue
                }
                for record in parsed.records.dropFirst() where c < record.fields.count {
                    for id in record.fields[c].split(separator: ";") where cohort.memberIndex[String(id)] == nil {
                        problems.append(problem(name, record.line, .unknownMember(column: column, id: String(id))))
                        if problems.count >= limit { return problems }
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
            problems.append(problem(name, k + 1, .differs(found: found, wanted: wanted)))
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
