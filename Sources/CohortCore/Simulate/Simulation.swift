/// `cohort simulate`: the whole batch on generated cohorts of several sizes
/// (docs/simulate.md). Pure: the solver is injected, the tables and the page
/// are returned as text.
public struct SimulationSettings: Sendable {
    /// Cohort sizes (members), in the order given, each once.
    public var sizes: [Int]
    /// Rosters per size; run r uses seed `seed + r`.
    public var runs: Int
    public var seed: UInt64
    /// The generator's other parameters (mentor share, zone spread, …);
    /// `memberCount` and `seed` are set per run.
    public var generator: RosterGenerator.Parameters
    /// Per-phase solver time limit (policy `time_limit_seconds`); nil: none.
    public var timeLimitSeconds: Double?
    /// Threads each phase may use.
    public var threads: Int
    /// Share of active and trial members who want a study pod (`wants_pod`) in
    /// the generated rosters; 0 leaves pods out.
    public var podShare: Double
    /// The generated rosters' `workshop_tracks` (stage bands, each its own
    /// workshop); empty: one cohort-wide workshop.
    public var workshopTracks: [ClosedRange<Int>]

    public init(sizes: [Int], runs: Int = 1, seed: UInt64 = 1, generator: RosterGenerator.Parameters = .init(),
                timeLimitSeconds: Double? = nil, threads: Int = 2, podShare: Double = SimulationSettings.defaultPodShare,
                workshopTracks: [ClosedRange<Int>] = SimulationSettings.defaultWorkshopTracks) {
        self.podShare = min(1, max(0, podShare))
        self.workshopTracks = workshopTracks
        var seen = Set<Int>()
        self.sizes = sizes.filter { seen.insert($0).inserted }
        self.runs = max(1, runs)
        self.seed = seed
        self.generator = generator
        self.timeLimitSeconds = timeLimitSeconds
        self.threads = max(1, threads)
    }

    /// The `wants_pod` share of `cohort generate --rule-columns` (`RuleColumns`).
    public static let defaultPodShare = RuleColumns().podShare
    /// Two tracks, as the seed's "tracks for different skill levels": stages 1–2 and 3–5.
    public static let defaultWorkshopTracks: [ClosedRange<Int>] = [1...2, 3...5]

    /// The seed of run `run` (0-based): `cohort generate --seed` with it gives the same roster.
    public func seed(run: Int) -> UInt64 { seed &+ UInt64(run) }

    /// The generator parameters of one run.
    public func parameters(size: Int, run: Int) -> RosterGenerator.Parameters {
        var p = generator
        p.memberCount = size
        p.seed = seed(run: run)
        return p
    }
}

/// Wall-clock seconds of each phase of one run.
public struct PhaseSeconds: Sendable, Hashable {
    /// Generating the roster, writing it as CSV text and reading it back.
    public var roster: Double = 0
    /// Building the mentor candidate graph.
    public var candidates: Double = 0
    /// Both mentor-pair solves (cardinality and quality).
    public var mentorPairs: Double = 0
    /// Team construction and improvement.
    public var teams: Double = 0
    /// Study pods (formation; their meetings are in `schedule`).
    public var pods: Double = 0
    /// The weekly schedule (workshop included).
    public var schedule: Double = 0
    /// The whole `Batch.run` call.
    public var batch: Double = 0

    public init() {}

    /// The phases in the order they run, for tables and charts.
    public var phases: [(name: String, seconds: Double)] {
        [("candidates", candidates), ("mentor pairs", mentorPairs), ("teams", teams), ("pods", pods), ("schedule", schedule)]
    }
}

/// What one batch on one generated roster gave.
public struct SimulatedRun: Sendable {
    public var size: Int
    public var run: Int
    public var seed: UInt64
    public var members = 0
    public var active = 0
    /// Active members who want a mentor.
    public var mentees = 0
    /// Active members with mentor capacity > 0.
    public var mentors = 0
    /// Mentee places those mentors offer (capacity capped at `max_mentees`).
    public var mentorPlaces = 0
    /// Mentees with a mentor (continuing pairs included).
    public var matched = 0
    /// Members eligible for a team (placed + not placed).
    public var teamEligible = 0
    public var placed = 0
    public var teams = 0
    /// Members who want a pod (placed + not placed), those placed, and the pods.
    public var podSeekers = 0
    public var podPlaced = 0
    public var pods = 0
    /// Members the workshop was planned for, and those who have a session.
    public var workshopInvited = 0
    public var workshopSeated = 0
    /// With `workshop_tracks`: per band, in band order, its members among the
    /// invited and those with a session of it (empty without tracks).
    public var tracks: [TrackCount] = []
    /// The week-1 kickoff and the mentor circles (weeks 4, 8, 12): members
    /// invited, and those who can make a session (of every circle).
    public var kickoffInvited = 0
    public var kickoffSeated = 0
    public var circleInvited = 0
    public var circleSeated = 0
    /// Meetings that exist but got no time.
    public var eventsNotFitted = 0
    /// unmatched.csv, grouped.
    public var unserved: [UnservedGroup] = []
    public var seconds = PhaseSeconds()
    /// Phases not proven optimal (status `feasible`): a time limit stopped the
    /// proof, or the answer did not reach the phase's bound.
    public var unproven: [String] = []

    public init(size: Int, run: Int, seed: UInt64) {
        self.size = size
        self.run = run
        self.seed = seed
    }

    public var matchedShare: Double? { mentees == 0 ? nil : Double(matched) / Double(mentees) }
    public var placedShare: Double? { teamEligible == 0 ? nil : Double(placed) / Double(teamEligible) }
    public var podShare: Double? { podSeekers == 0 ? nil : Double(podPlaced) / Double(podSeekers) }
    public var workshopShare: Double? { workshopInvited == 0 ? nil : Double(workshopSeated) / Double(workshopInvited) }
    public var kickoffShare: Double? { kickoffInvited == 0 ? nil : Double(kickoffSeated) / Double(kickoffInvited) }
    public var circleShare: Double? { circleInvited == 0 ? nil : Double(circleSeated) / Double(circleInvited) }

    /// Rows of unmatched.csv for `need`.
    public func unserved(need: String) -> Int {
        unserved.reduce(0) { $0 + ($1.need == need ? $1.count : 0) }
    }

    /// Measures a finished batch.
    public init(size: Int, run: Int, seed: UInt64, result r: BatchResult, rosterSeconds: Double, batchSeconds: Double) {
        self.init(size: size, run: run, seed: seed)
        let c = r.cohort
        let rules = MentorRules(policy: c.policy)
        members = c.members.count
        for m in c.members where m.isActive {
            active += 1
            if rules.isMentee(m) { mentees += 1 }
            if rules.isMentor(m) {
                mentors += 1
                mentorPlaces += min(m.mentorCapacity, c.policy.maxMentees)
            }
        }
        matched = r.mentoring.pairs.count
        placed = r.teams.teams.reduce(0) { $0 + $1.members.count }
        teamEligible = placed + r.teams.unplaced.count
        teams = r.teams.teams.count
        podPlaced = r.pods.pods.reduce(0) { $0 + $1.members.count }
        podSeekers = podPlaced + r.pods.unplaced.count
        pods = r.pods.pods.count
        workshopInvited = r.scheduleRequest.workshopAttendees.count
        workshopSeated = r.schedule.workshopSession.count { $0 >= 0 }
        tracks = TrackCount.counts(r)
        let kickoff = Set(r.scheduleRequest.kickoffAttendees), circle = Set(r.scheduleRequest.mentorCircleAttendees)
        kickoffInvited = kickoff.count
        kickoffSeated = kickoff.subtracting(r.schedule.sessionAbsences.filter { $0.kind == .kickoff }.map(\.member)).count
        circleInvited = circle.count
        circleSeated = circle.subtracting(r.schedule.sessionAbsences.filter { $0.kind == .mentorCircle }.map(\.member)).count
        eventsNotFitted = r.schedule.unscheduled.count
        unserved = UnservedGroups.groups(unmatchedCSV: OutputFiles.unmatched(r))
        seconds.roster = rosterSeconds
        seconds.candidates = r.candidateSeconds
        seconds.mentorPairs = r.mentoring.cardinality.seconds + r.mentoring.quality.seconds
        seconds.teams = r.teams.placement.seconds + r.teams.quality.seconds
        seconds.pods = r.pods.placement.seconds + r.pods.quality.seconds
        seconds.schedule = r.schedule.seconds
        seconds.batch = batchSeconds
        let outcomes: [(String, PhaseOutcome)] = [
            ("mentor pairs (matched)", r.mentoring.cardinality), ("mentor pairs (quality)", r.mentoring.quality),
            ("teams (placed)", r.teams.placement), ("teams (quality)", r.teams.quality),
            ("pods (placed)", r.pods.placement), ("pods (quality)", r.pods.quality),
            ("schedule", r.schedule.outcome), ("workshop", r.schedule.workshopOutcome),
        ]
        unproven = outcomes.filter { $0.1.status == .feasible }.map(\.0)
    }
}

/// One workshop track of a run: its stage band, its members among those
/// invited to the workshop, and those seated at a session of the track.
public struct TrackCount: Sendable, Hashable {
    public var band: ClosedRange<Int>
    public var invited: Int
    public var seated: Int

    public var share: Double? { invited == 0 ? nil : Double(seated) / Double(invited) }
    /// `1-2`, as in `workshop_tracks`.
    public var name: String { WorkshopTracks.text([band]) }

    /// The tracks of a finished batch, in band order (empty without `workshop_tracks`).
    static func counts(_ r: BatchResult) -> [TrackCount] {
        let policy = r.cohort.policy
        var counts = policy.workshopTracks.map { TrackCount(band: $0, invited: 0, seated: 0) }
        guard !counts.isEmpty else { return [] }
        for m in Set(r.scheduleRequest.workshopAttendees) {
            guard let t = policy.workshopTrack(of: r.cohort.members[m].stage) else { continue }
            counts[t].invited += 1
            let session = m < r.schedule.workshopSession.count ? r.schedule.workshopSession[m] : -1
            if session >= 0 { counts[t].seated += 1 }
        }
        return counts
    }
}

/// Where a simulation is, for a progress bar.
public struct SimulationProgress: Sendable {
    /// 0…1, weighted by roster size.
    public var fraction: Double
    /// The size and run (0-based) being worked on.
    public var size: Int
    public var run: Int
    /// What the batch is doing.
    public var message: String
}

/// A whole sweep: every run, in size order then run order.
public struct SimulationReport: Sendable {
    public var settings: SimulationSettings
    public var runs: [SimulatedRun]

    public init(settings: SimulationSettings, runs: [SimulatedRun]) {
        self.settings = settings
        self.runs = runs
    }

    /// The runs of each size, in the order of `settings.sizes`.
    public var bySize: [(size: Int, runs: [SimulatedRun])] {
        settings.sizes.map { size in (size, runs.filter { $0.size == size }) }
    }

    /// Every need that occurs, in unmatched.csv order (SPEC §4 needs always).
    public var needs: [String] {
        var all = Set(UnservedGroups.standardNeeds)
        for run in runs { for g in run.unserved { all.insert(g.need) } }
        return all.sorted(by: UnservedGroups.needOrder)
    }
}

public enum Simulation {
    /// Runs the batch on `settings.runs` generated rosters of each size.
    /// Throws when a solve fails, or (never expected) a generated roster does not validate.
    public static func run(_ settings: SimulationSettings, solver: any LinearSolver,
                           progress: @escaping @Sendable (SimulationProgress) -> Void = { _ in }) throws -> SimulationReport {
        // Progress is weighted by size: the batch grows faster than linearly, but
        // the size is what an organizer reads the bar against.
        let total = Double(max(1, settings.sizes.reduce(0) { $0 + max(1, $1) } * settings.runs))
        var done = 0.0
        var runs: [SimulatedRun] = []
        for size in settings.sizes {
            for r in 0..<settings.runs {
                let weight = Double(max(1, size)) / total
                let base = done
                progress(SimulationProgress(fraction: base, size: size, run: r, message: "generating \(size) members (seed \(settings.seed(run: r)))"))
                let clock = Stopwatch()
                let cohort = try SimulatedRoster.cohort(settings.parameters(size: size, run: r), timeLimitSeconds: settings.timeLimitSeconds,
                                                        podShare: settings.podShare, workshopTracks: settings.workshopTracks)
                let rosterSeconds = clock.seconds
                let batchClock = Stopwatch()
                let result = try Batch.run(cohort, solver: solver, threads: settings.threads) { message in
                    progress(SimulationProgress(fraction: base + weight * phaseFraction(message), size: size, run: r, message: message))
                }
                runs.append(SimulatedRun(size: size, run: r, seed: settings.seed(run: r), result: result,
                                         rosterSeconds: rosterSeconds, batchSeconds: batchClock.seconds))
                done += weight
            }
        }
        progress(SimulationProgress(fraction: 1, size: settings.sizes.last ?? 0, run: settings.runs - 1, message: "done"))
        return SimulationReport(settings: settings, runs: runs)
    }

    /// How far into a run a batch progress message is (the phases' usual share of the time).
    static func phaseFraction(_ message: String) -> Double {
        if message.hasPrefix("mentor pairs") { return message.contains("matched") ? 0.2 : 0.05 }
        if message.hasPrefix("teams") { return message.contains("placed") ? 0.75 : 0.2 }
        if message.hasPrefix("pods") { return message.contains("placed") ? 0.8 : 0.75 }
        if message.hasPrefix("schedule") { return message.contains("events") ? 1 : 0.8 }
        return 0.05
    }
}
