import CohortSolver
import Foundation
import Testing

@testable import CohortCore

/// A roster whose every outcome is forced (one mentor, one team, windows as
/// long as the meetings, zones without daylight-saving time in the quarter),
/// so the output files can be compared byte for byte.
let handoutMembers = """
    id,name,email,stage,status,timezone,availability,interests,skills,mentor_capacity,wants_team,project_choices
    ana,Ana Lima,ana@example.org,5,active,Asia/Tokyo,Mon 19:00-19:30;Tue 19:00-19:30;Wed 19:00-20:30;Sat 19:00-19:45,,data,1,yes,p1
    ben,"Ben ""B"" Ode",ben@example.org,1,active,Asia/Kolkata,Mon 15:30-16:00;Tue 15:30-16:00;Wed 15:30-17:00;Sat 15:30-16:15,data,,0,yes,p1
    cy,Cy Dunn,cy@example.org,1,trial,UTC,Thu 10:00-10:15,,,0,,
    tom,Tom Berg,,3,active,UTC,Tue 10:00-10:30;Wed 10:00-11:30;Thu 10:00-10:15;Sat 10:00-10:45,,data,0,yes,p1
    pat,Pat Kerr,pat@example.org,2,paused,UTC,Mon 18:00-19:00,data,,0,,
    zed,Zed,,1,active,UTC,,data,,0,no,
    """

let handoutProjects = """
    id,name,needs,members
    p1,Data dashboard,data,ana
    """

func handoutResult() throws -> BatchResult {
    let outcome = readRoster(handoutMembers, projects: handoutProjects, policy: "quarter_start = 2027-01-04\n")
    #expect(outcome.errors.isEmpty, "\(outcome.errors.map(\.description))")
    return try Batch.run(try #require(outcome.cohort), solver: GLPKSolver(), threads: 1)
}

func handoutFiles() throws -> [String: String] {
    Dictionary(OutputFiles.render(try handoutResult(), inputs: []).map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
}

/// The files of SPEC §4 with names and emails, byte for byte (docs/outputs.md).
@Suite struct OutputColumnsTests {
    @Test func pairingsHaveNamesEmailsAndLocalTimes() throws {
        let expected = """
        mentee_id,mentor_id,mentee_stage,mentor_stage,shared_interests,checkin_day,checkin_start,checkin_end,backup_mentor_id,continuing,score,mentee_local_time,mentor_local_time,mentee_name,mentee_email,mentor_name,mentor_email,backup_mentor_name,backup_mentor_email
        ben,ana,1,5,data,Mon,10:00,10:30,,no,13,Mon 15:30-16:00 Asia/Kolkata,Mon 19:00-19:30 Asia/Tokyo,"Ben ""B"" Ode",ben@example.org,Ana Lima,ana@example.org,,
        """
        #expect(try handoutFiles()["pairings.csv"] == expected + "\n")
    }

    @Test func buddiesHaveNamesAndTheDailyCheckIn() throws {
        let expected = """
        newcomer_id,buddy_id,newcomer_stage,buddy_stage,newcomer_name,newcomer_email,buddy_name,buddy_email,checkin_times,newcomer_local_time,buddy_local_time,weeks,score
        cy,tom,1,3,Cy Dunn,cy@example.org,Tom Berg,,Thu 10:00-10:15,Thu 10:00-10:15 UTC,Thu 10:00-10:15 UTC,1-2,0
        """
        #expect(try handoutFiles()["buddies.csv"] == expected + "\n")
    }

    @Test func teamsHaveNamesProjectAndRoleWeeks() throws {
        let expected = """
        team_id,project_id,member_id,stage,skills,standup_day,standup_start,standup_end,member_name,member_email,project_name,standup_local_time,facilitator_weeks,note_taker_weeks
        T001,p1,ana,5,data,Tue,10:00,10:30,Ana Lima,ana@example.org,Data dashboard,Tue 19:00-19:30 Asia/Tokyo; not 2027-01-26: demo-w4-1,1;4;7;10,3;6;9;12
        T001,p1,ben,1,,Tue,10:00,10:30,"Ben ""B"" Ode",ben@example.org,Data dashboard,Tue 15:30-16:00 Asia/Kolkata; not 2027-01-26: demo-w4-1,2;5;8;11,1;4;7;10
        T001,p1,tom,3,data,Tue,10:00,10:30,Tom Berg,,Data dashboard,Tue 10:00-10:30 UTC; not 2027-01-26: demo-w4-1,3;6;9;12,2;5;8;11
        """
        #expect(try handoutFiles()["teams.csv"] == expected + "\n")
    }

    @Test func podsHaveTheirColumns() throws {
        let expected = """
        pod_id,member_id,stage,shared_interest,meeting_day,meeting_start,meeting_end,member_name,member_email,meeting_local_time,facilitator_weeks,pod_size
        """
        #expect(try handoutFiles()["pods.csv"] == expected + "\n")
    }

    @Test func unmatchedListsEveryNeed() throws {
        let expected = """
        member_id,need,reason
        ana,kickoff,"every 60-minute time you can make in week 1 is taken by your other meetings (workshop-1, checkin-ben, standup-T001)"
        ana,mentor_circle,"week 4: every 60-minute time you can make in week 4 is taken by your other meetings (workshop-1, checkin-ben, demo-w4-1) | week 8: every 60-minute time you can make in week 8 is taken by your other meetings (workshop-1, checkin-ben, standup-T001) | week 12: every 60-minute time you can make in week 12 is taken by your other meetings (workshop-1, checkin-ben, standup-T001)"
        ben,backup,the only backup mentor who fits is your mentor (ana)
        ben,kickoff,"every 60-minute time you can make in week 1 is taken by your other meetings (workshop-1, checkin-ben, standup-T001)"
        tom,mentor,you listed no interests; a mentor must teach one of them (1 opted-in mentor at stage ≥ 5)
        tom,kickoff,"every 60-minute time you can make in week 1 is taken by your other meetings (workshop-1, standup-T001, buddy-cy-Thu)"
        zed,mentor,you gave no availability
        zed,workshop,no 90-minute window in your availability
        zed,kickoff,no 60-minute time in your availability in week 1 (2027-01-04 to 2027-01-10)
        """
        #expect(try handoutFiles()["unmatched.csv"] == expected + "\n")
    }

    @Test func firstColumnsAreSpecOrder() {
        #expect(Array(OutputFiles.pairingsHeader.prefix(17)) == [
            "mentee_id", "mentor_id", "mentee_stage", "mentor_stage", "shared_interests", "checkin_day", "checkin_start", "checkin_end",
            "backup_mentor_id", "continuing", "score", "mentee_local_time", "mentor_local_time", "mentee_name", "mentee_email", "mentor_name", "mentor_email",
        ])
        #expect(Array(OutputFiles.buddiesHeader.prefix(8)) == ["newcomer_id", "buddy_id", "newcomer_stage", "buddy_stage", "newcomer_name", "newcomer_email", "buddy_name", "buddy_email"])
        #expect(Array(OutputFiles.teamsHeader.prefix(11)) == [
            "team_id", "project_id", "member_id", "stage", "skills", "standup_day", "standup_start", "standup_end", "member_name", "member_email", "project_name",
        ])
        #expect(Array(OutputFiles.podsHeader.prefix(9)) == ["pod_id", "member_id", "stage", "shared_interest", "meeting_day", "meeting_start", "meeting_end", "member_name", "member_email"])
    }

    @Test func everyFileOfTheSpecIsRendered() throws {
        let names = OutputFiles.render(try handoutResult(), inputs: []).map(\.name)
        for name in ["pairings.csv", "buddies.csv", "teams.csv", "pods.csv", "schedule.csv", "unmatched.csv", "assignments.csv", "summary.json", "report.html"] {
            #expect(names.contains(name), "\(name)")
        }
        #expect(names.contains("calendar/ana.ics") && !names.contains("calendar/pat.ics"))
    }
}

/// assignments.csv: one row per roster member, everything they must know.
@Suite struct AssignmentsTests {
    @Test func handoutByteForByte() throws {
        let expected = """
        member_id,name,email,timezone,status,mentor_id,mentor_name,mentor_email,checkin_local,backup_mentor_id,buddy_id,team_id,project_id,project_name,standup_local,pod_id,pod_local,workshop_local,unmet,backup_mentor_name,backup_mentor_email,buddy_name,buddy_email,buddy_checkin_local,mentees,backup_for,newcomers,teammates,facilitator_weeks,note_taker_weeks,demo_local,unmet_reasons,note,pod_facilitator_weeks
        ana,Ana Lima,ana@example.org,Asia/Tokyo,active,,,,,,,T001,p1,Data dashboard,Tue 19:00-19:30 Asia/Tokyo; not 2027-01-26: demo-w4-1,,,Wed 19:00-20:30 Asia/Tokyo,kickoff;mentor_circle,,,,,,"Ben ""B"" Ode (ben) <ben@example.org>, Mon 19:00-19:30 Asia/Tokyo",,,"Ben ""B"" Ode (ben) <ben@example.org> | Tom Berg (tom)",1;4;7;10,3;6;9;12,week 4: Tue 19:00-19:15 Asia/Tokyo,"kickoff: every 60-minute time you can make in week 1 is taken by your other meetings (workshop-1, checkin-ben, standup-T001) | mentor_circle: week 4: every 60-minute time you can make in week 4 is taken by your other meetings (workshop-1, checkin-ben, demo-w4-1) | week 8: every 60-minute time you can make in week 8 is taken by your other meetings (workshop-1, checkin-ben, standup-T001) | week 12: every 60-minute time you can make in week 12 is taken by your other meetings (workshop-1, checkin-ben, standup-T001)",,
        ben,"Ben ""B"" Ode",ben@example.org,Asia/Kolkata,active,ana,Ana Lima,ana@example.org,Mon 15:30-16:00 Asia/Kolkata,,,T001,p1,Data dashboard,Tue 15:30-16:00 Asia/Kolkata; not 2027-01-26: demo-w4-1,,,Wed 15:30-17:00 Asia/Kolkata,backup;kickoff,,,,,,,,,Ana Lima (ana) <ana@example.org> | Tom Berg (tom),2;5;8;11,1;4;7;10,week 4: Tue 15:30-15:45 Asia/Kolkata,"backup: the only backup mentor who fits is your mentor (ana) | kickoff: every 60-minute time you can make in week 1 is taken by your other meetings (workshop-1, checkin-ben, standup-T001)",,
        cy,Cy Dunn,cy@example.org,UTC,trial,,,,,,tom,,,,,,,,,,,Tom Berg,,Thu 10:00-10:15 UTC,,,,,,,,,"in the two-week trial: a buddy, no mentor or project team yet",
        pat,Pat Kerr,pat@example.org,UTC,paused,,,,,,,,,,,,,,,,,,,,,,,,,,,,"paused this quarter: no mentor, team or meetings",
        tom,Tom Berg,,UTC,active,,,,,,,T001,p1,Data dashboard,Tue 10:00-10:30 UTC; not 2027-01-26: demo-w4-1,,,Wed 10:00-11:30 UTC,mentor;kickoff,,,,,,,,"Cy Dunn (cy) <cy@example.org>, Thu 10:00-10:15 UTC","Ana Lima (ana) <ana@example.org> | Ben ""B"" Ode (ben) <ben@example.org>",3;6;9;12,2;5;8;11,week 4: Tue 10:00-10:15 UTC,"mentor: you listed no interests; a mentor must teach one of them (1 opted-in mentor at stage ≥ 5) | kickoff: every 60-minute time you can make in week 1 is taken by your other meetings (workshop-1, standup-T001, buddy-cy-Thu)",,
        zed,Zed,,UTC,active,,,,,,,,,,,,,,mentor;workshop;kickoff,,,,,,,,,,,,,mentor: you gave no availability | workshop: no 90-minute window in your availability | kickoff: no 60-minute time in your availability in week 1 (2027-01-04 to 2027-01-10),,
        """
        #expect(try handoutFiles()["assignments.csv"] == expected + "\n")
    }

    /// A backup mentor's row names the mentees they back up, with their
    /// addresses (whom to reach if the mentor steps back), and the mentee's
    /// row names the backup: both sides of the assignment.
    @Test func backupForNamesTheMentees() throws {
        let members = handoutMembers.replacingOccurrences(of: "Sat 10:00-10:45,,data,0,yes,p1", with: "Sat 10:00-10:45,,data,1,yes,p1")
        let outcome = readRoster(members, projects: handoutProjects, policy: "quarter_start = 2027-01-04\n")
        let r = try Batch.run(try #require(outcome.cohort), solver: GLPKSolver(), threads: 1)
        let assignment = try #require(r.backups.assignments.first)
        let c = r.cohort
        let text = ScheduleText(r.schedule, request: r.scheduleRequest)
        let rows = Assignments.rows(r, text, unmet: UnmetNeeds.all(r))
        let column = { (name: String) in Assignments.header.firstIndex(of: name)! }
        #expect(c.members[assignment.mentee].id == "ben")
        #expect(rows[assignment.backup][column("backup_for")] == "Ben \"B\" Ode (ben) <ben@example.org>")
        #expect(rows[assignment.mentee][column("backup_mentor_id")] == c.members[assignment.backup].id)
        #expect(rows[assignment.mentee][column("backup_mentor_name")] == c.members[assignment.backup].name)
    }

    @Test func firstColumnsAreSpecOrder() {
        #expect(Array(Assignments.header.prefix(19)) == [
            "member_id", "name", "email", "timezone", "status", "mentor_id", "mentor_name", "mentor_email", "checkin_local",
            "backup_mentor_id", "buddy_id", "team_id", "project_id", "project_name", "standup_local", "pod_id", "pod_local",
            "workshop_local", "unmet",
        ])
    }

    @Test(.tags(.slow), .inSlowSuite) func oneRowPerMemberWithEveryUnmetNeed() throws {
        let cohort = try generatedCohort(members: 400, seed: 9)
        let r = try Batch.run(cohort, solver: GLPKSolver())
        let text = ScheduleText(r.schedule, request: r.scheduleRequest)
        let unmet = UnmetNeeds.all(r)
        let rows = Assignments.rows(r, text, unmet: unmet)
        #expect(rows.map { $0[0] } == cohort.members.map(\.id))
        #expect(rows.allSatisfy { $0.count == Assignments.header.count })
        // Every row of unmatched.csv is in its member's unmet and unmet_reasons cells.
        let column = Dictionary(uniqueKeysWithValues: Assignments.header.enumerated().map { ($1, $0) })
        for u in unmet {
            let row = rows[u.member]
            #expect(row[column["unmet"]!].split(separator: ";").contains(Substring(u.need)))
            #expect(row[column["unmet_reasons"]!].contains(u.need + ": " + u.reason))
        }
        // Every mentee's mentor and check-in, every team member's team and standup.
        for (k, p) in r.mentoring.pairs.enumerated() {
            let row = rows[p.mentee]
            #expect(row[column["mentor_id"]!] == cohort.members[p.mentor].id)
            #expect(row[column["mentor_email"]!] == cohort.members[p.mentor].email)
            if let e = r.schedule.checkInEvent[k] { #expect(row[column["checkin_local"]!] == text.localTime(member: p.mentee, event: e)) }
            #expect(rows[p.mentor][column["mentees"]!].contains("(" + cohort.members[p.mentee].id + ")"))
        }
        for team in r.teams.teams { for m in team.members { #expect(rows[m][column["team_id"]!] == team.id) } }
        for (m, s) in r.schedule.workshopSession.enumerated() where s >= 0 {
            #expect(rows[m][column["workshop_local"]!] == text.localTime(member: m, event: r.schedule.workshopEvents[s]))
        }
    }
}

@Suite struct RenderAndTimeLimitTests {
    /// The files rendered as bytes on two threads (files and calendar blocks
    /// as tasks) are those rendered on one, and `render`'s text is their UTF-8.
    @Test func renderBytesIndependentOfThreads() throws {
        let r = try handoutResult()
        let one = OutputFiles.renderBytes(r, inputs: [], summary: false, threads: 1)
        let two = OutputFiles.renderBytes(r, inputs: [], summary: false, threads: 2)
        #expect(one.map(\.name) == two.map(\.name) && one.map(\.bytes) == two.map(\.bytes))
        let text = OutputFiles.render(r, inputs: [], summary: false)
        #expect(text.map(\.name) == one.map(\.name) && text.map { Array($0.text.utf8) } == one.map(\.bytes))
        #expect(one.contains { $0.name.hasPrefix("calendar/") })
    }

    /// With a time limit, the note and summary.json say whether a phase
    /// reached it: none (the files are repeatable), or which (they may differ).
    @Test func timeLimitNoteSaysWhetherTheClockDecided() throws {
        var r = try handoutResult()
        #expect(OutputFiles.timeLimitNote(r) == nil && OutputFiles.phasesAtTimeLimit(r).isEmpty)
        r.cohort.policy.timeLimitSeconds = 30
        let calm = try #require(OutputFiles.timeLimitNote(r))
        #expect(calm.hasPrefix("note: time limit 30 s per phase (time_limit_seconds): no phase reached it (longest ") && calm.contains("these files are repeatable"), "\(calm)")
        // The team phase's two stages share one deadline: together at 90 % of it, both are named.
        r.teams.placement.seconds = 10
        r.teams.quality.seconds = 17.5
        #expect(OutputFiles.phasesAtTimeLimit(r) == ["teams_placed", "teams_quality"])
        let cut = try #require(OutputFiles.timeLimitNote(r))
        #expect(cut.hasPrefix("note: time limit 30 s per phase (time_limit_seconds): teams_placed, teams_quality stopped where the clock said; another run may give different files"), "\(cut)")
        r.teams.placement.seconds = 0.1
        r.teams.quality.seconds = 0.1
        r.schedule.outcome.stoppedBy = "time limit"
        #expect(OutputFiles.phasesAtTimeLimit(r) == ["schedule"])
        guard case .object(let top) = OutputFiles.summary(r, inputs: []), case .object(let d)? = top.first(where: { $0.0 == "determinism" })?.1 else {
            Issue.record("summary.json has no determinism")
            return
        }
        #expect(d.map(\.0) == ["time_limit_seconds", "clock_may_decide", "repeatable", "phases_at_time_limit"])
        guard case .array(let names)? = d.first(where: { $0.0 == "phases_at_time_limit" })?.1, names.count == 1, case .string("schedule") = names[0] else {
            Issue.record("phases_at_time_limit is not [\"schedule\"]")
            return
        }
    }
}
