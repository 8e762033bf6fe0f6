import Dispatch

/// What a member did not get: the `need` column of unmatched.csv.
public enum UnservedNeed: String, Sendable, Hashable, CaseIterable {
    case mentor, backup, buddy
}

/// Why a member did not get a mentor, a backup or a buddy, computed from the
/// rules (not guessed): the first rule, in order, that leaves no candidate at
/// all, or that every candidate is full.
public struct UnservedReason: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The policy offers no places (`max_backups` or `max_buddies` is 0).
        case noPlacesInPolicy
        /// Nobody in the roster offers mentoring (no active member has a capacity).
        case noMentors
        /// Nobody is at the stage the gap asks for.
        case noneAtStage
        /// Everyone far enough ahead is more than `max_stage_gap` ahead.
        case stageGapTooLarge
        /// Everyone in the stage band is excluded by `mentor_group`.
        case mentorGroup
        /// A shared interest is required and the member listed none.
        case noInterests
        /// Nobody at the stage teaches the member's interests.
        case noSharedInterest
        /// The member gave no availability, or no window long enough.
        case noAvailability
        /// Candidates exist but none shares a long enough window.
        case noCommonWindow
        /// The only candidates are avoided, the mentor the member asked to
        /// change, or (for a backup) the member's own mentor.
        case onlyExcluded
        /// Every candidate's places went to others.
        case allFull
        /// Last quarter's mentor no longer passes a pair rule.
        case continuingRuleBroken
        /// Last quarter's mentor has no place left.
        case continuingMentorFull
        /// Last quarter's pair has no check-in time left beside the continuing
        /// check-ins kept before it (mentees in id order).
        case continuingNoCheckInTime
    }

    public var kind: Kind
    /// For organizers; addressed to the member ("your interests").
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// A member and a need that was not met.
public struct Unserved: Sendable, Hashable {
    /// Member index.
    public var member: Int
    public var need: UnservedNeed
    public var reason: UnservedReason
}

/// A continuing pair that could not be kept (the mentee is matched afresh).
public struct ContinuingNote: Sendable, Hashable {
    /// Member indices.
    public var mentee: Int
    public var mentor: Int
    public var reason: UnservedReason
}

/// Reasons for everyone not served by the mentoring phases. Cheap for people
/// who had candidates (they were all full); the rule-by-rule diagnosis runs
/// only for people with no candidate at all.
public enum Reasons {
    /// Every mentee without a mentor, in member order. `candidates` is the
    /// graph the matching was solved on.
    public static func mentees(_ matching: MentorMatching, candidates: MentorCandidates, cohort: Cohort) -> [Unserved] {
        let d = MentorDiagnosis(cohort: cohort)
        let g = candidates.graph
        let rules = MentorRules(policy: cohort.policy)
        // Mentors whose places all went to continuing pairs are not in the
        // graph; they are searched apart (usually few).
        var inGraph = [Bool](repeating: false, count: cohort.members.count)
        for j in g.partners { inGraph[Int(j)] = true }
        var exhausted: [Int32] = []
        for (j, m) in cohort.members.enumerated() where rules.isMentor(m) && !inGraph[j] { exhausted.append(Int32(j)) }
        let exhaustedIndex = MentorIndex(cohort: cohort, mentors: exhausted, rules: rules)
        var position: [Int: Int] = [:]
        for (k, i) in g.people.enumerated() { position[Int(i)] = k }
        let unmatched = matching.unmatched
        // Mentees with a pair taken out (schedulability): only theirs are looked up.
        let withExcluded = Set(candidates.excluded.map(\.mentee))
        var reasons = [UnservedReason?](repeating: nil, count: unmatched.count)
        // Counting is cheap but there may be tens of thousands: every core.
        let chunkCount = max(1, min(8, unmatched.count / 64 + 1))
        let positions = position
        let chunks = Array(0..<chunkCount).parallelMap(threads: chunkCount) { c in
            var found: [(Int, UnservedReason)] = []
            var scratch = exhaustedIndex.makeTierScratch()
            var allScratch = candidates.pricing?.index.makeTierScratch()
            for t in stride(from: c, to: unmatched.count, by: chunkCount) {
                let i = unmatched[t]
                var count = 0, places = 0
                if let k = positions[i] {
                    if candidates.truncated[k], let index = candidates.pricing?.index {
                        // Pairs were left out of the graph: count them all through the index.
                        if withExcluded.contains(i) {
                            index.countCandidates(of: i, scratch: &allScratch!, count: &count, places: &places) {
                                candidates.excluded.contains(MenteeMentor(mentee: i, mentor: $0))
                            }
                        } else {
                            index.countCandidates(of: i, scratch: &allScratch!, count: &count, places: &places)
                        }
                    } else {
                        for e in g.pairs(of: k) { count += 1; places += cohort.members[Int(g.partners[Int(g.partner[e])])].mentorCapacity }
                    }
                }
                exhaustedIndex.countCandidates(of: i, scratch: &scratch, count: &count, places: &places)
                // The rule-by-rule diagnosis only for those with no candidate at all
                // (O(mentors) each: here, on every core, not after the chunks).
                found.append((t, count > 0 ? allFull(count: count, places: places, role: .mentor) : d.diagnose(i, primary: nil, role: .mentor)))
            }
            return found
        }
        for chunk in chunks { for (t, reason) in chunk.get() { reasons[t] = reason } }
        return unmatched.enumerated().map { t, i in Unserved(member: i, need: .mentor, reason: reasons[t]!) }
    }

    /// Every matched mentee without a backup mentor, in member order.
    public static func backups(_ backups: BackupMentors, matching: MentorMatching, cohort: Cohort) -> [Unserved] {
        if cohort.policy.maxBackups == 0 {
            return backups.withoutBackup.map {
                Unserved(member: $0, need: .backup, reason: UnservedReason(.noPlacesInPolicy, "max_backups is 0 in the policy"))
            }
        }
        let g = backups.graph
        var position: [Int: Int] = [:], primary: [Int: Int] = [:]
        for (k, i) in g.people.enumerated() { position[Int(i)] = k }
        for p in matching.pairs { primary[p.mentee] = p.mentor }
        let d = MentorDiagnosis(cohort: cohort)
        let without = backups.withoutBackup
        // As for the mentees: counting and diagnosis on every core, in chunks.
        let chunkCount = max(1, min(8, without.count / 64 + 1))
        let (positions, primaries) = (position, primary)
        let chunks = Array(0..<chunkCount).parallelMap(threads: chunkCount) { c in
            var found: [(Int, UnservedReason)] = []
            var scratch = backups.candidates.pricing?.index.makeTierScratch()
            for t in stride(from: c, to: without.count, by: chunkCount) {
                let i = without[t]
                let k = positions[i]!
                var count = g.pairs(of: k).count
                if backups.candidates.truncated[k], let index = backups.candidates.pricing?.index {
                    // Candidates left out of the stored graph are counted through the index.
                    var places = 0
                    count = 0
                    index.countCandidates(of: i, excluded: primaries[i] ?? -1, scratch: &scratch!, count: &count, places: &places)
                }
                found.append((t, count > 0
                    ? allFull(count: count, places: count * cohort.policy.maxBackups, role: .backup)
                    : d.diagnose(i, primary: primaries[i], role: .backup)))
            }
            return found
        }
        var reasons = [UnservedReason?](repeating: nil, count: without.count)
        for chunk in chunks { for (t, reason) in chunk.get() { reasons[t] = reason } }
        return without.enumerated().map { t, i in Unserved(member: i, need: .backup, reason: reasons[t]!) }
    }

    /// Every trial newcomer without a buddy, in member order.
    public static func buddies(_ buddies: Buddies, cohort: Cohort) -> [Unserved] {
        if cohort.policy.maxBuddies == 0 {
            return buddies.withoutBuddy.map {
                Unserved(member: $0, need: .buddy, reason: UnservedReason(.noPlacesInPolicy, "max_buddies is 0 in the policy"))
            }
        }
        let g = buddies.candidates.graph
        let rules = BuddyRules(policy: cohort.policy)
        let index = BuddyIndex(cohort: cohort, buddies: g.partners, rules: rules)
        var scratch = index.makeTierScratch()
        var position: [Int: Int] = [:]
        for (k, i) in g.people.enumerated() { position[Int(i)] = k }
        return buddies.withoutBuddy.map { i in
            var count = g.pairs(of: position[i]!).count
            // Candidates left out of the stored graph are counted through the index.
            if buddies.candidates.truncated[position[i]!] { count = index.all(of: i, excluded: -1, bonus: nil, scratch: &scratch).partner.count }
            let reason: UnservedReason
            if count > 0 {
                reason = allFull(count: count, places: count * cohort.policy.maxBuddies, role: .buddy)
            } else {
                reason = diagnoseBuddy(i, index: index, cohort: cohort)
            }
            return Unserved(member: i, need: .buddy, reason: reason)
        }
    }

    /// Every continuing pair that could not be kept, in mentee order.
    public static func continuing(_ candidates: MentorCandidates, cohort: Cohort) -> [ContinuingNote] {
        let rules = MentorRules(policy: cohort.policy)
        return candidates.brokenContinuing.map { pair in
            let b = cohort.members[pair.mentor]
            let reason: UnservedReason
            switch pair.why {
            case .rule(let why):
                reason = UnservedReason(.continuingRuleBroken,
                                        "last quarter's mentor \(b.id) no longer qualifies: " + ruleText(why, mentee: pair.mentee, mentor: pair.mentor, rules: rules, cohort: cohort))
            case .mentorFull:
                reason = UnservedReason(.continuingMentorFull,
                                        "last quarter's mentor \(b.id) has no place left: their \(counted(b.mentorCapacity, "place", "places")) went to other continuing mentees")
            case .noCheckInTime(let others):
                let length = Week.slotCount(minutes: cohort.policy.checkinMinutes)
                let windows = SchedulablePairs.commonStarts(mentee: pair.mentee, mentor: pair.mentor, cohort: cohort).runs
                let shown = windows.prefix(2).map { SlotMath.describe($0.start, $0.length + length - 1) }.joined(separator: ", ")
                    + (windows.count > 2 ? " and \(windows.count - 2) more" : "")
                reason = UnservedReason(.continuingNoCheckInTime,
                                        "last quarter's pair with \(b.id) cannot be scheduled: the times you share (\(shown)) are all needed for the continuing check-in(s) with "
                                        + others.map { cohort.members[$0].id }.joined(separator: ", "))
            }
            return ContinuingNote(mentee: pair.mentee, mentor: pair.mentor, reason: reason)
        }
    }

    /// Everyone not served by the mentoring phases: mentees without a mentor,
    /// matched mentees without a backup, newcomers without a buddy; by member, then need.
    public static func all(matching: MentorMatching, candidates: MentorCandidates, backups: BackupMentors, buddies: Buddies, cohort: Cohort) -> [Unserved] {
        let list = mentees(matching, candidates: candidates, cohort: cohort) + Reasons.backups(backups, matching: matching, cohort: cohort)
            + Reasons.buddies(buddies, cohort: cohort)
        let order: [UnservedNeed: Int] = [.mentor: 0, .backup: 1, .buddy: 2]
        return list.sorted { ($0.member, order[$0.need]!) < ($1.member, order[$1.need]!) }
    }

    // MARK: - Wording

    enum Role {
        case mentor, backup, buddy
        var one: String { self == .mentor ? "mentor" : self == .backup ? "backup mentor" : "buddy" }
        var many: String { self == .mentor ? "mentors" : self == .backup ? "backup mentors" : "buddies" }
        var others: String { self == .buddy ? "other newcomers" : "other mentees" }
    }

    static func counted(_ n: Int, _ one: String, _ many: String) -> String { "\(n) " + (n == 1 ? one : many) }

    static func quoted(_ tags: [Tag], _ cohort: Cohort) -> String {
        tags.map { "'" + cohort.tags.name($0) + "'" }.joined(separator: ", ")
    }

    static func allFull(count: Int, places: Int, role: Role) -> UnservedReason {
        let text = count == 1
            ? "the only eligible \(role.one) is at capacity: their \(counted(places, "place", "places")) went to \(role.others)"
            : "all \(count) eligible \(role.many) are at capacity: their \(places) places went to \(role.others)"
        return UnservedReason(.allFull, text)
    }

    /// "15 minutes on Tue 18:00 UTC" for the longest run of `slots`.
    static func describeRun(_ run: (start: Int, length: Int)) -> String {
        let (day, time) = Week.dayAndTime(minuteOfWeek: run.start * Week.slotMinutes)
        return "\(run.length * Week.slotMinutes) minutes on \(day) \(time) UTC"
    }

    /// The longest run of `x` (wrapping), earliest start on ties; by
    /// repeated AND with the set shifted one slot, so short runs are cheap.
    static func longestRun(_ x: WeekSlots) -> (start: Int, length: Int)? {
        if x.isEmpty { return nil }
        var cur = x, length = 1
        while length < Week.slots {
            var next = cur
            for w in 0..<10 { next.words[w] = cur.words[w] & ((cur.words[w] >> 1) | (cur.words[w + 1] << 63)) }
            next.words[10] = cur.words[10] & ((cur.words[10] >> 1) | ((cur.words[0] & 1) << 31))
            if next.isEmpty { break }
            cur = next
            length += 1
        }
        return (cur.slots.first!, length)
    }

    /// "the closest overlap is …" over `members`, or that none shares any time.
    static func closestOverlap(_ a: Member, among members: [Int], cohort: Cohort, needed minutes: Int, what: String) -> String {
        var best: (start: Int, length: Int)?
        for j in members {
            let x = a.availability.intersection(cohort.members[j].availability)
            guard let run = longestRun(x) else { continue }
            if best == nil || run.length > best!.length || (run.length == best!.length && run.start < best!.start) { best = run }
        }
        if let i = cohort.memberIndex[a.id], let note = cohort.daylightSavingNote(i, others: members, length: Week.slotCount(minutes: minutes), role: what == "a check-in" ? "mentor" : "buddy") {
            return "none is free in your windows in every week of the quarter: " + note
        }
        guard let best else { return "none shares any time with you" }
        return "none is free in your windows — the closest overlap is \(describeRun(best)); \(what) needs \(minutes)"
    }

    static func excludedText(count: Int, avoided: [Int], changed: Int?, primary: Int?, role: Role, cohort: Cohort) -> UnservedReason {
        var parts: [String] = []
        if !avoided.isEmpty { parts.append("on an avoid list with you (" + avoided.map { cohort.members[$0].id }.joined(separator: ", ") + ")") }
        if let changed { parts.append("the mentor you asked to change (\(cohort.members[changed].id))") }
        if let primary { parts.append("your mentor (\(cohort.members[primary].id))") }
        let head = count == 1 ? "the only \(role.one) who fits is " : "the only \(count) \(role.many) who fit are "
        return UnservedReason(.onlyExcluded, head + parts.joined(separator: " or "))
    }

    static func ruleText(_ v: MentorRules.Violation, mentee i: Int, mentor j: Int, rules: MentorRules, cohort: Cohort) -> String {
        let a = cohort.members[i], b = cohort.members[j]
        switch v {
        case .menteeNotEligible: return "you do not want a mentor this quarter"
        case .mentorNotEligible:
            return b.isActive ? "they take no mentees this quarter (mentor_capacity 0)" : "they are \(b.status.rawValue) this quarter"
        case .sameMember: return "a member cannot mentor themselves"
        case .stageGap:
            return "they are at stage \(b.stage.rawValue), fewer than \(rules.policy.stageGap) stages ahead of your stage \(a.stage.rawValue)"
        case .stageGapTooLarge:
            return "they are at stage \(b.stage.rawValue), more than \(rules.policy.maxStageGap ?? 4) stages ahead of your stage \(a.stage.rawValue) (max_stage_gap)"
        case .group:
            let theirs = b.group.map { "'" + cohort.groups.name($0) + "'" } ?? "none"
            let yours = a.group.map { "'" + cohort.groups.name($0) + "'" } ?? "none"
            return rules.policy.mentorGroup == .different
                ? "they are in your own group \(yours) (mentor_group \"different\")"
                : "they are in group \(theirs), not your group \(yours) (mentor_group \"same\")"
        case .noSharedInterest:
            return a.interests.isEmpty ? "you listed no interests" : "they teach none of your interests \(quoted(a.interests.tags, cohort))"
        case .noCommonWindow:
            if a.availability.isEmpty { return "you gave no availability" }
            if b.availability.isEmpty { return "they gave no availability" }
            guard let run = longestRun(a.availability.intersection(b.availability)) else { return "you share no time at all" }
            return "you share no \(rules.policy.checkinMinutes)-minute window — the closest overlap is \(describeRun(run))"
        case .avoided: return "one of you lists the other under avoid"
        case .changeRequested: return "you asked to change mentor"
        }
    }

    // MARK: - Buddies

    static func diagnoseBuddy(_ i: Int, index: BuddyIndex, cohort: Cohort) -> UnservedReason {
        let a = cohort.members[i]
        let policy = cohort.policy
        let minStage = a.stage.rawValue + policy.buddyStageGap
        if minStage > 5 {
            return UnservedReason(.noneAtStage, "no buddy can be \(counted(policy.buddyStageGap, "stage", "stages")) ahead of your stage \(a.stage.rawValue): the highest stage is 5 (buddy_stage_gap \(policy.buddyStageGap))")
        }
        let atStage = bitList(index.atLeastStage[max(1, minStage)], count: index.buddies.count).filter { Int(index.buddies[$0]) != i }
        if atStage.isEmpty { return UnservedReason(.noneAtStage, "no active member at stage ≥ \(minStage)") }
        let slots = index.rules.windowSlots
        if let reason = availabilityReason(a, slots: slots, minutes: policy.buddyMinutes) { return reason }
        let mine = a.availability.starts(length: slots)
        let free = atStage.filter { mine.intersects(index.meeting.starts[$0]) }
        if free.isEmpty {
            let who = counted(atStage.count, "active member", "active members")
            return UnservedReason(.noCommonWindow, "\(who) at stage ≥ \(minStage) but " + closestOverlap(a, among: atStage.map { Int(index.buddies[$0]) }, cohort: cohort, needed: policy.buddyMinutes, what: "a buddy check-in"))
        }
        let avoided = free.map { Int(index.buddies[$0]) }.filter { cohort.avoids(i, $0) }
        return excludedText(count: free.count, avoided: avoided, changed: nil, primary: nil, role: .buddy, cohort: cohort)
    }

    static func availabilityReason(_ a: Member, slots: Int, minutes: Int) -> UnservedReason? {
        if a.availability.isEmpty { return UnservedReason(.noAvailability, "you gave no availability") }
        if a.availability.starts(length: slots).isEmpty {
            let longest = longestRun(a.availability)!.length * Week.slotMinutes
            return UnservedReason(.noAvailability, "none of your windows is \(minutes) minutes long (the longest is \(longest) minutes)")
        }
        return nil
    }

    /// Set positions of a bitset, ascending.
    static func bitList(_ words: [UInt64], count: Int) -> [Int] {
        var result: [Int] = []
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                let p = w * 64 + bits.trailingZeroBitCount
                bits &= bits - 1
                if p < count { result.append(p) }
            }
        }
        return result
    }
}

/// The mentor side: who could mentor (or back up) a mentee, over every
/// opted-in mentor, and why nobody can.
struct MentorDiagnosis {
    let cohort: Cohort
    let rules: MentorRules
    let index: MentorIndex

    init(cohort: Cohort) {
        self.cohort = cohort
        rules = MentorRules(policy: cohort.policy)
        var mentors: [Int32] = []
        for (j, m) in cohort.members.enumerated() where rules.isMentor(m) { mentors.append(Int32(j)) }
        index = MentorIndex(cohort: cohort, mentors: mentors, rules: rules)
    }

    /// "at stage ≥ 3" (up to 5), "at stage 3–4" or "at stage 3" (capped by `max_stage_gap`).
    static func stagesText(_ band: ClosedRange<Int>) -> String {
        if band.upperBound == 5 { return "at stage ≥ \(band.lowerBound)" }
        return band.lowerBound == band.upperBound ? "at stage \(band.lowerBound)" : "at stage \(band.lowerBound)–\(band.upperBound)"
    }

    /// Why mentee `i` has no candidate at all: the first rule, in order,
    /// that leaves nobody. `primary`: their mentor, when looking for a backup.
    func diagnose(_ i: Int, primary: Int?, role: Reasons.Role) -> UnservedReason {
        let a = cohort.members[i]
        let policy = rules.policy
        if index.mentors.allSatisfy({ Int($0) == i }) {
            return UnservedReason(.noMentors, "nobody in this roster offers mentoring (no active member has a mentor_capacity above 0)")
        }
        let minStage = a.stage.rawValue + policy.stageGap
        if minStage > 5 {
            return UnservedReason(.noneAtStage, "no \(role.one) can be \(policy.stageGap) stages ahead of your stage \(a.stage.rawValue): the highest stage is 5 (stage_gap \(policy.stageGap))")
        }
        let n = index.mentors.count
        let atLeast = Reasons.bitList(index.atLeastStage[minStage], count: n).filter { Int(index.mentors[$0]) != i }
        if atLeast.isEmpty { return UnservedReason(.noneAtStage, "no opted-in mentor at stage ≥ \(minStage)") }
        // Both limits of the gap, then mentor_group (docs/mentoring.md §1).
        let band = rules.mentorStages(forMenteeAt: a.stage) ?? minStage...5
        let stageOf = { (p: Int) in cohort.members[Int(index.mentors[p])].stage.rawValue }
        let inBand = atLeast.filter { stageOf($0) <= band.upperBound }
        if inBand.isEmpty {
            let stages = Set(atLeast.map(stageOf)).sorted()
            let at = stages.count == 1 ? "stage \(stages[0])" : "stages \(stages[0])–\(stages.last!)"
            let who = atLeast.count == 1 ? "the only opted-in mentor at stage ≥ \(minStage) is" : "all \(atLeast.count) opted-in mentors at stage ≥ \(minStage) are"
            return UnservedReason(.stageGapTooLarge, "\(who) more than \(policy.maxStageGap ?? 4) stages ahead of your stage \(a.stage.rawValue) (at \(at); max_stage_gap \(policy.maxStageGap ?? 4))")
        }
        let stagesText = Self.stagesText(band)
        let atStage = inBand.filter { rules.groupsAllow(mentee: a, mentor: cohort.members[Int(index.mentors[$0])]) }
        if atStage.isEmpty, let g = a.group {
            let group = "'" + cohort.groups.name(g) + "'"
            let rule = "(mentor_group \"\(policy.mentorGroup.rawValue)\")"
            let text = policy.mentorGroup == .different
                ? (inBand.count == 1
                    ? "your only opted-in mentor \(stagesText) is in your own group \(group) \(rule)"
                    : "your only opted-in mentors \(stagesText) are in your own group \(group) \(rule)")
                : (inBand.count == 1
                    ? "the only opted-in mentor \(stagesText) is not in your group \(group) \(rule)"
                    : "none of the \(inBand.count) opted-in mentors \(stagesText) is in your group \(group) \(rule)")
            return UnservedReason(.mentorGroup, text)
        }
        let ofGroup = atStage.count < inBand.count ? (policy.mentorGroup == .different ? " outside your group" : " in your group") : ""
        var teaching = atStage
        var sharedTags: [Tag] = []
        if policy.requireSharedInterest {
            if a.interests.isEmpty {
                return UnservedReason(.noInterests, "you listed no interests; a mentor must teach one of them (\(Reasons.counted(atStage.count, "opted-in mentor", "opted-in mentors")) \(stagesText)\(ofGroup))")
            }
            teaching = atStage.filter { a.interests.intersectionCount(cohort.members[Int(index.mentors[$0])].skills) > 0 }
            if teaching.isEmpty {
                let who = atStage.count == 1 ? "the only opted-in mentor" : "none of the \(atStage.count) opted-in mentors"
                let verb = atStage.count == 1 ? "teaches none of" : "teaches"
                return UnservedReason(.noSharedInterest, "\(who) \(stagesText)\(ofGroup) \(verb) your interests \(Reasons.quoted(a.interests.tags, cohort))")
            }
            var taught = Set<Tag>()
            for p in teaching {
                taught.formUnion(a.interests.intersection(cohort.members[Int(index.mentors[p])].skills))
                if taught.count == a.interests.count { break }  // every interest is taught: nothing more to add
            }
            sharedTags = a.interests.tags.filter { taught.contains($0) }
        }
        if let reason = Reasons.availabilityReason(a, slots: rules.checkinSlots, minutes: policy.checkinMinutes) { return reason }
        let mine = a.availability.starts(length: rules.checkinSlots)
        let free = teaching.filter { mine.intersects(index.meeting.starts[$0]) }
        if free.isEmpty {
            let who = Reasons.counted(teaching.count, "mentor", "mentors") + " \(stagesText)\(ofGroup)"
            let what = policy.requireSharedInterest
                ? (teaching.count == 1 ? " shares " : " share ") + Reasons.quoted(sharedTags, cohort)
                : (teaching.count == 1 ? " takes mentees" : " take mentees")
            return UnservedReason(.noCommonWindow, who + what + " but " + Reasons.closestOverlap(a, among: teaching.map { Int(index.mentors[$0]) }, cohort: cohort, needed: policy.checkinMinutes, what: "a check-in"))
        }
        let fits = free.map { Int(index.mentors[$0]) }
        let avoided = fits.filter { cohort.avoids(i, $0) }
        let changed = fits.first { a.changeMentor && a.currentMentor == $0 && !cohort.avoids(i, $0) }
        let mine2 = fits.first { $0 == primary && !cohort.avoids(i, $0) }
        return Reasons.excludedText(count: fits.count, avoided: avoided, changed: changed, primary: mine2, role: role, cohort: cohort)
    }
}

extension MentorIndex {
    /// Adds the allowed mentors of member `i` to `count`, and their
    /// `mentor_capacity` to `places` (`excluded`: a mentor never counted, `skipping`: pairs taken out).
    func countCandidates(of i: Int, excluded: Int = -1, scratch: inout TierScratch, count: inout Int, places: inout Int, skipping: (Int) -> Bool = { _ in false }) {
        var n = 0, p = 0
        guard prepare(i, excluded: excluded, scratch: &scratch) else { return }
        for tier in minimumTier...3 {
            scan(tier: tier, rotation: 0, restrict: nil, scratch: &scratch) { position, _ in
                let j = Int(mentors[position])
                if skipping(j) { return }
                n += 1
                p += cohort.members[j].mentorCapacity
            }
        }
        count += n
        places += p
    }
}
