/// The hard rules of a mentor pair (SPEC §3.1), in one place: candidate
/// generation, continuing pairs, reasons and tests all ask here.
public struct MentorRules: Sendable {
    public let policy: Policy
    /// Slots a check-in takes.
    public let checkinSlots: Int

    public init(policy: Policy) {
        self.policy = policy
        checkinSlots = Week.slotCount(minutes: policy.checkinMinutes)
    }

    /// Why a pair is not allowed, in the order the rules are checked.
    public enum Violation: Sendable, Hashable {
        case menteeNotEligible
        case mentorNotEligible
        case sameMember
        case stageGap
        /// More than `max_stage_gap` stages ahead.
        case stageGapTooLarge
        /// `mentor_group` forbids the pair.
        case group
        case noSharedInterest
        case noCommonWindow
        case avoided
        case changeRequested
    }

    /// Whether `mentee` may want a mentor this quarter.
    public func isMentee(_ m: Member) -> Bool { m.isActive && m.wantsMentor }

    /// Whether `mentor` takes mentees this quarter.
    public func isMentor(_ m: Member) -> Bool { m.isActive && m.mentorCapacity > 0 }

    /// The stages a mentor of a mentee at `stage` may be at: `stage_gap` to
    /// `max_stage_gap` stages ahead, at most 5; nil when no stage is.
    public func mentorStages(forMenteeAt stage: Stage) -> ClosedRange<Int>? {
        let low = stage.rawValue + policy.stageGap
        let high = min(5, stage.rawValue + (policy.maxStageGap ?? 5))
        return low <= high ? low...high : nil
    }

    /// Whether `mentor_group` allows the pair: always when either member has no group.
    public func groupsAllow(mentee a: Member, mentor b: Member) -> Bool {
        guard let x = a.group, let y = b.group else { return true }
        switch policy.mentorGroup {
        case .any: return true
        case .different: return x != y
        case .same: return x == y
        }
    }

    /// The first rule the pair breaks, or nil when it is allowed.
    public func violation(mentee i: Int, mentor j: Int, in cohort: Cohort) -> Violation? {
        let a = cohort.members[i], b = cohort.members[j]
        if !isMentee(a) { return .menteeNotEligible }
        if !isMentor(b) { return .mentorNotEligible }
        if i == j { return .sameMember }
        if b.stage.rawValue - a.stage.rawValue < policy.stageGap { return .stageGap }
        if let most = policy.maxStageGap, b.stage.rawValue - a.stage.rawValue > most { return .stageGapTooLarge }
        if !groupsAllow(mentee: a, mentor: b) { return .group }
        if policy.requireSharedInterest && a.interests.intersectionCount(b.skills) == 0 { return .noSharedInterest }
        if !a.availability.starts(length: checkinSlots).intersects(b.availability.starts(length: checkinSlots)) { return .noCommonWindow }
        if cohort.avoids(i, j) { return .avoided }
        if a.changeMentor && a.currentMentor == j { return .changeRequested }
        return nil
    }

    /// The quality of an allowed pair (SPEC §3.1 objective 2): shared
    /// interests, the mentee's preference rank and common time. Integer, so
    /// optima are exact. See docs/mentoring.md.
    public func quality(shared: Int, preferenceRank: Int?, commonSlots: Int) -> Int32 {
        Self.quality(shared: shared, preferenceRank: preferenceRank, commonSlots: commonSlots)
    }

    static func quality(shared: Int, preferenceRank: Int?, commonSlots: Int) -> Int32 {
        var q = 10 * min(shared, 3)
        if let rank = preferenceRank { q += max(40 - 10 * rank, 10) }
        q += min(commonSlots / 4, 8)
        return Int32(q)
    }

    /// The quality of the pair (mentee `i`, mentor `j`).
    public func quality(mentee i: Int, mentor j: Int, in cohort: Cohort) -> Int32 {
        let a = cohort.members[i], b = cohort.members[j]
        return quality(shared: a.interests.intersectionCount(b.skills), preferenceRank: a.preferredMentors.firstIndex(of: j),
                       commonSlots: a.availability.intersectionCount(b.availability))
    }

    /// The cost of a mentor's second (and later) mentee: spreads load.
    public static let extraMenteeCost: Int32 = 15

    /// The highest quality any pair can have (three shared interests, first
    /// preference, 8 common hours).
    public static let maximumQuality: Int32 = quality(shared: 3, preferenceRank: 0, commonSlots: Week.slots)
}
