/// A member's stage in the community model (SPEC §1): five steps from first
/// exploration to leading others.
public enum Stage: Int, Sendable, Comparable, CaseIterable, Codable {
    case exploration = 1
    case foundation = 2
    case application = 3
    case mentorship = 4
    case leadership = 5

    /// The lower-case name used in rosters and reports.
    public var name: String {
        switch self {
        case .exploration: "exploration"
        case .foundation: "foundation"
        case .application: "application"
        case .mentorship: "mentorship"
        case .leadership: "leadership"
        }
    }

    /// Parses `1`…`5` or a stage name, case-insensitively, ignoring surrounding spaces.
    public init?(parsing text: some StringProtocol) {
        let t = text.trimmingSpaces().lowercasedFast()
        if let n = Int(t), let stage = Stage(rawValue: n) {
            self = stage
            return
        }
        guard let stage = Stage.allCases.first(where: { $0.name == t }) else { return nil }
        self = stage
    }

    public static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
}

/// Whether a member takes part this quarter (SPEC §2 `status`).
public enum MemberStatus: String, Sendable, CaseIterable, Codable {
    /// Takes part fully: mentor pairs, teams, schedule.
    case active
    /// New member in the two-week trial: a buddy, no mentor, no team.
    case trial
    /// Gets nothing this quarter.
    case paused
    /// Gets nothing this quarter.
    case inactive
}
