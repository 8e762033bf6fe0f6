/// Small helpers to write HTML and SVG as text. Every piece of user text
/// (names, ids, tags, reasons, project names) goes through `escape`.
enum HTML {
    /// Escapes text for an element body or a quoted attribute value, in HTML
    /// and in SVG/XML (control characters, not allowed in XML 1.0, become spaces).
    static func escape(_ s: String) -> String {
        var needs = false
        for b in s.utf8 where b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 || (b < 0x20 && b != 0x09 && b != 0x0A) {
            needs = true
            break
        }
        if !needs { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if ch.value < 0x20 && ch != "\t" && ch != "\n" { out += " " } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }

    /// A number as a report shows it: integers without a decimal point, others with two decimals.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "–" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        return fixed(x, 2)
    }

    /// `x` with exactly `digits` decimals (deterministic, no locale).
    static func fixed(_ x: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let negative = x < 0
        let n = Int((abs(x) * scale).rounded())
        let whole = n / Int(scale), frac = n % Int(scale)
        var f = String(frac)
        while f.count < digits { f = "0" + f }
        return (negative && n != 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + f : "")
    }

    /// "42 %" with one decimal when needed.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "–" }
        let p = Double(part) * 100 / Double(whole)
        return (p == p.rounded() ? String(Int(p)) : fixed(p, 1)) + " %"
    }
}

/// A bar chart as inline SVG: one bar (optionally stacked) per category.
struct BarChart {
    struct Bar {
        var label: String
        /// Stacked segments (value, colour index); drawn bottom-up.
        var segments: [(value: Int, series: Int)]
        var total: Int { segments.reduce(0) { $0 + $1.value } }
    }
    var id: String
    var title: String
    var xLabel: String
    var yLabel: String
    var bars: [Bar]
    /// Series names (legend) and their colours; a single series shows no legend.
    var series: [(name: String, color: String)]

    func svg() -> String {
        let width = 460, height = 250, left = 48, right = 12, top = 44, bottom = 44
        let plotW = width - left - right, plotH = height - top - bottom
        let maxValue = max(1, bars.map(\.total).max() ?? 1)
        let ticks = BarChart.ticks(maxValue)
        let topValue = max(maxValue, ticks.last ?? maxValue)
        var s = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\">"
        s += "<title>\(HTML.escape(title))</title>"
        s += "<text x=\"\(left)\" y=\"16\" class=\"ct\">\(HTML.escape(title))</text>"
        for t in ticks {
            let y = top + plotH - plotH * t / topValue
            s += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y)\" y2=\"\(y)\" class=\"grid\"/>"
            s += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" class=\"tick\" text-anchor=\"end\">\(t)</text>"
        }
        let n = max(1, bars.count)
        let slot = Double(plotW) / Double(n)
        let barW = max(2.0, min(56.0, slot * 0.7))
        for (k, bar) in bars.enumerated() {
            let x = Double(left) + slot * Double(k) + (slot - barW) / 2
            var base = 0
            for seg in bar.segments where seg.value > 0 {
                let y0 = top + plotH - plotH * base / topValue
                let y1 = top + plotH - plotH * (base + seg.value) / topValue
                let color = series[min(seg.series, series.count - 1)].color
                let name = series.count > 1 ? series[min(seg.series, series.count - 1)].name + ": " : ""
                s += "<rect x=\"\(HTML.fixed(x, 1))\" y=\"\(y1)\" width=\"\(HTML.fixed(barW, 1))\" height=\"\(max(0, y0 - y1))\" fill=\"\(color)\"><title>\(HTML.escape(bar.label)) — \(HTML.escape(name))\(seg.value)</title></rect>"
                base += seg.value
            }
            s += "<text x=\"\(HTML.fixed(x + barW / 2, 1))\" y=\"\(top + plotH - plotH * base / topValue - 4)\" class=\"val\" text-anchor=\"middle\">\(bar.total)</text>"
            s += "<text x=\"\(HTML.fixed(x + barW / 2, 1))\" y=\"\(top + plotH + 16)\" class=\"tick\" text-anchor=\"middle\">\(HTML.escape(bar.label))</text>"
        }
        s += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(top + plotH)\" y2=\"\(top + plotH)\" class=\"axis\"/>"
        s += "<text x=\"\(left + plotW / 2)\" y=\"\(height - 6)\" class=\"al\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>"
        s += "<text x=\"12\" y=\"\(top + plotH / 2)\" class=\"al\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(top + plotH / 2))\">\(HTML.escape(yLabel))</text>"
        if series.count > 1 {
            var lx = left
            for (name, color) in series {
                s += "<rect x=\"\(lx)\" y=\"23\" width=\"10\" height=\"10\" fill=\"\(color)\"/><text x=\"\(lx + 13)\" y=\"32\" class=\"tick\">\(HTML.escape(name))</text>"
                lx += 14 + 7 * name.count + 10
            }
        }
        s += "</svg>"
        return s
    }

    /// Round tick values from 0 up to at least `maxValue` (about 4 steps).
    static func ticks(_ maxValue: Int) -> [Int] {
        var step = 1
        while maxValue / step > 5 {
            if maxValue / (step * 2) <= 5 { step *= 2; break }
            if maxValue / (step * 5) <= 5 { step *= 5; break }
            step *= 10
        }
        var t: [Int] = []
        var v = 0
        while v < maxValue { t.append(v); v += step }
        t.append(v)
        return t
    }
}
