/// A pod being built: its interest and its seekers (local numbers).
struct WorkingPod: Sendable, Hashable {
    var interest: Tag
    var members: [Int]
}

/// The greedy start (docs/pods.md §3): repeatedly take the (interest, start)
/// bucket that the most unplaced seekers share, and deal its seekers — the
/// least flexible first — into as many pods as it can fill, snaking by stage
/// so each pod gets a mix. Every pod it makes is valid.
enum PodConstruction {
    static func build(_ p: PodProblem) -> [WorkingPod] {
        let tags = p.tagOrder
        guard !tags.isEmpty else { return [] }
        var position: [Tag: Int] = [:]
        for (x, t) in tags.enumerated() { position[t] = x }
        let width = Week.slots
        var counts = [Int32](repeating: 0, count: tags.count * width)
        let startSlots = p.starts.map(\.slots)
        // Flexibility: how many buckets a seeker is in (the fewest are placed first).
        var flexibility = [Int](repeating: 0, count: p.count)
        for k in 0..<p.count {
            for t in p.podInterests[k] {
                let base = position[t]! * width
                for s in startSlots[k] { counts[base + s] += 1 }
            }
            flexibility[k] = p.podInterests[k].count * startSlots[k].count
        }
        var placed = [Bool](repeating: false, count: p.count)
        var dead = Set<Int>()
        var pods: [WorkingPod] = []
        while true {
            var best = -1, bestCount = Int32(p.podMin - 1)
            for b in counts.indices where counts[b] > bestCount && !dead.contains(b) {
                best = b
                bestCount = counts[b]
            }
            guard best >= 0 else { break }
            let tag = tags[best / width], slot = best % width
            var candidates = p.seekersOfTag[tag]!.filter { !placed[$0] && p.starts[$0].contains(slot) }
            candidates.sort { (flexibility[$0], $0) < (flexibility[$1], $1) }
            let made = deal(candidates, interest: tag, p)
            if made.isEmpty {
                dead.insert(best)
                continue
            }
            for pod in made {
                pods.append(pod)
                for k in pod.members {
                    placed[k] = true
                    for t in p.podInterests[k] {
                        let base = position[t]! * width
                        for s in startSlots[k] { counts[base + s] -= 1 }
                    }
                }
            }
        }
        return pods
    }

    /// Pods from `candidates` (all sharing `interest` and one start), least
    /// flexible first: as many pods as `podMin` allows, members dealt by stage
    /// in a snake, skipping a pod that holds someone they avoid. Pods left
    /// below `podMin` are dropped.
    static func deal(_ candidates: [Int], interest: Tag, _ p: PodProblem) -> [WorkingPod] {
        let n = candidates.count
        let podCount = n / p.podMin
        guard podCount > 0 else { return [] }
        let chosen = Array(candidates.prefix(podCount * p.podMax))
        let byStage = chosen.sorted { (p.stage[$0], $0) < (p.stage[$1], $1) }
        var pods = [WorkingPod](repeating: WorkingPod(interest: interest, members: []), count: podCount)
        var turn = 0
        for k in byStage {
            // Snake order: 0, 1, …, n−1, n−1, …, 0, …
            for step in 0..<podCount {
                let r = (turn + step) % (2 * podCount)
                let x = r < podCount ? r : 2 * podCount - 1 - r
                if pods[x].members.count < p.podMax && p.fitsSocially(k, pods[x].members) {
                    pods[x].members.append(k)
                    break
                }
            }
            turn += 1
        }
        return pods.filter { $0.members.count >= p.podMin }
    }
}
