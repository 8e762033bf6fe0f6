import CohortSolver
import Foundation
import Testing

@testable import CohortCore

/// Every hard rule the rematch must keep, and that only affected members changed.
func rematchProblems(base: BatchResult, new: BatchResult, released: Set<Int>, changing: Set<Int>) -> [String] {
    let c = new.cohort
    let rules = MentorRules(policy: c.policy)
    var problems: [String] = []
    var oldMentor: [Int: Int] = [:]
    for p in base.mentoring.pairs { oldMentor[p.mentee] = p.mentor }
    let affected = Set(base.mentoring.pairs.filter { released.contains($0.mentor) || changing.contains($0.mentee) }.map(\.mentee))
    var load = [Int](repeating: 0, count: c.members.count)
    var newMentor: [Int: Int] = [:]
    for p in new.mentoring.pairs {
        newMentor[p.mentee] = p.mentor
        load[p.mentor] += 1
        if affected.contains(p.mentee) {
            if released.contains(p.mentor) { problems.append("\(p.mentee) moved to a released mentor") }
            if p.mentor == oldMentor[p.mentee] { problems.append("\(p.mentee) kept the mentor they had to leave") }
            if let v = rules.violation(mentee: p.mentee, mentor: p.mentor, in: c) { problems.append("new pair \(p.mentee)-\(p.mentor) breaks \(v)") }
        }
    }
    for p in base.mentoring.pairs where !affected.contains(p.mentee) {
        if !new.mentoring.pairs.contains(p) { problems.append("unaffected pair of \(p.mentee) changed") }
    }
    for i in newMentor.keys where oldMentor[i] == nil { problems.append("\(i) was not matched before and is now") }
    for (j, m) in c.members.enumerated() where load[j] > m.mentorCapacity { problems.append("mentor \(j) over capacity") }
    var backupLoad = [Int](repeating: 0, count: c.members.count)
    for a in new.backups.assignments {
        backupLoad[a.backup] += 1
        if released.contains(a.backup) { problems.append("released \(a.backup) is still a backup") }
        if a.backup == newMentor[a.mentee] { problems.append("backup of \(a.mentee) is their mentor") }
        if newMentor[a.mentee] == nil { problems.append("backup for unmatched \(a.mentee)") }
        if let v = rules.violation(mentee: a.mentee, mentor: a.backup, in: c) { problems.append("backup pair \(a.mentee)-\(a.backup) breaks \(v)") }
    }
    if backupLoad.contains(where: { $0 > c.policy.maxBackups }) { problems.append("a mentor backs up more than max_backups") }
    // Teams unchanged; every event not an affected check-in unchanged.
    if new.teams.teams != base.teams.teams { problems.append("teams changed") }
    let moved = Set(affected.map { "checkin-" + c.members[$0].id })
    let keptOld = base.schedule.events.filter { !moved.contains($0.id) }.map { [$0.id, "\($0.startSlot)", "\($0.participants)"] }
    let keptNew = new.schedule.events.filter { !moved.contains($0.id) }.map { [$0.id, "\($0.startSlot)", "\($0.participants)"] }
    if keptOld != keptNew { problems.append("events other than the affected check-ins changed") }
    // Nobody double-booked (weekly events on the week; every occurrence, one-offs
    // included, in its week); every check-in at a time both can make; indices consistent.
    var busy = [WeekSlots](repeating: WeekSlots(), count: c.members.count)
    problems += OccurrenceCheck.violations(new.schedule, cohort: c).filter { $0.what.hasPrefix("double-booked") }.map(\.description)
    for ev in new.schedule.events {
        let slots = SlotMath.interval(start: ev.startSlot, length: ev.slotCount)
        for p in ev.participants {
            if ev.week == nil && busy[p].intersects(slots) { problems.append("member \(p) double-booked at \(ev.id)") }
            if ev.week == nil { busy[p].formUnion(slots) }
        }
        if ev.kind == .checkin {
            for p in ev.participants where !c.members[p].availability.contains(start: ev.startSlot, count: ev.slotCount) {
                problems.append("\(ev.id) outside \(p)'s availability")
            }
        }
    }
    for (k, p) in new.mentoring.pairs.enumerated() {
        if let e = new.schedule.checkInEvent[k], new.schedule.events[e].participants != [p.mentee, p.mentor].sorted() {
            problems.append("checkInEvent of pair \(k) points at the wrong event")
        }
    }
    return problems
}

@Suite struct RematchTests {
    @Test(.tags(.slow), .inSlowSuite) func releaseAndChangeMoveOnlyTheAffected() throws {
        // Many mentors, so that places are left over for the moved mentees.
        let roster = RosterGenerator(parameters: .init(memberCount: 500, seed: 21, stageWeights: [25, 20, 20, 20, 15], mentorShare: 1.0, availabilityDensity: 0.8)).generate()
        let writer = CSVWriter(neutralizesFormulas: false)
        let read = RosterReader.read(
            members: InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8)),
            projects: InputFile(name: "projects.csv", bytes: Array(writer.write(header: roster.projects.header, rows: roster.projects.rows).utf8)),
            policy: InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8)), runDate: CalendarDate(year: 2026, month: 12, day: 1)!)
        let cohort = try #require(read.cohort)
        let base = try Batch.run(cohort, solver: GLPKSolver())
        // Three mentors with a mentee whose backup has a free place (so someone can
        // move), and a mentee of another mentor asking for a change.
        let movable = base.backups.assignments.filter(\.backupHasFreePlace).map(\.mentor)
        let released = Set(Array(Set(movable)).sorted().prefix(3))
        #expect(released.count == 3)
        let changer = try #require(base.mentoring.pairs.first { !released.contains($0.mentor) }).mentee
        let request = MentorRematch.Request(release: released.map { cohort.members[$0].id }, change: [cohort.members[changer].id])
        let o = try MentorRematch.apply(request, to: base, solver: GLPKSolver())
        let problems = rematchProblems(base: base, new: o.result, released: released, changing: [changer])
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        // changes.csv names every affected mentee, and only members with a change.
        let affected = base.mentoring.pairs.filter { released.contains($0.mentor) || $0.mentee == changer }.map(\.mentee)
        for i in affected { #expect(o.changes.contains { $0.member == i && $0.kind == .mentor }) }
        for ch in o.changes where ch.kind == .released { #expect(released.contains(ch.member)) }
        #expect(affected.count >= 3)
        #expect(o.changes.contains { $0.kind == .mentor && !$0.to.isEmpty }, "nobody was rematched: \(o.changes)")
        #expect(o.changes.contains { $0.kind == .checkin && !$0.to.isEmpty })

        // Rendered: unchanged rows are byte-identical.
        let files = MentorRematch.render(o, inputs: [])
        let old = Dictionary(OutputFiles.render(base, inputs: []).map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(files.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
        #expect(new["teams.csv"] == old["teams.csv"])
        #expect(new["buddies.csv"] == old["buddies.csv"])
        #expect(new["changes.csv"]?.hasPrefix("member_id,change,from,to,reason\n") == true)
        #expect(new["report.html"]?.contains("id=\"changes\"") == true)
        let changedIDs = Set(o.changes.map { cohort.members[$0.member].id })
        let oldRows = Set(old["pairings.csv"]!.split(separator: "\n").filter { !changedIDs.contains(String($0.prefix { $0 != "," })) })
        let newRows = Set(new["pairings.csv"]!.split(separator: "\n").filter { !changedIDs.contains(String($0.prefix { $0 != "," })) })
        #expect(oldRows == newRows)
        let movedEvents = Set(affected.map { "checkin-" + cohort.members[$0].id + "," })
        let keep = { (line: Substring) in !movedEvents.contains { line.hasPrefix($0) } }
        #expect(old["schedule.csv"]!.split(separator: "\n").filter(keep) == new["schedule.csv"]!.split(separator: "\n").filter(keep))
    }

    @Test func aValidBackupWithAPlaceTakesOver() throws {
        // m1 mentors a; m2 (a's backup) has a free place; m3 also fits.
        let cohort = try handCohort("""
            id,stage,availability,interests,skills,mentor_capacity
            a,1,Mon 18:00-20:00,data,,0
            m1,4,Mon 18:00-20:00,,data,1
            m2,5,Mon 18:00-19:00,,data,1
            m3,4,Mon 18:00-20:00,,data,1
            """, policy: "quarter_start = 2027-01-04\n")
        let base = try Batch.run(cohort, solver: GLPKSolver(), threads: 1)
        let pair = try #require(base.mentoring.pairs.first)
        let backup = try #require(base.backups.backup(of: pair.mentee))
        let o = try MentorRematch.apply(.init(release: [cohort.members[pair.mentor].id], change: []), to: base, solver: GLPKSolver(), threads: 1)
        #expect(o.result.mentoring.pairs.map(\.mentor) == [backup])
        #expect(o.changes.contains { $0.kind == .mentor && $0.reason.contains("backup mentor took over") })
        // The new backup is the remaining mentor, and the check-in is placed.
        #expect(o.result.backups.assignments.count == 1)
        #expect(o.result.schedule.checkInEvent[0] != nil)
        #expect(rematchProblems(base: base, new: o.result, released: [pair.mentor], changing: []).isEmpty)
    }

    @Test func previousRunMustMatchTheRoster() throws {
        let cohort = try handCohort("""
            id,stage,availability,interests,skills,mentor_capacity
            a,1,Mon 18:00-20:00,data,,0
            m1,4,Mon 18:00-20:00,,data,1
            """, policy: "quarter_start = 2027-01-04\n")
        let base = try Batch.run(cohort, solver: GLPKSolver(), threads: 1)
        let input = InputFile(name: "members.csv", bytes: Array("x".utf8))
        var files: [String: [UInt8]] = [:]
        for f in OutputFiles.render(base, inputs: [input]) { files[f.name] = Array(f.text.utf8) }
        // Matching directory: no problems.
        #expect(PreviousRun(directory: "old", files: files).problems(cohort: cohort, inputs: [input]).isEmpty)
        // Other inputs, an unknown id, a missing file: each reported with its place.
        let other = InputFile(name: "members.csv", bytes: Array("y".utf8))
        let digest = PreviousRun(directory: "old", files: files).problems(cohort: cohort, inputs: [other])
        #expect(digest.contains { $0.description.hasPrefix("old/summary.json:") && $0.description.contains("not an input of that run") })
        #expect(digest.contains { if case .previousRun("old/summary.json", _, .notAnInput("members.csv", _)) = $0 { true } else { false } })
        var ghost = files
        ghost["pairings.csv"] = Array(String(decoding: files["pairings.csv"]!, as: UTF8.self).replacingOccurrences(of: "\na,m1,", with: "\nghost,m1,").utf8)
        let unknown = PreviousRun(directory: "old", files: ghost).problems(cohort: cohort, inputs: [input])
        #expect(unknown == [.previousRun(path: "old/pairings.csv", line: 2, .unknownMember(column: "mentee_id", id: "ghost"))])
        #expect(unknown.map(\.description) == ["old/pairings.csv:2: column mentee_id: no member 'ghost' in the roster"])
        var missing = files
        missing["teams.csv"] = nil
        #expect(PreviousRun(directory: "old", files: missing).problems(cohort: cohort, inputs: [input]).first?.description.hasPrefix("old/teams.csv:1: missing") == true)
        // A different policy.
        var policy = cohort
        policy.policy.stageGap = 3
        #expect(PreviousRun(directory: "old", files: files).problems(cohort: policy, inputs: [input]).contains { $0.description.contains("policy stage_gap was 2, this run has 3") })
        // A run written before a policy key existed (its summary.json does not
        // list it) still matches when this run keeps the key's default.
        let summary = String(decoding: files["summary.json"]!, as: UTF8.self)
        let older = summary.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("\"max_stage_gap\"") && !$0.contains("\"mentor_group\"") }.joined(separator: "\n")
        #expect(older.count < summary.count)
        var olderFiles = files
        olderFiles["summary.json"] = Array(older.utf8)
        #expect(PreviousRun(directory: "old", files: olderFiles).problems(cohort: cohort, inputs: [input]).isEmpty)
        var ruled = cohort
        ruled.policy.maxStageGap = 3
        #expect(PreviousRun(directory: "old", files: olderFiles).problems(cohort: ruled, inputs: [input])
            .map(\.description) == ["old/summary.json:1: policy max_stage_gap is 3 in this run but was not set in that one"])
    }
}
