/// Locale-free number text for tables, pages and messages (the simulation,
/// the time-limit note).
enum DecimalText {
    /// `x` with exactly `places` decimals ("0.9500"); "" when not finite.
    static func fixed(_ x: Double, _ places: Int) -> String {
        guard x.isFinite else { return "" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9e15 else { return String(x) }
        let n = Int(scaled)
        var digits = String(n)
        if places > 0 {
            if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        }
        return (x < 0 && n != 0 ? "-" : "") + digits
    }

    /// Shortest of up to `places` decimals: 3 → "3", 2.5 → "2.5".
    static func short(_ x: Double, _ places: Int = 2) -> String {
        var s = fixed(x, places)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    /// A share as a percentage: 0.953 → "95.3%".
    static func percent(_ share: Double, _ places: Int = 1) -> String {
        short(share * 100, places) + "%"
    }

    /// Thousands separated by commas: 10000 → "10,000".
    static func grouped(_ n: Int) -> String {
        let s = String(abs(n))
        var out = ""
        for (k, ch) in s.enumerated() {
            if k > 0 && (s.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
