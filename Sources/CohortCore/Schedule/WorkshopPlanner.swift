/// Chooses the workshop session times (SPEC §3.5: "workshop session time(s)
/// chosen to cover as many members as possible") and assigns every attendee
/// to one session they can make. docs/schedule.md §3 has the model.
enum WorkshopPlanner {
    struct Plan {
        /// Start slot of each session, ascending.
        var starts: [Int]
        var length: Int
        /// Per member index: session (0-based) or -1.
        var session: [Int]
        var absences: [WorkshopAbsence]
        var outcome: PhaseOutcome
    }

    static func plan(_ cohort: Cohort, attendees: [Int], solver: any LinearSolver, timeLimit: Double?) throws(SolverError) -> Plan {
        let clock = Stopwatch()
        let members = cohort.members
        let length = Week.slotCount(minutes: cohort.policy.workshopMinutes)
        let sessions = cohort.policy.workshopSessions
        var session = [Int](repeating: -1, count: members.count)
        var absences: [WorkshopAbsence] = []
        let attendees = Array(Set(attendees)).sorted()
        guard sessions > 0, !attendees.isEmpty else {
            return Plan(starts: [], length: length, session: session, absences: [],
                        outcome: PhaseOutcome(status: .empty, objective: 0, bound: 0, seconds: clock.seconds))
        }

        // Members with the same possible starts form one group (weight = size).
        var groupOf: [WeekSlots: Int] = [:]
        var groups: [(starts: WeekSlots, weight: Int, member: Int)] = []
        var memberStarts: [WeekSlots] = []
        memberStarts.reserveCapacity(attendees.count)
        for m in attendees {
            let s = members[m].availability.starts(length: length)
            memberStarts.append(s)
            if s.isEmpty { continue }
            if let g = groupOf[s] { groups[g].weight += 1 } else { groupOf[s] = groups.count; groups.append((s, 1, m)) }
        }
        let coverable = groups.reduce(0) { $0 + $1.weight }
        var cover = [Int](repeating: 0, count: Week.slots)
        var groupSlots: [[Int]] = []
        groupSlots.reserveCapacity(groups.count)
        for g in groups {
            let slots = g.starts.slots
            for s in slots { cover[s] += g.weight }
            groupSlots.append(slots)
        }
        let candidates = (0..<Week.slots).filter { cover[$0] > 0 }

        // Greedy max coverage (ties: higher total margin of the newly covered, then earlier slot).
        var chosen: [Int] = []
        var covered = [Bool](repeating: false, count: groups.count)
        var gain = cover
        for _ in 0..<min(sessions, candidates.count) {
            let best = candidates.filter { !chosen.contains($0) }.map { gain[$0] }.max() ?? 0
            if best == 0 { break }
            let tied = candidates.filter { !chosen.contains($0) && gain[$0] == best }
            var pick = tied[0]
            if tied.count > 1 {
                var bestMargin = -1
                for s in tied {
                    var total = 0
                    for (g, grp) in groups.enumerated() where !covered[g] && grp.starts.contains(s) {
                        total += grp.weight * SlotMath.margin(members[grp.member].availability, start: s, length: length)
                    }
                    if total > bestMargin { bestMargin = total; pick = s }
                }
            }
            chosen.append(pick)
            for (g, grp) in groups.enumerated() where !covered[g] && grp.starts.contains(pick) {
                covered[g] = true
                for s in groupSlots[g] { gain[s] -= grp.weight }
            }
        }
        var objective = groups.indices.reduce(0) { covered[$1] ? $0 + groups[$1].weight : $0 }
        // A bound: everyone who can make some start, and the best `sessions` coverages.
        let topSum = cover.sorted(by: >).prefix(sessions).reduce(0, +)
        var bound = min(coverable, topSum)
        var mipSolves = 0
        var status: PhaseOutcome.Status = objective == bound ? .optimal : .feasible

        if status != .optimal && sessions > 1 {
            // Max coverage MIP: y_s = 1 when a session starts at s; z_g ≤ Σ_{s ∈ S_g} y_s.
            var model = LinearModel(sense: .maximize)
            let y = model.addVariables(count: candidates.count, .binary())
            var position = [Int](repeating: -1, count: Week.slots)
            for (k, s) in candidates.enumerated() { position[s] = k }
            let z = model.addVariables(count: groups.count, .continuous(lowerBound: 0, upperBound: 1))
            var objectiveExpr = LinearExpression()
            for (g, grp) in groups.enumerated() {
                objectiveExpr.add(z[g], Double(grp.weight))
                var vars = [z[g]], coefs = [1.0]
                for s in groupSlots[g] { vars.append(y[position[s]]); coefs.append(-1) }
                model.addConstraint(variables: vars, coefficients: coefs, lowerBound: nil, upperBound: 0)
            }
            model.objective = objectiveExpr
            model.addConstraint(variables: y, coefficients: [Double](repeating: 1, count: y.count), lowerBound: nil, upperBound: Double(sessions))
            var start = [Double](repeating: 0, count: model.variableCount)
            for s in chosen { start[y[position[s]].index] = 1 }
            for g in groups.indices where covered[g] { start[z[g].index] = 1 }
            let result = try solver.solve(model, options: SolveOptions(method: .branchAndCut, timeLimit: timeLimit, startingSolution: start, nodeLimit: 2_000))
            mipSolves = 1
            if result.hasSolution, let value = result.objective, value > Double(objective) + 0.5 {
                chosen = candidates.indices.filter { result.values[y[$0].index] > 0.5 }.map { candidates[$0] }
                objective = Int(value.rounded())
            }
            if let b = result.bestBound { bound = min(bound, Int((b + 1e-6).rounded(.down))) }
            status = result.termination == .optimal || objective >= bound ? .optimal : .feasible
            if status == .optimal { bound = objective }
        }
        chosen.sort()

        // Each attendee goes to the session where they sit deepest inside a window.
        for (k, m) in attendees.enumerated() {
            let starts = memberStarts[k]
            if starts.isEmpty {
                absences.append(WorkshopAbsence(member: m, reason: "no \(cohort.policy.workshopMinutes)-minute window in their availability"))
                continue
            }
            var best = -1, bestMargin = -1
            for (i, s) in chosen.enumerated() where starts.contains(s) {
                let margin = SlotMath.margin(members[m].availability, start: s, length: length)
                if margin > bestMargin { best = i; bestMargin = margin }
            }
            if best >= 0 {
                session[m] = best
            } else {
                let times = chosen.map { cohort.week.describe(startSlot: $0, slotCount: length) }.joined(separator: ", ")
                // Daylight-saving time decided when the member could make a session in the opening weeks.
                var reason = "not available at the workshop time (\(times))"
                if chosen.contains(where: { members[m].openingAvailability.contains(start: $0, count: length) }),
                   let note = cohort.week.changeNote(windows: members[m].localWindows, zone: members[m].timeZone) {
                    reason += " in every week of the quarter: " + note
                }
                absences.append(WorkshopAbsence(member: m, reason: reason))
            }
        }
        let outcome = PhaseOutcome(status: status, objective: Double(objective), bound: Double(bound), seconds: clock.seconds,
                                   details: [("candidate_starts", candidates.count), ("availability_groups", groups.count), ("mip_solves", mipSolves)])
        return Plan(starts: chosen, length: length, session: session, absences: absences, outcome: outcome)
    }
}
