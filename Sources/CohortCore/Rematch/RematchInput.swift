/// The restricted input the rematch gives the batch's candidate builders
/// (docs/rematch.md §2–3): the same rules and graphs as `match`, cut to the
/// affected mentees and to the places left.
extension MentorRematch {
    /// The cohort in which only the affected mentees want a mentor, each
    /// avoiding their old mentor (and still never getting a current mentor
    /// they asked to change), and every mentor offers the places the kept
    /// pairs leave (a released mentor none). No continuing pairs: the kept
    /// pairs are fixed by the rematch itself.
    static func rematchCohort(_ a: Affected) -> Cohort {
        var c = a.base.cohort
        for i in c.members.indices {
            let affected = a.menteeSet.contains(i)
            c.members[i].wantsMentor = affected
            if !(affected && c.members[i].changeMentor) { c.members[i].currentMentor = nil }
            c.members[i].mentorCapacity = a.released.contains(i) ? 0 : max(0, c.members[i].mentorCapacity - a.keptLoad[i])
        }
        for i in a.mentees {
            let old = a.oldMentor[i]!
            c.members[i].avoid.append(old)
            c.members[old].avoid.append(i)
        }
        return c
    }
}

extension PairingGraph {
    /// The same graph with `bonus(person, partner)` (member indices) added to each pair's quality.
    func adding(_ bonus: (Int, Int) -> Int32) -> PairingGraph {
        var quality = self.quality
        for k in people.indices {
            for e in pairs(of: k) { quality[e] += bonus(Int(people[k]), Int(partners[Int(partner[e])])) }
        }
        return PairingGraph(people: people, partners: partners, capacity: capacity, offsets: offsets, partner: partner,
                            quality: quality, extraPlaceCost: extraPlaceCost)
    }

    /// The people whose member index is in `people` and the partners with
    /// `places[member] > 0` (that many places each), both in their order
    /// here, and the pairs between them.
    func restricted(to people: Set<Int>, places: [Int32]) -> PairingGraph {
        var position = [Int32](repeating: -1, count: partners.count)
        var keptPartners: [Int32] = [], capacity: [Int32] = []
        for (p, j) in partners.enumerated() where places[Int(j)] > 0 {
            position[p] = Int32(keptPartners.count)
            keptPartners.append(j)
            capacity.append(places[Int(j)])
        }
        var keptPeople: [Int32] = [], offsets = [0], partner: [Int32] = [], quality: [Int32] = []
        for (k, i) in self.people.enumerated() where people.contains(Int(i)) {
            keptPeople.append(i)
            for e in pairs(of: k) where position[Int(self.partner[e])] >= 0 {
                partner.append(position[Int(self.partner[e])])
                quality.append(self.quality[e])
            }
            offsets.append(partner.count)
        }
        return PairingGraph(people: keptPeople, partners: keptPartners, capacity: capacity, offsets: offsets, partner: partner,
                            quality: quality, extraPlaceCost: extraPlaceCost)
    }
}
