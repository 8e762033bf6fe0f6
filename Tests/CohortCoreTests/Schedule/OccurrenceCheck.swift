import Foundation

@testable import CohortCore

/// An independent check of a schedule, written apart from the scheduler and the
/// week model: every occurrence of every event (its instants, UTC) is converted
/// to each participant's local time with Foundation's `TimeZone` and tested
/// against their windows as written, minute by minute in 15-minute steps; it
/// must fall inside their quarter (`quarter_start` 00:00 local to 84 days
/// later); and no member has two occurrences that overlap in time.
enum OccurrenceCheck {
    struct Violation: CustomStringConvertible {
        var member: String
        var event: String
        var what: String
        var description: String { "\(member) \(event): \(what)" }
    }

    static func local(_ instant: Int, _ zone: TimeZone) -> (weekday: Int, minute: Int, day: Int) {
        let seconds = instant + zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
        let day = Int((Double(seconds) / 86_400).rounded(.down))
        let weekday = ((day + 3) % 7 + 7) % 7  // 1970-01-01 was a Thursday (3, Monday = 0)
        return (weekday, (seconds - day * 86_400) / 60, day)
    }

    /// Whether a local (weekday, minute) is inside one of the windows as written.
    static func inside(_ weekday: Int, _ minute: Int, _ windows: [LocalWindow]) -> Bool {
        for w in windows {
            for d in w.days {
                let since = ((weekday - d + 7) % 7) * 1440 + minute
                if since >= w.start && since < w.start + w.minutes { return true }
            }
        }
        return false
    }

    static func violations(_ schedule: WeeklySchedule, cohort: Cohort) -> [Violation] {
        var out: [Violation] = []
        var zones: [String: TimeZone] = [:]
        func zone(_ name: String) -> TimeZone {
            if let z = zones[name] { return z }
            let z = TimeZone(identifier: name) ?? TimeZone(identifier: "UTC")!
            zones[name] = z
            return z
        }
        let firstDay = cohort.policy.quarterStart.daysSinceEpoch
        var booked = [[(start: Int, end: Int, event: String)]](repeating: [], count: cohort.members.count)
        for ev in schedule.events {
            let length = ev.slotCount * 15 * 60
            if ev.instants.isEmpty { out.append(Violation(member: "-", event: ev.id, what: "no occurrence")) }
            for x in ev.instants {
                for p in ev.participants {
                    let m = cohort.members[p]
                    let z = zone(m.timeZone)
                    booked[p].append((x, x + length, ev.id))
                    let begin = local(x, z), end = local(x + length - 1, z)
                    if begin.day < firstDay || end.day >= firstDay + 84 {
                        out.append(Violation(member: m.id, event: ev.id, what: "occurrence on local day \(begin.day - firstDay) outside the quarter"))
                    }
                    var t = x
                    while t < x + length {
                        let l = local(t, z)
                        if !inside(l.weekday, l.minute, m.localWindows) {
                            out.append(Violation(member: m.id, event: ev.id, what: "at \(Date(timeIntervalSince1970: TimeInterval(t))) (local \(Week.dayNames[l.weekday]) \(Week.clock(l.minute)) \(m.timeZone)) outside availability"))
                            break
                        }
                        t += 15 * 60
                    }
                }
            }
        }
        for p in booked.indices {
            let list = booked[p].sorted { ($0.start, $0.end) < ($1.start, $1.end) }
            var reach: (end: Int, event: String) = (Int.min, "")
            for b in list {
                if b.start < reach.end { out.append(Violation(member: cohort.members[p].id, event: b.event, what: "double-booked with \(reach.event)")) }
                if b.end > reach.end { reach = (b.end, b.event) }
            }
        }
        return out
    }
}
