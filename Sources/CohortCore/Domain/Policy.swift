/// The rules and knobs of one batch (SPEC §2 policy). Every value has the
/// default the spec names; a policy file and command-line flags override them.
public struct Policy: Sendable, Hashable {
    public var stageGap = 2
    public var maxMentees = 2
    public var requireSharedInterest = true
    public var checkinMinutes = 30
    public var standupMinutes = 30
    public var workshopMinutes = 90
    public var workshopSessions = 1
    public var teamMin = 3
    public var teamMax = 5
    public var teamMinDistinctStages = 2
    public var teamSeniorStage = 3
    public var buddyStageGap = 1
    public var buddyMinutes = 15
    public var maxBuddies = 1
    public var maxBackups = 2
    public var demoDays = 3
    public var teamsPerDemo = 3
    /// The most stages a mentor (or backup mentor) may be ahead of the mentee;
    /// nil: no maximum. Buddies keep `buddyStageGap` only.
    public var maxStageGap: Int?
    /// How a mentor's `group` must relate to the mentee's.
    public var mentorGroup = MentorGroupRule.any
    /// Whether a team may mix members of different groups.
    public var teamGroup = TeamGroupRule.any
    /// A preferred team size inside `teamMin...teamMax` (nil: none).
    public var teamIdeal: Int?
    /// `balance` values that should never be alone in a team, as written
    /// (trimmed; compared case-insensitively, like the column).
    public var teamNoIsolated: [String] = []
    public var podMin = 5
    public var podMax = 7
    public var podMinutes = 60
    /// Stage bands with a workshop track each, ascending and disjoint; empty:
    /// one cohort-wide workshop.
    public var workshopTracks: [ClosedRange<Int>] = []
    public var kickoffMinutes = 60
    public var mentorCircleMinutes = 60
    /// ORGANIZER of calendar events; empty: `Policy.noreplyOrganizer`.
    public var organizerEmail = ""
    /// The first day of the quarter (week 1 starts on it, 00:00 in each member's zone).
    public var quarterStart: CalendarDate
    /// Whether `quarterStart` was given (false: the Monday after the run date).
    public var quarterStartGiven = false
    public var defaultTimezone = "UTC"
    /// The clock the schedule keeps: "auto" (the one costing the roster fewest
    /// slots, `WeekModel.chooseClock`), "UTC", or a zone name whose local time it keeps.
    public var scheduleClock = "auto"
    public var timeLimitSeconds: Double?
    public var seed: UInt64 = 0

    /// The ORGANIZER of calendar events when `organizer_email` is not set: an
    /// address under the reserved `.invalid` domain (RFC 2606), so no reply can go anywhere.
    public static let noreplyOrganizer = "noreply@cohort.invalid"

    /// The defaults, with `quarter_start` the Monday after `runDate`.
    public init(runDate: CalendarDate) {
        quarterStart = runDate.nextMonday
    }

    /// Every key with its value as TOML text, in a fixed order (summary.json, reports).
    public var entries: [(key: String, value: String)] {
        PolicyKey.allCases.compactMap { key in key.render(self).map { (key.rawValue, $0) } }
    }

    /// The workshop track (index into `workshopTracks`) of a member at `stage`;
    /// nil when there are no tracks or the stage is in none.
    public func workshopTrack(of stage: Stage) -> Int? {
        workshopTracks.firstIndex { $0.contains(stage.rawValue) }
    }
}

/// `mentor_group`: how a mentor's `group` relates to the mentee's. Binds only
/// when both members have a group (docs/input.md).
public enum MentorGroupRule: String, Sendable, Hashable, CaseIterable {
    /// Any group (the default).
    case any
    /// Never a mentor of the mentee's own group.
    case different
    /// Only mentors of the mentee's group.
    case same
}

/// `team_group`: whether a team may mix groups.
public enum TeamGroupRule: String, Sendable, Hashable, CaseIterable {
    /// Teams mix groups freely (the default).
    case any
    /// A team never mixes two groups (members without a group join any team).
    case same
}

/// A policy key, with its type and range.
public enum PolicyKey: String, Sendable, CaseIterable {
    case stage_gap, max_mentees, require_shared_interest, checkin_minutes, standup_minutes
    case workshop_minutes, workshop_sessions, team_min, team_max, team_min_distinct_stages
    case team_senior_stage, buddy_stage_gap, buddy_minutes, max_buddies, max_backups
    case demo_days, teams_per_demo
    case max_stage_gap, mentor_group, team_group, team_ideal, team_no_isolated, pod_min, pod_max, pod_minutes
    case workshop_tracks, kickoff_minutes, mentor_circle_minutes, organizer_email
    case quarter_start, default_timezone, schedule_clock, time_limit_seconds, seed

    /// A value as read from a file or a flag.
    public enum Value: Sendable, Hashable {
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        case string(String)
        case date(CalendarDate)
        /// A TOML array (`["a", "b"]`).
        case array([Value])
    }

    private var integerRange: ClosedRange<Int>? {
        switch self {
        case .stage_gap: 1...4
        case .max_mentees: 0...20
        case .checkin_minutes, .standup_minutes, .workshop_minutes, .buddy_minutes: 15...720
        case .workshop_sessions: 0...10
        case .team_min: 2...50
        case .team_max: 2...50
        case .team_min_distinct_stages: 1...5
        case .team_senior_stage: 1...5
        case .buddy_stage_gap: 0...4
        case .max_buddies, .max_backups: 0...20
        case .demo_days: 0...Week.perQuarter
        case .teams_per_demo: 1...100
        case .pod_min, .pod_max: 2...50
        case .pod_minutes, .kickoff_minutes, .mentor_circle_minutes: 15...720
        case .seed: 0...Int.max
        default: nil
        }
    }

    /// Time limits: finite, from a tenth of a second to a week (SPEC §3: no run is unbounded,
    /// and none is cut so short that nothing can be found).
    public static let timeLimitRange = 0.1...604_800.0
    /// Quarters cohort plans: time-zone rules before 1970 are local mean time, after 2100 unknown.
    public static let quarterStartRange = CalendarDate(year: 1970, month: 1, day: 1)!...CalendarDate(year: 2100, month: 12, day: 31)!

    /// Applies `value` to `policy`, or says what is wrong with it.
    public func apply(_ value: Value, to policy: inout Policy) -> InputProblem? {
        if let range = integerRange {
            let outOfRange = InputProblem.outOfRange("\(range.lowerBound) to \(range.upperBound)")
            let n: Int
            switch value {
            case .integer(let k): n = k
            // A whole number too large for an integer (`1e30`, 20 digits) is out of range, not of the wrong type.
            case .float(let x) where x == x.rounded() && !(Double(Int.min)..<Double(Int.max)).contains(x): return outOfRange
            default: return .policyType(expected: "a whole number")
            }
            guard range.contains(n) else { return outOfRange }
            switch self {
            case .stage_gap: policy.stageGap = n
            case .max_mentees: policy.maxMentees = n
            case .checkin_minutes: policy.checkinMinutes = n
            case .standup_minutes: policy.standupMinutes = n
            case .workshop_minutes: policy.workshopMinutes = n
            case .workshop_sessions: policy.workshopSessions = n
            case .team_min: policy.teamMin = n
            case .team_max: policy.teamMax = n
            case .team_min_distinct_stages: policy.teamMinDistinctStages = n
            case .team_senior_stage: policy.teamSeniorStage = n
            case .buddy_stage_gap: policy.buddyStageGap = n
            case .buddy_minutes: policy.buddyMinutes = n
            case .max_buddies: policy.maxBuddies = n
            case .max_backups: policy.maxBackups = n
            case .demo_days: policy.demoDays = n
            case .teams_per_demo: policy.teamsPerDemo = n
            case .pod_min: policy.podMin = n
            case .pod_max: policy.podMax = n
            case .pod_minutes: policy.podMinutes = n
            case .kickoff_minutes: policy.kickoffMinutes = n
            case .mentor_circle_minutes: policy.mentorCircleMinutes = n
            case .seed: policy.seed = UInt64(n)
            default: break
            }
            return nil
        }
        switch self {
        case .require_shared_interest:
            guard case .boolean(let b) = value else { return .policyType(expected: "true or false") }
            policy.requireSharedInterest = b
        case .quarter_start:
            let date: CalendarDate
            switch value {
            case .date(let d): date = d
            case .string(let s):
                guard let d = CalendarDate(parsing: s) else { return .policyType(expected: "a date YYYY-MM-DD") }
                date = d
            default: return .policyType(expected: "a date YYYY-MM-DD")
            }
            let range = Self.quarterStartRange
            guard range.contains(date) else { return .outOfRange("\(range.lowerBound) to \(range.upperBound)") }
            policy.quarterStart = date
            policy.quarterStartGiven = true
        case .default_timezone:
            guard case .string(let s) = value else { return .policyType(expected: "a time zone name in quotes") }
            guard TimeZoneTable.isKnown(s) else { return .unknownTimeZone }
            policy.defaultTimezone = s
        case .schedule_clock:
            guard case .string(let s) = value else { return .policyType(expected: "\"auto\", \"UTC\" or a time zone name in quotes") }
            guard s == "auto" || TimeZoneTable.isKnown(s) else { return .unknownTimeZone }
            policy.scheduleClock = s
        case .time_limit_seconds:
            let seconds: Double
            switch value {
            case .integer(let n): seconds = Double(n)
            case .float(let x): seconds = x
            default: return .policyType(expected: "a number of seconds")
            }
            guard Self.timeLimitRange.contains(seconds) else { return .outOfRange("0.1 to 604800 seconds (one week)") }
            policy.timeLimitSeconds = seconds
        case .max_stage_gap:
            switch Self.wholeNumberOrNone(value, in: 1...4) {
            case .success(let n): policy.maxStageGap = n
            case .failure(let problem): return problem
            }
        case .team_ideal:
            switch Self.wholeNumberOrNone(value, in: 2...50) {
            case .success(let n): policy.teamIdeal = n
            case .failure(let problem): return problem
            }
        case .mentor_group:
            guard let rule = Self.word(value).flatMap(MentorGroupRule.init(rawValue:)) else { return .policyType(expected: "\"any\", \"different\" or \"same\"") }
            policy.mentorGroup = rule
        case .team_group:
            guard let rule = Self.word(value).flatMap(TeamGroupRule.init(rawValue:)) else { return .policyType(expected: "\"any\" or \"same\"") }
            policy.teamGroup = rule
        case .team_no_isolated:
            switch Self.textList(value) {
            case .failure(let problem): return problem
            case .success(let items):
                var values: [String] = []
                for item in items where !values.contains(where: { $0.lowercased() == item.lowercased() }) { values.append(item) }
                policy.teamNoIsolated = values
            }
        case .workshop_tracks:
            let items: [String]
            if case .integer(let n) = value {
                items = [String(n)]  // one band of one stage: workshop_tracks = 3
            } else {
                switch Self.textList(value) {
                case .failure(let problem): return problem
                case .success(let list): items = list
                }
            }
            switch WorkshopTracks.parse(items) {
            case .success(let bands): policy.workshopTracks = bands
            case .failure(let problem): return problem
            }
        case .organizer_email:
            guard case .string(let text) = value else { return .policyType(expected: "an e-mail address in quotes") }
            let s = String(text.trimmingSpaces())
            guard s.isEmpty || Self.isEmailAddress(s) else { return .invalidPolicyValue("expected an e-mail address such as organizer@example.org") }
            policy.organizerEmail = s
        default: break
        }
        return nil
    }

    /// A whole number in `range`, or the text `none` (nil).
    private static func wholeNumberOrNone(_ value: Value, in range: ClosedRange<Int>) -> Checked<Int?> {
        switch value {
        case .integer(let n):
            return range.contains(n) ? .success(n) : .failure(.outOfRange("\(range.lowerBound) to \(range.upperBound), or \"none\""))
        case .string(let s) where s.trimmingSpaces().lowercasedFast() == "none":
            return .success(nil)
        default:
            return .failure(.policyType(expected: "a whole number or \"none\""))
        }
    }

    /// A text value trimmed and lower-cased (keywords such as `any`).
    private static func word(_ value: Value) -> String? {
        guard case .string(let s) = value else { return nil }
        return s.trimmingSpaces().lowercasedFast()
    }

    /// The items of a `;`-separated text or of an array of texts, trimmed, blanks dropped.
    private static func textList(_ value: Value) -> Checked<[String]> {
        let expected = InputProblem.policyType(expected: "a text with ';'-separated values, or an array of texts")
        switch value {
        case .string(let s):
            return .success(s.split(separator: ";").map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty })
        case .array(let elements):
            var items: [String] = []
            for element in elements {
                guard case .string(let s) = element else { return .failure(expected) }
                let item = s.trimmingSpaces()
                if item.contains(";") { return .failure(.invalidPolicyValue("an array item cannot contain ';' (write one value per item)")) }
                if !item.isEmpty { items.append(String(item)) }
            }
            return .success(items)
        default:
            return .failure(expected)
        }
    }

    /// A plain address `local@domain`: one `@`, both sides non-empty, no
    /// spaces, control characters or the separators of a mail header.
    static func isEmailAddress(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return s.unicodeScalars.allSatisfy { c in
            c.value > 0x20 && c.value != 0x7F && !"<>()[],;:\\\"".unicodeScalars.contains(c)
        }
    }

    /// Parses a flag value (`--set key=value`): numbers, booleans, dates or bare text.
    public func parseFlag(_ text: String) -> Value {
        let t = String(text.trimmingSpaces())
        switch self {
        case .mentor_group, .team_group, .team_no_isolated, .workshop_tracks, .organizer_email, .default_timezone, .schedule_clock: return .string(t)
        default: break
        }
        if let n = Int(t) { return .integer(n) }
        if let x = Double(t) { return .float(x) }
        switch t.lowercased() {
        case "true", "yes": return .boolean(true)
        case "false", "no": return .boolean(false)
        default: break
        }
        if let d = CalendarDate(parsing: t) { return .date(d) }
        return .string(t)
    }

    func render(_ p: Policy) -> String? {
        switch self {
        case .stage_gap: String(p.stageGap)
        case .max_mentees: String(p.maxMentees)
        case .require_shared_interest: String(p.requireSharedInterest)
        case .checkin_minutes: String(p.checkinMinutes)
        case .standup_minutes: String(p.standupMinutes)
        case .workshop_minutes: String(p.workshopMinutes)
        case .workshop_sessions: String(p.workshopSessions)
        case .team_min: String(p.teamMin)
        case .team_max: String(p.teamMax)
        case .team_min_distinct_stages: String(p.teamMinDistinctStages)
        case .team_senior_stage: String(p.teamSeniorStage)
        case .buddy_stage_gap: String(p.buddyStageGap)
        case .buddy_minutes: String(p.buddyMinutes)
        case .max_buddies: String(p.maxBuddies)
        case .max_backups: String(p.maxBackups)
        case .demo_days: String(p.demoDays)
        case .teams_per_demo: String(p.teamsPerDemo)
        case .max_stage_gap: p.maxStageGap.map { String($0) } ?? "\"none\""
        case .mentor_group: "\"" + p.mentorGroup.rawValue + "\""
        case .team_group: "\"" + p.teamGroup.rawValue + "\""
        case .team_ideal: p.teamIdeal.map { String($0) } ?? "\"none\""
        case .team_no_isolated: "\"" + p.teamNoIsolated.joined(separator: ";") + "\""
        case .pod_min: String(p.podMin)
        case .pod_max: String(p.podMax)
        case .pod_minutes: String(p.podMinutes)
        case .workshop_tracks: "\"" + WorkshopTracks.text(p.workshopTracks) + "\""
        case .kickoff_minutes: String(p.kickoffMinutes)
        case .mentor_circle_minutes: String(p.mentorCircleMinutes)
        case .organizer_email: "\"" + p.organizerEmail + "\""
        case .quarter_start: p.quarterStart.description
        case .default_timezone: "\"" + p.defaultTimezone + "\""
        case .schedule_clock: "\"" + p.scheduleClock + "\""
        case .time_limit_seconds: p.timeLimitSeconds.map { String($0) }
        case .seed: String(p.seed)
        }
    }
}

/// A policy value read, or what is wrong with it.
public enum Checked<Value> {
    case success(Value)
    case failure(InputProblem)
}

/// `workshop_tracks`: stage bands such as `1-2;3-5`, each its own workshop.
public enum WorkshopTracks {
    /// The bands of `items` (`A-B` or one stage `A`; stages as numbers or
    /// names), ascending; each within 1–5, low ≤ high, no two overlapping.
    public static func parse(_ items: [String]) -> Checked<[ClosedRange<Int>]> {
        var bands: [ClosedRange<Int>] = []
        for item in items {
            let ends = item.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
            guard (1...2).contains(ends.count), let low = Stage(parsing: ends[0]), let high = Stage(parsing: ends[ends.count - 1]) else {
                return .failure(.invalidPolicyValue("'\(item)' is not a stage band: write bands such as \"1-2;3-5\" (stages 1 to 5)"))
            }
            guard low.rawValue <= high.rawValue else {
                return .failure(.invalidPolicyValue("band '\(item)' runs backwards: write the lower stage first"))
            }
            let band = low.rawValue...high.rawValue
            if let other = bands.first(where: { $0.overlaps(band) }) {
                return .failure(.invalidPolicyValue("bands '\(text([other]))' and '\(item)' overlap: each stage belongs to one track"))
            }
            bands.append(band)
        }
        return .success(bands.sorted { $0.lowerBound < $1.lowerBound })
    }

    /// The bands as `1-2;3-5` (a one-stage band as `3`).
    public static func text(_ bands: [ClosedRange<Int>]) -> String {
        bands.map { $0.lowerBound == $0.upperBound ? String($0.lowerBound) : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ";")
    }

    /// Stages 1–5 in no band (empty when there are no bands: one workshop for all).
    public static func uncovered(_ bands: [ClosedRange<Int>]) -> [Int] {
        bands.isEmpty ? [] : (1...5).filter { s in !bands.contains { $0.contains(s) } }
    }
}
