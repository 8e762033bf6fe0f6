import Testing
@testable import CohortCore

// MARK: - PRNG

@Suite("SeededRandom")
struct GeneratorSeededRandomTests {
    @Test("matches the xoshiro256** reference implementation seeded by SplitMix64")
    func referenceVectors() {
        var rng = SeededRandom(seed: 42)
        #expect(rng.next() == 1_546_998_764_402_558_742)
        #expect(rng.next() == 6_990_951_692_964_543_102)
        #expect(rng.next() == 12_544_586_762_248_559_009)
    }

    @Test("bounded draws stay in range and cover it")
    func bounded() {
        var rng = SeededRandom(seed: 7)
        var seen = Set<Int>()
        for _ in 0..<2_000 {
            let v = rng.nextInt(below: 7)
            #expect((0..<7).contains(v))
            seen.insert(v)
            let u = rng.nextUnit()
            #expect(u >= 0 && u < 1)
        }
        #expect(seen.count == 7)
        let never = rng.chance(0), always = rng.chance(1)
        #expect(!never)
        #expect(always)
    }
}
