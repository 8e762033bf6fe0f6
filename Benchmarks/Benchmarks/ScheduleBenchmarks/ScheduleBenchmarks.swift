import Benchmark
import Foundation
import CohortCore
import CohortSolver

/// Schedule inputs from a generated roster, built once per size outside the
/// measurement: mentees paired greedily with a mentor sharing a check-in window
/// (at most two each), teams of 3–5 members sharing a standup window, a buddy
/// per trial member, every active member invited to the workshop. (The
/// matching engines' real pairs and teams will differ in detail, not in kind.)
struct Inputs: Sendable {
    let request: ScheduleRequest

    init(memberCount: Int, seed: UInt64) {
        let roster = RosterGenerator(memberCount: memberCount, seed: seed).generate()
        let writer = CSVWriter(neutralizesFormulas: false)
        let outcome = RosterReader.read(
            members: InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8)),
            projects: nil, policy: InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8)),
            runDate: CalendarDate(year: 2026, month: 11, day: 23)!)
        guard let cohort = outcome.cohort else { fatalError("generated roster does not validate") }
        let m = cohort.members, p = cohort.policy
        let lc = Week.slotCount(minutes: p.checkinMinutes), ls = Week.slotCount(minutes: p.standupMinutes), lb = Week.slotCount(minutes: p.buddyMinutes)
        let active = m.indices.filter { m[$0].isActive && !m[$0].availability.isEmpty }
        let mentors = active.filter { m[$0].mentorCapacity > 0 && m[$0].stage.rawValue >= 3 }
        let mentorStarts = mentors.map { m[$0].availability.starts(length: lc) }
        var load = [Int](repeating: 0, count: m.count)
        var pairs: [CheckInPair] = []
        for i in active where m[i].stage.rawValue <= 2 && m[i].wantsMentor {
            let si = m[i].availability.starts(length: lc)
            for (k, j) in mentors.enumerated() where load[j] < min(2, m[j].mentorCapacity) && m[j].stage.rawValue >= m[i].stage.rawValue + 2 && si.intersects(mentorStarts[k]) {
                pairs.append(CheckInPair(mentee: i, mentor: j))
                load[j] += 1
                break
            }
        }
        // Teams: members bucketed by the middle start of their longest standup run (so a
        // bucket shares that start), cut into teams of 3, 4, 5, 3, …
        var teams: [ScheduleTeam] = []
        var bucket = [[Int]](repeating: [], count: Week.slots)
        for i in active where m[i].wantsTeam {
            let starts = m[i].availability.starts(length: ls)
            guard let run = starts.longestRun else { continue }
            bucket[(run.start + run.length / 2) % Week.slots].append(i)
        }
        for b in bucket {
            var k = 0
            while true {
                let size = 3 + teams.count % 3
                if k + size > b.count { break }
                let members = Array(b[k..<k + size])
                var common = WeekSlots.all
                for x in members { common = common.intersection(m[x].availability.starts(length: ls)) }
                teams.append(ScheduleTeam(id: "T\(teams.count + 1)", members: members, allowedStarts: common))
                k += size
            }
        }
        var buddies: [BuddyPair] = []
        var taken = [Bool](repeating: false, count: m.count)
        for i in m.indices where m[i].status == .trial {
            let si = m[i].availability.starts(length: lb)
            if let j = active.first(where: { !taken[$0] && m[$0].stage > m[i].stage && si.intersects(m[$0].availability.starts(length: lb)) }) {
                buddies.append(BuddyPair(newcomer: i, buddy: j))
                taken[j] = true
            }
        }
        request = ScheduleRequest(cohort: cohort, checkIns: pairs, teams: teams, buddies: buddies, workshopAttendees: ScheduleRequest.activeMembers(of: cohort))
    }
}

/// Solve, then render every schedule output (schedule.csv, the pairings and
/// teams columns with local times, one .ics per member).
func scheduleAndRender(_ inputs: Inputs) throws -> Int {
    let schedule = try Scheduler.solve(inputs.request, solver: GLPKSolver())
    let text = ScheduleText(schedule, request: inputs.request)
    var bytes = text.scheduleCSV().utf8.count
    for i in inputs.request.checkIns.indices { let l = text.checkInLocalTimes(pair: i); bytes += l.mentee.utf8.count + l.mentor.utf8.count }
    for t in inputs.request.teams.indices { bytes += text.standupTime(team: t)?.day.count ?? 0 }
    let names = text.calendarFileNames()
    for m in inputs.request.cohort.members.indices { bytes += (text.calendar(member: m)?.utf8.count ?? 0) + names[m].count }
    return bytes
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 0,
        maxDuration: .seconds(60),
        maxIterations: 5)

    Benchmark("Schedule solve, 10k members") { (benchmark: Benchmark, inputs: Inputs) in
        for _ in benchmark.scaledIterations { blackHole(try Scheduler.solve(inputs.request, solver: GLPKSolver())) }
    } setup: {
        let inputs = Inputs(memberCount: 10_000, seed: 1)
        // The size of the instance and how the phase ended, once, on stderr.
        let s = try Scheduler.solve(inputs.request, solver: GLPKSolver())
        let r = inputs.request
        FileHandle.standardError.write(Data(("schedule 10k: \(r.checkIns.count) check-ins, \(r.teams.count) teams, \(r.buddies.count) buddy pairs, \(r.workshopAttendees.count) invited; "
            + "\(s.outcome.status) objective \(s.outcome.objective) bound \(s.outcome.bound) \(s.outcome.details.map { "\($0.name)=\($0.value)" }.joined(separator: " ")); "
            + "unscheduled \(s.unscheduled.count), workshop covers \(s.workshopOutcome.objective) (\(s.workshopOutcome.status)), demo sessions \(s.demoSessions.count)\n").utf8))
        return inputs
    }
    Benchmark("Schedule solve + render (csv, columns, .ics), 10k members") { (benchmark: Benchmark, inputs: Inputs) in
        for _ in benchmark.scaledIterations { blackHole(try scheduleAndRender(inputs)) }
    } setup: {
        Inputs(memberCount: 10_000, seed: 1)
    }
}
