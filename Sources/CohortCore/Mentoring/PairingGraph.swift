/// A bipartite graph of allowed pairs, compressed: people who need a partner
/// (mentees, mentees needing a backup, trial newcomers) on one side, partners
/// who offer places (mentors, backup mentors, buddies) on the other, and for
/// each person the allowed partners with the pair's quality.
public struct PairingGraph: Sendable {
    /// Member index of each person who needs a partner.
    public let people: [Int32]
    /// Member index of each partner offering places.
    public let partners: [Int32]
    /// Places per partner.
    public let capacity: [Int32]
    /// Pairs of person k are `offsets[k] ..< offsets[k+1]` of `partner` and `quality`.
    public let offsets: [Int]
    /// Partner position (index into `partners`) of each pair.
    public let partner: [Int32]
    public let quality: [Int32]
    /// Cost of a partner's second and later place (spreads load).
    public let extraPlaceCost: Int32

    public init(people: [Int32], partners: [Int32], capacity: [Int32], offsets: [Int], partner: [Int32], quality: [Int32], extraPlaceCost: Int32) {
        precondition(offsets.count == people.count + 1 && partner.count == quality.count && offsets.last == partner.count)
        self.people = people
        self.partners = partners
        self.capacity = capacity
        self.offsets = offsets
        self.partner = partner
        self.quality = quality
        self.extraPlaceCost = extraPlaceCost
    }

    public var pairCount: Int { partner.count }

    /// Pairs of the person at position `k`.
    public func pairs(of k: Int) -> Range<Int> { offsets[k]..<offsets[k + 1] }
}
