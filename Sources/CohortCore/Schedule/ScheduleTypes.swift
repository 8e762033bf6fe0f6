/// A mentor pair that needs a weekly 1:1 check-in (member indices).
public struct CheckInPair: Sendable, Hashable {
    public var mentee: Int
    public var mentor: Int
    public init(mentee: Int, mentor: Int) {
        self.mentee = mentee
        self.mentor = mentor
    }
}

/// A project team that needs a weekly standup.
public struct ScheduleTeam: Sendable, Hashable {
    /// The team id of teams.csv (also names the standup event).
    public var id: String
    /// Member indices.
    public var members: [Int]
    /// Standup starts the team engine allows (nil: any start all members can
    /// make; the scheduler always intersects with the members' availability).
    public var allowedStarts: WeekSlots?
    public init(id: String, members: [Int], allowedStarts: WeekSlots? = nil) {
        self.id = id
        self.members = members
        self.allowedStarts = allowedStarts
    }
}

/// Everything the schedule phase needs, as plain values.
public struct ScheduleRequest: Sendable {
    public var cohort: Cohort
    public var checkIns: [CheckInPair]
    public var teams: [ScheduleTeam]
    public var buddies: [BuddyPair]
    /// Members invited to the workshop (normally every active member); with
    /// `workshop_tracks`, each goes to their stage's track.
    public var workshopAttendees: [Int]
    /// Study pods whose weekly meeting is placed after the other events (`PodMeetings`).
    public var pods: [SchedulePod] = []
    /// Members invited to the week-1 kickoff (normally every active member).
    public var kickoffAttendees: [Int]
    /// Members invited to the mentor circle (normally every active member with mentor_capacity > 0).
    public var mentorCircleAttendees: [Int]

    public init(cohort: Cohort, checkIns: [CheckInPair] = [], teams: [ScheduleTeam] = [], buddies: [BuddyPair] = [], workshopAttendees: [Int] = [],
                kickoffAttendees: [Int] = [], mentorCircleAttendees: [Int] = []) {
        self.cohort = cohort
        self.checkIns = checkIns
        self.teams = teams
        self.buddies = buddies
        self.workshopAttendees = workshopAttendees
        self.kickoffAttendees = kickoffAttendees
        self.mentorCircleAttendees = mentorCircleAttendees
    }

    /// Every active member, in id order: the default workshop and kickoff audience.
    public static func activeMembers(of cohort: Cohort) -> [Int] {
        cohort.members.indices.filter { cohort.members[$0].isActive }
    }

    /// Every active member who takes mentees (mentor_capacity > 0): the mentor circle.
    public static func mentors(of cohort: Cohort) -> [Int] {
        cohort.members.indices.filter { cohort.members[$0].isActive && cohort.members[$0].mentorCapacity > 0 }
    }
}

/// A study pod that needs a weekly meeting (SPEC §3.5).
public struct SchedulePod: Sendable, Hashable {
    /// The pod id of pods.csv (also names the meeting event).
    public var id: String
    /// The shared interest, as the organizer spelled it.
    public var interest: String
    /// Member indices, ascending.
    public var members: [Int]
    /// Facilitator of each week (index 0 = week 1), a member index.
    public var facilitators: [Int]
    public init(id: String, interest: String, members: [Int], facilitators: [Int]) {
        self.id = id
        self.interest = interest
        self.members = members
        self.facilitators = facilitators
    }
}

/// What kind of meeting an event is (the `kind` column of schedule.csv).
public enum EventKind: String, Sendable, Hashable, CaseIterable {
    case workshop, checkin, standup, buddy, demo, pod, kickoff
    case mentorCircle = "mentor_circle"

    /// Order of kinds in schedule.csv.
    var order: Int {
        switch self {
        case .workshop: 0
        case .checkin: 1
        case .standup: 2
        case .buddy: 3
        case .demo: 4
        case .kickoff: 5
        case .mentorCircle: 6
        case .pod: 7
        }
    }

    /// A one-off session of many members (kickoff, mentor circle): placed after
    /// the weekly events and the demo sessions, in its week.
    var isCohortSession: Bool { self == .kickoff || self == .mentorCircle }
}

/// A meeting placed on the week (docs/schedule.md §1): what it is, who
/// takes part, its weekly time on its anchor's frame, and the instants it occurs.
public struct ScheduledEvent: Sendable, Hashable {
    /// Stable id: `workshop-1`, `checkin-MENTEE`, `standup-TEAM`, `buddy-NEWCOMER-Mon`, `demo-w4-1`.
    public var id: String
    public var kind: EventKind
    /// Member indices, in id order (for a workshop: its attendees).
    public var participants: [Int]
    /// First 15-minute slot of the schedule's week (`WeekModel`: with the UTC
    /// clock 0 = Monday 00:00 UTC; with a zone clock, that UTC time under the
    /// offsets in force when the quarter opens, keeping its local time after).
    public var startSlot: Int
    public var slotCount: Int
    /// The week of the quarter (1…12) for a one-off event (demo); nil for a weekly one.
    public var week: Int?
    /// How many weeks it recurs (`instants` and `skipped`): up to 12 for weekly
    /// events, 2 for buddy check-ins during the trial, 1 for a demo.
    public var occurrences: Int
    /// Index into the request's `checkIns`, `teams` or `buddies` (workshop: session number from 0; demo: session index).
    public var source: Int
    /// Start of each occurrence (seconds since the epoch, UTC), ascending;
    /// every one inside every participant's quarter.
    public var instants: [Int] = []
    /// Occurrences taken out of `instants` (a standup the team spends at its demo session), with why.
    public var skipped: [SkippedOccurrence] = []

    public init(id: String, kind: EventKind, participants: [Int], startSlot: Int, slotCount: Int, week: Int?, occurrences: Int, source: Int,
                instants: [Int] = [], skipped: [SkippedOccurrence] = []) {
        self.id = id
        self.kind = kind
        self.participants = participants
        self.startSlot = startSlot
        self.slotCount = slotCount
        self.week = week
        self.occurrences = occurrences
        self.source = source
        self.instants = instants
        self.skipped = skipped
    }

    /// Seconds from start to end.
    public var seconds: Int { slotCount * Week.slotMinutes * 60 }
}

/// An occurrence of a weekly event that does not take place.
public struct SkippedOccurrence: Sendable, Hashable {
    /// Its start (seconds since the epoch).
    public var instant: Int
    /// The event that takes its place (e.g. `demo-w4-1`).
    public var replacedBy: String
}

/// An event that could not be placed, and why.
public struct UnscheduledEvent: Sendable, Hashable {
    public var id: String
    public var kind: EventKind
    public var participants: [Int]
    public var source: Int
    public var reason: String
}

/// One demo session: some teams present in one week of the quarter, every
/// member of every presenting team free and available for the whole session.
public struct DemoSession: Sendable, Hashable {
    public var week: Int
    /// UTC slot of the week (the session is a one-off at `instant`).
    public var startSlot: Int
    /// 15 minutes per presenting team.
    public var slotCount: Int
    /// Team indices (into the request's `teams`), in presentation order.
    public var teams: [Int]
    /// Members of those teams who cannot make the time (always empty: a team
    /// that cannot make any session is listed in `unscheduled` instead).
    public var unavailable: [Int]
    /// Start, seconds since the epoch.
    public var instant: Int = 0
}

/// A one-team demo session, and why no other team joins it (summary.json).
public struct DemoNote: Sendable, Hashable {
    public var team: Int
    public var reason: String
}

/// Facilitator and note-taker of one team for each week of the quarter.
public struct RoleRotation: Sendable, Hashable {
    public var team: Int
    /// Member index per week (index 0 = week 1).
    public var facilitator: [Int]
    /// Member index per week; nil for a one-member team.
    public var noteTaker: [Int?]
}

/// A member left out of the workshop, and why.
public struct WorkshopAbsence: Sendable, Hashable {
    public var member: Int
    public var reason: String
}

/// A member who cannot make any session of the kickoff or of one or more
/// mentor circles, and why (a `kickoff` or `mentor_circle` row of unmatched.csv).
public struct SessionAbsence: Sendable, Hashable {
    public var member: Int
    /// `.kickoff` or `.mentorCircle`.
    public var kind: EventKind
    public var reason: String
}

/// The schedule of a quarter (SPEC §3.5).
public struct WeeklySchedule: Sendable {
    /// The weekly events (workshop sessions, check-ins, standups, buddy check-ins)
    /// and the demo sessions, in schedule.csv order (kind, then id).
    public var events: [ScheduledEvent]
    /// Event index of each check-in pair (request order), nil when not placed.
    public var checkInEvent: [Int?]
    /// Event index of each team's standup (request order), nil when not placed.
    public var standupEvent: [Int?]
    /// Event indices of each buddy pair's daily check-ins (request order).
    public var buddyEvents: [[Int]]
    /// Event indices of the workshop sessions.
    public var workshopEvents: [Int]
    /// Per workshop session: its track (index into `workshop_tracks`), nil without tracks.
    public var workshopTrack: [Int?] = []
    /// Per member index: the workshop session (0-based) they attend, or -1.
    public var workshopSession: [Int]
    public var workshopAbsences: [WorkshopAbsence]
    public var demoSessions: [DemoSession]
    /// Why each one-team demo session has no other team.
    public var demoNotes: [DemoNote] = []
    /// Event index of each demo session.
    public var demoEvents: [Int]
    /// Event indices of the kickoff sessions (week 1) and of the mentor circles (weeks 4, 8, 12).
    public var kickoffEvents: [Int] = []
    public var mentorCircleEvents: [Int] = []
    /// Members who cannot make the kickoff or a mentor circle.
    public var sessionAbsences: [SessionAbsence] = []
    /// Per team (request order).
    public var rotations: [RoleRotation]
    /// Event index of each pod's meeting (request order), nil when not placed.
    public var podEvent: [Int?] = []
    public var unscheduled: [UnscheduledEvent]
    /// The check-ins, standups and buddy check-ins: objective = Σ weight + placement score.
    public var outcome: PhaseOutcome
    /// The workshop time: objective = members covered.
    public var workshopOutcome: PhaseOutcome
    /// Seconds for the whole phase.
    public var seconds: Double
}
