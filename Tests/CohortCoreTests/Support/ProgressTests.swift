import Testing

@testable import CohortCore

@Suite struct ProgressTests {
    @Test func heartbeatWithTotalShowsPercentAndTimeLeft() {
        let step = ProgressStep(phase: "teams", activity: "improving teams", done: 120, of: 240, unit: "subproblems", detail: "1665 teams")
        // 100 more subproblems in 10 s: 120 left take 12 s.
        let line = ProgressStep.heartbeat(step, origin: (done: 20, at: 4), phase: "teams: forming", seconds: 14.6, now: 14)
        #expect(line == "teams: improving teams — 120 of 240 subproblems (50 %, about 12 s left); 1665 teams · 14 s")
        // The same step, heard at 14 s, shown at 17 s: the rate is the one up to 14 s, and 3 s have passed since.
        let later = ProgressStep.heartbeat(step, origin: (done: 20, at: 4), phase: "teams: forming", seconds: 17.6, now: 17, reported: 14)
        #expect(later == "teams: improving teams — 120 of 240 subproblems (50 %, about 9 s left); 1665 teams · 17 s")
        let overdue = ProgressStep.heartbeat(step, origin: (done: 20, at: 4), phase: "teams: forming", seconds: 30, now: 30, reported: 14)
        #expect(overdue == "teams: improving teams — 120 of 240 subproblems (50 %, nearly done); 1665 teams · 30 s")
    }

    /// No time left from under 5 % of the work: the rendering's first tasks
    /// are its largest files, and 4 of them in 1.5 s once read as 2,560 s left.
    @Test func noTimeLeftFromATinyShareOfTheWork() {
        let step = ProgressStep(phase: "rendering", activity: "rendering the report, CSV files and calendars", done: 5, of: 10_008, unit: "files and calendars")
        let early = ProgressStep.heartbeat(step, origin: (done: 1, at: 1.5), phase: "rendering", seconds: 3, now: 3)
        #expect(early == "rendering: rendering the report, CSV files and calendars — 5 of 10008 files and calendars (0 %) · 3 s")
        let later = ProgressStep(phase: "rendering", activity: "rendering the report, CSV files and calendars", done: 5_128, of: 10_008, unit: "files and calendars")
        #expect(ProgressStep.heartbeat(later, origin: (done: 1, at: 1.5), phase: "rendering", seconds: 4, now: 4).contains("(51 %, about 3 s left)"))
    }

    @Test func heartbeatWithoutTotalOrStep() {
        let step = ProgressStep(phase: "mentor pairs", activity: "re-solving", done: 3, unit: "re-solves")
        #expect(ProgressStep.heartbeat(step, origin: nil, phase: "x", seconds: 2, now: 2) == "mentor pairs: re-solving — 3 re-solves · 2 s")
        #expect(ProgressStep.heartbeat(nil, origin: nil, phase: "teams: forming", seconds: 7.9, now: 7.9) == "teams: forming · 7 s")
        #expect(ProgressStep(phase: "p", activity: "a", done: 5, of: 0).fraction == nil)
        #expect(ProgressStep(phase: "p", activity: "a", done: 5, of: 4).fraction == 1)
    }

    /// A line announcing work is what the heartbeat repeats; a line that
    /// reports work done (with its time) leaves "phase: working".
    @Test func heartbeatActivityAfterALine() {
        #expect(ProgressStep.activity(after: "teams: placing 1508 members who want a team (300 projects)") == "teams: placing 1508 members who want a team (300 projects)")
        #expect(ProgressStep.activity(after: "teams: standup times that leave room for the check-ins of 29 members (0.01 s)") == "teams: working")
        #expect(ProgressStep.activity(after: "mentor pairs: 18 of 23 mentees matched (3 continuing, 15 new), 5 without a mentor (0.0 s, optimal)") == "mentor pairs: working")
        #expect(ProgressStep.activity(after: "schedule: 43 events, 0 not fitted (12 s, feasible)") == "schedule: working")
        #expect(ProgressStep.activity(after: "mentor pairs: building candidates") == "mentor pairs: building candidates")
        #expect(ProgressStep.activity(after: "  rendering the outputs of 42 members") == "rendering the outputs of 42 members")
        // A count in parentheses is not a time.
        #expect(ProgressStep.activity(after: "teams: placing 30 members (3 s-shaped projects)") == "teams: placing 30 members (3 s-shaped projects)")
    }

    @Test func meterPassesStepsOn() {
        let box = Box()
        let meter = ProgressMeter { box.append($0) }
        meter(phase: "teams", "improving teams", done: 1, of: 2)
        meter(ProgressStep(phase: "schedule", activity: "placing", done: 0))
        #expect(box.steps.map(\.phase) == ["teams", "schedule"])
        ProgressMeter.none(phase: "x", "y", done: 0)
    }

    final class Box: @unchecked Sendable {
        var steps: [ProgressStep] = []
        func append(_ s: ProgressStep) { steps.append(s) }
    }
}
