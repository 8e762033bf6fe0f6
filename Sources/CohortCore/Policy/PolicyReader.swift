/// Reads the policy file: the flat subset of TOML that a policy needs
/// (`key = value` lines; integers, floats, booleans, strings, dates, one-line
/// arrays of those; `#` comments). Tables are reported as errors, unknown keys
/// as warnings. See docs/input.md.
public enum PolicyReader {
    /// A policy value set on the command line (`--set key=value` or a dedicated flag).
    public struct Override: Sendable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The policy in force: defaults, then the file, then the overrides.
    public static func read(file: InputFile?, overrides: [Override], runDate: CalendarDate) -> (policy: Policy, diagnostics: [Diagnostic]) {
        var policy = Policy(runDate: runDate)
        var diagnostics: [Diagnostic] = []
        // Where each key was last set: the file's line, or the flag's position.
        var setAt: [PolicyKey: (file: String, line: Int)] = [:]
        var fileName = "policy"

        if let file {
            fileName = file.name
            guard let text = String(validating: file.bytes.dropFirst(file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0), as: UTF8.self) else {
                return (policy, [Diagnostic(.error, file: file.name, line: 1, column: "1", .invalidUTF8)])
            }
            var seen: [String: Int] = [:]
            for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let lineNumber = index + 1
                switch parseLine(rawLine) {
                case .blank: continue
                case .failure(let column, let why, let value):
                    diagnostics.append(Diagnostic(.error, file: file.name, line: lineNumber, column: column, .policySyntax(why), value: value))
                case .entry(let key, let valueText, let value):
                    if let first = seen[key] {
                        diagnostics.append(Diagnostic(.error, file: file.name, line: lineNumber, column: key, .duplicatePolicyKey(firstLine: first), value: valueText))
                        continue
                    }
                    seen[key] = lineNumber
                    guard let policyKey = PolicyKey(rawValue: key) else {
                        diagnostics.append(Diagnostic(.warning, file: file.name, line: lineNumber, column: key, .unknownPolicyKey, value: valueText))
                        continue
                    }
                    setAt[policyKey] = (file.name, lineNumber)
                    if let problem = policyKey.apply(value, to: &policy) {
                        diagnostics.append(Diagnostic(.error, file: file.name, line: lineNumber, column: key, problem, value: valueText))
                    }
                }
            }
        }

        for (index, o) in overrides.enumerated() {
            let where_ = "--set"
            guard let key = PolicyKey(rawValue: o.key.replacingDashes()) else {
                diagnostics.append(Diagnostic(.error, file: where_, line: index + 1, column: o.key, .unknownPolicyKey.asFlagError, value: o.value))
                continue
            }
            setAt[key] = (where_, index + 1)
            if let problem = key.apply(key.parseFlag(o.value), to: &policy) {
                diagnostics.append(Diagnostic(.error, file: where_, line: index + 1, column: o.key, problem, value: o.value))
            }
        }

        /// A problem between keys, located where the first of `keys` that was set was set.
        func located(_ severity: Diagnostic.Severity, _ keys: [PolicyKey], _ problem: InputProblem, value: String? = nil) {
            let at = keys.lazy.compactMap { setAt[$0] }.first ?? (fileName, 1)
            diagnostics.append(Diagnostic(severity, file: at.file, line: at.line, column: keys[0].rawValue, problem, value: value))
        }
        if policy.teamMin > policy.teamMax {
            located(.error, [.team_max, .team_min], .invalidPolicyValue("team_max \(policy.teamMax) is less than team_min \(policy.teamMin)"))
        }
        if policy.teamMinDistinctStages > policy.teamMax {
            located(.error, [.team_min_distinct_stages], .invalidPolicyValue("a team of at most \(policy.teamMax) cannot have \(policy.teamMinDistinctStages) distinct stages"))
        }
        if let gap = policy.maxStageGap, gap < policy.stageGap {
            located(.error, [.max_stage_gap, .stage_gap], .invalidPolicyValue("max_stage_gap \(gap) is less than stage_gap \(policy.stageGap)"))
        }
        if let ideal = policy.teamIdeal, !(policy.teamMin...max(policy.teamMin, policy.teamMax)).contains(ideal) {
            located(.error, [.team_ideal], .invalidPolicyValue("team_ideal \(ideal) is outside team_min..team_max (\(policy.teamMin)..\(policy.teamMax))"))
        }
        if policy.podMin > policy.podMax {
            located(.error, [.pod_max, .pod_min], .invalidPolicyValue("pod_max \(policy.podMax) is less than pod_min \(policy.podMin)"))
        }
        let uncovered = WorkshopTracks.uncovered(policy.workshopTracks)
        if !uncovered.isEmpty {
            located(.warning, [.workshop_tracks], .stagesWithoutTrack(uncovered), value: WorkshopTracks.text(policy.workshopTracks))
        }
        return (policy, diagnostics)
    }

    enum Line {
        case blank
        case entry(key: String, valueText: String, value: PolicyKey.Value)
        case failure(column: String, why: String, value: String?)
    }

    static func parseLine(_ raw: Substring) -> Line {
        var line = raw
        if line.last == "\r" { line.removeLast() }
        let body = stripComment(line).trimmingSpaces()
        if body.isEmpty { return .blank }
        if body.first == "[" {
            return .failure(column: "1", why: "tables are not used in a policy file: write each key at the top level", value: String(body))
        }
        guard let eq = body.firstIndex(of: "=") else {
            return .failure(column: "1", why: "expected key = value", value: String(body))
        }
        var key = String(body[..<eq].trimmingSpaces())
        if key.count >= 2, key.first == "\"", key.last == "\"" { key = String(key.dropFirst().dropLast()) }
        let valueText = String(body[body.index(after: eq)...].trimmingSpaces())
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            return .failure(column: "1", why: "invalid key", value: key)
        }
        guard let value = parseValue(valueText) else {
            return .failure(column: key, why: "unreadable value: use a number, true/false, \"text\", a date YYYY-MM-DD or an array [\"a\", \"b\"]", value: valueText)
        }
        return .entry(key: key, valueText: valueText, value: value)
    }

    static func stripComment(_ s: Substring) -> Substring {
        var quote: Character? = nil
        var escaped = false
        for i in s.indices {
            let c = s[i]
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" && q == "\"" { escaped = true } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                return s[..<i]
            }
        }
        return s
    }

    static func parseValue(_ t: String) -> PolicyKey.Value? {
        if t.first == "[" {
            guard t.last == "]" else { return nil }
            return arrayItems(t.dropFirst().dropLast()).flatMap { items in
                var values: [PolicyKey.Value] = []
                for item in items {
                    // One level: arrays of numbers, booleans, texts or dates.
                    guard item.first != "[", let value = parseValue(item) else { return nil }
                    values.append(value)
                }
                return .array(values)
            }
        }
        if t == "true" { return .boolean(true) }
        if t == "false" { return .boolean(false) }
        if t.count >= 2, t.first == "'", t.last == "'" { return .string(String(t.dropFirst().dropLast())) }
        if t.count >= 2, t.first == "\"", t.last == "\"" {
            var out = ""
            var it = t.dropFirst().dropLast().makeIterator()
            while let c = it.next() {
                if c == "\"" { return nil }
                guard c == "\\" else { out.append(c); continue }
                switch it.next() {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: return nil
                }
            }
            return .string(out)
        }
        if let d = CalendarDate(parsing: t) { return .date(d) }
        let digits = t.replacingOccurrences(of: "_", with: "")
        if let n = Int(digits) { return .integer(n) }
        if digits.contains("."), let x = Double(digits), x.isFinite { return .float(x) }
        return nil
    }
}

extension PolicyReader {
    /// The items of an array's inside (`"a", "b",`), split at commas outside
    /// quotes, trimmed; a trailing comma is allowed. Nil when an item is empty.
    static func arrayItems(_ inside: Substring) -> [String]? {
        var items: [String] = []
        var current = ""
        var quote: Character? = nil
        var escaped = false
        for c in inside {
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" && q == "\"" { escaped = true } else if c == q { quote = nil }
                current.append(c)
            } else if c == "\"" || c == "'" {
                quote = c
                current.append(c)
            } else if c == "," {
                items.append(String(current.trimmingSpaces()))
                current = ""
            } else {
                current.append(c)
            }
        }
        guard quote == nil else { return nil }
        let last = String(current.trimmingSpaces())
        if !last.isEmpty { items.append(last) }
        return items.contains(where: \.isEmpty) ? nil : items
    }
}

extension String {
    func replacingDashes() -> String { String(map { $0 == "-" ? "_" : $0 }) }

    func replacingOccurrences(of target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}

extension InputProblem {
    /// An unknown key on the command line is an error (a typo there is never intended).
    var asFlagError: InputProblem { self == .unknownPolicyKey ? .invalidPolicyValue("unknown policy key") : self }
}
