import CohortSolver
import Testing

@testable import CohortCore

@Suite("Simulation: the batch on generated cohorts", .tags(.slow), .inSlowSuite)
struct SimulationTests {
    // No time limit: a wall-clock limit that cuts a search could make two runs differ (docs/simulate.md).
    static let settings = SimulationSettings(sizes: [40, 120], seed: 3, threads: 1)

    /// The CSV with the columns that hold wall-clock seconds removed.
    static func withoutSeconds(_ csv: String) -> [[String]] {
        let records = CSVReader.read(Array(csv.utf8)).records.map(\.fields)
        guard let header = records.first else { return [] }
        let keep = header.indices.filter { !header[$0].hasSuffix("_seconds") || header[$0] == "time_limit_seconds" }
        return records.map { row in keep.map { $0 < row.count ? row[$0] : "" } }
    }

    @Test("a sweep measures every size; counts agree with the batch; same seed, same tables")
    func sweep() throws {
        let a = try Simulation.run(Self.settings, solver: GLPKSolver())
        #expect(a.runs.map(\.size) == [40, 120])
        for r in a.runs {
            #expect(r.members == r.size)
            #expect(r.matched <= r.mentees && r.placed <= r.teamEligible && r.workshopSeated <= r.workshopInvited)
            // Every mentee without a mentor is one `mentor` row of unmatched.csv.
            #expect(r.unserved(need: "mentor") == r.mentees - r.matched)
            #expect(r.unserved(need: "team") == r.teamEligible - r.placed)
            #expect(r.unserved(need: "workshop") == r.workshopInvited - r.workshopSeated)
            // Pods: a fifth of active and trial members want one (the default --pod-share).
            #expect(r.podSeekers > 0 && r.podPlaced <= r.podSeekers)
            #expect(r.unserved(need: "pod") == r.podSeekers - r.podPlaced)
            // Workshop tracks 1-2 and 3-5 (the default) cover every stage: they split the invited and the seated.
            #expect(r.tracks.map(\.band) == [1...2, 3...5])
            #expect(r.tracks.reduce(0) { $0 + $1.invited } == r.workshopInvited && r.tracks.reduce(0) { $0 + $1.seated } == r.workshopSeated)
            #expect(r.tracks.allSatisfy { $0.invited > 0 && $0.seated <= $0.invited })
            // Kickoff: every active member; circles: the mentors; each member who cannot come is one unmatched.csv row.
            #expect(r.kickoffInvited == r.active && r.circleInvited == r.mentors)
            #expect(r.unserved(need: "kickoff") == r.kickoffInvited - r.kickoffSeated)
            #expect(r.unserved(need: "mentor_circle") == r.circleInvited - r.circleSeated)
            #expect(r.seconds.batch >= r.seconds.teams && r.seconds.batch > 0)
        }
        let b = try Simulation.run(Self.settings, solver: GLPKSolver())
        #expect(Self.withoutSeconds(SimulationTables.runs(a)) == Self.withoutSeconds(SimulationTables.runs(b)))
        #expect(SimulationTables.unserved(a) == SimulationTables.unserved(b))

        let table = Self.withoutSeconds(SimulationTables.runs(a))
        #expect(table[0].prefix(10) == ["size", "run", "seed", "members", "active", "mentees", "mentors", "mentor_places", "matched", "matched_share"])
        #expect(table[0].contains("unserved_mentor") && table[0].contains("unserved_workshop"))
        #expect(table[0].contains("pod_seekers") && table[0].contains("pod_placed_share"))
        #expect(SimulationTables.summary(a)[0].contains("pod seekers placed"))
        #expect(table[0].contains("track_1-2_seated") && table[0].contains("track_3-5_share") && table[0].contains("kickoff_seated"))
        #expect(SimulationTables.summary(a)[0].contains("(track 1-2 ") && SimulationTables.summary(a)[0].contains(", mentor circles "))
        #expect(table.count == 3)
        #expect(table[1][0] == "40" && table[1][2] == "3")

        let page = SimulationPage.sweep(a)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.ranges(of: "<svg ").count == 3)
        #expect(!page.contains("http:") && !page.contains("https:") && !page.contains("src="))
    }

    @Test("--pod-share sets who wants a pod in the generated rosters; 0 leaves pods out")
    func podShare() throws {
        let p = RosterGenerator.Parameters(memberCount: 200, seed: 4)
        let none = try SimulatedRoster.cohort(p, podShare: 0)
        #expect(!none.members.contains { $0.wantsPod })
        let half = try SimulatedRoster.cohort(p, podShare: 0.5)
        let open = half.members.filter { $0.status == .active || $0.status == .trial }
        let share = Double(open.count { $0.wantsPod }) / Double(open.count)
        #expect(share > 0.35 && share < 0.65)
        // Only the pod column is added: everything else reads the same.
        #expect(half.members.map(\.id) == none.members.map(\.id) && half.members.map(\.teammates) == none.members.map(\.teammates))
        #expect(SimulationSettings(sizes: [10]).podShare == RuleColumns().podShare)
    }

    @Test("workshop tracks reach the generated rosters' policy; none gives one cohort-wide workshop and no track columns")
    func workshopTracks() throws {
        let p = RosterGenerator.Parameters(memberCount: 60, seed: 4)
        #expect(try SimulatedRoster.cohort(p, workshopTracks: [1...2, 3...5]).policy.workshopTracks == [1...2, 3...5])
        #expect(try SimulatedRoster.cohort(p, workshopTracks: [3...3]).policy.workshopTracks == [3...3])
        #expect(try SimulatedRoster.cohort(p).policy.workshopTracks.isEmpty)
        #expect(SimulationSettings(sizes: [10]).workshopTracks == [1...2, 3...5])
        // Without tracks: the runs have none and the table no track columns.
        let report = try Simulation.run(SimulationSettings(sizes: [30], seed: 2, threads: 1, podShare: 0, workshopTracks: []), solver: GLPKSolver())
        #expect(report.runs[0].tracks.isEmpty && report.runs[0].workshopInvited > 0)
        #expect(!SimulationTables.runs(report).contains("track_"))
        #expect(!SimulationTables.summary(report)[0].contains("track"))
    }

    @Test("runs use seeds S, S+1, … and are the rosters cohort generate writes")
    func seeds() {
        #expect(SimulationSettings(sizes: [100, 10, 100]).sizes == [100, 10])
        let s = SimulationSettings(sizes: [10], runs: 3, seed: 41)
        #expect((0..<3).map { s.seed(run: $0) } == [41, 42, 43])
        #expect(s.parameters(size: 10, run: 2) == RosterGenerator.Parameters(memberCount: 10, seed: 43))
        #expect(RosterGenerator(parameters: s.parameters(size: 10, run: 1)).generate()
            == RosterGenerator(memberCount: 10, seed: 42).generate())
    }

    @Test("the time limit reaches the policy the engines read")
    func timeLimit() throws {
        let c = try SimulatedRoster.cohort(.init(memberCount: 20, seed: 1), timeLimitSeconds: 7.5)
        #expect(c.policy.timeLimitSeconds == 7.5)
        #expect(try SimulatedRoster.cohort(.init(memberCount: 20, seed: 1)).policy.timeLimitSeconds == nil)
    }
}

@Suite("Simulation text: reasons, numbers, charts")
struct SimulationTextTests {
    @Test("reasons are grouped by kind", arguments: [
        ("all 4 eligible mentors are at capacity", "all N eligible mentors are at capacity"),
        ("no opted-in mentor at stage ≥ 3 shares the interest 'data' and an evening window",
         "no opted-in mentor at stage ≥ N shares the interest '…' and an evening window"),
        ("not available at the workshop time (Sat 15:15–16:45 UTC)", "not available at the workshop time"),
        ("no availability given; a team needs a weekly 30-minute standup window", "no availability given"),
        ("every common time (2 starts, e.g. Sat 12:15–12:45 UTC) is taken by m00003's checkin-m00003, m00034's checkin-m00003",
         "every common time is taken by N's checkin-N"),
        ("pre-assigned to project p006, which cannot form a team: too few eligible members",
         "pre-assigned to project N, which cannot form a team"),
        ("no team meets at a time you can make (Tue 01:30–02:45 UTC), and the unplaced members free then could not",
         "no team meets at a time you can make, and the unplaced members free then could not"),
        ("your only window, Mon 00:45–01:30 UTC, is shared by 1 other eligible member; a team needs 3",
         "your only window, DAY N:N–N:N UTC, is shared by N other eligible member"),
        ("", "(no reason given)"),
    ])
    func reasonKinds(reason: String, kind: String) {
        #expect(ReasonKind.normalize(reason) == kind)
    }

    @Test("unmatched.csv rows are counted by need and kind, any need")
    func grouping() {
        let csv = """
            member_id,need,reason
            m1,mentor,all 4 eligible mentors are at capacity
            m2,mentor,all 7 eligible mentors are at capacity
            m2,backup,no second mentor
            m3,mentor,"no mentor teaches 'go'"
            m3,workshop,not available at the workshop time (Mon 10:00–11:30 UTC)
            m4,dragons,"a need nobody knows yet, with a comma"

            """
        let groups = UnservedGroups.groups(unmatchedCSV: csv)
        #expect(groups.map(\.need) == ["mentor", "mentor", "backup", "workshop", "dragons"])
        #expect(groups[0] == UnservedGroup(need: "mentor", kind: "all N eligible mentors are at capacity", count: 2,
                                           example: "all 4 eligible mentors are at capacity"))
        #expect(UnservedGroups.countsByNeed(groups).map(\.count) == [3, 1, 1, 1])
    }

    @Test("numbers are written without the locale")
    func numbers() {
        #expect(DecimalText.fixed(0.95, 4) == "0.9500")
        #expect(DecimalText.fixed(-0.004, 2) == "0.00")
        #expect(DecimalText.fixed(12.345, 1) == "12.3")
        #expect(DecimalText.short(3, 2) == "3")
        #expect(DecimalText.short(2.50, 2) == "2.5")
        #expect(DecimalText.percent(0.9531) == "95.3%")
        #expect(DecimalText.grouped(10_000) == "10,000")
        #expect(DecimalText.grouped(999) == "999")
    }

    @Test("chart axes end on round numbers")
    func axes() {
        #expect(SVGChart.axis(maximum: 1).top == 1)
        #expect(SVGChart.axis(maximum: 37).step == 10 && SVGChart.axis(maximum: 37).top == 40)
        #expect(SVGChart.axis(maximum: 0.43).top == 0.5)
        #expect(SVGChart.axis(maximum: 0).top == 1)
    }

    @Test("every text in a chart is escaped")
    func escaping() {
        let hostile = "<script>alert('x')</script> & \"q\""
        let svg = SVGChart.bars(title: hostile, id: "a\"b", categories: [hostile], xLabel: hostile,
                                series: [.init(name: hostile, color: "#000\"", values: [1])], stacked: false,
                                yLabel: hostile, format: { _ in hostile })
        #expect(!svg.contains("<script>") && !svg.contains("'x'") && !svg.contains("\"q\"") && !svg.contains("#000\""))
        #expect(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
        let lines = SVGChart.lines(title: hostile, id: "l", xLabel: hostile, yLabel: hostile, series: [(hostile, "#000", [(0, 0), (1, 1)])],
                                   xRange: 0...1, yRange: 0...1, yGuides: [.init(value: 0.5, label: hostile, color: "red")],
                                   formatX: { _ in hostile }, formatY: { _ in hostile })
        #expect(!lines.contains("<script>"))
        #expect(SVGChart.escape("a\u{1}b") == "a b")
    }
}
