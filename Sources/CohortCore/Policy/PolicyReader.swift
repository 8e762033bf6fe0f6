/// Reads the policy file: the flat subset of TOML that a policy needs
/// (`key = value` lines; integers, floats, booleans, strings, dates, one-line
/// arrays of those; `#` comments). Tables are reported as errors, unknown keys
/// as warnings. See docs/input.md.
public enum PolicyReader {
    /// A policy value set on the command line (`--set key=value` or a dedicated flag).
    public struct Override: Sendable {
        public var key: String
        public var value: String
        /// The dedicated flag that set it (`--time-limit`); nil for `--set`.
        public var flag: String?
        public init(key: String, value: String, flag: String? = nil) {
            self.key = key
            self.value = value
            self.flag = flag
        }
    }

    /// Where a key was set: a line of the policy file, the N-th `--set` (file
    /// `--set`), or a dedicated flag (`--time-limit`).
    public struct Origin: Sendable, Hashable {
        public var file: String
        public var line: Int
        /// The flag, when a dedicated flag set the key.
        public var flag: String?

        public init(file: String, line: Int, flag: String? = nil) {
            self.file = file
            self.line = line
            self.flag = flag
        }

        /// A problem with `key` located here.
        public func diagnostic(_ severity: Diagnostic.Severity, _ key: String, _ problem: InputProblem, value: String? = nil) -> Diagnostic {
            if let flag { return Diagnostic(severity, flag: flag, problem, value: value) }
            return Diagnostic(severity, file: file, line: line, column: .key(key), problem, value: value)
        }
    }

    /// The policy in force: defaults, then the file, then the overrides.
    public static func read(file: InputFile?, overrides: [Override], runDate: CalendarDate) -> (policy: Policy, diagnostics: [Diagnostic]) {
        let result = readWithOrigins(file: file, overrides: overrides, runDate: runDate)
        return (result.policy, result.diagnostics)
    }

    /// `read`, and where each key that was set was last set (for checks
    /// against the roster, located at the key).
    public static func readWithOrigins(file: InputFile?, overrides: [Override], runDate: CalendarDate)
        -> (policy: Policy, diagnostics: [Diagnostic], origins: [PolicyKey: Origin])
    {
        var policy = Policy(runDate: runDate)
        var diagnostics: [Diagnostic] = []
        // Where each key was last set: the file's line, or the flag's position.
        var setAt: [PolicyKey: Origin] = [:]
        var fileName = "policy"

        if let file {
            fileName = file.name
            guard let text = String(validating: file.bytes.dropFirst(file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0), as: UTF8.self) else {
                return (policy, [Diagnostic(.error, file: file.name, line: 1, column: .field(1), .invalidUTF8)], [:])
            }
            var seen: [String: Int] = [:]
            for (lineNumber, logicalLine) in logicalLines(text) {
                switch parseLine(logicalLine) {
                case .blank: continue
                case .failure(let column, let why, let value):
                    diagnostics.append(Diagnostic(.error, file: file.name, line: lineNumber, column: column, .policySyntax(why), value: value))
                case .entry(let key, let valueText, let value):
                    if let first = seen[key] {
                        diagnostics.append(Diagnostic(.error, file: file.name, line: lineNumber, column: .key(key), .duplicatePolicyKey(firstLine: first), value: valueText))
                        continue
                    }
                    seen[key] = lineNumber
                    guard let policyKey = PolicyKey(rawValue: key) else {
                        diagnostics.append(Diagnostic(.warning, file: file.name, line: lineNumber, column: .key(key), .unknownPolicyKey(didYouMean: PolicyKey.suggestion(for: key)), value: valueText))
                        continue
                    }
                    setAt[policyKey] = Origin(file: file.name, line: lineNumber)
                    if let problem = policyKey.apply(value, to: &policy) {
                        diagnostics.append(Diagnostic(.error, file: file.name, line: lineNumber, column: .key(key), problem, value: valueText))
                    }
                }
            }
        }

        var setCount = 0
        for o in overrides {
            // `--set KEY=VALUE` is located as the N-th --set; a dedicated flag by its name.
            let origin: Origin
            if let flag = o.flag {
                origin = Origin(file: flag, line: 0, flag: flag)
            } else {
                setCount += 1
                origin = Origin(file: "--set", line: setCount)
            }
            guard let key = PolicyKey(rawValue: o.key.replacingDashes()) else {
                diagnostics.append(Diagnostic(.error, file: origin.file, line: origin.line, column: .key(o.key),
                    .invalidPolicyValue("unknown policy key" + (PolicyKey.suggestion(for: o.key).map { "; did you mean \($0)?" } ?? "")), value: o.value))
                continue
            }
            setAt[key] = origin
            if let problem = key.apply(key.parseFlag(o.value), to: &policy) {
                diagnostics.append(origin.diagnostic(.error, o.key, problem, value: o.value))
            }
        }

        /// A problem between keys, located where the first of `keys` that was set was set.
        func located(_ severity: Diagnostic.Severity, _ keys: [PolicyKey], _ problem: InputProblem, value: String? = nil) {
            let at = keys.lazy.compactMap { setAt[$0] }.first ?? Origin(file: fileName, line: 1)
            diagnostics.append(at.diagnostic(severity, keys[0].rawValue, problem, value: value))
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
        return (policy, diagnostics, setAt)
    }

    enum Line {
        case blank
        case entry(key: String, valueText: String, value: PolicyKey.Value)
        case failure(column: Diagnostic.Column, why: String, value: String?)
    }

    /// The file's lines — ends LF, CRLF or CR, mixed too — without their
    /// comments, numbered from 1. An array that is not closed on its line goes
    /// on over the next lines (TOML allows that) and counts as one line, the first.
    static func logicalLines(_ text: String) -> [(line: Int, text: Substring)] {
        var physical: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex, i = start
        while i != scalars.endIndex {
            let c = scalars[i]
            if c == "\n" || c == "\r" {
                physical.append(text[start..<i])
                i = scalars.index(after: i)
                if c == "\r", i != scalars.endIndex, scalars[i] == "\n" { i = scalars.index(after: i) }
                start = i
            } else {
                i = scalars.index(after: i)
            }
        }
        physical.append(text[start...])

        var result: [(line: Int, text: Substring)] = []
        var open: (line: Int, text: String, depth: Int)?
        for (index, raw) in physical.enumerated() {
            let body = stripComment(raw)
            if var array = open {
                array.text += " " + body
                array.depth += bracketDepth(body)
                if array.depth <= 0 {
                    result.append((array.line, Substring(array.text)))
                    open = nil
                } else {
                    open = array
                }
                continue
            }
            // `key = [` with the array left open.
            if let eq = body.firstIndex(of: "="), body[body.index(after: eq)...].trimmingSpaces().first == "[" {
                let depth = bracketDepth(body[body.index(after: eq)...])
                if depth > 0 {
                    open = (index + 1, String(body), depth)
                    continue
                }
            }
            result.append((index + 1, body))
        }
        if let array = open { result.append((array.line, Substring(array.text))) }
        return result
    }

    /// `[` minus `]` outside quoted strings.
    static func bracketDepth(_ s: Substring) -> Int {
        var depth = 0
        var quote: Character? = nil
        var escaped = false
        for c in s {
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" && q == "\"" { escaped = true } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "[" {
                depth += 1
            } else if c == "]" {
                depth -= 1
            }
        }
        return depth
    }

    static func parseLine(_ raw: Substring) -> Line {
        let body = stripComment(raw).trimmingSpaces()
        if body.isEmpty { return .blank }
        if body.first == "[" {
            return .failure(column: .field(1), why: "tables are not used in a policy file: write each key at the top level", value: String(body))
        }
        guard let eq = body.firstIndex(of: "=") else {
            return .failure(column: .field(1), why: "expected key = value", value: String(body))
        }
        var key = String(body[..<eq].trimmingSpaces())
        if key.count >= 2, key.first == "\"", key.last == "\"" { key = String(key.dropFirst().dropLast()) }
        let valueText = String(body[body.index(after: eq)...].trimmingSpaces())
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            return .failure(column: .field(1), why: "invalid key", value: key)
        }
        if valueText.first == "[", bracketDepth(valueText[...]) > 0 {
            return .failure(column: .key(key), why: "the array is not closed: a ] is missing", value: valueText)
        }
        guard let value = parseValue(valueText) else {
            return .failure(column: .key(key), why: "unreadable value: use a number, true/false, \"text\", a date YYYY-MM-DD or an array [\"a\", \"b\"]", value: valueText)
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
        return number(t)
    }

    /// A TOML number: an integer (`_` between digits, `0x`/`0o`/`0b`
    /// prefixes) or a float (`1.5`, `1e-3`, `6.02E23`, `inf`, `nan`). An
    /// integer too large for 64 bits reads as a float, so a key's range
    /// reports it as out of range.
    static func number(_ t: String) -> PolicyKey.Value? {
        switch t {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let prefixes: [(String, Int)] = [("0x", 16), ("0o", 8), ("0b", 2)]
        for (prefix, radix) in prefixes where t.hasPrefix(prefix) {
            let digits = String(t.dropFirst(2)).replacingOccurrences(of: "_", with: "")
            guard !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit && Int(String($0), radix: 16)! < radix }) else { return nil }
            return Int(digits, radix: radix).map { .integer($0) } ?? .float(.infinity)
        }
        guard !t.contains("__"), t.last != "_", t.first != "_" else { return nil }
        let plain = t.replacingOccurrences(of: "_", with: "")
        let unsigned = plain.first == "+" || plain.first == "-" ? plain.dropFirst() : plain[...]
        guard let first = unsigned.first, first.isASCIIDigit else { return nil }
        if unsigned.allSatisfy(\.isASCIIDigit) {
            return Int(plain).map { .integer($0) } ?? Double(plain).map { .float($0) }
        }
        // A float: digits, an optional fraction, an optional exponent.
        guard unsigned.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-" }),
            let x = Double(plain)
        else { return nil }
        return .float(x)
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

extension PolicyKey {
    /// The key a mistyped one probably meant (`stagegap`, `Stage-Gap` → `stage_gap`).
    public static func suggestion(for typed: String) -> String? {
        Suggestion.closest(to: typed, among: allCases.map(\.rawValue))
    }
}
