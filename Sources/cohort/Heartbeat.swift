import CohortCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Progress on stderr for `match` and `rematch`: each phase line as it comes,
/// and, while a phase runs, a heartbeat whenever nothing was printed for
/// `silence` seconds — the latest step a phase reported through its
/// `ProgressMeter` (what it does, counts, a percentage and the time left when
/// it knows its total), or how long the current phase has been running. So no
/// stretch of a run is silent for more than 2 s. Silent with --quiet.
final class Heartbeat: @unchecked Sendable {
    /// Print a heartbeat after this many seconds without output.
    let silence: Double
    private let lock = NSLock()
    private let interactive = isatty(STDERR_FILENO) == 1
    private let clock = Stopwatch()
    private var lastOutput = 0.0
    private var phaseLine = ""
    private var phaseStart = 0.0
    private var step: ProgressStep?
    /// When `step` came.
    private var stepAt = 0.0
    /// The first report of the current activity: (done, seconds), for the time left.
    private var stepOrigin: (done: Int, at: Double)?
    private var drawn = false
    /// The latest heartbeat without its time.
    private var lastSaid = ""
    private var timer: DispatchSourceTimer?

    init(silence: Double = 1.5) { self.silence = silence }

    /// The callback for `Batch.run(progress:)`.
    var lines: Batch.Progress { { [self] in self.line($0) } }

    /// The hook for `Batch.run(meter:)`.
    var meter: ProgressMeter { ProgressMeter { [self] in self.report($0) } }

    func start() {
        guard !Terminal.quiet else { return }
        let t = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        t.schedule(deadline: .now() + 0.25, repeating: 0.25)
        t.setEventHandler { [self] in self.tick() }
        t.resume()
        timer = t
    }

    func stop() {
        timer?.cancel()
        timer = nil
        lock.lock()
        defer { lock.unlock() }
        endDrawnLine()
    }

    /// A phase line: printed at once; the heartbeat now describes this phase.
    func line(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard !Terminal.quiet else { return }
        endDrawnLine()
        Terminal.error(text)
        let now = clock.seconds
        lastOutput = now
        // "teams: placing 1508 members …" stays; "mentor pairs: 2715 matched … (0.4 s)" → "mentor pairs: working".
        phaseLine = ProgressStep.activity(after: text)
        lastSaid = ""
        phaseStart = now
        step = nil
        stepOrigin = nil
    }

    func report(_ s: ProgressStep) {
        lock.lock()
        defer { lock.unlock() }
        let now = clock.seconds
        if step?.phase != s.phase || step?.activity != s.activity { stepOrigin = (s.done, now) }
        step = s
        stepAt = now
    }

    private func tick() {
        lock.lock()
        defer { lock.unlock() }
        let now = clock.seconds
        guard !Terminal.quiet, !phaseLine.isEmpty, now - lastOutput >= silence else { return }
        var text = "  … " + ProgressStep.heartbeat(step, origin: stepOrigin, phase: phaseLine, seconds: now - phaseStart, now: now, reported: stepAt)
        // In a log (stderr not a terminal), a heartbeat that only repeats the
        // one before it, but for the time, says just the phase and the time.
        let said = text.split(separator: " · ").dropLast().joined(separator: " · ")
        if !interactive && said == lastSaid, let colon = said.firstRange(of: ": ") {
            text = said[..<colon.lowerBound] + ": still working · " + String(Int(now - phaseStart)) + " s"
        }
        lastSaid = said
        if interactive {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
            drawn = true
        } else {
            Terminal.error(text)
        }
        lastOutput = now
    }

    private func endDrawnLine() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        drawn = false
    }
}
