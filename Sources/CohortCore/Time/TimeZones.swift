import Foundation

/// IANA time zone names: which ones cohort accepts, and their offsets.
/// `ZoneTimeline` follows one zone over the quarter.
public enum TimeZoneTable {
    /// Whether `name` is an IANA zone name this system knows: `UTC`, or
    /// `Area/Location` (`Etc/GMT+5` included). Abbreviations such as `EST`
    /// and offsets such as `GMT+5` are refused: they hide daylight-saving time.
    public static func isKnown(_ name: String) -> Bool { zone(name) != nil }

    static func zone(_ name: String) -> TimeZone? {
        if name == "UTC" || name == "GMT" { return TimeZone(identifier: "UTC") }
        guard name.contains("/"), let zone = TimeZone(identifier: name), zone.identifier == name else { return nil }
        return zone
    }

    /// Offset from UTC in minutes of zone `name` at an instant.
    public static func offsetMinutes(_ name: String, atSecondsSinceEpoch seconds: Int) -> Int? {
        offsetSeconds(name, atSecondsSinceEpoch: seconds).map { $0 / 60 }
    }

    /// Offset from UTC in seconds of zone `name` at an instant (local mean time has seconds).
    public static func offsetSeconds(_ name: String, atSecondsSinceEpoch seconds: Int) -> Int? {
        guard let zone = zone(name) else { return nil }
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
