import Foundation
import CohortSolver
import Testing

@testable import CohortCore

/// Schedule inputs built from generated rosters without the matching engines:
/// mentees paired greedily with mentors who share a check-in window, teams of
/// 3–5 members who share a standup window, trial members with a buddy.
enum ScheduleFixture {
    /// A generated roster; `quarterStart` replaces the generator's 2027-01-04.
    static func cohort(members: Int, seed: UInt64, quarterStart: String? = nil) -> Cohort {
        var roster = RosterGenerator(memberCount: members, seed: seed).generate()
        if let quarterStart { roster.policyTOML = roster.policyTOML.replacingOccurrences(of: "quarter_start = " + RosterGenerator.quarterStart, with: "quarter_start = " + quarterStart) }
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
        return ScheduleRequest(cohort: cohort, checkIns: pairs, teams: teams, buddies: buddies, workshopAttendees: ScheduleRequest.activeMembers(of: cohort),
                               kickoffAttendees: ScheduleRequest.activeMembers(of: cohort), mentorCircleAttendees: ScheduleRequest.mentors(of: cohort))
    }

    /// Every invariant of a schedule; returns the problems found (empty: none).
    static func problems(_ s: WeeklySchedule, _ request: ScheduleRequest) -> [String] {
        let m = request.cohort.members
        // Every occurrence inside every participant's local availability and quarter, nobody double-booked.
        var problems = OccurrenceCheck.violations(s, cohort: request.cohort).map(\.description)
        // Every request item is either scheduled or listed with a reason.
        for i in request.checkIns.indices where s.checkInEvent[i] == nil && !s.unscheduled.contains(where: { $0.kind == .checkin && $0.source == i }) {
            problems.append("check-in \(i) neither scheduled nor explained")
        }
        for i in request.teams.indices where s.standupEvent[i] == nil && !s.unscheduled.contains(where: { $0.kind == .standup && $0.source == i }) {
            problems.append("standup \(i) neither scheduled nor explained")
        }
        // Workshop attendees are in their session's participants, and in its track.
        let tracks = request.cohort.policy.workshopTracks
        for (k, e) in s.workshopEvents.enumerated() {
            for p in s.events[e].participants where s.workshopSession[p] != k { problems.append("\(m[p].id) listed in workshop \(k) but assigned \(s.workshopSession[p])") }
            if !tracks.isEmpty {
                guard let t = s.workshopTrack[k] else { problems.append("workshop \(k) has no track"); continue }
                for p in s.events[e].participants where !tracks[t].contains(m[p].stage.rawValue) { problems.append("\(m[p].id) at stage \(m[p].stage.rawValue) in track \(t)'s workshop") }
            }
        }
        // Kickoff (week 1) and mentor circles (weeks 4, 8, 12): each invitee attends one
        // session of each, or is listed with a reason naming the week; nobody else attends.
        func check(_ kind: EventKind, weeks: [Int], invited: [Int]) {
            let invitedSet = Set(invited)
            for w in weeks {
                var seen: [Int: Int] = [:]
                for ev in s.events where ev.kind == kind && ev.week == w {
                    for p in ev.participants { seen[p, default: 0] += 1 }
                    for p in ev.participants where !invitedSet.contains(p) { problems.append("\(m[p].id) not invited to \(ev.id)") }
                }
                for p in invitedSet where seen[p] != 1 {
                    let listed = s.sessionAbsences.contains { $0.member == p && $0.kind == kind && (kind == .kickoff || $0.reason.contains("week \(w):")) }
                    if seen[p, default: 0] > 1 || !listed { problems.append("\(m[p].id) in \(seen[p, default: 0]) \(kind.rawValue) sessions of week \(w), listed: \(listed)") }
                }
            }
        }
        check(.kickoff, weeks: [1], invited: request.kickoffAttendees)
        check(.mentorCircle, weeks: [4, 8, 12], invited: request.mentorCircleAttendees)
        return problems
    }
}
