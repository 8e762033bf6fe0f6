import CohortSolver
import Foundation
import Testing

@testable import CohortCore

/// The engines report their work to the progress hook (`ProgressMeter`), and
/// listening changes nothing: the same roster gives the same files with the
/// hook set or not (docs/outputs.md "Progress").
@Suite struct BatchProgressTests {
    /// Every step the hook heard (the team search reports from a worker thread).
    final class Steps: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [ProgressStep] = []
        func append(_ s: ProgressStep) { lock.withLock { list.append(s) } }
        var all: [ProgressStep] { lock.withLock { list } }

        /// Every phase line.
        final class Lines: @unchecked Sendable {
            private let lock = NSLock()
            private var list: [String] = []
            func append(_ s: String) { lock.withLock { list.append(s) } }
            var all: [String] { lock.withLock { list } }
        }
    }

    /// Every output file but the two that hold the run's times.
    static func files(_ r: BatchResult) -> [String: String] {
        var files: [String: String] = [:]
        for f in OutputFiles.render(r, inputs: []) where f.name != "summary.json" && f.name != "report.html" { files[f.name] = f.text }
        return files
    }

    /// Runs the batch with the hook and without it; the files must match. Returns what the hook heard.
    static func heardAndSilent(_ cohort: Cohort, threads: Int) throws -> [ProgressStep] {
        let steps = Steps()
        let heard = try Batch.run(cohort, solver: GLPKSolver(), threads: threads, meter: ProgressMeter { steps.append($0) })
        let silent = try Batch.run(cohort, solver: GLPKSolver(), threads: threads)
        let a = files(heard), b = files(silent)
        #expect(a.keys.sorted() == b.keys.sorted())
        for name in a.keys.sorted() { #expect(a[name] == b[name], "\(name) differs with the progress hook set") }
        // Every step has a total and stays within it.
        for s in steps.all {
            let total = try #require(s.total, "\(s.phase): \(s.activity) without a total")
            #expect(s.done >= 0 && s.done <= total, "\(s.phase): \(s.activity) \(s.done) of \(total)")
        }
        return steps.all
    }

    @Test func teamSearchReportsAndChangesNothing() throws {
        let outcome = readRoster(handoutMembers, projects: handoutProjects, policy: "quarter_start = 2027-01-04\n")
        let steps = try Self.heardAndSilent(try #require(outcome.cohort), threads: 1)
        #expect(steps.contains { $0.phase == "teams" && $0.activity == "improving teams" && $0.unit == "moves" })
    }

    /// A phase whose steps stopped short of 100 % (the annealing converged,
    /// the subproblem budget was not used up) closes with a line saying it is
    /// done, and what stopped the team search.
    @Test func phasesCloseWithDone() throws {
        let outcome = readRoster(handoutMembers, projects: handoutProjects, policy: "quarter_start = 2027-01-04\n")
        let lines = Steps.Lines()
        let r = try Batch.run(try #require(outcome.cohort), solver: GLPKSolver(), threads: 1, progress: { lines.append($0) })
        let teams = try #require(lines.all.last { $0.hasPrefix("teams: ") })
        let stop = try #require(r.teams.quality.stoppedBy)
        let said = ["optimal": "teams: done, proven optimal — ", "no improving move": "teams: done, no improving move left — ",
                    "work budget": "teams: done, stopped by the work budget — ", "time limit": "teams: done, stopped by the time limit — "][stop]
        #expect(said.map { teams.hasPrefix($0) } == true, "\(teams)")
        #expect(lines.all.contains { $0.hasPrefix("mentor pairs: done — ") } && lines.all.contains { $0.hasPrefix("schedule: done — ") })
        #expect(Batch.stopped("work budget") == ", stopped by the work budget" && Batch.stopped(nil) == "")
    }

    @Test func podSearchReportsAndChangesNothing() throws {
        let cohort = try handCohort(PodOutputTests.roster, policy: "pod_min = 5\npod_max = 6\nquarter_start = 2027-01-04\n")
        let steps = try Self.heardAndSilent(cohort, threads: 1)
        #expect(steps.contains { $0.phase == "pods" && $0.total ?? 0 > 0 })
    }

    /// A generated roster: the annealing reports its moves in order, the outputs stay the same.
    @Test(.tags(.slow), .inSlowSuite) func generatedRosterSameOutputs() throws {
        let cohort = try generatedCohort(RosterGenerator.Parameters(memberCount: 300, seed: 7))
        let steps = try Self.heardAndSilent(cohort, threads: 2)
        let moves = steps.filter { $0.activity == "improving teams" }.map(\.done)
        #expect(moves.count >= 2 && moves == moves.sorted())
    }
}
