/// "What to do next" (report.html): what an organizer can act on, computed
/// from the batch — mentors to recruit by interest and time band, members to
/// ask for availability, last quarter's pairs that could not continue and why,
/// and workshop sessions that would reach more people. Pure values; the page
/// renders them (docs/report.md).
public struct NextSteps: Sendable {
    /// Mentees without a mentor because no fitting mentor had a place, or none
    /// teaches their interest at their stage, or none shares a time: more
    /// mentors would serve them.
    public struct Recruit: Sendable, Hashable {
        public var interest: String
        /// Mentees blocked who list this interest.
        public var mentees: Int
        /// The lowest stage a new mentor needs (the mentees' lowest stage + `stage_gap`).
        public var minimumStage: Int
        /// Mentors to recruit at `max_mentees` each.
        public var mentors: Int
        /// Time bands (UTC) where most of these mentees have a check-in window, with counts, most first.
        public var bands: [(band: String, mentees: Int)]

        public static func == (a: Recruit, b: Recruit) -> Bool {
            a.interest == b.interest && a.mentees == b.mentees && a.minimumStage == b.minimumStage && a.mentors == b.mentors
                && a.bands.map(\.band) == b.bands.map(\.band) && a.bands.map(\.mentees) == b.bands.map(\.mentees)
        }
        public func hash(into h: inout Hasher) { h.combine(interest) }
    }

    /// Members to ask for (more) availability, per need.
    public struct Chase: Sendable, Hashable {
        public var need: String
        /// Members who gave no availability at all.
        public var noAvailability: [Int]
        /// Members whose windows are all shorter than the meeting.
        public var tooShort: [Int]
    }

    /// Last quarter's pairs that could not continue, grouped by what changed
    /// (the rule the pair breaks now, in an organizer's words).
    public struct BrokenPairs: Sendable, Hashable {
        public var reason: String
        /// What an organizer can do about it ("" when nothing).
        public var hint: String
        public var notes: [ContinuingNote]
        /// How many of these mentees have a (new) mentor this quarter.
        public var rematched: Int
    }

    /// One more workshop session: its start and how many more members it reaches.
    public struct ExtraSession: Sendable, Hashable {
        /// "Tue 18:00–19:30" (UTC).
        public var time: String
        public var extra: Int
    }

    /// Distinct mentees counted in `recruit`.
    public var blockedMentees: Int
    public var recruit: [Recruit]
    public var chase: [Chase]
    public var brokenPairs: [BrokenPairs]
    public var workshopSessions: Int
    public var workshopReached: Int
    public var workshopInvited: Int
    /// Greedy: the best further sessions, each given the ones before it.
    public var extraSessions: [ExtraSession]
    /// Events (check-ins, standups, buddy check-ins) that exist but got no weekly time.
    public var eventsNotFitted: Int

    /// Reason kinds that more mentors would fix.
    static let recruitKinds: Set<UnservedReason.Kind> = [.allFull, .noSharedInterest, .noneAtStage, .noMentors, .noCommonWindow]

    /// Four-hour UTC bands, weekdays and weekend: (label, slots).
    static let bands: [(label: String, slots: WeekSlots)] = {
        var result: [(String, WeekSlots)] = []
        for (label, days) in [("Mon–Fri", 0..<5), ("Sat–Sun", 5..<7)] {
            for b in 0..<6 {
                var s = WeekSlots()
                for d in days { s.insert(start: d * Week.slotsPerDay + b * 16, count: 16) }
                result.append(("\(label) \(Week.clock(b * 240))–\(Week.clock(b * 240 + 240)) UTC", s))
            }
        }
        return result
    }()

    public init(_ r: BatchResult, unmet: [UnmetNeed]) {
        let c = r.cohort
        let policy = c.policy
        // Mentors to recruit.
        var blocked: [Int] = []
        for u in r.unserved where u.need == .mentor && Self.recruitKinds.contains(u.reason.kind) { blocked.append(u.member) }
        blockedMentees = blocked.count
        let checkin = Week.slotCount(minutes: policy.checkinMinutes)
        var byInterest: [String: (mentees: Int, stage: Int, bands: [Int])] = [:]
        for i in blocked {
            let m = c.members[i]
            let starts = m.availability.starts(length: checkin)
            let inBands = Self.bands.indices.filter { starts.intersects(Self.bands[$0].slots) }
            let interests = m.interests.isEmpty ? ["(no interest listed)"] : m.interests.map { c.tags.name($0) }
            for name in interests {
                var v = byInterest[name] ?? (0, 6, [Int](repeating: 0, count: Self.bands.count))
                v.mentees += 1
                v.stage = min(v.stage, m.stage.rawValue + policy.stageGap)
                for b in inBands { v.bands[b] += 1 }
                byInterest[name] = v
            }
        }
        let perMentor = max(1, policy.maxMentees)
        recruit = byInterest.map { name, v in
            let bands = v.bands.indices.filter { v.bands[$0] > 0 }.sorted { (-v.bands[$0], $0) < (-v.bands[$1], $1) }.prefix(3)
            return Recruit(interest: name, mentees: v.mentees, minimumStage: min(5, v.stage), mentors: (v.mentees + perMentor - 1) / perMentor,
                           bands: bands.map { (Self.bands[$0].label, v.bands[$0]) })
        }.sorted { ($1.mentees, $0.interest) < ($0.mentees, $1.interest) }

        // Members to chase for availability, per need.
        let lengths: [String: Int] = ["mentor": policy.checkinMinutes, "buddy": policy.buddyMinutes, "team": policy.standupMinutes, "pod": policy.podMinutes,
                                      "workshop": policy.workshopMinutes]
        var chase: [Chase] = []
        for need in ["mentor", "buddy", "team", "pod", "workshop"] {
            let length = Week.slotCount(minutes: lengths[need]!)
            var none: [Int] = [], short: [Int] = []
            for u in unmet where u.need == need {
                let a = c.members[u.member].availability
                if a.isEmpty { none.append(u.member) } else if a.starts(length: length).isEmpty { short.append(u.member) }
            }
            if !none.isEmpty || !short.isEmpty { chase.append(Chase(need: need, noAvailability: none, tooShort: short)) }
        }
        self.chase = chase

        // Continuing pairs not kept, by what changed (the notes follow brokenContinuing one to one).
        let breaks = r.candidates.brokenContinuing
        var groups: [String: (hint: String, notes: [ContinuingNote])] = [:]
        for (k, note) in r.continuingNotes.enumerated() {
            let (label, hint) = k < breaks.count && breaks[k].mentee == note.mentee
                ? Self.cause(breaks[k].why, mentee: note.mentee, mentor: note.mentor, cohort: c)
                : (ReportText.kindLabel(note.reason.kind), "")
            groups[label, default: (hint, [])].notes.append(note)
        }
        var hasMentor = [Bool](repeating: false, count: c.members.count)
        for p in r.mentoring.pairs { hasMentor[p.mentee] = true }
        brokenPairs = groups.map { BrokenPairs(reason: $0.key, hint: $0.value.hint, notes: $0.value.notes, rematched: $0.value.notes.count { hasMentor[$0.mentee] }) }
            .sorted { ($1.notes.count, $0.reason) < ($0.notes.count, $1.reason) }

        // Workshop: who a further session would reach.
        workshopSessions = r.schedule.workshopEvents.count
        workshopReached = r.schedule.workshopSession.count { $0 >= 0 }
        workshopInvited = r.scheduleRequest.workshopAttendees.count
        let length = Week.slotCount(minutes: policy.workshopMinutes)
        var absent = r.schedule.workshopAbsences.map { c.members[$0.member].availability.starts(length: length) }.filter { !$0.isEmpty }
        var extra: [ExtraSession] = []
        for _ in 0..<3 where !absent.isEmpty {
            var count = [Int](repeating: 0, count: Week.slots)
            for starts in absent { for s in starts.slots { count[s] += 1 } }
            guard let best = count.indices.max(by: { (count[$0], $1) < (count[$1], $0) }), count[best] > 0 else { break }
            extra.append(ExtraSession(time: Week.describe(startSlot: best, slotCount: length), extra: count[best]))
            absent.removeAll { $0.contains(best) }
        }
        extraSessions = extra
        eventsNotFitted = r.schedule.unscheduled.count
    }

    /// Why last quarter's pair could not continue, as a group label, and what
    /// an organizer can do about it.
    static func cause(_ why: MentorCandidates.ContinuingBreak, mentee i: Int, mentor j: Int, cohort c: Cohort) -> (label: String, hint: String) {
        switch why {
        case .mentorFull: return ("the mentor's places went to their other continuing mentees", "raise their mentor_capacity if they agree")
        case .noCheckInTime: return ("no check-in time left beside the mentor's other continuing check-ins", "ask the pair for more availability")
        case .rule(let v):
            switch v {
            case .menteeNotEligible: return ("the mentee wants no mentor (or is not active) this quarter", "")
            case .mentorNotEligible:
                return c.members[j].isActive ? ("the mentor takes no mentees this quarter", "") : ("the mentor is \(c.members[j].status.rawValue) this quarter", "")
            case .sameMember: return ("a member cannot mentor themselves", "fix current_mentor in the roster")
            case .stageGap, .stageGapTooLarge: return ("their stages no longer fit the stage-gap rules", "")
            case .group: return ("the mentor_group rule separates them", "")
            case .noSharedInterest: return ("the mentor teaches none of the mentee's interests now", "ask whether they want to continue anyway (update interests or skills)")
            case .noCommonWindow:
                if c.members[i].availability.isEmpty || c.members[j].availability.isEmpty {
                    return ("one of them gave no availability", "ask them for their availability")
                }
                return ("they share no check-in time now", "ask the pair for more availability")
            case .avoided: return ("one lists the other under avoid", "")
            case .changeRequested: return ("the mentee asked to change mentor", "")
            }
        }
    }
}
