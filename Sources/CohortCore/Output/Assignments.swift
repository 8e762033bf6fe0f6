/// assignments.csv (SPEC §4): the organizer's handout, one row per member of
/// the roster (in id order) with everything that member must know — their
/// mentor, backup, buddy, team, meetings in their own time zone, the people
/// they mentor or buddy, their team roles, and every need not met with its
/// reason — so that a mail merge needs no other file. docs/outputs.md.
public enum Assignments {
    public static let header = [
        "member_id", "name", "email", "timezone", "status", "mentor_id", "mentor_name", "mentor_email", "checkin_local",
        "backup_mentor_id", "buddy_id", "team_id", "project_id", "project_name", "standup_local", "pod_id", "pod_local",
        "workshop_local", "unmet",
        // More, after the columns SPEC §4 lists:
        "backup_mentor_name", "backup_mentor_email", "buddy_name", "buddy_email", "buddy_checkin_local",
        "mentees", "backup_for", "newcomers", "teammates", "facilitator_weeks", "note_taker_weeks", "demo_local",
        "unmet_reasons", "note", "pod_facilitator_weeks",
    ]

    /// Items of a human-readable list cell (mentees, teammates, reasons) are
    /// separated by this; id lists use `;` as every other CSV column.
    public static let itemSeparator = " | "

    public static func csv(_ r: BatchResult, _ text: ScheduleText, unmet: [UnmetNeed]) -> String {
        OutputFiles.writer.write(header: header, rows: rows(r, text, unmet: unmet))
    }

    public static func rows(_ r: BatchResult, _ text: ScheduleText, unmet: [UnmetNeed]) -> [[String]] {
        let c = r.cohort
        let n = c.members.count
        // Who has what, by member index.
        var pairOfMentee = [Int?](repeating: nil, count: n)
        var pairsOfMentor = [[Int]](repeating: [], count: n)
        for (k, p) in r.mentoring.pairs.enumerated() {
            pairOfMentee[p.mentee] = k
            pairsOfMentor[p.mentor].append(k)
        }
        var backupOf = [Int?](repeating: nil, count: n)
        var backupFor = [[Int]](repeating: [], count: n)
        for a in r.backups.assignments {
            backupOf[a.mentee] = a.backup
            backupFor[a.backup].append(a.mentee)
        }
        var buddyPairOfNewcomer = [Int?](repeating: nil, count: n)
        var buddyPairsOfBuddy = [[Int]](repeating: [], count: n)
        for (k, p) in r.buddies.pairs.enumerated() {
            buddyPairOfNewcomer[p.newcomer] = k
            buddyPairsOfBuddy[p.buddy].append(k)
        }
        var teamOf = [Int?](repeating: nil, count: n)
        for (t, team) in r.teams.teams.enumerated() { for m in team.members { teamOf[m] = t } }
        var podOf = [Int?](repeating: nil, count: n)
        for (x, pod) in r.pods.pods.enumerated() { for m in pod.members { podOf[m] = x } }
        func podLocal(_ m: Int) -> String {
            guard let x = podOf[m] else { return "" }
            guard x < r.schedule.podEvent.count, let e = r.schedule.podEvent[x] else { return "no weekly time" }
            return text.localTime(member: m, event: e)
        }
        var unmetOf = [[UnmetNeed]](repeating: [], count: n)
        for u in unmet { unmetOf[u.member].append(u) }
        let roles = RoleWeeks(r.schedule)

        func contact(_ m: Int) -> String {
            let email = c.members[m].email
            return text.display(m) + (email.isEmpty ? "" : " <" + email + ">")
        }
        func checkIn(pair k: Int, for m: Int) -> String {
            guard k < r.schedule.checkInEvent.count, let e = r.schedule.checkInEvent[k] else { return "no weekly time" }
            return text.localTime(member: m, event: e)
        }

        var rows: [[String]] = []
        rows.reserveCapacity(n)
        for m in c.members.indices {
            let member = c.members[m]
            let mentor = pairOfMentee[m].map { r.mentoring.pairs[$0].mentor }
            let backup = backupOf[m]
            let buddyPair = buddyPairOfNewcomer[m]
            let buddy = buddyPair.map { r.buddies.pairs[$0].buddy }
            let team = teamOf[m].map { r.teams.teams[$0] }
            let project = team?.project.map { c.projects[$0] }
            var standup = ""
            if let t = teamOf[m], t < r.schedule.standupEvent.count {
                standup = r.schedule.standupEvent[t].map { text.localTime(member: m, event: $0) } ?? "no weekly time"
            }
            var workshop = ""
            if m < r.schedule.workshopSession.count, r.schedule.workshopSession[m] >= 0 {
                workshop = text.localTime(member: m, event: r.schedule.workshopEvents[r.schedule.workshopSession[m]])
            }
            let demos = text.eventsOf[m].filter { r.schedule.events[$0].kind == .demo }.map { e in
                "week \(r.schedule.events[e].week ?? 0): " + text.localTime(member: m, event: e)
            }
            let needs = unmetOf[m]
            var unmetNames: [String] = []
            for u in needs where !unmetNames.contains(u.need) { unmetNames.append(u.need) }
            let mentees = pairsOfMentor[m].map { k in contact(r.mentoring.pairs[k].mentee) + ", " + checkIn(pair: k, for: m) }
            let newcomers = buddyPairsOfBuddy[m].map { k in
                contact(r.buddies.pairs[k].newcomer) + ", " + text.localTimes(member: m, events: r.buddyEvents(pair: k))
            }
            let teammates = team.map { $0.members.filter { $0 != m }.map(contact) } ?? []
            rows.append([
                member.id, member.name, member.email, member.timeZone, member.status.rawValue,
                mentor.map { c.members[$0].id } ?? "", mentor.map { c.members[$0].name } ?? "", mentor.map { c.members[$0].email } ?? "",
                pairOfMentee[m].map { checkIn(pair: $0, for: m) } ?? "",
                backup.map { c.members[$0].id } ?? "", buddy.map { c.members[$0].id } ?? "",
                team?.id ?? "", project?.id ?? "", project?.name ?? "", standup,
                podOf[m].map { r.pods.pods[$0].id } ?? "", podLocal(m),
                workshop, unmetNames.joined(separator: ";"),
                backup.map { c.members[$0].name } ?? "", backup.map { c.members[$0].email } ?? "",
                buddy.map { c.members[$0].name } ?? "", buddy.map { c.members[$0].email } ?? "",
                buddyPair.map { text.localTimes(member: m, events: r.buddyEvents(pair: $0)) } ?? "",
                mentees.joined(separator: itemSeparator),
                backupFor[m].sorted().map(contact).joined(separator: itemSeparator),
                newcomers.joined(separator: itemSeparator),
                teammates.joined(separator: itemSeparator),
                roles.facilitator(m), roles.noteTaker(m),
                demos.joined(separator: itemSeparator),
                needs.map { $0.need + ": " + $0.reason }.joined(separator: itemSeparator),
                note(member),
                podOf[m].map { r.pods.pods[$0].facilitatorWeeks(of: m).map(String.init).joined(separator: ";") } ?? "",
            ])
        }
        return rows
    }

    /// Why a member gets little or nothing by rule (not a need left unmet).
    static func note(_ m: Member) -> String {
        switch m.status {
        case .active: ""
        case .trial: "in the two-week trial: a buddy, no mentor or project team yet"
        case .paused: "paused this quarter: no mentor, team or meetings"
        case .inactive: "inactive: no mentor, team or meetings this quarter"
        }
    }
}

/// The weeks each member facilitates and takes notes in their team's
/// standup (the role rotation), as `;`-separated week numbers.
struct RoleWeeks {
    var facilitatorWeeks: [Int: [Int]] = [:]
    var noteTakerWeeks: [Int: [Int]] = [:]

    init(_ schedule: WeeklySchedule) {
        for r in schedule.rotations {
            for (w, m) in r.facilitator.enumerated() { facilitatorWeeks[m, default: []].append(w + 1) }
            for (w, m) in r.noteTaker.enumerated() { if let m { noteTakerWeeks[m, default: []].append(w + 1) } }
        }
    }

    func facilitator(_ m: Int) -> String { (facilitatorWeeks[m] ?? []).map(String.init).joined(separator: ";") }
    func noteTaker(_ m: Int) -> String { (noteTakerWeeks[m] ?? []).map(String.init).joined(separator: ";") }
}
