/// Places the recurring events (check-ins, standups, buddy check-ins) on the
/// UTC week so that no member is in two at once. docs/schedule.md §2:
///
/// 1. Every event gets its candidate starts (all participants free for the
///    whole meeting) with a score per start (how far inside everyone's
///    windows it sits).
/// 2. Greedy: events with the fewest candidates first, each at its best free start.
/// 3. Repair: around every event that is unplaced or not at its best start, a
///    region of nearby events (sharing members, up to two steps) is re-solved
///    by GLPK as a time-indexed MIP (events × starts, one row per member and
///    slot), started from the greedy placement; everything outside stays fixed.
struct EventPlacer {
    struct Event {
        var id: String
        var kind: EventKind
        var participants: [Int]
        var length: Int
        var weight: Int
        var source: Int
        var occurrences: Int
        /// Starts every participant's availability allows (before any booking).
        var allowed: WeekSlots
        /// `allowed` ordered by score (descending), then slot.
        var ranked: [Int32]
        var scores: [Int16]
        var start: Int = -1
        var score: Int = 0

        var bestScore: Int { scores.first.map(Int.init) ?? 0 }
    }

    /// Largest region one MIP re-solves.
    static let regionLimit = 120
    /// Starts per event offered to a region MIP (plus its current one).
    static let startsPerEvent = 24
    /// Seconds one region MIP may take, and all of them together, unless the policy's limit is lower.
    /// Branch-and-bound nodes per region and regions per schedule: limits that
    /// stop at the same point on every machine (the same roster gives the
    /// same schedule); only the policy's `time_limit_seconds` cuts by the clock.
    static let regionNodes = 300
    static let maxRegions = 400
    /// The wider regions around meetings `repair` left unplaced.
    static let wideRegionLimit = 250
    static let wideRegionNodes = 2000
    /// Cost, in the wider regions, of taking one member's workshop time: below
    /// a buddy day (100) and far below a meeting (1000).
    static let workshopPenalty = 40

    var events: [Event]
    let members: [Member]
    /// Per member: the slots booked so far.
    var busy: [WeekSlots]
    /// Per member: the events they take part in.
    var eventsOf: [[Int]]
    var mipSolves = 0
    var regions = 0
    var displacedAfterGreedy = 0
    var wideRegions = 0
    /// Told the regions re-solved, of `maxRegions`, before each (the heartbeat).
    var progress = ProgressMeter.none

    init(events: [Event], members: [Member], busy: [WeekSlots]) {
        self.events = events
        self.members = members
        self.busy = busy
        var eventsOf = [[Int]](repeating: [], count: members.count)
        for (e, ev) in events.enumerated() { for p in ev.participants { eventsOf[p].append(e) } }
        self.eventsOf = eventsOf
    }

    /// Ranks the allowed starts of an event by score.
    /// Starts in `full` (the meeting takes place every week of everyone's
    /// quarter there) score `Scheduler.fullQuarterBonus` more.
    static func rank(_ allowed: WeekSlots, participants: [Int], length: Int, members: [Member], full: WeekSlots = .all) -> ([Int32], [Int16]) {
        var pairs: [(Int, Int)] = allowed.slots.map {
            ($0, SlotMath.score(members, participants, start: $0, length: length) + (full.contains($0) ? Scheduler.fullQuarterBonus : 0))
        }
        pairs.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        return (pairs.map { Int32($0.0) }, pairs.map { Int16($0.1) })
    }

    func isFree(_ e: Int, at s: Int) -> Bool {
        let ev = events[e]
        for p in ev.participants where !SlotMath.isFree(busy[p], start: s, length: ev.length) { return false }
        return true
    }

    mutating func place(_ e: Int, at s: Int, score: Int) {
        events[e].start = s
        events[e].score = score
        for p in events[e].participants { busy[p].formUnion(SlotMath.interval(start: s, length: events[e].length)) }
    }

    mutating func unplace(_ e: Int) {
        let s = events[e].start
        guard s >= 0 else { return }
        for p in events[e].participants { busy[p] = busy[p].subtracting(SlotMath.interval(start: s, length: events[e].length)) }
        events[e].start = -1
        events[e].score = 0
    }

    /// Greedy: weekly meetings before buddy days (a buddy day never takes a
    /// meeting's only time), then fewest candidates first (then kind, id),
    /// each at its best free start.
    mutating func greedy() {
        let order = events.indices.sorted { a, b in
            let x = events[a], y = events[b]
            if x.weight != y.weight { return x.weight > y.weight }
            if x.ranked.count != y.ranked.count { return x.ranked.count < y.ranked.count }
            if x.kind.order != y.kind.order { return x.kind.order < y.kind.order }
            return x.id < y.id
        }
        for e in order { placeBestFree(e) }
        displacedAfterGreedy = events.indices.filter { isDisplaced($0) }.count
    }

    /// Puts `e` at its best-scoring free start, if any. Returns whether it was placed.
    @discardableResult
    mutating func placeBestFree(_ e: Int) -> Bool {
        for (k, s) in events[e].ranked.enumerated() where isFree(e, at: Int(s)) {
            place(e, at: Int(s), score: Int(events[e].scores[k]))
            return true
        }
        return false
    }

    func isDisplaced(_ e: Int) -> Bool {
        !events[e].ranked.isEmpty && (events[e].start < 0 || events[e].score < events[e].bestScore)
    }

    var objective: Int { events.reduce(0) { $1.start >= 0 ? $0 + $1.weight + $1.score : $0 } }
    /// Every event with a possible start at its best score: no schedule does better.
    var bound: Int { events.reduce(0) { $1.ranked.isEmpty ? $0 : $0 + $1.weight + $1.bestScore } }

    /// Re-solves regions around displaced events with GLPK.
    mutating func repair(solver: any LinearSolver, timeLimit: Double?, clock: Stopwatch) throws(SolverError) {
        let deadline = timeLimit.map { clock.seconds + $0 }
        var covered = [Bool](repeating: false, count: events.count)
        var regions = 0
        // Unplaced meetings first, then unplaced buddy days, then events merely
        // off their best time: the region limit is spent where it matters most.
        let seeds = events.indices.filter { isDisplaced($0) }.sorted { a, b in
            let x = (events[a].start < 0 ? 0 : 2) + (events[a].weight >= Scheduler.meetingWeight ? 0 : 1)
            let y = (events[b].start < 0 ? 0 : 2) + (events[b].weight >= Scheduler.meetingWeight ? 0 : 1)
            return x != y ? x < y : a < b
        }
        for d in seeds where !covered[d] && isDisplaced(d) {
            if regions >= Self.maxRegions { break }
            progress(phase: "schedule", "re-solving clashing regions", done: regions, of: Self.maxRegions, unit: "regions")
            let remaining = deadline.map { $0 - clock.seconds }
            if let remaining, remaining <= 0.05 { break }
            let region = self.region(around: d)
            for e in region { covered[e] = true }
            if region.count < 2 { continue }
            regions += 1
            try solveRegion(region, solver: solver, seconds: remaining)
        }
    }

    /// Meetings still unplaced get one more, wider region each (three steps
    /// of shared members, up to `wideRegionLimit` events, `wideRegionNodes`
    /// nodes) in which the workshop (`soft`, per member) yields: its slots are
    /// free, at a cost of `workshopPenalty` per member a placement takes from
    /// it. The caller moves those members to another session or off the workshop.
    mutating func repairUnplacedMeetings(soft: [WeekSlots], solver: any LinearSolver, timeLimit: Double?, clock: Stopwatch) throws(SolverError) {
        let deadline = timeLimit.map { clock.seconds + $0 }
        for e in events.indices where events[e].start < 0 && !events[e].ranked.isEmpty && events[e].weight >= Scheduler.meetingWeight {
            let remaining = deadline.map { $0 - clock.seconds }
            if let remaining, remaining <= 0.05 { break }
            if events[e].start >= 0 { continue }
            let region = self.region(around: e, steps: 3, limit: Self.wideRegionLimit)
            if region.count < 2 { continue }
            wideRegions += 1
            var people: [Int] = []
            for f in region { people += events[f].participants }
            people = Array(Set(people)).sorted()
            for p in people { busy[p] = eventBusy(p) }
            try solveRegion(region, solver: solver, seconds: remaining, nodes: Self.wideRegionNodes, soft: soft)
            for p in people { busy[p] = eventBusy(p).union(soft[p]) }
        }
    }

    /// Events reachable from `seed` through shared members, up to `steps` steps, at most `limit`, in BFS order.
    func region(around seed: Int, steps: Int = 2, limit: Int = EventPlacer.regionLimit) -> [Int] {
        var seen: Set<Int> = [seed]
        var result = [seed]
        var frontier = [seed]
        for _ in 0..<steps {
            var next: [Int] = []
            for e in frontier {
                for p in events[e].participants {
                    for f in eventsOf[p] where !seen.contains(f) && !events[f].ranked.isEmpty {
                        if result.count >= limit { return result.sorted() }
                        seen.insert(f)
                        result.append(f)
                        next.append(f)
                    }
                }
            }
            frontier = next
        }
        return result.sorted()
    }

    /// The time-indexed MIP over one region, everything else fixed.
    mutating func solveRegion(_ region: [Int], solver: any LinearSolver, seconds: Double?, nodes: Int = EventPlacer.regionNodes,
                              soft: [WeekSlots]? = nil) throws(SolverError) {
        /// What a placement costs in workshop places (0 without `soft`).
        func penalty(_ e: Int, _ s: Int) -> Int {
            guard let soft, s >= 0 else { return 0 }
            let slots = SlotMath.interval(start: s, length: events[e].length)
            return Self.workshopPenalty * events[e].participants.count { soft[$0].intersects(slots) }
        }
        regions += 1
        let before = region.map { (events[$0].start, events[$0].score) }
        for e in region { unplace(e) }

        var model = LinearModel(sense: .maximize)
        var objective = LinearExpression()
        var options: [[(start: Int, score: Int, variable: Variable)]] = []
        var startValues: [Double] = []
        for (k, e) in region.enumerated() {
            var list: [(start: Int, score: Int, variable: Variable)] = []
            for (r, s) in events[e].ranked.enumerated() where isFree(e, at: Int(s)) {
                let keep = list.count < Self.startsPerEvent || Int(s) == before[k].0
                if !keep { continue }
                // Only check-ins and standups may take workshop time.
                if events[e].weight < Scheduler.meetingWeight && penalty(e, Int(s)) > 0 { continue }
                let v = model.addVariable(.binary())
                list.append((Int(s), Int(events[e].scores[r]), v))
                startValues.append(Int(s) == before[k].0 ? 1 : 0)
                objective.add(v, Double(events[e].weight + Int(events[e].scores[r]) - penalty(e, Int(s))))
            }
            if !list.isEmpty {
                model.addConstraint(variables: list.map(\.variable), coefficients: [Double](repeating: 1, count: list.count), lowerBound: nil, upperBound: 1)
            }
            options.append(list)
        }
        model.objective = objective

        // One row per shared member and slot touched by two or more of their events.
        var memberEvents: [Int: [Int]] = [:]
        for (k, e) in region.enumerated() { for p in events[e].participants { memberEvents[p, default: []].append(k) } }
        var cover = [[Variable]](repeating: [], count: Week.slots)
        var owners = [Int](repeating: -1, count: Week.slots)
        var multi = [Bool](repeating: false, count: Week.slots)
        for p in memberEvents.keys.sorted() {
            let ks = memberEvents[p]!
            if ks.count < 2 { continue }
            for t in 0..<Week.slots { cover[t].removeAll(keepingCapacity: true); owners[t] = -1; multi[t] = false }
            for k in ks {
                let length = events[region[k]].length
                for o in options[k] {
                    for i in 0..<length {
                        let t = (o.start + i) % Week.slots
                        cover[t].append(o.variable)
                        if owners[t] == -1 { owners[t] = k } else if owners[t] != k { multi[t] = true }
                    }
                }
            }
            var previous: [Variable] = []
            for t in 0..<Week.slots where multi[t] {
                let vars = cover[t].sorted()
                if vars == previous { continue }
                previous = vars
                model.addConstraint(variables: vars, coefficients: [Double](repeating: 1, count: vars.count), lowerBound: nil, upperBound: 1)
            }
        }

        var solved: [Int]? = nil
        if model.variableCount > 0 {
            mipSolves += 1
            let result = try solver.solve(model, options: SolveOptions(method: .branchAndCut, timeLimit: seconds, startingSolution: startValues, nodeLimit: nodes))
            let previous = region.indices.reduce(0) { before[$1].0 >= 0 ? $0 + events[region[$1]].weight + before[$1].1 - penalty(region[$1], before[$1].0) : $0 }
            // Only a strictly better region replaces the greedy one (ties keep the greedy order: slot, then id).
            if result.hasSolution, let value = result.objective, value > Double(previous) + 0.5 {
                var chosen = [Int](repeating: -1, count: region.count)
                for (k, list) in options.enumerated() {
                    for (i, o) in list.enumerated() where result.values[o.variable.index] > 0.5 { chosen[k] = i }
                }
                solved = chosen
            }
        }
        for (k, e) in region.enumerated() {
            if let solved {
                if solved[k] >= 0 { let o = options[k][solved[k]]; place(e, at: o.start, score: o.score) }
            } else if before[k].0 >= 0 {
                place(e, at: before[k].0, score: before[k].1)
            }
        }
    }
}

extension EventPlacer {
    /// How an unplaced meeting gets a time: its start, that start's score, the
    /// meetings that move (event, new start, score) and the buddy days pushed
    /// out by it or by them.
    struct Room {
        var start: Int
        var score: Int
        var moves: [(event: Int, start: Int, score: Int)]
        var buddies: [Int]
    }

    /// The slots of `p`'s placed check-ins and standups (not buddy days, not the workshop).
    func meetingBusy(_ p: Int) -> WeekSlots {
        var r = WeekSlots()
        for f in eventsOf[p] where events[f].start >= 0 && events[f].weight >= Scheduler.meetingWeight {
            r.formUnion(SlotMath.interval(start: events[f].start, length: events[f].length))
        }
        return r
    }

    /// The slots of all `p`'s placed events.
    func eventBusy(_ p: Int) -> WeekSlots {
        var r = WeekSlots()
        for f in eventsOf[p] where events[f].start >= 0 { r.formUnion(SlotMath.interval(start: events[f].start, length: events[f].length)) }
        return r
    }

    /// A time for the unplaced meeting `e` at which only lower-priority events
    /// are in the way (docs/schedule.md §2 step 4): buddy days and the
    /// workshop always yield to a check-in or standup. First its best start
    /// where no other meeting is; else its best start whose blocking meetings
    /// (at most `maxMoves`) can each move to another of their starts where no
    /// meeting is. Nil when neither exists.
    func room(for e: Int, maxMoves: Int = 2) -> Room? {
        let ev = events[e]
        var memo: [Int: WeekSlots] = [:]
        func meetings(_ p: Int) -> WeekSlots {
            if let m = memo[p] { return m }
            let m = meetingBusy(p)
            memo[p] = m
            return m
        }
        func blocking(_ participants: [Int], _ slots: WeekSlots, except: Set<Int>) -> [Int] {
            var out: [Int] = []
            for p in participants {
                for f in eventsOf[p] where !except.contains(f) && events[f].start >= 0 && events[f].weight >= Scheduler.meetingWeight
                    && !out.contains(f) && SlotMath.interval(start: events[f].start, length: events[f].length).intersects(slots) {
                    out.append(f)
                }
            }
            return out
        }
        func buddies(_ participants: [Int], _ slots: WeekSlots, into out: inout [Int]) {
            for p in participants {
                for f in eventsOf[p] where events[f].start >= 0 && events[f].weight < Scheduler.meetingWeight
                    && !out.contains(f) && SlotMath.interval(start: events[f].start, length: events[f].length).intersects(slots) {
                    out.append(f)
                }
            }
        }
        var blocked: [(k: Int, meetings: [Int])] = []
        for (k, s) in ev.ranked.enumerated() {
            let slots = SlotMath.interval(start: Int(s), length: ev.length)
            if ev.participants.allSatisfy({ !meetings($0).intersects(slots) }) {
                var pushed: [Int] = []
                buddies(ev.participants, slots, into: &pushed)
                return Room(start: Int(s), score: Int(ev.scores[k]), moves: [], buddies: pushed)
            }
            let found = blocking(ev.participants, slots, except: [e])
            if found.count <= maxMoves { blocked.append((k, found)) }
        }
        for (k, movers) in blocked {
            let s = Int(ev.ranked[k])
            let mine = SlotMath.interval(start: s, length: ev.length)
            var local: [Int: WeekSlots] = [:]
            func slots(_ p: Int) -> WeekSlots { local[p] ?? meetings(p) }
            for f in movers {
                let interval = SlotMath.interval(start: events[f].start, length: events[f].length)
                for p in events[f].participants { local[p] = slots(p).subtracting(interval) }
            }
            for p in ev.participants { local[p] = slots(p).union(mine) }
            var moves: [(event: Int, start: Int, score: Int)] = []
            for f in movers {
                let g = events[f]
                guard let r = g.ranked.indices.first(where: { r in
                    Int(g.ranked[r]) != g.start && g.participants.allSatisfy { SlotMath.isFree(slots($0), start: Int(g.ranked[r]), length: g.length) }
                }) else { break }
                let t = Int(g.ranked[r])
                moves.append((f, t, Int(g.scores[r])))
                let interval = SlotMath.interval(start: t, length: g.length)
                for p in g.participants { local[p] = slots(p).union(interval) }
            }
            if moves.count < movers.count { continue }
            var pushed: [Int] = []
            buddies(ev.participants, mine, into: &pushed)
            for m in moves { buddies(events[m.event].participants, SlotMath.interval(start: m.start, length: events[m.event].length), into: &pushed) }
            return Room(start: s, score: Int(ev.scores[k]), moves: moves, buddies: pushed)
        }
        return nil
    }
}
