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
    /// First Monday of the quarter; offsets of time zones are taken at this date.
    public var quarterStart: CalendarDate
    /// Whether `quarterStart` was given (false: the Monday after the run date).
    public var quarterStartGiven = false
    public var defaultTimezone = "UTC"
    /// The clock the schedule keeps: "auto" (the one costing the roster fewest
    /// slots, `WeekModel.chooseClock`), "UTC", or a zone name whose local time it keeps.
    public var scheduleClock = "auto"
    /// ORGANIZER of every calendar event ("": `Policy.noreplyOrganizer`).
    public var organizerEmail = ""
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
}

/// A policy key, with its type and range.
public enum PolicyKey: String, Sendable, CaseIterable {
    case stage_gap, max_mentees, require_shared_interest, checkin_minutes, standup_minutes
    case workshop_minutes, workshop_sessions, team_min, team_max, team_min_distinct_stages
    case team_senior_stage, buddy_stage_gap, buddy_minutes, max_buddies, max_backups
    case demo_days, teams_per_demo, quarter_start, default_timezone, schedule_clock, organizer_email, time_limit_seconds, seed

    /// A value as read from a file or a flag.
    public enum Value: Sendable, Hashable {
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        case string(String)
        case date(CalendarDate)
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
        case .demo_days: 0...12
        case .teams_per_demo: 1...100
        case .seed: 0...Int.max
        default: nil
        }
    }

    /// Applies `value` to `policy`, or says what is wrong with it.
    public func apply(_ value: Value, to policy: inout Policy) -> InputProblem? {
        if let range = integerRange {
            guard case .integer(let n) = value else { return .policyType(expected: "a whole number") }
            guard range.contains(n) else {
                return .outOfRange(range.upperBound == Int.max ? "at least \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)")
            }
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
            switch value {
            case .date(let d): policy.quarterStart = d
            case .string(let s):
                guard let d = CalendarDate(parsing: s) else { return .policyType(expected: "a date YYYY-MM-DD") }
                policy.quarterStart = d
            default: return .policyType(expected: "a date YYYY-MM-DD")
            }
            policy.quarterStartGiven = true
        case .default_timezone:
            guard case .string(let s) = value else { return .policyType(expected: "a time zone name in quotes") }
            guard TimeZoneTable.isKnown(s) else { return .unknownTimeZone }
            policy.defaultTimezone = s
        case .schedule_clock:
            guard case .string(let s) = value else { return .policyType(expected: "\"auto\", \"UTC\" or a time zone name in quotes") }
            guard s == "auto" || TimeZoneTable.isKnown(s) else { return .unknownTimeZone }
            policy.scheduleClock = s
        case .organizer_email:
            guard case .string(let s) = value else { return .policyType(expected: "an e-mail address in quotes") }
            guard s.isEmpty || ScheduleText.isPlainEmail(s) else { return .policyType(expected: "a plain e-mail address such as events@example.org") }
            policy.organizerEmail = s
        case .time_limit_seconds:
            let seconds: Double
            switch value {
            case .integer(let n): seconds = Double(n)
            case .float(let x): seconds = x
            default: return .policyType(expected: "a number of seconds")
            }
            guard seconds > 0, seconds.isFinite else { return .outOfRange("more than 0") }
            policy.timeLimitSeconds = seconds
        default: break
        }
        return nil
    }

    /// Parses a flag value (`--set key=value`): numbers, booleans, dates or bare text.
    public func parseFlag(_ text: String) -> Value {
        let t = String(text.trimmingSpaces())
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
        case .quarter_start: p.quarterStart.description
        case .default_timezone: "\"" + p.defaultTimezone + "\""
        case .schedule_clock: "\"" + p.scheduleClock + "\""
        case .organizer_email: "\"" + p.organizerEmail + "\""
        case .time_limit_seconds: p.timeLimitSeconds.map { String($0) }
        case .seed: String(p.seed)
        }
    }
}
