/// Where a long phase is, for the command line's heartbeat: what it is doing,
/// how much of its work is done and, when it knows, of how much.
public struct ProgressStep: Sendable, Hashable {
    /// The phase, in the words of the progress lines: "teams", "mentor pairs", "schedule".
    public var phase: String
    /// What it is doing now: "improving teams", "re-solving pairs".
    public var activity: String
    /// Units of work done ("subproblems", "passes", "members"), and the total when known.
    public var done: Int
    public var total: Int?
    public var unit: String
    /// Counts worth showing: "1,665 teams, 6,935 placed".
    public var detail: String

    public init(phase: String, activity: String, done: Int, of total: Int? = nil, unit: String = "", detail: String = "") {
        self.phase = phase
        self.activity = activity
        self.done = done
        self.total = total
        self.unit = unit
        self.detail = detail
    }

    /// Done as a fraction of the total (nil when the total is not known).
    public var fraction: Double? {
        guard let total, total > 0 else { return nil }
        return min(1, max(0, Double(done) / Double(total)))
    }
}

/// The progress hook a long phase calls: a value holding a callback, passed
/// down like any other argument (no global state). Calling it is cheap — the
/// command line only stores the latest step and prints it on its heartbeat
/// (at least every 2 s), so engines may report as often as they like.
public struct ProgressMeter: Sendable {
    let report: @Sendable (ProgressStep) -> Void

    public init(_ report: @escaping @Sendable (ProgressStep) -> Void) { self.report = report }

    /// Reports nothing.
    public static let none = ProgressMeter { _ in }

    public func callAsFunction(_ step: ProgressStep) { report(step) }

    /// `meter(phase: "teams", "improving teams", done: 12, of: 240, unit: "subproblems")`.
    public func callAsFunction(phase: String, _ activity: String, done: Int, of total: Int? = nil, unit: String = "", detail: String = "") {
        report(ProgressStep(phase: phase, activity: activity, done: done, of: total, unit: unit, detail: detail))
    }
}

extension ProgressStep {
    /// A heartbeat line: "teams: improving teams — 120 of 240 subproblems (50 %,
    /// about 20 s left); 1665 teams · 14 s", or without a step "teams: forming · 14 s".
    /// `origin`: the step's first report of this activity (done, at `now`'s
    /// clock), from which the time left is estimated once at least 5 % of the
    /// total was done since; `reported`: when `step`
    /// came (default `now`) — the rate is measured up to it, and the time since
    /// is taken off what is left; `seconds`: the phase's time so far.
    public static func heartbeat(_ step: ProgressStep?, origin: (done: Int, at: Double)?, phase: String, seconds: Double, now: Double,
                                 reported: Double? = nil) -> String {
        let elapsed = String(Int(seconds)) + " s"
        guard let step else { return phase + " · " + elapsed }
        var text = step.phase + ": " + step.activity
        let unit = step.unit.isEmpty ? "" : " " + step.unit
        if let total = step.total, let fraction = step.fraction {
            text += " — \(step.done) of \(total)\(unit) (\(Int((fraction * 100).rounded(.down))) %"
            let at = min(reported ?? now, now)
            // A rate measured over less than 5 % of the work says little (the
            // rendering's first tasks are its largest files: "5 of 10008 files
            // and calendars" once read as 2,560 s left of a 5-s step).
            if let origin, (step.done - origin.done) * 20 >= total, at > origin.at {
                let rate = Double(step.done - origin.done) / (at - origin.at)
                let left = Double(total - step.done) / rate - (now - at)
                text += left >= 1 ? ", about \(Int(left.rounded(.up))) s left" : ", nearly done"
            }
            text += ")"
        } else if step.done > 0 {
            text += " — \(step.done)\(unit)"
        }
        if !step.detail.isEmpty { text += "; " + step.detail }
        return text + " · " + elapsed
    }
}

extension ProgressStep {
    /// What the heartbeat says a phase is doing after its latest progress
    /// line: a line announcing work ("teams: placing 1508 members who want a
    /// team (300 projects)") stands as it is; a line reporting work done — it
    /// carries its time, "(0.01 s)" or "(1.2 s, optimal)" — leaves
    /// "teams: working"; a line without a phase name stands as it is.
    public static func activity(after line: String) -> String {
        let trimmed = String(line.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        guard let colon = trimmed.firstRange(of: ": ") else { return trimmed }
        return reportsTime(trimmed) ? trimmed[..<colon.lowerBound] + ": working" : trimmed
    }

    /// Whether `line` holds a "(N s)" or "(N s, …)" time.
    static func reportsTime(_ line: String) -> Bool {
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "(") {
            let inside = rest[rest.index(after: open)...]
            let number = inside.prefix { $0.isNumber || $0 == "." }
            if !number.isEmpty, number.first!.isNumber {
                let after = inside.dropFirst(number.count)
                if after.hasPrefix(" s)") || after.hasPrefix(" s,") { return true }
            }
            rest = inside
        }
        return false
    }
}
