import Dispatch
import Synchronization

/// Wall-clock seconds since creation (monotonic), and an optional signal that ends the work
/// timed by it early, as if its deadline had passed.
public struct Stopwatch: Sendable {
    let start = DispatchTime.now().uptimeNanoseconds
    /// Raised by another thread when this work is no longer needed (`passed(_:)` is then true).
    public var signal: StopSignal?
    public init() {}
    public var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    /// Whether `deadline` has passed or the signal is raised.
    public func passed(_ deadline: Double?) -> Bool {
        if let signal, signal.isRaised { return true }
        guard let deadline else { return false }
        return seconds >= deadline
    }
}

/// A flag one thread raises to end another's anytime work (`Stopwatch.passed(_:)`).
public final class StopSignal: Sendable {
    private let raised = Atomic<Bool>(false)
    public init() {}
    public func raise() { raised.store(true, ordering: .relaxed) }
    public var isRaised: Bool { raised.load(ordering: .relaxed) }
}
