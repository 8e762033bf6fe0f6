import Dispatch

extension Array where Element: Sendable {
    /// `body` applied to every element on up to `threads` threads (Dispatch
    /// caps them at the cores), each element's result or error at the
    /// element's own position. Elements are taken in order by whichever thread
    /// is free (put the slow ones first), so the output depends only on the
    /// elements, never on the thread count or timing. An error stops nothing:
    /// it is that element's result, for the caller to propagate or record.
    func parallelMap<Value: Sendable, Failure: Error>(
        threads: Int, _ body: @Sendable (Element) throws(Failure) -> Value
    ) -> [Result<Value, Failure>] {
        parallelMap(threads: threads, scratch: {}) { (item, _: inout Void) throws(Failure) in try body(item) }
    }

    /// As `parallelMap(threads:_:)`, with one `scratch` value per thread
    /// (made by `makeScratch`, passed to every element that thread runs):
    /// reusable buffers, never shared, so a thread may leave marks in it for
    /// its later elements.
    func parallelMap<Scratch, Value: Sendable, Failure: Error>(
        threads: Int, scratch makeScratch: @Sendable () -> Scratch,
        _ body: @Sendable (Element, inout Scratch) throws(Failure) -> Value
    ) -> [Result<Value, Failure>] {
        let workers = Swift.max(1, Swift.min(threads, count))
        if workers == 1 {
            var scratch = makeScratch()
            return map { item in Result { () throws(Failure) in try body(item, &scratch) } }
        }
        let slots = UnsafeMutableBufferPointer<Result<Value, Failure>?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let shared = Slots(buffer: slots)
        let next = NextIndex()
        let items = self
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var scratch = makeScratch()
            while true {
                let k = next.take()
                if k >= items.count { return }
                // Each index is taken once, so no two threads write one slot.
                shared.buffer[k] = Result { () throws(Failure) in try body(items[k], &scratch) }
            }
        }
        return slots.map { $0! }
    }
}

/// The result slots, written by the workers at the indices they took.
private struct Slots<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
}

/// The next element index no worker has taken yet.
private final class NextIndex: @unchecked Sendable {
    private var value = 0
    private let lock = DispatchSemaphore(value: 1)

    func take() -> Int {
        lock.wait()
        defer { lock.signal() }
        value += 1
        return value - 1
    }
}
