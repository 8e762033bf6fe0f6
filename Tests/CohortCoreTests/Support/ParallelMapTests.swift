import Testing

@testable import CohortCore

@Suite struct ParallelMapTests {
    struct Odd: Error, Equatable { var item: Int }

    /// Each item's result sits at the item's position, whatever the thread count.
    @Test(arguments: [1, 2, 3, 8, 64])
    func resultsInItemOrder(threads: Int) {
        let items = Array(0..<500)
        let results = items.parallelMap(threads: threads) { $0 * $0 }
        #expect(results.map { $0.get() } == items.map { $0 * $0 })
    }

    /// A failing item is recorded as its own result; every other item still runs.
    @Test(arguments: [1, 2, 4])
    func errorsAreRecordedPerItem(threads: Int) {
        let results = Array(0..<100).parallelMap(threads: threads) { (k: Int) throws(Odd) -> Int in
            if k % 2 == 1 { throw Odd(item: k) }
            return k
        }
        for (k, r) in results.enumerated() {
            switch r {
            case .success(let v): #expect(k % 2 == 0 && v == k)
            case .failure(let e): #expect(e == Odd(item: k))
            }
        }
    }

    /// One scratch per thread, kept from one item to the next: with one
    /// thread, a single scratch sees every item in order.
    @Test func scratchIsPerThreadAndKept() {
        let seen = Array(0..<10).parallelMap(threads: 1, scratch: { [Int]() }) { (k: Int, scratch: inout [Int]) in
            scratch.append(k)
            return scratch.count
        }
        #expect(seen.map { $0.get() } == Array(1...10))
        // On two threads every item still runs exactly once, and no scratch sees more than all of them.
        let counts = Array(0..<1_000).parallelMap(threads: 2, scratch: { 0 }) { (_: Int, n: inout Int) in
            n += 1
            return n
        }.map { $0.get() }
        #expect(counts.count == 1_000 && counts.allSatisfy { (1...1_000).contains($0) })
    }

    @Test func noItems() {
        #expect([Int]().parallelMap(threads: 4) { $0 }.isEmpty)
    }
}
