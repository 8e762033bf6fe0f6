/// `cohort rematch` (SPEC §1 "steps back", §5): mentors step back (`release`)
/// or mentees ask for a change (`change`) mid-quarter. Affected mentees get
/// their backup mentor where valid, otherwise a new mentor by the same rules;
/// every other pair, team and event stays exactly as it was; new check-ins
/// avoid existing events. Pure: the solver is injected, files are text.
/// docs/rematch.md has the rules and choices.
public enum MentorRematch {
    /// Quality bonus of a mentee's own backup mentor in the rematch pairing:
    /// larger than any sum of pair qualities, so the backup is taken whenever
    /// that does not leave another affected mentee without a mentor.
    static let backupBonus: Int32 = 100_000

    public struct Request: Sendable {
        /// Member ids of mentors who step back.
        public var release: [String]
        /// Member ids of mentees who ask for a new mentor.
        public var change: [String]
        /// Member ids of members taken off their team.
        public var leave: [String]
        /// Team ids (teams.csv) of teams dissolved, their members re-placed.
        public var dissolve: [String]
        public init(release: [String], change: [String], leave: [String] = [], dissolve: [String] = []) {
            self.release = release
            self.change = change
            self.leave = leave
            self.dissolve = dissolve
        }
    }

    /// One row of changes.csv.
    public struct Change: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case released, mentor, backup, checkin, team
            var order: Int {
                switch self {
                case .released: 0
                case .mentor: 1
                case .backup: 2
                case .checkin: 3
                case .team: 4
                }
            }
        }
        public var member: Int
        public var kind: Kind
        public var from: String
        public var to: String
        public var reason: String
    }

    public enum Failure: Error, Sendable {
        /// Input problems, each at its file and line or its flag (exit 1).
        case invalid([RematchProblem])
        case solver(SolverError)
    }

    public struct Outcome: Sendable {
        /// The new batch: the previous one with the affected pairs, backups and check-ins replaced.
        public var result: BatchResult
        /// changes.csv rows, by member id then kind.
        public var changes: [Change]
        /// The rematch pairing (affected mentees × mentors with places left) and the backup pairing.
        public var mentors: PhaseOutcome
        public var backups: PhaseOutcome
        /// The team re-placement model (`--leave`, `--dissolve-team`; docs/rematch.md §5a).
        public var teams: PhaseOutcome
        /// Every output file: those of `match` (unchanged rows identical) plus changes.csv.
        public var files: [(name: String, text: String)]
    }

    /// Checks `previous` against the roster, rebuilds that run (same inputs give
    /// the same batch, verified file by file), then applies the request.
    public static func run(cohort: Cohort, inputs: [InputFile], previous: PreviousRun, request: Request,
                           solver: any LinearSolver, threads: Int = 2, progress: Batch.Progress = { _ in },
                           meter: ProgressMeter = .none) throws(Failure) -> Outcome {
        var problems = previous.problems(cohort: cohort, inputs: inputs)
        // Team ids and who is on a team come from --from's teams.csv, once it is known to be good.
        let teamProblems = problems.isEmpty ? TeamRematch.requestProblems(leave: request.leave.filter { cohort.memberIndex[$0] != nil },
                                                                          dissolve: request.dissolve, previous: previous) : []
        problems += requestProblems(request, cohort: cohort) + teamProblems
        if !problems.isEmpty { throw .invalid(problems) }
        progress("rematch: rebuilding the previous run from the same inputs")
        let base: BatchResult
        do { base = try Batch.run(cohort, solver: solver, threads: threads, progress: { progress("  " + $0) }, meter: meter) } catch { throw .solver(error) }
        let text = ScheduleText(base.schedule, request: base.scheduleRequest)
        let expected: [(name: String, text: String)] = [
            ("pairings.csv", OutputFiles.pairings(base, text)), ("buddies.csv", OutputFiles.buddies(base, text)),
            ("teams.csv", OutputFiles.teams(base, text)), ("schedule.csv", text.scheduleCSV(writer: OutputFiles.writer)),
        ]
        let differences = previous.differences(expected)
        if !differences.isEmpty { throw .invalid(differences) }
        // Ids must name a mentor with duties / a matched mentee in that run.
        problems = dutyProblems(request, base: base, previous: previous)
        if !problems.isEmpty { throw .invalid(problems) }
        progress("rematch: moving the affected mentees")
        var outcome: Outcome
        do { outcome = try apply(request, to: base, solver: solver, threads: threads) } catch { throw .solver(error) }
        // Calendars as updates of the previous run's: an imported calendar follows
        // (same UID, higher SEQUENCE; removed events cancelled; docs/schedule.md §6).
        progress("rematch: rendering the outputs of \(cohort.members.count) members")
        let files = render(outcome, inputs: inputs, meter: meter)
        progress("rematch: the calendars as updates of those in --from")
        outcome.files = CalendarFile.revise(files, previous: previous.files)
        return outcome
    }

    /// Unknown ids and contradictions in the request itself.
    static func requestProblems(_ request: Request, cohort: Cohort) -> [RematchProblem] {
        var problems: [RematchProblem] = []
        if request.release.isEmpty && request.change.isEmpty && request.leave.isEmpty && request.dissolve.isEmpty { problems.append(.nothingRequested) }
        for id in request.release where cohort.memberIndex[id] == nil { problems.append(.unknownMember(flag: "--release", id: id)) }
        for id in request.change where cohort.memberIndex[id] == nil { problems.append(.unknownMember(flag: "--change", id: id)) }
        for id in request.leave where cohort.memberIndex[id] == nil { problems.append(.unknownMember(flag: "--leave", id: id)) }
        for id in Set(request.release).intersection(request.change).sorted() { problems.append(.releasedAndChanged(id: id)) }
        return problems
    }

    static func dutyProblems(_ request: Request, base: BatchResult, previous: PreviousRun) -> [RematchProblem] {
        let c = base.cohort
        var problems: [RematchProblem] = []
        var hasDuty = Set<Int>()
        for p in base.mentoring.pairs { hasDuty.insert(p.mentor) }
        for a in base.backups.assignments { hasDuty.insert(a.backup) }
        let matched = Set(base.mentoring.pairs.map(\.mentee))
        for id in request.release where !hasDuty.contains(c.memberIndex[id]!) {
            problems.append(.noDuties(id: id, pairings: previous.path("pairings.csv")))
        }
        for id in request.change where !matched.contains(c.memberIndex[id]!) {
            problems.append(.noMentor(id: id, pairings: previous.path("pairings.csv")))
        }
        return problems
    }

    /// The rematch itself, on a rebuilt batch: who is affected, their new
    /// mentors, the backups, the check-ins, the released mentors
    /// (docs/rematch.md §2–5, one function each).
    public static func apply(_ request: Request, to base: BatchResult, solver: any LinearSolver, threads: Int = 2) throws(SolverError) -> Outcome {
        let affected = Affected(request, base: base)
        let mentors = try newMentors(affected, solver: solver, threads: threads)
        let backups = try newBackups(affected, mentors: mentors, solver: solver, threads: threads)
        let checkIns = newCheckIns(affected, mentors: mentors)
        let c = base.cohort
        var result = base
        result.mentoring = mentors.matching
        result.backups = backups.backups
        result.unserved = backups.unserved
        result.schedule = checkIns.schedule
        result.scheduleRequest.checkIns = mentors.matching.pairs.map { CheckInPair(mentee: $0.mentee, mentor: $0.mentor) }
        // Team changes after the check-ins: a member joins a team only at a standup clear of their new check-in.
        let teams = try TeamRematch.apply(leave: Set(request.leave.compactMap { c.memberIndex[$0] }), dissolve: Set(request.dissolve),
                                          to: result, solver: solver)
        result.teams = teams.teams
        result.schedule = teams.schedule
        result.scheduleRequest = teams.request
        let changes = (mentors.changes + backups.changes + checkIns.changes + releasedChanges(affected) + teams.changes)
            .sorted { (c.members[$0.member].id, $0.kind.order) < (c.members[$1.member].id, $1.kind.order) }
        return Outcome(result: result, changes: changes, mentors: mentors.quality, backups: backups.quality, teams: teams.quality, files: [])
    }

    /// §2, who is affected: the mentees of released mentors and those asking
    /// for a change (member order), and the mentor load of every other pair.
    struct Affected {
        let base: BatchResult
        let released: Set<Int>
        let changing: Set<Int>
        let oldMentor: [Int: Int]
        let mentees: [Int]
        let menteeSet: Set<Int>
        /// Per member: mentees kept from the previous run.
        let keptLoad: [Int]

        init(_ request: Request, base: BatchResult) {
            let c = base.cohort
            self.base = base
            released = Set(request.release.compactMap { c.memberIndex[$0] })
            changing = Set(request.change.compactMap { c.memberIndex[$0] })
            var oldMentor: [Int: Int] = [:]
            for p in base.mentoring.pairs { oldMentor[p.mentee] = p.mentor }
            self.oldMentor = oldMentor
            let (released, changing) = (released, changing)
            mentees = base.mentoring.pairs.filter { released.contains($0.mentor) || changing.contains($0.mentee) }.map(\.mentee)
            menteeSet = Set(mentees)
            var load = [Int](repeating: 0, count: c.members.count)
            for p in base.mentoring.pairs where !menteeSet.contains(p.mentee) { load[p.mentor] += 1 }
            keptLoad = load
        }

        func id(_ m: Int) -> String { base.cohort.members[m].id }
    }

    /// §2: the new mentors and what follows from them.
    struct NewMentors {
        var matching: MentorMatching
        var newMentor: [Int: Int]
        /// Per member: mentees after the rematch.
        var load: [Int]
        var changes: [Change]
        /// unmatched.csv rows: the previous ones and the affected mentees left without a mentor.
        var unserved: [Unserved]
        var reasons: [Int: String]
        var quality: PhaseOutcome
    }

    /// One pairing of the affected mentees × mentors with a place left
    /// (released mentors and each mentee's old mentor excluded): the mentor
    /// candidate graph of the restricted cohort, the mentee's backup given a
    /// bonus above any quality, solved by `PairingSolver`.
    static func newMentors(_ a: Affected, solver: any LinearSolver, threads: Int) throws(SolverError) -> NewMentors {
        let base = a.base, c = base.cohort, members = c.members
        let rules = MentorRules(policy: c.policy)
        let candidates = MentorCandidates(cohort: rematchCohort(a), threads: threads)
        let graph = candidates.graph.adding { person, partner in partner == base.backups.backup(of: person) ? backupBonus : 0 }
        var newMentor: [Int: Int] = [:], position: [Int: Int] = [:]
        for (k, i) in graph.people.enumerated() { position[Int(i)] = k }
        // Warm start: the engine starts from the previous run's plan for these
        // mentees, their backup mentors (where still a candidate with a place),
        // and from what fits here of the previous run's tree.
        let previous = graph.people.indices.compactMap { k -> FoundPair? in
            guard let b = base.backups.backup(of: Int(graph.people[k])), let p = graph.partners.position(of: Int32(b)),
                  let e = graph.pairs(of: k).first(where: { graph.partner[$0] == Int32(p) }) else { return nil }
            return FoundPair(person: Int32(k), partner: Int32(p), quality: graph.quality[e])
        }
        let solution = try PairingSolver.solve(graph, solver: solver, timeLimit: c.policy.timeLimitSeconds, threads: threads, previous: previous,
                                               previousEngine: base.mentoring.engine)
        for (k, e) in solution.chosenPair.enumerated() where e >= 0 {
            newMentor[Int(graph.people[k])] = Int(graph.partners[Int(graph.partner[e])])
        }

        // The new pairs (mentee order) and who is left without a mentor.
        var load = a.keptLoad
        var pairs: [MentorPair] = []
        for p in base.mentoring.pairs {
            if !a.menteeSet.contains(p.mentee) { pairs.append(p); continue }
            if let j = newMentor[p.mentee] {
                pairs.append(MentorPair(mentee: p.mentee, mentor: j, continuing: false, quality: Int(rules.quality(mentee: p.mentee, mentor: j, in: c))))
                load[j] += 1
            }
        }
        var changes: [Change] = []
        var unserved = base.unserved
        var reasons: [Int: String] = [:]
        for i in a.mentees {
            let old = a.oldMentor[i]!
            let why = a.released.contains(old) ? "mentor \(a.id(old)) stepped back" : "asked for a change of mentor"
            let backup = base.backups.backup(of: i)
            if let j = newMentor[i] {
                var reason = why + (j == backup ? "; their backup mentor took over" : "; new mentor by the pair rules")
                if j != backup, let b = backup { reason += " (backup \(a.id(b)) " + backupUnavailable(b, mentee: i, old: old, released: a.released, load: load, rules: rules, c: c) + ")" }
                changes.append(Change(member: i, kind: .mentor, from: a.id(old), to: a.id(j), reason: reason))
            } else {
                var reason = why + "; " + noMentorReason(i, old: old, released: a.released, graph: graph, position: position[i]!, rules: rules, c: c)
                if let b = backup, !a.released.contains(b), load[b] >= members[b].mentorCapacity {
                    reason += " (backup \(a.id(b)) has no place left: backups never go over a mentor's capacity)"
                }
                reasons[i] = reason
                changes.append(Change(member: i, kind: .mentor, from: a.id(old), to: "", reason: reason))
                unserved.append(Unserved(member: i, need: .mentor, reason: UnservedReason(.allFull, reason)))
            }
        }
        var matching = base.mentoring
        matching.pairs = pairs
        matching.unmatched = (matching.unmatched + a.mentees.filter { newMentor[$0] == nil }).sorted()
        return NewMentors(matching: matching, newMentor: newMentor, load: load, changes: changes, unserved: unserved, reasons: reasons, quality: solution.quality)
    }

    /// §3: the backups after the rematch, their changes and the unmatched.csv rows.
    struct NewBackups {
        var backups: BackupMentors
        var changes: [Change]
        var unserved: [Unserved]
        var quality: PhaseOutcome
    }

    /// A backup is kept unless released, now the mentee's mentor, no longer
    /// fitting, or the mentee lost their mentor; those who need one get it
    /// from the backup candidate graph of the new matching, cut to them and to
    /// the backup places left.
    static func newBackups(_ a: Affected, mentors: NewMentors, solver: any LinearSolver, threads: Int) throws(SolverError) -> NewBackups {
        let base = a.base, c = base.cohort, members = c.members
        let rules = MentorRules(policy: c.policy)
        let pairs = mentors.matching.pairs
        var kept: [Int: Int] = [:]  // mentee → backup
        var backupLoad = [Int](repeating: 0, count: members.count)
        var needBackup: [Int] = []
        var oldBackup: [Int: Int] = [:]
        for b in base.backups.assignments { oldBackup[b.mentee] = b.backup }
        for p in pairs {
            if let b = oldBackup[p.mentee], !a.released.contains(b), b != p.mentor, rules.violation(mentee: p.mentee, mentor: b, in: c) == nil {
                kept[p.mentee] = b
                backupLoad[b] += 1
            } else if oldBackup[p.mentee] != nil || a.menteeSet.contains(p.mentee) {
                needBackup.append(p.mentee)
            }
        }
        let places = members.indices.map { a.released.contains($0) ? 0 : Int32(max(0, c.policy.maxBackups - backupLoad[$0])) }
        let bGraph = BackupCandidates(matching: mentors.matching, cohort: c, limit: nil, threads: threads).graph
            .restricted(to: Set(needBackup), places: places)
        let bSolution = try PairingSolver.solve(bGraph, solver: solver, timeLimit: c.policy.timeLimitSeconds, threads: threads)
        var newBackup: [Int: Int] = [:]
        for (k, e) in bSolution.chosenPair.enumerated() where e >= 0 { newBackup[Int(bGraph.people[k])] = Int(bGraph.partners[Int(bGraph.partner[e])]) }
        var assignments: [BackupAssignment] = []
        var without: [Int] = []
        let load = mentors.load
        for p in pairs {
            guard let b = kept[p.mentee] ?? newBackup[p.mentee] else {
                without.append(p.mentee)
                continue
            }
            let q = Int(rules.quality(mentee: p.mentee, mentor: b, in: c)) + (load[b] < members[b].mentorCapacity ? Int(BackupMentors.freePlaceBonus) : 0)
            let old = base.backups.assignments.first { $0.mentee == p.mentee && $0.backup == b }
            assignments.append(old.map { var x = $0; x.mentor = p.mentor; return x }
                               ?? BackupAssignment(mentee: p.mentee, mentor: p.mentor, backup: b, quality: q, backupHasFreePlace: load[b] < members[b].mentorCapacity))
        }
        // Backup changes and reasons.
        var changes: [Change] = []
        let graphPosition = Dictionary(uniqueKeysWithValues: bGraph.people.enumerated().map { (Int($1), $0) })
        for p in pairs {
            let before = oldBackup[p.mentee], after = kept[p.mentee] ?? newBackup[p.mentee]
            if before == after { continue }
            var why: String
            if let b = before, a.released.contains(b) { why = "backup \(a.id(b)) stepped back" }
            else if let b = before, b == p.mentor { why = "backup \(a.id(b)) became the mentor" }
            else if a.menteeSet.contains(p.mentee) { why = "new mentor \(a.id(p.mentor))" }
            else { why = "backup changed" }
            if after == nil, let k = graphPosition[p.mentee] {
                why += bGraph.pairs(of: k).isEmpty ? "; no other mentor who fits the pair rules has a backup place left" : "; the mentors who fit went to other mentees as backups"
            }
            changes.append(Change(member: p.mentee, kind: .backup, from: before.map(a.id) ?? "", to: after.map(a.id) ?? "", reason: why))
        }
        // unmatched.csv rows: drop the affected mentees' mentor/backup rows and
        // those of mentees whose backup changed; add the new ones.
        var unserved = mentors.unserved
        let touched = a.menteeSet.union(needBackup)
        unserved.removeAll { touched.contains($0.member) && ($0.need == .backup || ($0.need == .mentor && mentors.reasons[$0.member] == nil)) }
        let withBackup = Set(assignments.map(\.mentee))
        for i in needBackup where !withBackup.contains(i) {
            unserved.append(Unserved(member: i, need: .backup, reason: UnservedReason(.allFull, "after the rematch, no mentor other than your own who fits the pair rules has a backup place left")))
        }
        unserved.sort { ($0.member, needOrder($0.need)) < ($1.member, needOrder($1.need)) }
        var backups = base.backups
        backups.assignments = assignments
        backups.withoutBackup = without.sorted()
        return NewBackups(backups: backups, changes: changes, unserved: unserved, quality: bSolution.quality)
    }

    /// §4: every event is kept except the affected pairs' check-ins; each new
    /// pair's check-in is the scheduler's check-in event at its best start
    /// clear of both members' weekly events, placed in mentee order; in a week
    /// where one of them is at the kickoff or a mentor circle then, it gives way.
    static func newCheckIns(_ a: Affected, mentors: NewMentors) -> (schedule: WeeklySchedule, changes: [Change]) {
        let base = a.base, c = base.cohort, members = c.members
        var schedule = base.schedule
        let pairs = mentors.matching.pairs
        let removedIDs = Set(a.mentees.map { "checkin-" + a.id($0) })
        let oldEvents = schedule.events
        var events = oldEvents.filter { !($0.kind == .checkin && removedIDs.contains($0.id)) }
        var busy = [WeekSlots](repeating: WeekSlots(), count: members.count)
        // The kickoff and mentor circles are one-offs: a new check-in gives way to them in their week.
        for ev in events where !ev.kind.isCohortSession { for p in ev.participants { busy[p].insert(start: ev.startSlot, count: ev.slotCount) } }
        let sessions = events.filter { $0.kind.isCohortSession }
        let length = MentorRules(policy: c.policy).checkinSlots
        var pairIndex: [Int: Int] = [:]
        for (k, p) in pairs.enumerated() { pairIndex[p.mentee] = k }
        for k in events.indices where events[k].kind == .checkin {
            let mentee = events[k].participants.first { pairIndex[$0] != nil && a.oldMentor[$0] != nil && events[k].id == "checkin-" + a.id($0) }
            if let mentee { events[k].source = pairIndex[mentee]! }
        }
        var unscheduled = schedule.unscheduled.filter { !($0.kind == .checkin && removedIDs.contains($0.id)) }
        var changes: [Change] = []
        for i in a.mentees {
            let old = oldEvents.first { $0.kind == .checkin && $0.id == "checkin-" + a.id(i) }
            guard let j = mentors.newMentor[i] else {
                if let old { changes.append(Change(member: i, kind: .checkin, from: Week.describe(startSlot: old.startSlot, slotCount: old.slotCount) + " UTC", to: "", reason: "no mentor")) }
                continue
            }
            let event = Scheduler.checkInEvent(CheckInPair(mentee: i, mentor: j), source: pairIndex[i]!, members: members, length: length, week: c.week)
            let taken = busy[i].union(busy[j])
            let from = old.map { Week.describe(startSlot: $0.startSlot, slotCount: $0.slotCount) + " UTC" } ?? ""
            if let start = event.ranked.lazy.map(Int.init).first(where: { SlotMath.isFree(taken, start: $0, length: length) }) {
                var placed = event.scheduled(at: start, instants: c.week.occurrences(startSlot: start, length: length, zones: Set(event.participants.map { members[$0].timeZone })))
                CohortSessionPlanner.giveWay(&placed, to: sessions)
                events.append(placed)
                for p in event.participants { busy[p].insert(start: start, count: length) }
                changes.append(Change(member: i, kind: .checkin, from: from, to: Week.describe(startSlot: start, slotCount: length) + " UTC",
                                      reason: "check-in with \(a.id(j)), clear of both members' events"))
            } else {
                let reason = event.allowed.isEmpty ? "\(a.id(i)) and \(a.id(j)) share no \(c.policy.checkinMinutes)-minute window"
                    : "every common time (\(event.allowed.count) starts) is taken by an existing event of \(a.id(i)) or \(a.id(j))"
                unscheduled.append(UnscheduledEvent(id: event.id, kind: .checkin, participants: event.participants, source: event.source, reason: reason))
                changes.append(Change(member: i, kind: .checkin, from: from, to: "", reason: reason))
            }
        }
        schedule.events = Scheduler.ordered(events)
        schedule.unscheduled = unscheduled.sorted { ($0.kind.order, $0.id) < ($1.kind.order, $1.id) }
        var request = base.scheduleRequest
        request.checkIns = pairs.map { CheckInPair(mentee: $0.mentee, mentor: $0.mentor) }
        schedule.index(request)
        return (schedule, changes)
    }

    /// §5: the released mentors themselves.
    static func releasedChanges(_ a: Affected) -> [Change] {
        a.released.sorted().map { j in
            let moved = a.base.mentoring.pairs.filter { $0.mentor == j }.count
            let duties = a.base.backups.assignments.filter { $0.backup == j }.count
            return Change(member: j, kind: .released, from: "\(moved) mentee(s), backup for \(duties)", to: "",
                          reason: "stepped back from mentoring this quarter (teams, workshop and buddies unchanged)")
        }
    }

    static func needOrder(_ n: UnservedNeed) -> Int { n == .mentor ? 0 : n == .backup ? 1 : 2 }

    static func backupUnavailable(_ b: Int, mentee i: Int, old: Int, released: Set<Int>, load: [Int], rules: MentorRules, c: Cohort) -> String {
        if released.contains(b) { return "stepped back too" }
        if b == old { return "is the mentor asked to change" }
        if rules.violation(mentee: i, mentor: b, in: c) != nil { return "no longer fits the pair rules" }
        return "had no place left for another affected mentee"
    }

    static func noMentorReason(_ i: Int, old: Int, released: Set<Int>, graph: PairingGraph, position: Int, rules: MentorRules, c: Cohort) -> String {
        let candidates = graph.pairs(of: position).count
        if candidates > 0 { return "the \(candidates) mentor(s) who fit and had a place left went to other affected mentees" }
        let fitting = c.members.indices.filter { j in
            j != old && !released.contains(j) && rules.isMentor(c.members[j]) && rules.violation(mentee: i, mentor: j, in: c) == nil
        }.count
        if fitting == 0 { return "no other opted-in mentor fits the pair rules" }
        return "all \(fitting) other mentor(s) who fit are at capacity"
    }
}
