/// Hand-written SVG charts for the simulation page: bars (grouped or stacked)
/// and lines, with axes, ticks, labels and a legend. No external assets; every
/// text is escaped; coordinates are written without the locale.
public enum SVGChart {
    /// A named series of values, one per category (bars) or per point (lines).
    public struct Series: Sendable {
        public var name: String
        public var color: String
        public var values: [Double?]
        /// Whiskers (bars): the lowest and highest value behind each mean.
        public var low: [Double?]
        public var high: [Double?]

        public init(name: String, color: String, values: [Double?], low: [Double?] = [], high: [Double?] = []) {
            self.name = name
            self.color = color
            self.values = values
            self.low = low
            self.high = high
        }
    }

    /// A straight reference line across a line chart (a target, an answer).
    public struct Guide: Sendable {
        public var value: Double
        public var label: String
        public var color: String
        public init(value: Double, label: String, color: String) {
            self.value = value
            self.label = label
            self.color = color
        }
    }

    /// Colour-blind-safe colours (Okabe–Ito).
    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    /// Escapes text for XML content and attribute values (the report's escaping).
    public static func escape(_ text: String) -> String { HTML.escape(text) }

    static let width = 640.0, height = 340.0
    static let left = 64.0, right = 20.0, top = 40.0, bottom = 78.0
    static var plotWidth: Double { width - left - right }
    static var plotHeight: Double { height - top - bottom }

    static func n(_ x: Double) -> String { DecimalText.short(x, 1) }

    /// Tick step and top of the axis for values up to `maximum`: 1, 2 or 5 × 10^k.
    static func axis(maximum: Double, ticks: Int = 5) -> (step: Double, top: Double) {
        let m = maximum > 0 && maximum.isFinite ? maximum : 1
        let raw = m / Double(ticks)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        var step = magnitude
        for f in [1.0, 2.0, 5.0, 10.0] where magnitude * f >= raw {
            step = magnitude * f
            break
        }
        var top = step
        while top < m - 1e-12 { top += step }
        return (step, top)
    }

    static func open(_ title: String, _ id: String) -> [String] {
        [
            "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-labelledby=\"\(escape(id))\" font-family=\"sans-serif\" font-size=\"12\">",
            "<title id=\"\(escape(id))\">\(escape(title))</title>",
            "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>",
            "<text x=\"\(n(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(escape(title))</text>",
        ]
    }

    /// The y axis: grid lines, tick labels and the axis title.
    static func yAxis(top axisTop: Double, step: Double, label: String, format: (Double) -> String) -> [String] {
        var out: [String] = []
        var v = 0.0
        while v <= axisTop + step / 1000 {
            let y = top + plotHeight * (1 - v / axisTop)
            out.append("<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y))\" stroke=\"#dddddd\"/>")
            out.append("<text x=\"\(n(left - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(escape(format(v)))</text>")
            v += step
        }
        out.append("<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(top + plotHeight))\" stroke=\"#333333\"/>")
        out.append("<line x1=\"\(n(left))\" y1=\"\(n(top + plotHeight))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(top + plotHeight))\" stroke=\"#333333\"/>")
        out.append("<text transform=\"translate(14 \(n(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(label))</text>")
        return out
    }

    /// The legend, in a row under the x axis title.
    static func legend(_ items: [(name: String, color: String, line: Bool)]) -> [String] {
        var out: [String] = []
        var x = left
        let y = height - 14
        for item in items {
            if item.line {
                out.append("<line x1=\"\(n(x))\" y1=\"\(n(y - 4))\" x2=\"\(n(x + 14))\" y2=\"\(n(y - 4))\" stroke=\"\(escape(item.color))\" stroke-width=\"2\"/>")
            } else {
                out.append("<rect x=\"\(n(x))\" y=\"\(n(y - 10))\" width=\"12\" height=\"12\" fill=\"\(escape(item.color))\"/>")
            }
            out.append("<text x=\"\(n(x + 18))\" y=\"\(n(y))\">\(escape(item.name))</text>")
            x += 30 + 7 * Double(item.name.count)
        }
        return out
    }

    /// A bar chart: one group of bars per category (grouped) or one bar made of
    /// the series (stacked). Missing values draw nothing.
    public static func bars(title: String, id: String, categories: [String], xLabel: String, series: [Series], stacked: Bool,
                            yLabel: String, yMaximum: Double? = nil, format: (Double) -> String,
                            valueLabels: Bool = true) -> String {
        var maximum = 0.0
        for k in categories.indices {
            if stacked {
                maximum = max(maximum, series.reduce(0.0) { $0 + max(0, value($1.values, k) ?? 0) })
            } else {
                for s in series { maximum = max(maximum, value(s.values, k) ?? 0, value(s.high, k) ?? 0) }
            }
        }
        let (step, axisTop) = axis(maximum: yMaximum.map { max($0, maximum) } ?? maximum)
        var out = open(title, id)
        out += yAxis(top: axisTop, step: step, label: yLabel, format: format)
        func y(_ v: Double) -> Double { top + plotHeight * (1 - v / axisTop) }
        let band = plotWidth / Double(max(1, categories.count))
        let group = band * 0.72
        for (k, category) in categories.enumerated() {
            let x0 = left + band * Double(k) + (band - group) / 2
            out.append("<text x=\"\(n(left + band * (Double(k) + 0.5)))\" y=\"\(n(top + plotHeight + 18))\" text-anchor=\"middle\">\(escape(category))</text>")
            if stacked {
                var base = 0.0
                for s in series {
                    guard let v = value(s.values, k), v > 0 else { continue }
                    out.append("<rect x=\"\(n(x0))\" y=\"\(n(y(base + v)))\" width=\"\(n(group))\" height=\"\(n(y(base) - y(base + v)))\" fill=\"\(escape(s.color))\"><title>\(escape("\(category): \(s.name) \(format(v))"))</title></rect>")
                    base += v
                }
                if valueLabels {
                    out.append("<text x=\"\(n(x0 + group / 2))\" y=\"\(n(y(base) - 5))\" text-anchor=\"middle\">\(escape(format(base)))</text>")
                }
            } else {
                let w = group / Double(max(1, series.count))
                for (j, s) in series.enumerated() {
                    guard let v = value(s.values, k) else { continue }
                    let x = x0 + w * Double(j)
                    out.append("<rect x=\"\(n(x + 1))\" y=\"\(n(y(max(0, v))))\" width=\"\(n(max(1, w - 2)))\" height=\"\(n(y(0) - y(max(0, v))))\" fill=\"\(escape(s.color))\"><title>\(escape("\(category): \(s.name) \(format(v))"))</title></rect>")
                    if let lo = value(s.low, k), let hi = value(s.high, k), hi > lo {
                        let cx = x + w / 2
                        out.append("<path d=\"M\(n(cx)) \(n(y(lo)))V\(n(y(hi)))M\(n(cx - 4)) \(n(y(lo)))h8M\(n(cx - 4)) \(n(y(hi)))h8\" stroke=\"#333333\" fill=\"none\"/>")
                    }
                    if valueLabels {
                        let labelY = y(max(v, value(s.high, k) ?? v)) - 5
                        out.append("<text x=\"\(n(x + w / 2))\" y=\"\(n(labelY))\" text-anchor=\"middle\" font-size=\"10\">\(escape(format(v)))</text>")
                    }
                }
            }
        }
        out.append("<text x=\"\(n(left + plotWidth / 2))\" y=\"\(n(top + plotHeight + 38))\" text-anchor=\"middle\">\(escape(xLabel))</text>")
        out += legend(series.map { ($0.name, $0.color, false) })
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    /// A line chart of points (x, y) per series, with markers, on fixed ranges,
    /// plus horizontal (`yGuides`) and vertical (`xGuides`) dashed reference lines.
    public static func lines(title: String, id: String, xLabel: String, yLabel: String,
                             series: [(name: String, color: String, points: [(x: Double, y: Double)])],
                             xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                             yGuides: [Guide] = [], xGuides: [Guide] = [],
                             formatX: (Double) -> String, formatY: (Double) -> String) -> String {
        var out = open(title, id)
        let xSpan = max(1e-12, xRange.upperBound - xRange.lowerBound)
        let ySpan = max(1e-12, yRange.upperBound - yRange.lowerBound)
        func px(_ x: Double) -> Double { left + plotWidth * (x - xRange.lowerBound) / xSpan }
        func py(_ y: Double) -> Double { top + plotHeight * (1 - (y - yRange.lowerBound) / ySpan) }
        let (yStep, _) = axis(maximum: ySpan)
        var v = yRange.lowerBound
        while v <= yRange.upperBound + yStep / 1000 {
            out.append("<line x1=\"\(n(left))\" y1=\"\(n(py(v)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(py(v)))\" stroke=\"#dddddd\"/>")
            out.append("<text x=\"\(n(left - 6))\" y=\"\(n(py(v) + 4))\" text-anchor=\"end\">\(escape(formatY(v)))</text>")
            v += yStep
        }
        let (xStep, _) = axis(maximum: xSpan)
        v = xRange.lowerBound
        while v <= xRange.upperBound + xStep / 1000 {
            out.append("<line x1=\"\(n(px(v)))\" y1=\"\(n(top + plotHeight))\" x2=\"\(n(px(v)))\" y2=\"\(n(top + plotHeight + 5))\" stroke=\"#333333\"/>")
            out.append("<text x=\"\(n(px(v)))\" y=\"\(n(top + plotHeight + 18))\" text-anchor=\"middle\">\(escape(formatX(v)))</text>")
            v += xStep
        }
        out.append("<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(top + plotHeight))\" stroke=\"#333333\"/>")
        out.append("<line x1=\"\(n(left))\" y1=\"\(n(top + plotHeight))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(top + plotHeight))\" stroke=\"#333333\"/>")
        out.append("<text transform=\"translate(14 \(n(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>")
        out.append("<text x=\"\(n(left + plotWidth / 2))\" y=\"\(n(top + plotHeight + 38))\" text-anchor=\"middle\">\(escape(xLabel))</text>")
        for g in yGuides where yRange.contains(g.value) {
            out.append("<line x1=\"\(n(left))\" y1=\"\(n(py(g.value)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(py(g.value)))\" stroke=\"\(escape(g.color))\" stroke-dasharray=\"6 4\"/>")
            out.append("<text x=\"\(n(left + 6))\" y=\"\(n(py(g.value) - 5))\" text-anchor=\"start\" fill=\"\(escape(g.color))\">\(escape(g.label))</text>")
        }
        for (k, g) in xGuides.enumerated() where xRange.contains(g.value) {
            out.append("<line x1=\"\(n(px(g.value)))\" y1=\"\(n(top))\" x2=\"\(n(px(g.value)))\" y2=\"\(n(top + plotHeight))\" stroke=\"\(escape(g.color))\" stroke-dasharray=\"6 4\"/>")
            let anchor = px(g.value) > left + plotWidth * 0.7 ? "end" : "start"
            let dx = anchor == "end" ? -4.0 : 4.0
            // Labels of several guides go on separate lines, so that close guides stay readable.
            out.append("<text x=\"\(n(px(g.value) + dx))\" y=\"\(n(top + 14 + 16 * Double(k)))\" text-anchor=\"\(anchor)\" fill=\"\(escape(g.color))\">\(escape(g.label))</text>")
        }
        for s in series {
            let points = s.points.sorted { $0.x < $1.x }
            if points.count > 1 {
                let d = points.enumerated().map { k, p in (k == 0 ? "M" : "L") + n(px(p.x)) + " " + n(py(p.y)) }.joined()
                out.append("<path d=\"\(d)\" stroke=\"\(escape(s.color))\" stroke-width=\"2\" fill=\"none\"/>")
            }
            for p in points {
                out.append("<circle cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"3.5\" fill=\"\(escape(s.color))\"><title>\(escape("\(s.name): \(formatX(p.x)) → \(formatY(p.y))"))</title></circle>")
            }
        }
        out += legend(series.map { ($0.name, $0.color, true) })
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    static func value(_ values: [Double?], _ k: Int) -> Double? {
        k < values.count ? values[k].flatMap { $0.isFinite ? $0 : nil } : nil
    }
}
