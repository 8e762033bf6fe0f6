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
        public init(release: [String], change: [String]) {
            self.release = release
            self.change = change
        }
    }

    /// One row of changes.csv.
    public struct Change: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case released, mentor, backup, checkin
            var order: Int {
                switch self {
                case .released: 0
                case .mentor: 1
                case .backup: 2
                case .checkin: 3
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
        /// Input problems, each `PATH:LINE: message` or `--flag ID: message` (exit 1).
        case invalid([String])
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
        /// Every output file: those of `match` (unchanged rows identical) plus changes.csv.
        public var files: [(name: String, text: String)]
    }

    /// Checks `previous` against the roster, rebuilds that run (same inputs give
    /// the same batch, verified file by file), then applies the request.
    public static func run(cohort: Cohort, inputs: [InputFile], previous: PreviousRun, request: Request,
                           solver: any LinearSolver, threads: Int = 2, progress: Batch.Progress = { _ in }) throws(Failure) -> Outcome {
        var problems = previous.problems(cohort: cohort, inputs: inputs)
        problems += requestProblems(request, cohort: cohort)
        if !problems.isEmpty { throw .invalid(problems) }
        progress("rematch: rebuilding the previous run from the same inputs")
        let base: BatchResult
        do { base = try Batch.run(cohort, solver: solver, threads: threads, progress: { progress("  " + $0) }) } catch { throw .solver(error) }
        let text = ScheduleText(base.schedule, request: base.scheduleRequest)
        let expected: [(name: String, text: String)] = [
            ("pairings.csv", OutputFiles.pairings(base, text)), ("buddies.csv", OutputFiles.buddies(base)),
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
        outcome.files = render(outcome, inputs: inputs)
        return outcome
    }

    /// Unknown ids and contradictions in the request itself.
    static func requestProblems(_ request: Request, cohort: Cohort) -> [String] {
        var problems: [String] = []
        if request.release.isEmpty && request.change.isEmpty { problems.append("rematch: give at least one --release MENTOR_ID or --change MENTEE_ID") }
        for id in request.release where cohort.memberIndex[id] == nil { problems.append("--release \(id): no member with this id in the roster") }
        for id in request.change where cohort.memberIndex[id] == nil { problems.append("--change \(id): no member with this id in the roster") }
        for id in Set(request.release).intersection(request.change).sorted() { problems.append("--release \(id) and --change \(id): one member cannot be both") }
        return problems
    }

    static func dutyProblems(_ request: Request, base: BatchResult, previous: PreviousRun) -> [String] {
        let c = base.cohort
        var problems: [String] = []
        var hasDuty = Set<Int>()
        for p in base.mentoring.pairs { hasDuty.insert(p.mentor) }
        for a in base.backups.assignments { hasDuty.insert(a.backup) }
        let matched = Set(base.mentoring.pairs.map(\.mentee))
        for id in request.release where !hasDuty.contains(c.memberIndex[id]!) {
            problems.append("--release \(id): \(id) is neither a mentor nor a backup mentor in \(previous.path("pairings.csv"))")
        }
        for id in request.change where !matched.contains(c.memberIndex[id]!) {
            problems.append("--change \(id): \(id) has no mentor in \(previous.path("pairings.csv")) (nothing to change)")
        }
        return problems
    }

    /// The rematch itself, on a rebuilt batch.
    public static func apply(_ request: Request, to base: BatchResult, solver: any LinearSolver, threads: Int = 2) throws(SolverError) -> Outcome {
        let c = base.cohort
        let members = c.members
        let rules = MentorRules(policy: c.policy)
        let released = Set(request.release.compactMap { c.memberIndex[$0] })
        let changing = Set(request.change.compactMap { c.memberIndex[$0] })
        let id = { (m: Int) in members[m].id }

        // 1. Affected pairs: those of released mentors, and change requests.
        let oldPairs = base.mentoring.pairs
        var oldMentor: [Int: Int] = [:]
        for p in oldPairs { oldMentor[p.mentee] = p.mentor }
        let affected = oldPairs.filter { released.contains($0.mentor) || changing.contains($0.mentee) }.map(\.mentee)  // member order
        let affectedSet = Set(affected)
        var load = [Int](repeating: 0, count: members.count)
        for p in oldPairs where !affectedSet.contains(p.mentee) { load[p.mentor] += 1 }

        // 2. One small pairing: affected mentees × mentors with a place left
        //    (released mentors and each mentee's old mentor excluded); the
        //    mentee's backup gets a bonus above any quality.
        var partners: [Int32] = [], capacity: [Int32] = []
        var partnerPosition: [Int: Int] = [:]
        for (j, m) in members.enumerated() where rules.isMentor(m) && !released.contains(j) && load[j] < m.mentorCapacity {
            partnerPosition[j] = partners.count
            partners.append(Int32(j))
            capacity.append(Int32(m.mentorCapacity - load[j]))
        }
        var offsets = [0], partnerOf: [Int32] = [], quality: [Int32] = []
        for i in affected {
            let backup = base.backups.backup(of: i)
            for (k, j32) in partners.enumerated() {
                let j = Int(j32)
                guard j != oldMentor[i], rules.violation(mentee: i, mentor: j, in: c) == nil else { continue }
                partnerOf.append(Int32(k))
                quality.append(rules.quality(mentee: i, mentor: j, in: c) + (j == backup ? backupBonus : 0))
            }
            offsets.append(partnerOf.count)
        }
        let graph = PairingGraph(people: affected.map { Int32($0) }, partners: partners, capacity: capacity, offsets: offsets,
                                 partner: partnerOf, quality: quality, extraPlaceCost: MentorRules.extraMenteeCost)
        let solution = try PairingSolver.solve(graph, solver: solver, timeLimit: c.policy.timeLimitSeconds, threads: threads)
        var newMentor: [Int: Int] = [:]
        for (k, e) in solution.chosenPair.enumerated() where e >= 0 {
            newMentor[affected[k]] = Int(partners[Int(partnerOf[e])])
        }

        // 3. The new pairs (mentee order) and who is left without a mentor.
        var pairs: [MentorPair] = []
        for p in oldPairs {
            if !affectedSet.contains(p.mentee) { pairs.append(p); continue }
            if let j = newMentor[p.mentee] {
                pairs.append(MentorPair(mentee: p.mentee, mentor: j, continuing: false, quality: Int(rules.quality(mentee: p.mentee, mentor: j, in: c))))
                load[j] += 1
            }
        }
        var changes: [Change] = []
        var unserved = base.unserved
        var mentorReason: [Int: String] = [:]
        for i in affected {
            let old = oldMentor[i]!
            let why = released.contains(old) ? "mentor \(id(old)) stepped back" : "asked for a change of mentor"
            let backup = base.backups.backup(of: i)
            if let j = newMentor[i] {
                var reason = why + (j == backup ? "; their backup mentor took over" : "; new mentor by the pair rules")
                if j != backup, let b = backup { reason += " (backup \(id(b)) " + backupUnavailable(b, mentee: i, old: old, released: released, load: load, rules: rules, c: c) + ")" }
                changes.append(Change(member: i, kind: .mentor, from: id(old), to: id(j), reason: reason))
            } else {
                var reason = why + "; " + noMentorReason(i, old: old, released: released, graph: graph, position: affected.firstIndex(of: i)!, rules: rules, c: c)
                if let b = backup, !released.contains(b), load[b] >= members[b].mentorCapacity {
                    reason += " (backup \(id(b)) has no place left: backups never go over a mentor's capacity)"
                }
                mentorReason[i] = reason
                changes.append(Change(member: i, kind: .mentor, from: id(old), to: "", reason: reason))
                unserved.append(Unserved(member: i, need: .mentor, reason: UnservedReason(.allFull, reason)))
            }
        }
        var matching = base.mentoring
        matching.pairs = pairs
        matching.unmatched = (matching.unmatched + affected.filter { newMentor[$0] == nil }).sorted()

        // 4. Backups. Kept unless released, now the mentee's mentor, or the
        //    mentee lost their mentor; those who need one get it from a small pairing.
        var primary: [Int: Int] = [:]
        for p in pairs { primary[p.mentee] = p.mentor }
        var kept: [Int: Int] = [:]  // mentee → backup
        var backupLoad = [Int](repeating: 0, count: members.count)
        var needBackup: [Int] = []
        var oldBackup: [Int: Int] = [:]
        for a in base.backups.assignments { oldBackup[a.mentee] = a.backup }
        for p in pairs {
            if let b = oldBackup[p.mentee], !released.contains(b), b != p.mentor, rules.violation(mentee: p.mentee, mentor: b, in: c) == nil {
                kept[p.mentee] = b
                backupLoad[b] += 1
            } else if oldBackup[p.mentee] != nil || affectedSet.contains(p.mentee) {
                needBackup.append(p.mentee)
            }
        }
        var bPartners: [Int32] = [], bCapacity: [Int32] = []
        for (j, m) in members.enumerated() where rules.isMentor(m) && !released.contains(j) && backupLoad[j] < c.policy.maxBackups {
            bPartners.append(Int32(j))
            bCapacity.append(Int32(c.policy.maxBackups - backupLoad[j]))
        }
        var bOffsets = [0], bPartnerOf: [Int32] = [], bQuality: [Int32] = []
        for i in needBackup {
            for (k, j32) in bPartners.enumerated() {
                let j = Int(j32)
                guard j != primary[i], rules.violation(mentee: i, mentor: j, in: c) == nil else { continue }
                bPartnerOf.append(Int32(k))
                bQuality.append(rules.quality(mentee: i, mentor: j, in: c) + (load[j] < members[j].mentorCapacity ? BackupMentors.freePlaceBonus : 0))
            }
            bOffsets.append(bPartnerOf.count)
        }
        let bGraph = PairingGraph(people: needBackup.map { Int32($0) }, partners: bPartners, capacity: bCapacity, offsets: bOffsets,
                                  partner: bPartnerOf, quality: bQuality, extraPlaceCost: BackupMentors.extraBackupCost)
        let bSolution = try PairingSolver.solve(bGraph, solver: solver, timeLimit: c.policy.timeLimitSeconds, threads: threads)
        var newBackup: [Int: Int] = [:]
        for (k, e) in bSolution.chosenPair.enumerated() where e >= 0 { newBackup[needBackup[k]] = Int(bPartners[Int(bPartnerOf[e])]) }
        var assignments: [BackupAssignment] = []
        var without: [Int] = []
        for p in pairs {
            guard let b = kept[p.mentee] ?? newBackup[p.mentee] else {
                without.append(p.mentee)
                continue
            }
            let q = Int(rules.quality(mentee: p.mentee, mentor: b, in: c)) + (load[b] < members[b].mentorCapacity ? Int(BackupMentors.freePlaceBonus) : 0)
            let old = base.backups.assignments.first { $0.mentee == p.mentee && $0.backup == b }
            assignments.append(old.map { var a = $0; a.mentor = p.mentor; return a }
                               ?? BackupAssignment(mentee: p.mentee, mentor: p.mentor, backup: b, quality: q, backupHasFreePlace: load[b] < members[b].mentorCapacity))
        }
        // Backup changes and reasons.
        for p in pairs {
            let before = oldBackup[p.mentee], after = kept[p.mentee] ?? newBackup[p.mentee]
            if before == after { continue }
            var why: String
            if let b = before, released.contains(b) { why = "backup \(id(b)) stepped back" }
            else if let b = before, b == p.mentor { why = "backup \(id(b)) became the mentor" }
            else if affectedSet.contains(p.mentee) { why = "new mentor \(id(p.mentor))" }
            else { why = "backup changed" }
            if after == nil, let k = needBackup.firstIndex(of: p.mentee) {
                why += bGraph.pairs(of: k).isEmpty ? "; no other mentor who fits the pair rules has a backup place left" : "; the mentors who fit went to other mentees as backups"
            }
            changes.append(Change(member: p.mentee, kind: .backup, from: before.map(id) ?? "", to: after.map(id) ?? "", reason: why))
        }
        // unmatched.csv rows: drop the affected mentees' mentor/backup rows and
        // those of mentees whose backup changed; add the new ones.
        let touched = affectedSet.union(needBackup)
        unserved.removeAll { touched.contains($0.member) && ($0.need == .backup || ($0.need == .mentor && mentorReason[$0.member] == nil)) }
        let withBackup = Set(assignments.map(\.mentee))
        for i in needBackup where !withBackup.contains(i) {
            unserved.append(Unserved(member: i, need: .backup, reason: UnservedReason(.allFull, "after the rematch, no mentor other than your own who fits the pair rules has a backup place left")))
        }
        unserved.sort { ($0.member, needOrder($0.need)) < ($1.member, needOrder($1.need)) }
        var backups = base.backups
        backups.assignments = assignments
        backups.withoutBackup = without.sorted()

        // 5. Check-ins: keep every event except the affected pairs' check-ins;
        //    place each new pair's at a time both can make, clear of their events.
        var schedule = base.schedule
        let removedIDs = Set(affected.map { "checkin-" + id($0) })
        let oldEvents = schedule.events
        var events = oldEvents.filter { !($0.kind == .checkin && removedIDs.contains($0.id)) }
        var busy = [WeekSlots](repeating: WeekSlots(), count: members.count)
        for ev in events { for p in ev.participants { busy[p].insert(start: ev.startSlot, count: ev.slotCount) } }
        let length = rules.checkinSlots
        var pairIndex: [Int: Int] = [:]
        for (k, p) in pairs.enumerated() { pairIndex[p.mentee] = k }
        for k in events.indices where events[k].kind == .checkin {
            let mentee = events[k].participants.first { pairIndex[$0] != nil && oldMentor[$0] != nil && events[k].id == "checkin-" + id($0) }
            if let mentee { events[k].source = pairIndex[mentee]! }
        }
        var unscheduled = schedule.unscheduled.filter { !($0.kind == .checkin && removedIDs.contains($0.id)) }
        for i in affected {
            let old = oldEvents.first { $0.kind == .checkin && $0.id == "checkin-" + id(i) }
            guard let j = newMentor[i] else {
                if let old { changes.append(Change(member: i, kind: .checkin, from: Week.describe(startSlot: old.startSlot, slotCount: old.slotCount) + " UTC", to: "", reason: "no mentor")) }
                continue
            }
            let participants = [i, j].sorted()
            let common = SchedulablePairs.commonStarts(mentee: i, mentor: j, cohort: c)
            let blocked = SlotMath.blockedStarts(busy[i].union(busy[j]), length: length)
            let open = common.subtracting(blocked)
            var best: (start: Int, score: Int)? = nil
            for s in open.slots {
                let score = SlotMath.score(members, participants, start: s, length: length)
                if best == nil || score > best!.score { best = (s, score) }
            }
            let eventID = "checkin-" + id(i)
            let from = old.map { Week.describe(startSlot: $0.startSlot, slotCount: $0.slotCount) + " UTC" } ?? ""
            if let best {
                let instants = c.week.occurrences(startSlot: best.start, length: length, zones: participants.map { members[$0].timeZone })
                events.append(ScheduledEvent(id: eventID, kind: .checkin, participants: participants, startSlot: best.start, slotCount: length,
                                             week: nil, occurrences: instants.count, source: pairIndex[i]!, instants: instants))
                for p in participants { busy[p].insert(start: best.start, count: length) }
                changes.append(Change(member: i, kind: .checkin, from: from, to: Week.describe(startSlot: best.start, slotCount: length) + " UTC",
                                      reason: "check-in with \(id(j)), clear of both members' events"))
            } else {
                let reason = common.isEmpty ? "\(id(i)) and \(id(j)) share no \(c.policy.checkinMinutes)-minute window"
                    : "every common time (\(common.count) starts) is taken by an existing event of \(id(i)) or \(id(j))"
                unscheduled.append(UnscheduledEvent(id: eventID, kind: .checkin, participants: participants, source: pairIndex[i]!, reason: reason))
                changes.append(Change(member: i, kind: .checkin, from: from, to: "", reason: reason))
            }
        }
        events = sortedEvents(events)
        schedule.events = events
        schedule.unscheduled = unscheduled.sorted { ($0.kind.order, $0.id) < ($1.kind.order, $1.id) }
        schedule.checkInEvent = [Int?](repeating: nil, count: pairs.count)
        schedule.standupEvent = [Int?](repeating: nil, count: base.scheduleRequest.teams.count)
        schedule.buddyEvents = [[Int]](repeating: [], count: base.scheduleRequest.buddies.count)
        schedule.workshopEvents = []
        schedule.demoEvents = [Int](repeating: -1, count: schedule.demoSessions.count)
        for (k, ev) in events.enumerated() {
            switch ev.kind {
            case .checkin: schedule.checkInEvent[ev.source] = k
            case .standup: schedule.standupEvent[ev.source] = k
            case .buddy: schedule.buddyEvents[ev.source].append(k)
            case .workshop: schedule.workshopEvents.append(k)
            case .demo: schedule.demoEvents[ev.source] = k
            }
        }
        var scheduleRequest = base.scheduleRequest
        scheduleRequest.checkIns = pairs.map { CheckInPair(mentee: $0.mentee, mentor: $0.mentor) }

        // 6. The released mentors themselves.
        for j in released.sorted() {
            let moved = oldPairs.filter { $0.mentor == j }.count
            let duties = base.backups.assignments.filter { $0.backup == j }.count
            changes.append(Change(member: j, kind: .released, from: "\(moved) mentee(s), backup for \(duties)", to: "",
                                  reason: "stepped back from mentoring this quarter (teams, workshop and buddies unchanged)"))
        }
        changes.sort { (id($0.member), $0.kind.order) < (id($1.member), $1.kind.order) }

        var result = base
        result.mentoring = matching
        result.backups = backups
        result.unserved = unserved
        result.schedule = schedule
        result.scheduleRequest = scheduleRequest
        return Outcome(result: result, changes: changes, mentors: solution.quality, backups: bSolution.quality, files: [])
    }

    static func needOrder(_ n: UnservedNeed) -> Int { n == .mentor ? 0 : n == .backup ? 1 : 2 }

    /// Events in schedule.csv order (as `Scheduler` sorts them).
    static func sortedEvents(_ events: [ScheduledEvent]) -> [ScheduledEvent] {
        events.sorted { x, y in
            if x.kind.order != y.kind.order { return x.kind.order < y.kind.order }
            if x.kind == .demo { return (x.week ?? 0, x.source) < (y.week ?? 0, y.source) }
            if x.kind == .workshop { return x.source < y.source }
            return x.id < y.id
        }
    }

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

    /// Every output file of `match` for the new batch, report.html with the
    /// changes, and changes.csv.
    public static func render(_ o: Outcome, inputs: [InputFile]) -> [(name: String, text: String)] {
        var files = OutputFiles.render(o.result, inputs: inputs)
        let csv = changesCSV(o)
        let extra = Report.Extra(id: "changes", title: "Rematch: what changed", html: changesHTML(o))
        for k in files.indices where files[k].name == "report.html" { files[k].text = Report.html(o.result, extras: [extra]) }
        let at = files.firstIndex { $0.name.hasPrefix("calendar/") } ?? files.count
        files.insert(("changes.csv", csv), at: at)
        return files
    }

    public static let changesHeader = ["member_id", "change", "from", "to", "reason"]

    public static func changesCSV(_ o: Outcome) -> String {
        let c = o.result.cohort
        return OutputFiles.writer.write(header: changesHeader, rows: o.changes.map { [c.members[$0.member].id, $0.kind.rawValue, $0.from, $0.to, $0.reason] })
    }

    static func changesHTML(_ o: Outcome) -> String {
        let c = o.result.cohort
        var s = "<p class=\"note\">Only these members changed; every other pair, team and event is as in the previous run (changes.csv has these rows). Rematch pairing: \(o.mentors.status.rawValue), objective \(HTML.number(o.mentors.objective)), bound \(HTML.number(o.mentors.bound)).</p>\n"
        s += Report.table(["member", "change", "from", "to", "reason"], o.changes.map { ch in
            let m = c.members[ch.member]
            return [HTML.escape(m.name.isEmpty ? m.id : m.name + " (" + m.id + ")"), ch.kind.rawValue, HTML.escape(ch.from), HTML.escape(ch.to), HTML.escape(ch.reason)]
        })
        return s
    }
}
