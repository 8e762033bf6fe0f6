import Dispatch

/// Wall-clock seconds since creation (monotonic).
public struct Stopwatch: Sendable {
    let start = DispatchTime.now().uptimeNanoseconds
    public init() {}
    public var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
