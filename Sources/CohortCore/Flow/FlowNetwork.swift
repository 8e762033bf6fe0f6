/// A minimum-cost flow problem as plain values: nodes with supplies, arcs
/// with a capacity (lower bound 0) and an integer cost per unit of flow.
///
///     minimize   Σ_a cost(a) · x(a)
///     subject to Σ_{a out of v} x(a) − Σ_{a into v} x(a) = supply(v)   every node v
///                0 ≤ x(a) ≤ capacity(a)                               every arc a
///
/// Supplies must sum to zero. Nodes and arcs are indices (0, 1, …) in the
/// order they were added. docs/mentoring.md §3 has the math; `NetworkSimplex`
/// solves it.
public struct FlowNetwork: Sendable {
    /// A capacity at least this large means "no upper bound".
    public static let unbounded: Int64 = Int64.max / 4

    public private(set) var supply: [Int64] = []
    public private(set) var source: [Int32] = []
    public private(set) var target: [Int32] = []
    public private(set) var capacity: [Int64] = []
    public private(set) var cost: [Int64] = []

    public init() {}

    /// A network of `nodeCount` nodes with supply 0 and no arcs.
    public init(nodeCount: Int) {
        supply = [Int64](repeating: 0, count: nodeCount)
    }

    public var nodeCount: Int { supply.count }
    public var arcCount: Int { source.count }

    @discardableResult
    public mutating func addNode(supply s: Int64 = 0) -> Int {
        supply.append(s)
        return supply.count - 1
    }

    public mutating func setSupply(of node: Int, to s: Int64) {
        supply[node] = s
    }

    /// Adds the arc `from` → `to` (returns its index).
    @discardableResult
    public mutating func addArc(from: Int, to: Int, capacity c: Int64, cost k: Int64) -> Int {
        precondition(from >= 0 && from < nodeCount && to >= 0 && to < nodeCount, "arc \(from) → \(to) outside \(nodeCount) nodes")
        precondition(c >= 0, "negative capacity \(c)")
        source.append(Int32(from))
        target.append(Int32(to))
        capacity.append(min(c, Self.unbounded))
        cost.append(k)
        return source.count - 1
    }

    public mutating func reserveCapacity(arcs: Int) {
        source.reserveCapacity(arcs)
        target.reserveCapacity(arcs)
        capacity.reserveCapacity(arcs)
        cost.reserveCapacity(arcs)
    }

    /// Σ cost · flow of `flow` (one value per arc).
    public func cost(of flow: [Int64]) -> Int64 {
        var total: Int64 = 0
        for a in 0..<arcCount where flow[a] != 0 { total += cost[a] * flow[a] }
        return total
    }

    /// Why `flow` is not a feasible flow of the network, or nil when it is.
    public func violation(of flow: [Int64]) -> String? {
        guard flow.count == arcCount else { return "\(flow.count) flows for \(arcCount) arcs" }
        var balance = supply
        for a in 0..<arcCount {
            if flow[a] < 0 || flow[a] > capacity[a] { return "arc \(a) carries \(flow[a]) outside 0…\(capacity[a])" }
            balance[Int(source[a])] -= flow[a]
            balance[Int(target[a])] += flow[a]
        }
        if let v = balance.firstIndex(where: { $0 != 0 }) { return "node \(v) is out of balance by \(balance[v])" }
        return nil
    }
}
