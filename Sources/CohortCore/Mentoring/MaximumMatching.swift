/// The largest number of mentees that can get a mentor, with a proof.
///
/// Hopcroft–Karp on the candidate graph, with mentor capacities (a
/// b-matching). The proof is König's: a set of mentees and mentors touching
/// every candidate pair, whose size (a mentor counting its places) equals
/// the matching's. No larger matching can exist.
public struct MaximumMatching: Sendable {
    /// Mentor position per mentee position, -1 when unmatched.
    public let mentorOf: [Int32]
    public let size: Int
    /// König's cover size; equals `size` for a proven maximum.
    public let coverSize: Int
    /// Mentees reachable from an unmatched mentee by alternating paths (the
    /// cover's complement on the mentee side). Every maximum matching matches
    /// all mentees outside this set.
    public let menteeReachable: [Bool]
    /// Mentors reachable that way (the cover on the mentor side). Every
    /// maximum matching fills them to capacity.
    public let mentorReachable: [Bool]

    /// Whether candidate pair `e` of mentee `k` can be in some maximum
    /// matching: by complementary slackness with the cover as the optimal
    /// dual, exactly the pairs with one end covered (both reachable or both
    /// not).
    public func canBeInMaximum(mentee k: Int, mentor j: Int) -> Bool { menteeReachable[k] == mentorReachable[j] }

    public var isProvenMaximum: Bool { coverSize == size }

    public init(_ g: PairingGraph) {
        let n = g.people.count, m = g.partners.count
        let width = Int(g.capacity.max() ?? 1)
        var mentorOf = [Int32](repeating: -1, count: n)
        var load = [Int32](repeating: 0, count: m)
        var held = [Int32](repeating: -1, count: m * max(width, 1))  // mentees held per mentor
        let unreached = Int32.max
        var dist = [Int32](repeating: unreached, count: n)
        var queue = [Int32](repeating: 0, count: n)
        var iter = [Int](repeating: 0, count: n)
        var pathMentees: [Int32] = [], pathEdges: [Int] = []

        // Greedy start, best pairs first over the whole graph (a counting sort
        // by quality), so that the maximum matching found is already a good one.
        let maxQuality = Int(g.quality.max() ?? 0)
        var bucketStart = [Int](repeating: 0, count: maxQuality + 2)
        for q in g.quality { bucketStart[Int(q) + 1] += 1 }
        for b in 0..<(maxQuality + 1) { bucketStart[b + 1] += bucketStart[b] }
        var byQuality = [Int32](repeating: 0, count: g.pairCount)
        var menteeOfEdge = [Int32](repeating: 0, count: g.pairCount)
        var fill = bucketStart
        for k in 0..<n {
            for e in g.pairs(of: k) {
                let b = Int(g.quality[e])
                byQuality[fill[b]] = Int32(e)
                menteeOfEdge[e] = Int32(k)
                fill[b] += 1
            }
        }
        for b in stride(from: maxQuality, through: 0, by: -1) {
            for t in bucketStart[b]..<bucketStart[b + 1] {
                let e = Int(byQuality[t]), k = Int(menteeOfEdge[e]), j = Int(g.partner[e])
                if mentorOf[k] < 0 && load[j] < g.capacity[j] {
                    held[j * width + Int(load[j])] = Int32(k)
                    load[j] += 1
                    mentorOf[k] = Int32(j)
                }
            }
        }

        while true {
            // BFS layers from the free mentees along alternating paths.
            var head = 0, tail = 0
            for k in 0..<n {
                if mentorOf[k] < 0 { dist[k] = 0; queue[tail] = Int32(k); tail += 1 } else { dist[k] = unreached }
            }
            var foundFree = false
            while head < tail {
                let u = Int(queue[head]); head += 1
                for e in g.pairs(of: u) {
                    let j = Int(g.partner[e])
                    if load[j] < g.capacity[j] { foundFree = true; continue }
                    for t in 0..<Int(load[j]) {
                        let w = Int(held[j * width + t])
                        if dist[w] == unreached { dist[w] = dist[u] + 1; queue[tail] = Int32(w); tail += 1 }
                    }
                }
            }
            if !foundFree { break }
            // DFS along the layers, augmenting vertex-disjoint shortest-ish paths.
            for k in 0..<n { iter[k] = g.offsets[k] }
            var augmented = false
            for root in 0..<n where mentorOf[root] < 0 && dist[root] == 0 {
                pathMentees.removeAll(keepingCapacity: true)
                pathEdges.removeAll(keepingCapacity: true)
                pathMentees.append(Int32(root))
                var done = false
                while let top = pathMentees.last, !done {
                    let u = Int(top)
                    var advanced = false
                    while iter[u] < g.offsets[u + 1] {
                        let e = iter[u]
                        let j = Int(g.partner[e])
                        if load[j] < g.capacity[j] {
                            iter[u] += 1
                            pathEdges.append(e)
                            done = true
                            advanced = true
                            break
                        }
                        // A full mentor: go on through one of its mentees in the
                        // next layer. The edge stays current until none is left,
                        // so a dead end through one place still tries the other.
                        var next = -1
                        for t in 0..<Int(load[j]) {
                            let w = Int(held[j * width + t])
                            if dist[w] == dist[u] + 1 { next = w; break }
                        }
                        if next >= 0 {
                            pathEdges.append(e)
                            pathMentees.append(Int32(next))
                            advanced = true
                            break
                        }
                        iter[u] += 1
                    }
                    if !advanced {
                        dist[u] = unreached  // dead end for this phase
                        pathMentees.removeLast()
                        if !pathEdges.isEmpty { pathEdges.removeLast() }
                    }
                }
                guard done else { continue }
                // Augment: mentee t moves to the mentor of edge t.
                augmented = true
                for t in stride(from: pathMentees.count - 1, through: 0, by: -1) {
                    let u = Int(pathMentees[t])
                    let j = Int(g.partner[pathEdges[t]])
                    if t == pathMentees.count - 1 {
                        held[j * width + Int(load[j])] = Int32(u)
                        load[j] += 1
                    } else {
                        let displaced = pathMentees[t + 1]
                        for s in 0..<Int(load[j]) where held[j * width + s] == displaced { held[j * width + s] = Int32(u); break }
                    }
                    mentorOf[u] = Int32(j)
                    dist[u] = unreached
                }
            }
            if !augmented { break }
        }

        // König: Z = everything reachable from free mentees by alternating paths.
        var menteeInZ = [Bool](repeating: false, count: n)
        var mentorInZ = [Bool](repeating: false, count: m)
        var stack: [Int] = []
        for k in 0..<n where mentorOf[k] < 0 { menteeInZ[k] = true; stack.append(k) }
        while let u = stack.popLast() {
            for e in g.pairs(of: u) {
                let j = Int(g.partner[e])
                if mentorInZ[j] { continue }
                mentorInZ[j] = true
                for t in 0..<Int(load[j]) {
                    let w = Int(held[j * width + t])
                    if !menteeInZ[w] { menteeInZ[w] = true; stack.append(w) }
                }
            }
        }
        var cover = 0
        for k in 0..<n where !menteeInZ[k] { cover += 1 }
        for j in 0..<m where mentorInZ[j] { cover += Int(g.capacity[j]) }
        self.mentorOf = mentorOf
        menteeReachable = menteeInZ
        mentorReachable = mentorInZ
        size = mentorOf.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        coverSize = cover
    }
}
