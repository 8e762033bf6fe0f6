import Foundation
import Testing

extension Tag {
    /// Whole-batch runs on large rosters, wall-clock checks, end-to-end runs
    /// of the built `cohort`: the slow suite. `make test` runs everything;
    /// `make test-fast` (COHORT_TESTS=fast) skips these.
    @Tag static var slow: Self
}

extension Trait where Self == ConditionTrait {
    /// Off when COHORT_TESTS=fast: goes with `.tags(.slow)` (`swift test` cannot filter by tag).
    static var inSlowSuite: Self {
        .enabled(if: ProcessInfo.processInfo.environment["COHORT_TESTS"] != "fast", "slow suite: make test runs it")
    }
}
