import CohortSolver
import Testing

@testable import CohortCore

@Suite struct PodFormationTests {
    /// Roster shapes: one zone, a class of 30, one large interest, many small
    /// interests, zones around the world, unusual pod sizes and long meetings.
    static let shapes: [(String, PodRosterShape)] = [
        ("one zone", PodRosterShape(seekers: 60, others: 20)),
        ("class of 30", PodRosterShape(seekers: 30, seed: 7)),
        ("one large interest", PodRosterShape(seekers: 300, interests: ["data"], windows: ["Mon-Fri 18:00-20:00", "Sat 10:00-12:00"], seed: 3)),
        ("many small interests", PodRosterShape(seekers: 80, interests: (1...30).map { "topic\($0)" }, seed: 4)),
        ("zones around the world", PodRosterShape(seekers: 200, zones: ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Tokyo"], seed: 5)),
        ("pods of 2-3", PodRosterShape(seekers: 40, seed: 6, policy: "pod_min = 2\npod_max = 3\n")),
        ("pods of 8-12, 3 hours", PodRosterShape(seekers: 90, seed: 8, policy: "pod_min = 8\npod_max = 12\npod_minutes = 180\n")),
    ]

    @Test(arguments: [0, 1, 5]) func everyHardRuleHolds(_ k: Int) throws { try checkShape(k) }

    @Test(.tags(.slow), .inSlowSuite, arguments: [2, 3, 4, 6]) func everyHardRuleHoldsOnLargerShapes(_ k: Int) throws { try checkShape(k) }

    func checkShape(_ k: Int) throws {
        let (name, shape) = Self.shapes[k]
        let c = try shape.cohort()
        let f = try PodFormation.solve(c, solver: GLPKSolver())
        checkPodRules(f, c)
        #expect(f.placement.objective <= f.placement.bound, "\(name)")
        #expect(f.quality.objective <= f.quality.bound, "\(name)")
        if name != "many small interests" { #expect(!f.pods.isEmpty, "\(name): no pod formed") }
    }

    /// The largest number of seekers in disjoint valid pods, by brute force
    /// over subsets (written independently of the engine).
    static func bruteForceMaxPlaced(_ c: Cohort) -> Int {
        let seekers = c.members.indices.filter { c.members[$0].seeksPod }
        let n = seekers.count
        let length = Week.slotCount(minutes: c.policy.podMinutes)
        var valid: [Int] = []
        for mask in 1..<(1 << n) {
            let size = mask.nonzeroBitCount
            guard size >= c.policy.podMin, size <= c.policy.podMax else { continue }
            let ms = (0..<n).filter { mask & (1 << $0) != 0 }.map { seekers[$0] }
            var common = WeekSlots.all
            for m in ms { common = common.intersection(c.members[m].availability.starts(length: length)) }
            guard !common.isEmpty else { continue }
            let shared = ms.dropFirst().reduce(Set(c.members[ms[0]].interests.tags)) { $0.intersection(c.members[$1].interests.tags) }
            guard !shared.isEmpty else { continue }
            guard !ms.contains(where: { a in ms.contains { b in a < b && c.avoids(a, b) } }) else { continue }
            valid.append(mask)
        }
        var best = [Int](repeating: -1, count: 1 << n)
        func solve(_ mask: Int) -> Int {
            if mask == 0 { return 0 }
            if best[mask] >= 0 { return best[mask] }
            let low = mask & -mask
            var b = solve(mask & ~low)
            for pod in valid where pod & low != 0 && pod & mask == pod { b = max(b, pod.nonzeroBitCount + solve(mask & ~pod)) }
            best[mask] = b
            return b
        }
        return solve((1 << n) - 1)
    }

    @Test(arguments: 1...6) func smallRostersPlaceTheProvenMaximum(_ seed: UInt64) throws {
        let shape = PodRosterShape(seekers: 13, interests: ["data", "web", "ml"], windows: ["Mon 18:00-19:30", "Tue 18:00-19:00", "Mon-Tue 18:30-20:00"],
                                   avoidShare: 0.3, seed: seed, policy: "pod_min = 3\npod_max = 4\n")
        let c = try shape.cohort()
        let f = try PodFormation.solve(c, solver: GLPKSolver())
        checkPodRules(f, c)
        let placed = f.pods.reduce(0) { $0 + $1.members.count }
        #expect(placed == Self.bruteForceMaxPlaced(c))
        #expect(f.placement.status == .optimal)
        #expect(f.quality.details.contains { $0.name == "exact_proven" && $0.value == 1 })
    }

    @Test(.tags(.slow), .inSlowSuite) func sameInputSamePods() throws {
        let c = try PodRosterShape(seekers: 300, zones: ["Europe/Berlin", "America/New_York"], seed: 11).cohort()
        let a = try PodFormation.solve(c, solver: GLPKSolver())
        let b = try PodFormation.solve(c, solver: GLPKSolver())
        #expect(a.pods == b.pods)
        #expect(a.unplaced == b.unplaced)
        #expect(a.reasons == b.reasons)
    }

    @Test(.tags(.slow), .inSlowSuite) func theSearchPlacesAtLeastTheConstruction() throws {
        for seed in UInt64(20)...UInt64(24) {
            let c = try PodRosterShape(seekers: 150, zones: ["Europe/Berlin", "America/New_York"], avoidShare: 0.2, seed: seed).cohort()
            let p = PodProblem(cohort: c)
            let start = PodConstruction.build(p)
            for pod in start { #expect(p.isValid(pod.members, interest: pod.interest)) }
            let f = try PodFormation.solve(c, solver: GLPKSolver())
            checkPodRules(f, c)
            #expect(f.pods.reduce(0) { $0 + $1.members.count } >= start.reduce(0) { $0 + $1.members.count })
        }
    }

    @Test func theMostExperiencedFacilitatesFirstThenEveryoneInTurn() throws {
        let c = try PodRosterShape(seekers: 12, interests: ["data"], windows: ["Mon 18:00-20:00"], avoidShare: 0, trialShare: 0, seed: 2).cohort()
        let f = try PodFormation.solve(c, solver: GLPKSolver())
        let pod = try #require(f.pods.first)
        let order = pod.members.sorted { (-c.members[$0].stage.rawValue, $0) < (-c.members[$1].stage.rawValue, $1) }
        #expect(Array(pod.facilitators.prefix(order.count)) == order)
        #expect(pod.facilitatorWeeks(of: order[0]).first == 1)
    }

    @Test func nobodyAskedMeansNoPods() throws {
        let c = try PodRosterShape(seekers: 0, others: 10).cohort()
        let f = try PodFormation.solve(c, solver: GLPKSolver())
        #expect(f.pods.isEmpty && f.unplaced.isEmpty)
        #expect(f.placement.status == .empty)
    }
}

@Suite struct PodReasonTests {
    static let roster = """
        id,stage,status,timezone,availability,interests,wants_pod,avoid
        a1,1,active,UTC,Mon 18:00-20:00,data,yes,
        a2,2,active,UTC,Mon 18:00-20:00,data,yes,
        a3,3,trial,UTC,Mon 18:00-20:00,data,yes,
        a4,4,active,UTC,Mon 18:00-20:00,data,yes,
        a5,5,active,UTC,Mon 18:00-20:00,data,yes,
        a6,1,active,UTC,Mon 18:00-20:00,data,yes,
        a7,2,active,UTC,Mon 18:00-20:00,data,yes,
        a8,3,active,UTC,Mon 18:00-20:00,data,yes,a1
        b1,2,active,UTC,Tue 06:00-07:00,data,yes,
        c1,3,active,UTC,Mon 18:00-20:00,,yes,
        d1,3,active,UTC,,data,yes,
        e1,3,active,UTC,Mon 18:00-18:30,data,yes,
        f1,3,active,UTC,Mon 18:00-20:00,knitting,yes,
        g1,3,paused,UTC,Mon 18:00-20:00,data,yes,
        h1,3,active,UTC,Mon 18:00-20:00,data,no,
        """

    @Test func everySeekerNotPlacedHasTheirReason() throws {
        let c = try handCohort(Self.roster, policy: "pod_min = 4\npod_max = 7\n")
        let f = try PodFormation.solve(c, solver: GLPKSolver())
        checkPodRules(f, c)
        func reason(_ id: String) -> String { f.reasons[c.memberIndex[id]!] ?? "" }
        // a1…a8 fit one pod of 7 at most (a1 and a8 avoid each other): one pod of 7 or two of 4.
        #expect(f.pods.reduce(0) { $0 + $1.members.count } == 8)
        #expect(reason("b1").contains("no other pod seeker interested in 'data' shares a 60-minute weekly window"))
        #expect(reason("c1").hasPrefix("no interests listed"))
        #expect(reason("d1").hasPrefix("no availability given"))
        #expect(reason("e1").contains("no availability window of 60 minutes"))
        #expect(reason("f1").contains("too few pod seekers share an interest: at most 0 others ('knitting')"))
        // Paused members and members who did not ask are not seekers at all.
        #expect(f.reasons[c.memberIndex["g1"]!] == nil && f.reasons[c.memberIndex["h1"]!] == nil)
    }

    @Test func aFullPodIsTheReason() throws {
        let c = try handCohort(Self.roster, policy: "pod_min = 7\npod_max = 7\n")
        let f = try PodFormation.solve(c, solver: GLPKSolver())
        checkPodRules(f, c)
        #expect(f.pods.count == 1)
        let left = f.unplaced.filter { c.members[$0].id.hasPrefix("a") }
        #expect(left.count == 1)
        #expect((f.reasons[left[0]] ?? "") == "of the 1 pod around 'data', 1 full (pod_max = 7); too few others are left over to start one")
    }
}

/// Pods on the generator's roster shapes (`cohort generate --shape …
/// --rule-columns`), every active and trial member asking for one.
@Suite(.tags(.slow), .inSlowSuite) struct GeneratedPodTests {
    @Test(arguments: RosterGenerator.Shape.allCases) func everyHardRuleHoldsOnEveryShape(_ shape: RosterGenerator.Shape) throws {
        var parameters = RosterGenerator.Parameters(memberCount: shape == .classroom ? 30 : 400, seed: 5)
        parameters.shape = shape
        let roster = RosterGenerator(parameters: parameters).generate().withRuleColumns(RuleColumns(podShare: 1), seed: 5)
        let writer = CSVWriter(neutralizesFormulas: false)
        let outcome = RosterReader.read(
            members: InputFile(name: "members.csv", bytes: Array(writer.write(header: roster.members.header, rows: roster.members.rows).utf8)),
            projects: nil, policy: InputFile(name: "policy.toml", bytes: Array(roster.policyTOML.utf8)),
            runDate: CalendarDate(year: 2026, month: 12, day: 1)!)
        let c = try #require(outcome.cohort)
        let f = try PodFormation.solve(c, solver: GLPKSolver())
        checkPodRules(f, c)
        let seekers = c.members.count { $0.seeksPod }
        #expect(seekers > 0)
    }
}
