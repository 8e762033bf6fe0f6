import CohortSolver
import Testing

@testable import CohortCore

/// A roster shape for the pod tests: `seekers` members who want a pod (and
/// `others` who do not), interests drawn from `interests` tags (each member
/// 1–3), availability drawn from `windows` (each member 1–3), zones from
/// `zones`, stages 1–5, a share of avoided pairs and of trial members.
struct PodRosterShape {
    var seekers: Int
    var others = 0
    var interests = ["data", "web", "ml", "design", "writing"]
    var windows = ["Mon-Fri 18:00-21:00", "Sat 09:00-13:00", "Tue 12:00-14:00", "Wed-Thu 07:00-09:00"]
    var zones = ["Europe/Berlin"]
    var avoidShare = 0.05
    var trialShare = 0.1
    var seed: UInt64 = 1
    var policy = ""

    /// members.csv text.
    func membersCSV() -> String {
        var rng = SeededRandom(seed: seed)
        let n = seekers + others
        var lines = ["id,name,email,stage,status,timezone,availability,interests,wants_pod,avoid"]
        for k in 0..<n {
            let id = "p" + String(100_000 + k).dropFirst()
            let stage = rng.nextInt(in: 1...5)
            let status = rng.chance(trialShare) ? "trial" : "active"
            let zone = zones[rng.nextInt(below: zones.count)]
            var chosenWindows: [String] = []
            for _ in 0..<rng.nextInt(in: 1...3) {
                let w = windows[rng.nextInt(below: windows.count)]
                if !chosenWindows.contains(w) { chosenWindows.append(w) }
            }
            var tags: [String] = []
            for _ in 0..<rng.nextInt(in: 1...3) {
                let t = interests[rng.nextInt(below: interests.count)]
                if !tags.contains(t) { tags.append(t) }
            }
            var avoid = ""
            if k > 0 && rng.chance(avoidShare) { avoid = "p" + String(100_000 + rng.nextInt(below: k)).dropFirst() }
            let windowsCell: String = "\"" + chosenWindows.joined(separator: ";") + "\""
            let tagsCell: String = "\"" + tags.joined(separator: ";") + "\""
            let cells: [String] = [id, "Member \(k)", id + "@example.org", String(stage), status, zone, windowsCell, tagsCell, k < seekers ? "yes" : "no", avoid]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func cohort() throws -> Cohort { try handCohort(membersCSV(), policy: policy.isEmpty ? nil : policy) }
}

/// Checks every hard rule of SPEC §3.5 on every pod, independently of the
/// engine's own checks, and that every seeker is placed or has a reason.
func checkPodRules(_ f: PodFormation, _ c: Cohort, sourceLocation: SourceLocation = #_sourceLocation) {
    let p = c.policy
    let length = Week.slotCount(minutes: p.podMinutes)
    var seen = Set<Int>()
    for pod in f.pods {
        let members = pod.members.map { c.members[$0] }
        #expect((p.podMin...p.podMax).contains(members.count), "\(pod.id): size \(members.count)", sourceLocation: sourceLocation)
        #expect(pod.members == pod.members.sorted(), sourceLocation: sourceLocation)
        for (i, m) in zip(pod.members, members) {
            #expect(m.wantsPod && (m.status == .active || m.status == .trial), "\(pod.id): \(m.id) did not ask", sourceLocation: sourceLocation)
            #expect(seen.insert(i).inserted, "\(m.id) in two pods", sourceLocation: sourceLocation)
            #expect(m.interests.contains(pod.interest), "\(pod.id): \(m.id) lacks the interest", sourceLocation: sourceLocation)
        }
        // The common window: not empty, and every start in it fits every member for the whole meeting.
        #expect(!pod.commonStarts.isEmpty, "\(pod.id): no common window", sourceLocation: sourceLocation)
        for s in pod.commonStarts.slots {
            #expect(members.allSatisfy { $0.availability.contains(start: s, count: length) }, "\(pod.id): start \(s)", sourceLocation: sourceLocation)
        }
        // No avoided pair.
        for a in pod.members { for b in pod.members where a < b {
            #expect(!c.avoids(a, b), "\(pod.id): \(c.members[a].id) avoids \(c.members[b].id)", sourceLocation: sourceLocation)
        } }
        // The rotation: 12 weeks, members in turn, each facilitating before anyone's second turn.
        #expect(pod.facilitators.count == Week.perQuarter, sourceLocation: sourceLocation)
        let n = pod.members.count
        #expect(Set(pod.facilitators.prefix(n)) == Set(pod.members), "\(pod.id): not everyone facilitates in turn", sourceLocation: sourceLocation)
        for w in n..<pod.facilitators.count { #expect(pod.facilitators[w] == pod.facilitators[w - n], sourceLocation: sourceLocation) }
    }
    let seekers = c.members.indices.filter { c.members[$0].seeksPod }
    #expect(Set(seekers) == seen.union(f.unplaced), sourceLocation: sourceLocation)
    #expect(seen.isDisjoint(with: f.unplaced), sourceLocation: sourceLocation)
    for i in f.unplaced { #expect(!(f.reasons[i] ?? "").isEmpty, "\(c.members[i].id): no reason", sourceLocation: sourceLocation) }
}
