/// One weekly window as written in members.csv, in the member's local time.
public struct LocalWindow: Sendable, Hashable {
    /// Days the window starts on, 0 = Monday … 6 = Sunday.
    public var days: [Int]
    /// Minutes after local midnight.
    public var start: Int
    /// Minutes after local midnight, 1…1440; at or before `start` the window runs past midnight.
    public var end: Int
    /// The text it was parsed from.
    public var text: String

    /// Length in minutes.
    public var minutes: Int { end > start ? end - start : end + 1440 - start }
}

/// Why an availability window could not be read.
public enum AvailabilityProblem: Error, Sendable, Hashable {
    case malformed
    case unknownDay(String)
    case invalidTime(String)
    case emptyWindow

    public var message: String {
        switch self {
        case .malformed: "malformed availability window: expected DAY HH:MM-HH:MM, e.g. Mon-Fri 18:00-20:00"
        case .unknownDay(let d): "unknown day '\(d)' in availability window: use Mon, Tue, Wed, Thu, Fri, Sat, Sun or a range like Mon-Fri"
        case .invalidTime(let t): "invalid time '\(t)' in availability window: use HH:MM from 00:00 to 24:00"
        case .emptyWindow: "availability window starts and ends at the same time"
        }
    }
}

/// Something in an availability cell worth a warning.
public enum AvailabilityNote: Sendable, Hashable {
    /// Windows overlap; they were merged.
    case overlap(String)
    /// Times not on the 15-minute grid were rounded inwards.
    case offGrid(String)
}

/// Reads `availability` cells and places them on the UTC week.
public enum Availability {
    static let dayIndex: [String: Int] = [
        "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
        "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    ]

    /// Parses one window: `DAY HH:MM-HH:MM` or `DAY-DAY HH:MM-HH:MM`.
    public static func parseWindow(_ raw: some StringProtocol) -> Result<LocalWindow, AvailabilityProblem> {
        let text = String(raw.trimmingSpaces())
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2 else { return .failure(.malformed) }
        let dayPart = parts[0].lowercased(), timePart = parts[1]

        var days: [Int] = []
        let dayBounds = dayPart.split(separator: "-", omittingEmptySubsequences: false)
        switch dayBounds.count {
        case 1:
            guard let d = dayIndex[String(dayBounds[0])] else { return .failure(.unknownDay(String(parts[0]))) }
            days = [d]
        case 2:
            guard let a = dayIndex[String(dayBounds[0])] else { return .failure(.unknownDay(String(dayBounds[0]))) }
            guard let b = dayIndex[String(dayBounds[1])] else { return .failure(.unknownDay(String(dayBounds[1]))) }
            var d = a
            days.append(d)
            while d != b { d = (d + 1) % 7; days.append(d) }
        default:
            return .failure(.unknownDay(String(parts[0])))
        }

        let times = timePart.split(separator: "-", omittingEmptySubsequences: false)
        guard times.count == 2 else { return .failure(.malformed) }
        guard let start = parseClock(times[0]), start < 1440 else { return .failure(.invalidTime(String(times[0]))) }
        guard let end = parseClock(times[1]) else { return .failure(.invalidTime(String(times[1]))) }
        if end == start { return .failure(.emptyWindow) }
        return .success(LocalWindow(days: days, start: start, end: end == 0 ? 1440 : end, text: text))
    }

    /// `H:MM` or `HH:MM`, 00:00…24:00, as minutes after midnight.
    static func parseClock(_ s: some StringProtocol) -> Int? {
        let p = s.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 2, (1...2).contains(p[0].count), p[1].count == 2,
            p[0].allSatisfy(\.isASCIIDigit), p[1].allSatisfy(\.isASCIIDigit),
            let h = Int(p[0]), let m = Int(p[1]), m < 60, h <= 24, h < 24 || m == 0
        else { return nil }
        return h * 60 + m
    }

    /// Places local windows on the UTC week for a zone `offsetMinutes` east of
    /// UTC. Times off the 15-minute grid are rounded inwards; overlapping
    /// windows are merged. Both are reported as notes.
    public static func utcSlots(_ windows: [LocalWindow], offsetMinutes: Int) -> (slots: WeekSlots, notes: [AvailabilityNote]) {
        utcSlots(windows, offsetSeconds: offsetMinutes * 60)
    }

    /// As `utcSlots(_:offsetMinutes:)` for an offset in seconds. Each window is
    /// rounded inwards on the UTC grid: its start up, its end down, so an
    /// offset off the grid (local mean time, +5:21:10) never widens a window.
    public static func utcSlots(_ windows: [LocalWindow], offsetSeconds: Int) -> (slots: WeekSlots, notes: [AvailabilityNote]) {
        var slots = WeekSlots()
        var notes: [AvailabilityNote] = []
        let q = Week.slotMinutes
        for w in windows {
            if w.start % q != 0 || (w.start + w.minutes) % q != 0 { notes.append(.offGrid(w.text)) }
            var piece = WeekSlots()
            for d in w.days {
                let start = (d * 1440 + w.start) * 60 - offsetSeconds
                let first = -floorDiv(-start, q * 60)
                let last = floorDiv(start + w.minutes * 60, q * 60)
                if last > first { piece.insert(start: first, count: last - first) }
            }
            if slots.intersects(piece) { notes.append(.overlap(w.text)) }
            slots.formUnion(piece)
        }
        return (slots, notes)
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { (48...57).contains($0) } ?? false }
}
