import CohortSolver
import Testing

@testable import CohortCore

/// Schedule inputs built from generated rosters without the matching engines:
/// mentees paired greedily with mentors who share a check-in window, teams of
/// 3–5 members who share a standup window, trial members with a buddy.
enum ScheduleFixture {
    static func cohort(members: Int, seed: UInt64) -> Cohort {
        let roster = RosterGenerator(memberCount: members, seed: seed).generate()
        let writer = CSVWriter(neutralizesFormulas: false)
        let outcome = RosterReader.read(
            members: InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8)),
            projects: nil,
            policy: InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8)),
            runDate: CalendarDate(year: 2026, month: 12, day: 1)!)
        guard let cohort = outcome.cohort else { fatalError("generated roster does not validate: \(outcome.errors.prefix(3))") }
        return cohort
    }

    static func request(members: Int, seed: UInt64) -> ScheduleRequest {
        request(cohort(members: members, seed: seed))
    }

    static func request(_ cohort: Cohort) -> ScheduleRequest {
        let m = cohort.members
        let p = cohort.policy
        let lc = Week.slotCount(minutes: p.checkinMinutes), ls = Week.slotCount(minutes: p.standupMinutes), lb = Week.slotCount(minutes: p.buddyMinutes)
        let active = m.indices.filter { m[$0].isActive && !m[$0].availability.isEmpty }

        // Check-in pairs: mentors with capacity, up to 2 mentees each.
        var load = [Int](repeating: 0, count: m.count)
        var pairs: [CheckInPair] = []
        let mentors = active.filter { m[$0].mentorCapacity > 0 && m[$0].stage.rawValue >= 3 }
        var hasMentor = [Bool](repeating: false, count: m.count)
        for i in active where m[i].stage.rawValue <= 2 && m[i].wantsMentor {
            let si = m[i].availability.starts(length: lc)
            for j in mentors where load[j] < min(2, m[j].mentorCapacity) && m[j].stage.rawValue >= m[i].stage.rawValue + 2 {
                if si.intersects(m[j].availability.starts(length: lc)) {
                    pairs.append(CheckInPair(mentee: i, mentor: j))
                    load[j] += 1
                    hasMentor[i] = true
                    break
                }
            }
        }
        // Teams: each eligible member joins the first open group (of up to 300) that still
        // shares a standup window with them; a group closes at 3, 4 or 5 members.
        var teams: [ScheduleTeam] = []
        var open: [(members: [Int], common: WeekSlots)] = []
        for i in active where m[i].wantsTeam {
            let s = m[i].availability.starts(length: ls)
            if s.isEmpty { continue }
            if let g = open.firstIndex(where: { $0.common.intersects(s) }) {
                open[g].members.append(i)
                open[g].common = open[g].common.intersection(s)
                if open[g].members.count == 3 + teams.count % 3 {
                    teams.append(ScheduleTeam(id: "T\(teams.count + 1)", members: open[g].members, allowedStarts: open[g].common))
                    open.remove(at: g)
                }
            } else if open.count < 300 {
                open.append(([i], s))
            }
        }
        // Buddies for trial members.
        var buddies: [BuddyPair] = []
        var buddyLoad = [Int](repeating: 0, count: m.count)
        for i in m.indices where m[i].status == .trial {
            let si = m[i].availability.starts(length: lb)
            if let j = active.first(where: { buddyLoad[$0] == 0 && m[$0].stage > m[i].stage && si.intersects(m[$0].availability.starts(length: lb)) }) {
                buddies.append(BuddyPair(newcomer: i, buddy: j))
                buddyLoad[j] += 1
            }
        }
        return ScheduleRequest(cohort: cohort, checkIns: pairs, teams: teams, buddies: buddies, workshopAttendees: ScheduleRequest.activeMembers(of: cohort))
    }

    /// Every invariant of a schedule; returns the problems found (empty: none).
    static func problems(_ s: WeeklySchedule, _ request: ScheduleRequest) -> [String] {
        let m = request.cohort.members
        var problems: [String] = []
        var weekly = [[(String, Int, Int)]](repeating: [], count: m.count)
        var demo = [[(String, Int, Int, Int, Bool)]](repeating: [], count: m.count)
        for ev in s.events {
            if ev.kind == .demo {
                let session = s.demoSessions[ev.source]
                for p in ev.participants {
                    demo[p].append((ev.id, ev.startSlot, ev.slotCount, ev.week ?? 0, session.unavailable.contains(p)))
                    if !session.unavailable.contains(p) && !m[p].availability.contains(start: ev.startSlot, count: ev.slotCount) {
                        problems.append("\(ev.id) outside \(m[p].id)'s availability but not listed as unavailable")
                    }
                }
                continue
            }
            for p in ev.participants {
                weekly[p].append((ev.id, ev.startSlot, ev.slotCount))
                if !m[p].availability.contains(start: ev.startSlot, count: ev.slotCount) {
                    problems.append("\(ev.id) at \(Week.describe(startSlot: ev.startSlot, slotCount: ev.slotCount)) outside \(m[p].id)'s availability")
                }
            }
        }
        func overlap(_ a: Int, _ la: Int, _ b: Int, _ lb: Int) -> Bool {
            SlotMath.interval(start: a, length: la).intersects(SlotMath.interval(start: b, length: lb))
        }
        for p in m.indices {
            let w = weekly[p]
            for i in w.indices { for j in w.indices where j > i && overlap(w[i].1, w[i].2, w[j].1, w[j].2) {
                problems.append("\(m[p].id) double-booked: \(w[i].0) and \(w[j].0)")
            } }
            let d = demo[p]
            for i in d.indices {
                if !d[i].4 {
                    for x in w where overlap(x.1, x.2, d[i].1, d[i].2) { problems.append("\(m[p].id) double-booked: \(x.0) and \(d[i].0)") }
                }
                for j in d.indices where j > i && d[i].3 == d[j].3 && overlap(d[i].1, d[i].2, d[j].1, d[j].2) {
                    problems.append("\(m[p].id) double-booked: \(d[i].0) and \(d[j].0)")
                }
            }
        }
        // Every request item is either scheduled or listed with a reason.
        for i in request.checkIns.indices where s.checkInEvent[i] == nil && !s.unscheduled.contains(where: { $0.kind == .checkin && $0.source == i }) {
            problems.append("check-in \(i) neither scheduled nor explained")
        }
        for i in request.teams.indices where s.standupEvent[i] == nil && !s.unscheduled.contains(where: { $0.kind == .standup && $0.source == i }) {
            problems.append("standup \(i) neither scheduled nor explained")
        }
        // Workshop attendees are in their session's participants.
        for (k, e) in s.workshopEvents.enumerated() {
            for p in s.events[e].participants where s.workshopSession[p] != k { problems.append("\(m[p].id) listed in workshop \(k) but assigned \(s.workshopSession[p])") }
        }
        return problems
    }
}
