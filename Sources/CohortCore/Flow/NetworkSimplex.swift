/// The primal network simplex for a `FlowNetwork`: optimal flows **and**
/// optimal node potentials (the LP duals), from a cold start or from a given
/// feasible flow, and warm re-solves after arcs are added or costs change.
///
/// The design is LEMON's `NetworkSimplex` (Kovács, "Minimum-cost flow
/// algorithms: an experimental evaluation", 2015):
///
/// * an artificial root joined to every node by an artificial arc; the basis
///   is a spanning tree of the nodes and the root, stored as parent/pred
///   arrays with a preorder *thread*, subtree sizes and last successors, so a
///   pivot touches only the cycle and the subtree that moves;
/// * **strongly feasible trees** (Cunningham): the leaving arc is the last
///   blocking arc met when walking the cycle from the apex in the direction of
///   the flow change, which keeps every degenerate tree arc pointing so that
///   flow could still be sent to the root, and rules out cycling;
/// * **block-search pricing**: the arcs are scanned in blocks of ~√arcs
///   from where the last search stopped, and the most negative reduced cost
///   of the first block that has one enters; when improving arcs are sparse,
///   the arcs at the subtree the last pivot moved are priced first
///   (`findEnteringArc`), and long walks are answered from an index of the
///   improving arcs with the same result (`indexedEnteringArc`).
///
/// Costs, capacities, flows and potentials are exact integers. The reduced
/// cost of an arc u → v is `cost + π(u) − π(v)`; at optimality it is ≥ 0 on
/// arcs at their lower bound, ≤ 0 at their upper bound, 0 on tree arcs. The
/// potentials are the negated duals of the node rows of the LP in
/// `FlowNetwork` (docs/mentoring.md §3).
public struct NetworkSimplex: Sendable {
    /// How a solve ended.
    public enum Outcome: Sendable, Hashable {
        /// Optimal flow and potentials.
        case optimal
        /// No flow meets the supplies and capacities.
        case infeasible
        /// A cycle of negative cost has no capacity limit.
        case unbounded
        /// The pivot limit or the caller's stop test ended it: the flow is
        /// feasible (when the start was) but not proven optimal.
        case stopped
    }

    // Arc states (LEMON's): the sign turns a reduced cost into "improves when negative".
    static let atUpper: Int8 = -1
    static let inTree: Int8 = 0
    static let atLower: Int8 = 1
    // Direction of a node's tree arc: up = node → parent.
    static let up: Int8 = 1
    static let down: Int8 = -1
    static let infinite = FlowNetwork.unbounded

    /// Real nodes 0..<n; the root is n.
    let n: Int
    /// Supply per real node.
    let supply: [Int64]
    var root: Int { n }
    // Arcs: the artificial arc of node u is u, real arc k is n + k.
    var source: [Int32]
    var target: [Int32]
    var capacity: [Int64]
    var cost: [Int64]
    var flow: [Int64]
    var state: [Int8]
    // The spanning tree, indexed by node (root included).
    /// Per node: parent, subtree size, tree arc and its direction side by
    /// side, so that the walks of a pivot (join node, cycle) read one
    /// record per node instead of four arrays.
    var node: [TreeNode]
    var thread: [Int]
    var reverseThread: [Int]
    var lastSuccessor: [Int]
    var potential: [Int64]
    var dirty: [Int] = []
    /// Local pricing (`findEnteringArc`): the real arcs at each node, built
    /// when first needed; the subtree the last pivot moved (-1: none); whether
    /// the last block search found improving arcs only far apart.
    var incident: [[Int32]] = []
    var lastMoved = -1
    var sparse = false
    /// The **improving-arc index** (`indexedEnteringArc`): one bit per arc,
    /// set when `state · reduced cost < 0`, kept only while block searches
    /// have to walk far for few improving arcs. `wasted`: blocks walked past
    /// by block searches since the index was last dropped; `indexWork`,
    /// `plainWork`: arcs the index refreshed and arcs plain block searches
    /// would have read, since the last check.
    var improving: [UInt64] = []
    var indexed = false
    var wasted = 0, indexWork = 0, plainWork = 0, indexedPivots = 0
    /// Entering-arc searches answered by the index (all solves).
    var indexedSearches = 0
    /// Entering arcs found by local pricing (all solves).
    public private(set) var localPivots = 0
    var nextArc: Int
    var blockSize: Int
    /// Cost of an artificial arc from the root down to a node (one up to the
    /// root costs 0): larger than any path of real arcs, so that flow on
    /// artificial arcs is driven out whenever a feasible flow exists.
    public let artificialCost: Int64
    /// Pivots made so far (all solves).
    public private(set) var pivots = 0

    /// Starts from `flow` (one value per arc; zero flow when nil). The flow
    /// must respect every capacity; where it does not balance a node, the
    /// node's artificial arc carries the difference (a cold start: zero flow
    /// and the supplies). Arcs strictly between their bounds must form a forest,
    /// and every node of a tree of such arcs must be balanced — as in any
    /// basic solution, e.g. the flow of an earlier optimum.
    ///
    /// `treeArcs`: more arcs (at a bound) for the starting tree, with the free
    /// ones; together they must form a forest. Chosen well — every arc at a
    /// bound pointing so that flow could still be sent towards the root — they
    /// make the start a strongly feasible tree whose potentials already mean
    /// something, which saves the degenerate pivots that would build it.
    ///
    /// `costBound`: the largest |cost| of any arc that will ever be added or
    /// set (the artificial cost is chosen from it); by default the network's.
    public init(_ network: FlowNetwork, flow start: [Int64]? = nil, treeArcs: [Int] = [], costBound: Int64? = nil) {
        let n = network.nodeCount, arcs = network.arcCount
        self.n = n
        supply = network.supply
        precondition(network.supply.reduce(0, +) == 0, "supplies sum to \(network.supply.reduce(0, +)), not 0")
        if let start { precondition(start.count == arcs, "\(start.count) flows for \(arcs) arcs") }
        var maxCost: Int64 = costBound ?? 0
        for c in network.cost { maxCost = max(maxCost, abs(c)) }
        let (art, overflow) = (maxCost + 1).multipliedReportingOverflow(by: Int64(n + 1))
        precondition(!overflow && art < Int64.max / 8, "costs too large for exact potentials (\(maxCost) on \(n) nodes)")
        artificialCost = art

        source = [Int32](repeating: 0, count: n + arcs)
        target = [Int32](repeating: Int32(n), count: n + arcs)
        capacity = [Int64](repeating: Self.infinite, count: n + arcs)
        cost = [Int64](repeating: 0, count: n + arcs)
        flow = [Int64](repeating: 0, count: n + arcs)
        state = [Int8](repeating: Self.atLower, count: n + arcs)
        for u in 0..<n { source[u] = Int32(u) }
        var balance = network.supply
        for k in 0..<arcs {
            let e = n + k
            source[e] = network.source[k]
            target[e] = network.target[k]
            capacity[e] = network.capacity[k]
            cost[e] = network.cost[k]
            let f = start?[k] ?? 0
            precondition(f >= 0 && f <= network.capacity[k], "start flow \(f) on arc \(k) outside 0…\(network.capacity[k])")
            flow[e] = f
            balance[Int(network.source[k])] -= f
            balance[Int(network.target[k])] += f
        }

        precondition(n + arcs < Int(Int32.max), "\(n + arcs) arcs and nodes: too many for 32-bit tree records")
        node = [TreeNode](repeating: TreeNode(parent: -1, size: 1, pred: -1, direction: Self.up), count: n + 1)
        thread = [Int](repeating: 0, count: n + 1)
        reverseThread = [Int](repeating: 0, count: n + 1)
        lastSuccessor = [Int](repeating: 0, count: n + 1)
        potential = [Int64](repeating: 0, count: n + 1)
        nextArc = n
        blockSize = Self.blockSize(arcs)

        // Arcs strictly between their bounds must be tree arcs: a forest,
        // each of its trees hung from the root by the artificial arc of its
        // smallest node.
        var set = Array(0..<n)
        func find(_ x: Int) -> Int {
            var x = x
            while set[x] != x { set[x] = set[set[x]]; x = set[x] }
            return x
        }
        var free: [[Int]] = []  // tree arcs per node (both ends)
        var hasFree = false
        func join(_ e: Int) {
            if !hasFree { free = [[Int]](repeating: [], count: n); hasFree = true }
            let a = find(Int(source[e])), b = find(Int(target[e]))
            precondition(a != b, "the start is not basic: arcs strictly inside their bounds (and the tree arcs given) form a cycle")
            set[max(a, b)] = min(a, b)
            free[Int(source[e])].append(e)
            free[Int(target[e])].append(e)
            state[e] = Self.inTree
        }
        for k in 0..<arcs {
            let e = n + k
            if flow[e] > 0 && flow[e] < capacity[e] {
                join(e)
            } else {
                state[e] = flow[e] == 0 ? Self.atLower : Self.atUpper
            }
        }
        for k in treeArcs where state[n + k] != Self.inTree { join(n + k) }
        var componentBalance = [Int64](repeating: 0, count: n)
        var componentSize = [Int](repeating: 0, count: n)
        for u in 0..<n {
            let r = find(u)
            componentBalance[r] += balance[u]
            componentSize[r] += 1
        }
        for u in 0..<n where componentSize[find(u)] > 1 {
            precondition(balance[u] == 0, "the start flow leaves node \(u), inside a tree of free arcs, out of balance by \(balance[u])")
        }

        // Parents: the root's children are the representatives; inside a
        // tree of free arcs, a depth-first search from the representative.
        var children = [[Int]](repeating: [], count: n + 1)
        var stack: [Int] = []
        for r in 0..<n where find(r) == r {
            node[r].parent = Int32(n)
            node[r].pred = Int32(r)
            state[r] = Self.inTree
            let b = componentBalance[r]
            if b >= 0 {
                node[r].direction = Self.up
                source[r] = Int32(r); target[r] = Int32(n)
                flow[r] = b
                cost[r] = 0
            } else {
                node[r].direction = Self.down
                source[r] = Int32(n); target[r] = Int32(r)
                flow[r] = -b
                cost[r] = artificialCost
            }
            children[n].append(r)
            guard hasFree, !free[r].isEmpty else { continue }
            stack.append(r)
            while let u = stack.popLast() {
                for e in free[u] {
                    let v = Int(source[e]) == u ? Int(target[e]) : Int(source[e])
                    if v == Int(node[u].parent) && Int(node[u].pred) == e { continue }
                    node[v].parent = Int32(u)
                    node[v].pred = Int32(e)
                    node[v].direction = Int(source[e]) == v ? Self.up : Self.down
                    children[u].append(v)
                    stack.append(v)
                }
            }
        }
        // Preorder thread, subtree sizes, last successors and potentials.
        var order: [Int] = []
        order.reserveCapacity(n + 1)
        stack = [n]
        while let u = stack.popLast() {
            order.append(u)
            if u != n {
                let e = Int(node[u].pred), p = Int(node[u].parent)
                potential[u] = node[u].direction == Self.up ? potential[p] - cost[e] : potential[p] + cost[e]
            }
            for c in children[u].reversed() { stack.append(c) }
        }
        for (i, u) in order.enumerated() {
            let next = order[(i + 1) % order.count]
            thread[u] = next
            reverseThread[next] = u
        }
        for u in order.reversed() {
            lastSuccessor[u] = children[u].last.map { lastSuccessor[$0] } ?? u
            node[u].size = Int32(1 + children[u].reduce(0) { $0 + Int(node[$1].size) })
        }
        // An arc without capacity is at both bounds: take the one its reduced cost suits.
        for e in n..<(n + arcs) where capacity[e] == 0 && cost[e] + potential[Int(source[e])] - potential[Int(target[e])] < 0 {
            state[e] = Self.atUpper
        }
    }

    static func blockSize(_ arcs: Int) -> Int { max(10, Int(Double(arcs).squareRoot())) }

    // MARK: Reading the answer

    public var nodeCount: Int { n }
    public var arcCount: Int { flow.count - n }

    /// Flow on arc `k`.
    public func flow(_ k: Int) -> Int64 { flow[n + k] }

    /// The flow of every arc.
    public var flows: [Int64] { Array(flow[n...]) }

    /// Potential π of node `v` (the root's is 0).
    public func potential(_ v: Int) -> Int64 { potential[v] }

    public var potentials: [Int64] { Array(potential[0..<n]) }

    public func cost(_ k: Int) -> Int64 { cost[n + k] }

    public func capacity(_ k: Int) -> Int64 { capacity[n + k] }

    /// cost + π(source) − π(target) of arc `k`.
    public func reducedCost(_ k: Int) -> Int64 {
        let e = n + k
        return cost[e] + potential[Int(source[e])] - potential[Int(target[e])]
    }

    /// Σ cost · flow over the real arcs.
    public var totalCost: Int64 {
        var total: Int64 = 0
        for e in n..<flow.count where flow[e] != 0 { total += cost[e] * flow[e] }
        return total
    }

    /// The network as it stands now (arcs added, costs changed), supplies included.
    public var network: FlowNetwork {
        var net = FlowNetwork(nodeCount: n)
        for v in 0..<n { net.setSupply(of: v, to: supply[v]) }
        net.reserveCapacity(arcs: arcCount)
        for e in n..<flow.count { net.addArc(from: Int(source[e]), to: Int(target[e]), capacity: capacity[e], cost: cost[e]) }
        return net
    }

    /// Whether arc `k` is in the spanning tree (basic).
    public func isTreeArc(_ k: Int) -> Bool { state[n + k] == Self.inTree }

    /// Whether a non-tree arc `k` sits at its upper bound.
    public func isAtUpper(_ k: Int) -> Bool { state[n + k] == Self.atUpper }

    /// The artificial arc of node `v`, when it is in the tree: whether it
    /// points up to the root (cost 0) or down from it (`artificialCost`).
    public func artificialTreeArc(_ v: Int) -> (up: Bool, flow: Int64)? {
        guard state[v] == Self.inTree else { return nil }
        return (Int(source[v]) == v, flow[v])
    }

    /// Whether every artificial arc is empty (the flow meets every supply).
    public var isFeasible: Bool {
        for u in 0..<n where flow[u] != 0 { return false }
        return true
    }

    // MARK: Changing the problem between solves

    /// Adds an arc at its lower bound (flow 0): the tree stays a basis, so
    /// the next `solve` continues from it. Returns the arc's index.
    @discardableResult
    public mutating func addArc(from u: Int, to v: Int, capacity c: Int64, cost k: Int64) -> Int {
        precondition(u >= 0 && u < n && v >= 0 && v < n && c >= 0)
        source.append(Int32(u))
        target.append(Int32(v))
        capacity.append(min(c, Self.infinite))
        cost.append(k)
        flow.append(0)
        state.append(Self.atLower)
        if !incident.isEmpty {
            incident[u].append(Int32(flow.count - 1))
            incident[v].append(Int32(flow.count - 1))
        }
        blockSize = Self.blockSize(arcCount)
        dropIndex()
        return arcCount - 1
    }

    /// Changes the cost of arc `k`. On a tree arc the potentials of the
    /// subtree below it move with it, so the tree stays dual-consistent.
    public mutating func setCost(_ k: Int, to value: Int64) {
        let e = n + k
        let old = cost[e]
        cost[e] = value
        dropIndex()
        guard state[e] == Self.inTree, value != old else { return }
        let s = Int(source[e]), t = Int(target[e])
        let child = Int(node[s].parent) == t && Int(node[s].pred) == e ? s : t
        let shift = node[child].direction == Self.up ? old - value : value - old
        let end = thread[lastSuccessor[child]]
        var u = child
        while u != end {
            potential[u] += shift
            u = thread[u]
        }
    }

    // MARK: Solving

    /// Pivots until optimal, infeasible or unbounded, or until `pivotLimit`
    /// more pivots were made or `shouldStop` (asked every 1,024 pivots) says so.
    public mutating func solve(pivotLimit: Int? = nil, shouldStop: () -> Bool = { false }) -> Outcome {
        let limit = pivotLimit.map { pivots + $0 } ?? Int.max
        while let entering = findEnteringArc() {
            if pivots >= limit { return .stopped }
            if pivots & 1023 == 0 && shouldStop() { return .stopped }
            if !pivot(entering) { return .unbounded }
            pivots += 1
        }
        return isFeasible ? .optimal : .infeasible
    }

    /// Block search: the most negative `state · reduced cost` of the first
    /// block (from where the last search stopped) that has a negative one —
    /// after **local pricing**: when the last block search had to look past
    /// `sparseBlocks` blocks (few improving arcs, far apart, as in a warm
    /// re-solve after pricing added a few arcs), the arcs at the nodes of the
    /// subtree the last pivot moved are looked at first (at most a block of
    /// them), and the most negative of those enters if one is negative. Only
    /// those arcs' reduced costs changed in that pivot, so they hold every
    /// improving arc the pivot made; the rest of the list is walked only when
    /// they have none (docs/mentoring.md §3.2). Optimal only after a full
    /// block search finds nothing. Once the walks have gone far for long
    /// (`wasted`), the improving-arc index answers instead: the same arc.
    mutating func findEnteringArc() -> Int? {
        let first = n, end = flow.count
        let count = end - first
        guard count > 0 else { return nil }
        if sparse && lastMoved >= 0, let local = localEnteringArc(below: lastMoved) {
            localPivots += 1
            return local
        }
        if indexed { return indexedEnteringArc() }
        if wasted >= 2 * (count / blockSize) + 1 { buildIndex(); return indexedEnteringArc() }
        var best: Int64 = 0, bestArc = -1
        var scanned = 0
        var e = nextArc < first || nextArc >= end ? first : nextArc
        var left = blockSize
        return source.withUnsafeBufferPointer { src in
            target.withUnsafeBufferPointer { tgt in
                cost.withUnsafeBufferPointer { cst in
                    state.withUnsafeBufferPointer { st in
                        potential.withUnsafeBufferPointer { pi in
                            // Arc by arc from `e`, wrapping at the end, in runs that end
                            // at a block boundary or at the end of the list.
                            var remaining = count
                            while remaining > 0 {
                                let run = min(left, end &- e, remaining)
                                for a in e..<(e &+ run) {
                                    let s = st[a]
                                    if s != 0 {
                                        // Wrapping arithmetic: |costs| and |potentials| stay far below
                                        // Int64.max / 8 (`init`), so nothing can overflow and the checks go.
                                        let c = Int64(s) &* (cst[a] &+ pi[Int(src[a])] &- pi[Int(tgt[a])])
                                        if c < best { best = c; bestArc = a }
                                    }
                                }
                                e &+= run
                                if e == end { e = first }
                                remaining &-= run
                                left &-= run
                                if left == 0 {
                                    scanned &+= 1
                                    if best < 0 { break }
                                    left = blockSize
                                }
                            }
                            nextArc = e
                            sparse = scanned > Self.sparseBlocks
                            if sparse { wasted &+= scanned &- 1 }
                            return best < 0 ? bestArc : nil
                        }
                    }
                }
            }
        }
    }

    /// Blocks a search may scan before the next searches look locally first.
    static let sparseBlocks = 2

    // MARK: The improving-arc index

    /// Whether arc `e` (a real one) would improve the flow: `state · reduced cost < 0`.
    @inline(__always) func isImproving(_ e: Int) -> Bool {
        let s = state[e]
        return s != 0 && Int64(s) &* (cost[e] &+ potential[Int(source[e])] &- potential[Int(target[e])]) < 0
    }

    /// Sets arc `e`'s bit of the index from its state and reduced cost.
    @inline(__always) mutating func refresh(_ e: Int) {
        guard e >= n else { return }
        let bit: UInt64 = 1 << UInt64(e & 63)
        if isImproving(e) { improving[e >> 6] |= bit } else { improving[e >> 6] &= ~bit }
    }

    /// The index from every real arc (one pass, as a full block search).
    mutating func buildIndex() {
        buildIncident()
        improving = [UInt64](repeating: 0, count: (flow.count + 63) / 64)
        for e in n..<flow.count where isImproving(e) { improving[e >> 6] |= 1 << UInt64(e & 63) }
        indexed = true
        indexWork = 0; plainWork = 0; indexedPivots = 0
    }

    /// Stops keeping the index (the arcs or costs changed, or keeping it costs
    /// more than the block searches it saves).
    mutating func dropIndex() {
        indexed = false
        improving = []
        wasted = 0
    }

    /// The first set bit of the index in `a..<b`, or -1.
    func nextImproving(from a: Int, below b: Int) -> Int {
        guard a < b else { return -1 }
        return improving.withUnsafeBufferPointer { words in
            var w = a >> 6
            var bits = words[w] & (~0 << UInt64(a & 63))
            let lastWord = (b - 1) >> 6
            while true {
                if bits != 0 {
                    let p = w << 6 | bits.trailingZeroBitCount
                    return p < b ? p : -1
                }
                w += 1
                if w > lastWord { return -1 }
                bits = words[w]
            }
        }
    }

    /// The block search's answer — the same arc, the same `nextArc` and
    /// `sparse` as walking block by block — from the index: the first
    /// improving arc from `nextArc` (wrapping) says which block the walk
    /// would stop in, and only that block's improving arcs are compared.
    mutating func indexedEnteringArc() -> Int? {
        let first = n, end = flow.count
        let count = end - first
        let start = nextArc < first || nextArc >= end ? first : nextArc
        let block = blockSize
        indexedSearches &+= 1
        var offset: Int
        let p = nextImproving(from: start, below: end)
        if p >= 0 {
            offset = p - start
        } else {
            let q = nextImproving(from: first, below: start)
            guard q >= 0 else {
                // Nothing improves: the walk goes all the way round.
                nextArc = start
                sparse = count / block > Self.sparseBlocks
                plainWork &+= count
                return nil
            }
            offset = end - start + (q - first)
        }
        let blockStart = offset / block * block
        let blockEnd = min(blockStart + block, count)
        var best: Int64 = 0, bestArc = -1
        // The block's arcs in walk order: from start + blockStart up to the end, then from the first arc.
        func look(_ a: Int, _ b: Int) {
            var e = nextImproving(from: a, below: b)
            while e >= 0 {
                let c = Int64(state[e]) &* (cost[e] &+ potential[Int(source[e])] &- potential[Int(target[e])])
                if c < best { best = c; bestArc = e }
                e = nextImproving(from: e + 1, below: b)
            }
        }
        if start + blockStart < end { look(start + blockStart, min(start + blockEnd, end)) }
        if start + blockEnd > end { look(first + max(0, start + blockStart - end), first + (start + blockEnd - end)) }
        let scanned: Int
        if blockStart + block <= count {
            scanned = offset / block + 1
            var next = start + blockEnd
            if next >= end { next -= count }
            nextArc = next
        } else {
            scanned = count / block
            nextArc = start
        }
        sparse = scanned > Self.sparseBlocks
        plainWork &+= blockEnd
        return bestArc
    }

    /// After a pivot moved the potentials of the subtree from `top` (thread
    /// order, up to `end`) and changed the states of `arcs`: refreshes the
    /// index at every arc whose reduced cost or state changed. Every 128
    /// pivots, drops the index when it cost more than the walks it saved.
    mutating func refreshIndex(subtree top: Int, end: Int, arcs: (Int, Int)) {
        refresh(arcs.0)
        refresh(arcs.1)
        let n = self.n
        var work = 2
        improving.withUnsafeMutableBufferPointer { bits in
            state.withUnsafeBufferPointer { st in
                cost.withUnsafeBufferPointer { cst in
                    potential.withUnsafeBufferPointer { pi in
                        source.withUnsafeBufferPointer { src in
                            target.withUnsafeBufferPointer { tgt in
                                thread.withUnsafeBufferPointer { thread in
                                    incident.withUnsafeBufferPointer { incident in
                                        var u = top
                                        while u != end {
                                            for a in incident[u] {
                                                let e = Int(a)
                                                guard e >= n else { continue }
                                                let s = st[e]
                                                let improves = s != 0 && Int64(s) &* (cst[e] &+ pi[Int(src[e])] &- pi[Int(tgt[e])]) < 0
                                                let bit: UInt64 = 1 << UInt64(e & 63)
                                                if improves { bits[e >> 6] |= bit } else { bits[e >> 6] &= ~bit }
                                            }
                                            work &+= incident[u].count
                                            u = thread[u]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        indexWork &+= work
        indexedPivots &+= 1
        if indexedPivots & 127 == 0 {
            // A refresh costs a few times an arc of a block walk.
            if Self.refreshWeight * indexWork > plainWork { dropIndex() }
            indexWork = 0; plainWork = 0
        }
    }

    /// How many arcs of a block walk one refresh of the index is worth.
    static let refreshWeight = 4

    /// The most negative `state · reduced cost` among the real arcs at the
    /// nodes of the subtree below `top` (in thread order, at most a block of
    /// arcs looked at), or nil when none is negative.
    mutating func localEnteringArc(below top: Int) -> Int? {
        buildIncident()
        var best: Int64 = 0, bestArc = -1
        var budget = blockSize
        let end = thread[lastSuccessor[top]]
        var u = top
        while u != end && budget > 0 {
            for a in incident[u] {
                let e = Int(a)
                let s = state[e]
                if s != 0 {
                    let c = Int64(s) * (cost[e] + potential[Int(source[e])] - potential[Int(target[e])])
                    if c < best || (c == best && c < 0 && e < bestArc) { best = c; bestArc = e }
                }
                budget -= 1
                if budget == 0 { break }
            }
            u = thread[u]
            budget -= 1
        }
        return best < 0 ? bestArc : nil
    }

    /// The real arcs at each node (`incident`), once.
    mutating func buildIncident() {
        guard incident.isEmpty else { return }
        incident = [[Int32]](repeating: [], count: n + 1)
        for e in n..<flow.count {
            incident[Int(source[e])].append(Int32(e))
            incident[Int(target[e])].append(Int32(e))
        }
    }

    /// One pivot on the cycle of `inArc` and the tree. False when the cycle
    /// has no capacity limit (unbounded).
    mutating func pivot(_ inArc: Int) -> Bool {
        // The join node: where the tree paths from both ends meet.
        let join = node.withUnsafeBufferPointer { node in
            var a = Int(source[inArc]), b = Int(target[inArc])
            while a != b {
                if node[a].size < node[b].size { a = Int(node[a].parent) } else { b = Int(node[b].parent) }
            }
            return a
        }

        // The leaving arc: the last blocking arc in the direction of the
        // flow change (strict on the first side, non-strict on the second).
        let first: Int, second: Int
        if state[inArc] == Self.atLower {
            first = Int(source[inArc]); second = Int(target[inArc])
        } else {
            first = Int(target[inArc]); second = Int(source[inArc])
        }
        var delta = capacity[inArc]
        var result = 0
        var uOut = -1
        node.withUnsafeBufferPointer { node in
            flow.withUnsafeBufferPointer { flow in
                capacity.withUnsafeBufferPointer { capacity in
                    var u = first
                    while u != join {
                        let t = node[u]
                        let e = Int(t.pred)
                        var d = flow[e]
                        if t.direction == Self.down { d = capacity[e] >= Self.infinite ? Self.infinite : capacity[e] - d }
                        if d < delta { delta = d; uOut = u; result = 1 }
                        u = Int(t.parent)
                    }
                    u = second
                    while u != join {
                        let t = node[u]
                        let e = Int(t.pred)
                        var d = flow[e]
                        if t.direction == Self.up { d = capacity[e] >= Self.infinite ? Self.infinite : capacity[e] - d }
                        if d <= delta { delta = d; uOut = u; result = 2 }
                        u = Int(t.parent)
                    }
                }
            }
        }
        if delta >= Self.infinite { return false }
        let uIn = result == 1 ? first : second
        let vIn = result == 1 ? second : first

        // Change the flow around the cycle.
        if delta > 0 {
            let value = Int64(state[inArc]) * delta
            flow[inArc] += value
            var u = Int(source[inArc])
            while u != join { flow[Int(node[u].pred)] -= Int64(node[u].direction) * value; u = Int(node[u].parent) }
            u = Int(target[inArc])
            while u != join { flow[Int(node[u].pred)] += Int64(node[u].direction) * value; u = Int(node[u].parent) }
        }
        guard result != 0 else {
            // The entering arc itself blocks: it moves to its other bound.
            state[inArc] = -state[inArc]
            lastMoved = -1
            if indexed { refresh(inArc) }
            return true
        }
        state[inArc] = Self.inTree
        let outArc = Int(node[uOut].pred)
        state[outArc] = flow[outArc] == 0 ? Self.atLower : Self.atUpper
        updateTree(inArc: inArc, join: join, uIn: uIn, vIn: vIn, uOut: uOut)
        lastMoved = uIn
        // Potentials of the subtree that moved.
        let sigma = potential[vIn] - potential[uIn] - Int64(node[uIn].direction) * cost[inArc]
        let end = thread[lastSuccessor[uIn]]
        potential.withUnsafeMutableBufferPointer { potential in
            thread.withUnsafeBufferPointer { thread in
                var u = uIn
                while u != end {
                    potential[u] &+= sigma
                    u = thread[u]
                }
            }
        }
        if indexed { refreshIndex(subtree: uIn, end: end, arcs: (inArc, outArc)) }
        return true
    }

    /// Re-hangs the subtree cut off by the leaving arc (below `uOut`) from
    /// `vIn` through the entering arc, reversing the stem from `uIn` to
    /// `uOut`, and repairs thread, sizes and last successors.
    mutating func updateTree(inArc: Int, join: Int, uIn: Int, vIn: Int, uOut: Int) {
        let oldReverseThread = reverseThread[uOut]
        let oldSuccessorCount = Int(node[uOut].size)
        let oldLastSuccessor = lastSuccessor[uOut]
        let vOut = Int(node[uOut].parent)

        if uIn == uOut {
            node[uIn].parent = Int32(vIn)
            node[uIn].pred = Int32(inArc)
            node[uIn].direction = uIn == Int(source[inArc]) ? Self.up : Self.down
            if thread[vIn] != uOut {
                var after = thread[oldLastSuccessor]
                thread[oldReverseThread] = after
                reverseThread[after] = oldReverseThread
                after = thread[vIn]
                thread[vIn] = uOut
                reverseThread[uOut] = vIn
                thread[oldLastSuccessor] = after
                reverseThread[after] = oldLastSuccessor
            }
        } else {
            let threadContinue = oldReverseThread == vIn ? thread[oldLastSuccessor] : thread[vIn]
            // Walk the stem from uIn up to uOut, reversing parents.
            var stem = uIn
            var parentStem = vIn
            var last = lastSuccessor[uIn]
            var after = thread[last]
            thread[vIn] = uIn
            dirty.removeAll(keepingCapacity: true)
            dirty.append(vIn)
            while stem != uOut {
                let nextStem = Int(node[stem].parent)
                thread[last] = nextStem
                dirty.append(last)
                let before = reverseThread[stem]
                thread[before] = after
                reverseThread[after] = before
                node[stem].parent = Int32(parentStem)
                parentStem = stem
                stem = nextStem
                last = lastSuccessor[stem] == lastSuccessor[parentStem] ? reverseThread[parentStem] : lastSuccessor[stem]
                after = thread[last]
            }
            node[uOut].parent = Int32(parentStem)
            thread[last] = threadContinue
            reverseThread[threadContinue] = last
            lastSuccessor[uOut] = last
            if oldReverseThread != vIn {
                thread[oldReverseThread] = after
                reverseThread[after] = oldReverseThread
            }
            for u in dirty { reverseThread[thread[u]] = u }
            // pred, direction, sizes and last successors along the reversed stem.
            var count = 0
            let stemLast = lastSuccessor[uOut]
            var u = uOut
            var p = Int(node[u].parent)
            while u != uIn {
                node[u].pred = node[p].pred
                node[u].direction = -node[p].direction
                count += Int(node[u].size) - Int(node[p].size)
                node[u].size = Int32(count)
                lastSuccessor[p] = stemLast
                u = p
                p = Int(node[u].parent)
            }
            node[uIn].pred = Int32(inArc)
            node[uIn].direction = uIn == Int(source[inArc]) ? Self.up : Self.down
            node[uIn].size = Int32(oldSuccessorCount)
        }

        // Last successors from vIn and from vOut towards the root.
        let upLimitOut = lastSuccessor[join] == vIn ? join : -1
        let lastSuccessorOut = lastSuccessor[uOut]
        var u = vIn
        while u != -1 && lastSuccessor[u] == vIn {
            lastSuccessor[u] = lastSuccessorOut
            u = Int(node[u].parent)
        }
        if join != oldReverseThread && vIn != oldReverseThread {
            u = vOut
            while u != upLimitOut && lastSuccessor[u] == oldLastSuccessor {
                lastSuccessor[u] = oldReverseThread
                u = Int(node[u].parent)
            }
        } else if lastSuccessorOut != oldLastSuccessor {
            u = vOut
            while u != upLimitOut && lastSuccessor[u] == oldLastSuccessor {
                lastSuccessor[u] = lastSuccessorOut
                u = Int(node[u].parent)
            }
        }
        // Subtree sizes between the join and both ends.
        u = vIn
        let moved = Int32(oldSuccessorCount)
        while u != join { node[u].size += moved; u = Int(node[u].parent) }
        u = vOut
        while u != join { node[u].size -= moved; u = Int(node[u].parent) }
    }
}

/// A node's place in the spanning tree (`NetworkSimplex.node`): its parent,
/// the size of its subtree, the arc to its parent and that arc's direction
/// (`up`: node → parent), 16 bytes.
struct TreeNode: Sendable {
    var parent: Int32
    var size: Int32
    var pred: Int32
    var direction: Int8
}

extension NetworkSimplex {
    /// An arc whose bit in the improving-arc index disagrees with its state
    /// and reduced cost, or nil (for tests; nil when there is no index).
    func indexIssue() -> String? {
        guard indexed else { return nil }
        for e in n..<flow.count where (improving[e >> 6] >> UInt64(e & 63)) & 1 == 1 ? !isImproving(e) : isImproving(e) {
            return "arc \(e - n): index bit \((improving[e >> 6] >> UInt64(e & 63)) & 1), improving \(isImproving(e))"
        }
        return nil
    }

    /// A tree arc that is not strongly feasible — at a bound that stops flow
    /// from its lower node towards the root — or nil (for tests).
    func strongFeasibilityIssue() -> String? {
        for u in 0..<n {
            let e = Int(node[u].pred)
            let room = node[u].direction == Self.up ? (capacity[e] >= Self.infinite ? 1 : capacity[e] - flow[e]) : flow[e]
            if room <= 0 { return "node \(u): its tree arc \(source[e])→\(target[e]) (flow \(flow[e]) of \(capacity[e])) blocks flow to the root" }
        }
        return nil
    }

    /// What is wrong with the spanning tree's bookkeeping, or nil (for tests):
    /// parents and preds agree, the thread is a preorder, sizes and last
    /// successors match it, tree arcs have reduced cost 0 and flows balance.
    func treeIssue() -> String? {
        var children = [[Int]](repeating: [], count: n + 1)
        for u in 0..<n {
            let p = Int(node[u].parent), e = Int(node[u].pred)
            guard p >= 0, state[e] == Self.inTree else { return "node \(u) has no tree arc" }
            let (s, t) = (Int(source[e]), Int(target[e]))
            guard (s == u && t == p && node[u].direction == Self.up) || (t == u && s == p && node[u].direction == Self.down) else {
                return "node \(u): pred arc \(s)→\(t) does not join it to parent \(p)"
            }
            if cost[e] + potential[s] - potential[t] != 0 { return "tree arc \(s)→\(t) has reduced cost ≠ 0" }
            children[p].append(u)
        }
        // Preorder along the thread from the root.
        var seen = [Bool](repeating: false, count: n + 1)
        var u = root
        var order: [Int] = []
        repeat {
            if seen[u] { return "thread revisits \(u)" }
            seen[u] = true
            order.append(u)
            if reverseThread[thread[u]] != u { return "reverse thread of \(thread[u])" }
            u = thread[u]
        } while u != root
        if order.count != n + 1 { return "thread visits \(order.count) of \(n + 1) nodes" }
        var position = [Int](repeating: 0, count: n + 1)
        for (i, v) in order.enumerated() { position[v] = i }
        for v in 0...n {
            let size = Int(node[v].size)
            let last = lastSuccessor[v]
            if position[last] != position[v] + size - 1 { return "last successor of \(v)" }
            var count = 1
            for c in children[v] { count += Int(node[c].size); if position[c] <= position[v] { return "child \(c) before parent \(v)" } }
            if count != size { return "size of \(v) is \(size), children say \(count)" }
        }
        var balance = [Int64](repeating: 0, count: n + 1)
        for e in 0..<flow.count where flow[e] != 0 {
            if flow[e] < 0 || flow[e] > capacity[e] { return "arc \(e) flow \(flow[e])" }
            balance[Int(source[e])] -= flow[e]
            balance[Int(target[e])] += flow[e]
        }
        return nil
    }
}
