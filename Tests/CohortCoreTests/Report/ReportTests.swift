import CohortSolver
import Foundation
import Testing

@testable import CohortCore

/// A small roster whose names, tags and project name try to inject markup.
let hostileMembers = """
    id,name,stage,availability,interests,skills,mentor_capacity,wants_team,project_choices,status
    m1,<script>alert('m1')</script>,5,Mon-Fri 18:00-21:00,lead,data;<b>bold</b>;ml,2,yes,p1,active
    m2,Ann & Bo's,4,Mon-Fri 18:00-21:00,ml,python;ml,2,yes,p1,active
    a1,Ada,1,Mon-Fri 18:00-21:00,data;ml,,0,yes,p1,active
    a2,<img src=x onerror=alert(2)>,2,Mon-Fri 18:00-21:00,<b>bold</b>,web,0,yes,p1,active
    a3,Cy,1,Sat 03:00-04:00,knitting,,0,yes,,active
    t1,Newbie,1,Mon-Fri 18:00-21:00,ml,,0,,,trial
    """

let hostileProjects = """
    id,name,needs,members
    p1,</title><script>x()</script>,data;ml,m1
    """

func hostileResult() throws -> BatchResult {
    let outcome = readRoster(hostileMembers, projects: hostileProjects, policy: "quarter_start = 2027-01-04\n")
    #expect(outcome.errors.isEmpty, "\(outcome.errors.map(\.description))")
    let cohort = try #require(outcome.cohort)
    return try Batch.run(cohort, solver: GLPKSolver(), threads: 1)
}

@Suite struct ReportTests {
    @Test func everySectionAndChartIsPresent() throws {
        let html = Report.html(try hostileResult())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for id in Report.sectionIDs + Report.chartIDs {
            #expect(html.contains("id=\"\(id)\""), "missing \(id)")
        }
        #expect(html.hasSuffix("</html>\n"))
        // Headline numbers, a team card, an unmatched row, the proof table.
        #expect(html.contains("mentees have a mentor"))
        #expect(html.contains("id=\"team-T001\""))
        #expect(html.contains("Standup:"))
        #expect(html.contains("knitting") || html.contains("a3"))
        #expect(html.contains("mentor pairs: matched"))
        #expect(html.contains("class=\"status-optimal\""))
    }

    @Test func userTextIsEscaped() throws {
        let html = Report.html(try hostileResult())
        // The only markup is ours: one script element (the filter), no injected tags or attributes.
        #expect(html.lowercased().components(separatedBy: "<script").count == 2)
        #expect(html.contains("<script id=\"report-filter\">\n" + Report.script + "</script>"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>bold"))
        #expect(!html.contains("</title><script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;m1&#39;)&lt;/script&gt;"))
        #expect(html.contains("Ann &amp; Bo&#39;s"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;"))
        // No external assets: no http(s) link other than the SVG namespace.
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"))
        #expect(!html.contains("<link") && !html.contains("url(") && !html.contains("@import"))
    }

    @Test func escapeCoversEveryMarkupCharacter() {
        #expect(Report.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(Report.escape("plain text é") == "plain text é")
    }

    @Test func deterministicApartFromSeconds() throws {
        let r = try hostileResult()
        var other = r
        other.mentoring.quality.seconds += 1.5
        other.candidateSeconds += 0.25
        func stable(_ s: String) -> [Substring] { s.split(separator: "\n").filter { !$0.contains("class=\"seconds\"") } }
        let a = Report.html(r), b = Report.html(other)
        #expect(a != b)
        #expect(stable(a) == stable(b))
    }

    @Test(.tags(.slow), .inSlowSuite) func largeRosterIsCappedAndComplete() throws {
        let cohort = try generatedCohort(members: 600, seed: 3)
        let r = try Batch.run(cohort, solver: GLPKSolver())
        let html = Report.html(r)
        for id in Report.sectionIDs + Report.chartIDs { #expect(html.contains("id=\"\(id)\"")) }
        let cards = html.components(separatedBy: "<div class=\"card\" id=\"team-").count - 1
        #expect(cards == min(r.teams.teams.count, Report.maxTeamCards))
        // 2 heat-maps × 7 days × 24 hours.
        #expect(html.components(separatedBy: "rx=\"3\" fill=").count - 1 == 336)
    }

    /// Every pair, buddy pair, team and workshop session in "Who got what";
    /// every unmatched.csv row in "Not served", grouped; nothing capped.
    @Test(.tags(.slow), .inSlowSuite) func everyAssignmentAndEveryUnmetNeedIsListed() throws {
        let cohort = try generatedCohort(members: 600, seed: 3)
        let r = try Batch.run(cohort, solver: GLPKSolver())
        let html = Report.html(r)
        func section(_ id: String) -> String {
            let start = html.range(of: "<section id=\"\(id)\">")!.upperBound
            return String(html[start...].prefix { _ in true }.split(separator: "</section>", maxSplits: 1)[0])
        }
        func count(_ s: String, _ needle: String) -> Int { s.components(separatedBy: needle).count - 1 }
        let who = section("who")
        #expect(count(who, "<tr data-kind=\"pair\">") == r.mentoring.pairs.count)
        #expect(count(who, "<tr data-kind=\"buddy\">") == r.buddies.pairs.count)
        #expect(count(who, "<tr data-kind=\"team\">") == r.teams.teams.count)
        #expect(count(who, "<tr data-kind=\"workshop\">") == r.schedule.workshopEvents.count)
        for p in r.mentoring.pairs.prefix(50) { #expect(who.contains("(" + cohort.members[p.mentor].id + ")")) }
        let unmet = UnmetNeeds.all(r)
        #expect(unmet.count > 300)
        // Every interest to recruit for: the first ones open, the rest behind one click.
        let next = section("next")
        let recruit = NextSteps(r, unmet: unmet).recruit
        #expect(recruit.count > Page.recruitShown)
        #expect(count(next, "<table class=\"stack recruit\">") == 2)
        for x in recruit { #expect(next.contains("<td>" + x.interest + "</td><td class=\"num\">\(x.mentees)</td>"), "\(x.interest)") }
        let notServed = section("unmatched")
        #expect(count(notServed, "<tr data-kind=\"") == unmet.count)
        for need in Set(unmet.map(\.need)) { #expect(count(notServed, "<tr data-kind=\"\(need)\">") == unmet.count { $0.need == need }) }
        // Groups: an organizer's fix first (asking for availability before recruiting, the workshop last).
        let groups = Page(r, text: ScheduleText(r.schedule, request: r.scheduleRequest), unmet: unmet).unservedGroups()
        #expect(groups.reduce(0) { $0 + $1.rows.count } == unmet.count)
        #expect(groups.map(\.rank) == groups.map(\.rank).sorted())
        #expect(groups.last?.need == "workshop")

        // Above the limit: each kind and group shows its share, the first rows in order.
        let limits = Report.ListLimits(full: 100, shown: 50)
        let partial = Report.html(r, text: ScheduleText(r.schedule, request: r.scheduleRequest), unmet: unmet, lists: limits)
        let whoRows = limits.shares([r.mentoring.pairs.count, r.buddies.pairs.count, r.teams.teams.count, r.pods.pods.count, r.schedule.workshopEvents.count])
        #expect(whoRows[0] < r.mentoring.pairs.count && whoRows[2] < r.teams.teams.count)
        func partialSection(_ id: String) -> String {
            String(partial[partial.range(of: "<section id=\"\(id)\">")!.upperBound...].split(separator: "</section>", maxSplits: 1)[0])
        }
        let shortWho = partialSection("who")
        #expect(shortWho.contains("id=\"who-partial\"") && shortWho.contains("pairings.csv") && shortWho.contains("assignments.csv"))
        #expect(count(shortWho, "<tr data-kind=\"pair\">") == whoRows[0])
        #expect(count(shortWho, "<tr data-kind=\"team\">") == whoRows[2])
        #expect(shortWho.contains("\(whoRows[0]) of \(r.mentoring.pairs.count) mentor pairs"))
        for p in r.mentoring.pairs.prefix(whoRows[0]) { #expect(shortWho.contains("(" + cohort.members[p.mentee].id + ")")) }
        let shortUnserved = partialSection("unmatched")
        #expect(count(shortUnserved, "<tr data-kind=\"") == limits.shares(groups.map(\.rows.count)).reduce(0, +))
        #expect(shortUnserved.contains("The groups below list"))
    }

    /// Solver words (objective, bound, optimal, LP) only in the proof section.
    @Test(.tags(.slow), .inSlowSuite) func solverWordsOnlyInTheProof() throws {
        let r = try Batch.run(try generatedCohort(members: 300, seed: 4), solver: GLPKSolver())
        let html = Report.html(r)
        // The page's text from <main> (after the style and the navigation) to the proof.
        let beforeProof = String(html[html.range(of: "<main>")!.upperBound..<html.range(of: "<section id=\"proof\">")!.lowerBound]).lowercased()
        for word in ["objective", "optimal", "feasible", " lp ", "lazy", "solver", "glpk", "bound"] {
            #expect(!beforeProof.contains(word), "'\(word)' outside the proof section")
        }
    }

    @Test func headlineSeparatesMentorTeamAndWorkshopNeeds() throws {
        let html = Report.html(try handoutResult())
        // zed misses a mentor, the workshop and the kickoff; tom a mentor and the kickoff; ben a
        // backup and the kickoff; ana only the kickoff and the mentor circle (her week is full).
        #expect(html.contains("<b>3</b> members miss something besides the workshop, kickoff or mentor circle, and 1 miss only those sessions. Missing: 2 a mentor; 1 a backup mentor; 1 the workshop; 4 the kickoff; 1 a mentor circle"))
        #expect(html.contains("<h3>Mentors</h3>") && html.contains("<h3>Teams</h3>") && html.contains("<h3>Workshop and schedule</h3>"))
    }

    /// Study pods are in "Who got what" (one row each, kind "pod", members and
    /// meeting); a pod seeker without availability is among the members to ask.
    @Test func podsInWhoGotWhatAndInTheChase() throws {
        let (r, files) = try PodOutputTests.run()
        let html = try #require(files["report.html"])
        let who = String(html[html.range(of: "<section id=\"who\">")!.upperBound...].split(separator: "</section>", maxSplits: 1)[0])
        #expect(who.contains("<option value=\"pod\">study pods</option>"))
        let rows = who.components(separatedBy: "<tr data-kind=\"pod\">").dropFirst()
        #expect(rows.count == r.pods.pods.count && rows.count == 1)
        let pod = r.pods.pods[0]
        let row = String(rows.first!.split(separator: "</tr>", maxSplits: 1)[0])
        #expect(row.contains("pod " + pod.id + " · " + r.cohort.tags.name(pod.interest)))
        for m in pod.members { #expect(row.contains("(" + r.cohort.members[m].id + ")")) }
        #expect(row.contains("–"))  // its weekly UTC time, "Mon 18:00–19:00"

        var roster = PodOutputTests.roster + "\nz1,Zoe,z1@example.org,2,active,UTC,,data,,0,yes,no"
        let c = try handCohort(roster, policy: "pod_min = 5\npod_max = 6\nquarter_start = 2027-01-04\n")
        let r2 = try Batch.run(c, solver: GLPKSolver(), threads: 1)
        let n = NextSteps(r2, unmet: UnmetNeeds.all(r2))
        #expect(n.chase.first { $0.need == "pod" }?.noAvailability == [c.memberIndex["z1"]!])
        #expect(Report.html(r2).contains("without a study pod: who</summary>"))
    }

    /// A list longer than its limit shows a share of each kind or group and
    /// names the CSV that has every row; the table of groups still counts all.
    @Test func longListsShowAShareAndPointToTheCSV() throws {
        let r = try handoutResult()
        let text = ScheduleText(r.schedule, request: r.scheduleRequest)
        let unmet = UnmetNeeds.all(r)
        func section(_ html: String, _ id: String) -> String {
            String(html[html.range(of: "<section id=\"\(id)\">")!.upperBound...].split(separator: "</section>", maxSplits: 1)[0])
        }
        func count(_ s: String, _ needle: String) -> Int { s.components(separatedBy: needle).count - 1 }
        let whole = Report.html(r, text: text, unmet: unmet)
        #expect(!whole.contains("class=\"note partial\""))
        #expect(count(section(whole, "who"), "<tr data-kind=\"pair\">") == r.mentoring.pairs.count)

        // Every list is "too long" at full: 0; one row of each kind or group is shown.
        // (This roster has at most one row of each kind in "Who got what": nothing is
        // cut there, so nothing is said; the slow test below cuts it.)
        let html = Report.html(r, text: text, unmet: unmet, lists: .init(full: 0, shown: 1))
        #expect(!section(html, "who").contains("who-partial"))

        let notServed = section(html, "unmatched")
        let groups = Page(r, text: text, unmet: unmet).unservedGroups()
        #expect(notServed.contains("id=\"unmatched-partial\"") && notServed.contains("unmatched.csv"))
        // One member row per group, every group in the table of groups with its full count.
        #expect(count(notServed, "<tr data-kind=\"") == groups.count)
        for g in groups {
            #expect(notServed.contains("<td class=\"num\">\(g.rows.count)</td>"))
            if g.rows.count > 1 { #expect(notServed.contains("… and \(g.rows.count - 1) more: unmatched.csv, need \(g.need).")) }
        }
        #expect(groups.contains { $0.rows.count > 1 })
    }

    @Test func listSharesAreProportionalAndKeepEveryPart() {
        let limits = Report.ListLimits.standard
        #expect(limits.shares([27_772, 7_893, 15_000, 0, 3]) == [5_481, 1_557, 2_960, 0, 1])
        #expect(limits.shares([20_000, 9_000, 1_000]) == [20_000, 9_000, 1_000])  // 30,000: whole
        #expect(Report.ListLimits(full: 10, shown: 4).shares([8, 2, 1]) == [2, 1, 1])
    }

    @Test func reportIsAmongTheOutputFiles() throws {
        let r = try hostileResult()
        let names = OutputFiles.render(r, inputs: []).map(\.name)
        #expect(names.contains("report.html"))
    }
}

/// The isolation level in the report (docs/teams.md §7): the headline's words and the table of
/// members alone with their balance value, each with why and whether it is proven forced by placement.
@Suite struct ReportIsolationTests {
    func level(_ status: PhaseOutcome.Status, isolated: Int, bound: Int, _ details: [(String, Int)]) -> PhaseOutcome {
        var p = PhaseOutcome(status: status, objective: Double(isolated), bound: Double(bound), seconds: 0)
        p.details = details.map { (name: $0.0, value: $0.1) }
        return p
    }

    @Test func headlineWordsSayWhatIsProven() {
        let optimal = level(.optimal, isolated: 2, bound: 2, [("teams_with_isolated", 2), ("isolated_no_peer", 1), ("isolated_peer_could_join", 1),
                                                              ("isolated_forced_proven", 2), ("listed_members", 9), ("listed_without_peer", 0)])
        #expect(Page.isolationWords(optimal) == "members are alone with their balance value on their team (team_no_isolated); "
            + "at least 2 cannot be avoided by any answer placing as many members; all 2 forced by placement, proven: no answer placing as many members isolates fewer")
        let feasible = level(.feasible, isolated: 4, bound: 1, [("teams_with_isolated", 3), ("isolated_no_peer", 2), ("isolated_peer_could_join", 2),
                                                               ("isolated_forced_proven", 1), ("listed_members", 9), ("listed_without_peer", 1)])
        #expect(Page.isolationWords(feasible) == "members are alone with their balance value on their team (team_no_isolated); "
            + "at least 1 cannot be avoided by any answer placing as many members; 1 forced by placement, proven: nobody with their value could ever share a team with them; "
            + "3 not proven forced (for 1 nobody with their value could join their team, for 2 someone could; the search found no better answer, see its gap under Solver proof); "
            + "1 of the roster's members with a listed value has nobody with it who could ever share a team with them")
        let none = level(.optimal, isolated: 0, bound: 0, [])
        #expect(Page.isolationWords(none) == "members are alone with their balance value on their team (team_no_isolated)")
    }

    @Test func tableNamesEachIsolatedMemberAndWhy() throws {
        let outcome = readRoster("""
            id,name,stage,availability,balance
            a,Ada,1,Mon 18:00-20:00,woman
            c,Cy,2,Mon 18:00-20:00,man
            e,Eve,3,Mon 18:00-20:00,man
            """, policy: "quarter_start = 2027-01-04\nteam_no_isolated = \"woman\"\n")
        let result = try Batch.run(try #require(outcome.cohort), solver: GLPKSolver(), threads: 1)
        #expect(result.teams.isolatedMembers.map(\.why) == [.noPossiblePeer])
        let html = Report.html(result)
        #expect(html.contains("<h3 id=\"isolated\">Members alone with their balance value (team_no_isolated)</h3>"))
        #expect(html.contains("nobody else with &#39;woman&#39; could ever share a team with them (standup times)"), "\(html)")
        #expect(html.contains("<td>proven</td>"))
        // Without the rule: no table.
        let plain = try Batch.run(try #require(readRoster("id,stage,availability,balance\na,1,Mon 18:00-20:00,woman\nc,2,Mon 18:00-20:00,man\ne,3,Mon 18:00-20:00,man\n",
                                                          policy: "quarter_start = 2027-01-04\n").cohort), solver: GLPKSolver(), threads: 1)
        #expect(!Report.html(plain).contains("id=\"isolated\""))
    }
}
