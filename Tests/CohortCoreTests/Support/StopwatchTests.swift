import Testing

@testable import CohortCore

@Suite struct StopwatchTests {
    /// `passed` is the deadline's test until the signal is raised, then true with or without one.
    @Test func aRaisedSignalPassesEveryDeadline() {
        var clock = Stopwatch()
        #expect(!clock.passed(nil))
        #expect(!clock.passed(3_600))
        #expect(clock.passed(0))
        let signal = StopSignal()
        clock.signal = signal
        #expect(!clock.passed(nil) && !signal.isRaised)
        signal.raise()
        #expect(clock.passed(nil) && clock.passed(3_600))
        // Copies share the signal: the bound side's clock sees what the search side raised.
        let copy = clock
        #expect(copy.passed(nil))
    }
}
