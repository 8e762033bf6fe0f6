/// The simulation page (report.html): charts as inline SVG and tables, no
/// external assets, every text escaped.
public enum SimulationPage {
    static func e(_ s: String) -> String { SVGChart.escape(s) }

    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222;line-height:1.45}
        h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;margin:1em 0;font-size:.92em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right;vertical-align:top}
        th{background:#f3f3f3}td.text,th.text{text-align:left}.note{color:#555;font-size:.92em}
        svg.chart{max-width:100%;height:auto;display:block;margin:1em 0}code{background:#f3f3f3;padding:0 .2em}
        """

    static func document(title: String, body: [String]) -> String {
        (["<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
          "<title>\(e(title))</title>", "<style>", style, "</style>", "</head>", "<body>", "<h1>\(e(title))</h1>"]
            + body + ["<p class=\"note\">Written by cohort \(e(CohortCore.version)). Every figure can be reproduced: see docs/simulate.md.</p>", "</body>", "</html>", ""])
            .joined(separator: "\n")
    }

    static func table(_ header: [(String, Bool)], _ rows: [[String]]) -> String {
        var out = "<table>\n<tr>" + header.map { "<th\($0.1 ? " class=\"text\"" : "")>\(e($0.0))</th>" }.joined() + "</tr>\n"
        for row in rows {
            out += "<tr>" + row.enumerated().map { k, cell in
                "<td\(k < header.count && header[k].1 ? " class=\"text\"" : "")>\(e(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</table>"
    }

    static func settingsText(_ s: SimulationSettings) -> [String] {
        let g = s.generator
        let seeds = s.runs == 1 ? "seed \(s.seed)" : "seeds \(s.seed)–\(s.seed &+ UInt64(s.runs - 1)) (\(s.runs) runs per size)"
        let limit = s.timeLimitSeconds.map { "\(DecimalText.short($0, 3)) s per phase (policy <code>time_limit_seconds</code>): a phase it stops keeps its best answer so far" } ?? "none"
        return [
            "<p>Generated rosters (<code>cohort generate</code>), \(e(seeds)); generator parameters: mentor share \(e(DecimalText.short(g.mentorShare, 4))), "
                + "zone spread \(e(DecimalText.short(g.zoneSpread, 4))), availability density \(e(DecimalText.short(g.availabilityDensity, 4))), "
                + "trial \(e(DecimalText.short(g.trialShare, 4))), paused \(e(DecimalText.short(g.pausedShare, 4))), inactive \(e(DecimalText.short(g.inactiveShare, 4))), "
                + "\(e(DecimalText.short(g.projectsPer100Members, 2))) projects per 100 members; a study pod wanted by a share "
                + "\(e(DecimalText.short(s.podShare, 4))) of active and trial members; workshop tracks "
                + (s.workshopTracks.isEmpty ? "none (one cohort-wide workshop)" : "<code>\(e(WorkshopTracks.text(s.workshopTracks)))</code>")
                + ". Solver time limit: \(limit).</p>",
        ]
    }

    /// A need's colour: fixed for the needs of SPEC §4, from the palette otherwise.
    static func needColor(_ need: String, _ k: Int) -> String {
        switch need {
        case "mentor": "#0072B2"
        case "backup": "#56B4E9"
        case "buddy": "#CC79A7"
        case "team": "#E69F00"
        case "workshop": "#009E73"
        default: ["#D55E00", "#F0E442", "#000000", "#999999"][k % 4]
        }
    }

    /// The sweep page.
    public static func sweep(_ report: SimulationReport) -> String {
        let sizes = report.bySize.map { SizeSummary(size: $0.size, runs: $0.runs) }
        let categories = sizes.map { DecimalText.grouped($0.size) }
        let many = report.settings.runs > 1
        let title = "cohort simulate — cohorts of " + categories.joined(separator: ", ") + " members"
        var body = settingsText(report.settings)
        body.append("<p>Run <i>r</i> of size <i>N</i> is exactly <code>cohort generate --members N --seed \(report.settings.seed)+r</code> then <code>cohort match</code>"
                    + (report.settings.timeLimitSeconds.map { " with <code>--time-limit \(e(DecimalText.short($0, 3)))</code>" } ?? "") + ".</p>")

        body += servedSection(sizes, tracks: report.settings.workshopTracks, categories: categories, many: many)
        body += unservedSection(sizes, needs: report.needs, categories: categories, many: many)
        body += timeSection(sizes, categories: categories)
        return document(title: title, body: body)
    }

    /// The sweep page's "Who is served": shares by size, and the counts.
    static func servedSection(_ sizes: [SizeSummary], tracks: [ClosedRange<Int>], categories: [String], many: Bool) -> [String] {
        var body: [String] = []
        body.append("<h2>Who is served</h2>")
        func served(_ name: String, _ color: String, _ f: @escaping (SimulatedRun) -> Double?) -> SVGChart.Series {
            SVGChart.Series(name: name, color: color, values: sizes.map { $0.mean(f) },
                            low: many ? sizes.map { $0.low(f) } : [], high: many ? sizes.map { $0.high(f) } : [])
        }
        body.append(SVGChart.bars(
            title: "Share served, by cohort size", id: "served", categories: categories, xLabel: "members",
            series: [served("mentees with a mentor", SVGChart.palette[0], \.matchedShare),
                     served("team-eligible in a team", SVGChart.palette[1], \.placedShare),
                     served("pod seekers in a pod", SVGChart.palette[3], \.podShare),
                     served("active with a workshop seat", SVGChart.palette[2], \.workshopShare)],
            stacked: false, yLabel: "share", yMaximum: 1, format: { DecimalText.percent($0, 0) }))
        if many { body.append("<p class=\"note\">Bars are means over the runs; whiskers span the lowest and highest run.</p>") }
        let mean = { (s: SizeSummary, f: (SimulatedRun) -> Int) in SimulationTables.count(s.mean(f)) }
        body.append(table(
            [("members", false), ("mentees", false), ("mentors", false), ("mentor places", false), ("matched", false),
             ("team-eligible", false), ("placed", false), ("teams", false),
             ("pod seekers", false), ("in a pod", false), ("pods", false), ("workshop seats", false)]
                + tracks.map { ("track \(WorkshopTracks.text([$0])) seats", false) }
                + [("kickoff", false), ("mentor circles", false), ("meetings not fitted", false)],
            sizes.map { s in
                [DecimalText.grouped(s.size), mean(s, \.mentees), mean(s, \.mentors), mean(s, \.mentorPlaces),
                 mean(s, \.matched) + " (" + SimulationTables.pct(s.mean(\.matchedShare)) + ")",
                 mean(s, \.teamEligible), mean(s, \.placed) + " (" + SimulationTables.pct(s.mean(\.placedShare)) + ")",
                 mean(s, \.teams), mean(s, \.podSeekers), mean(s, \.podPlaced) + " (" + SimulationTables.pct(s.mean(\.podShare)) + ")",
                 mean(s, \.pods), mean(s, \.workshopSeated) + " / " + mean(s, \.workshopInvited) + " (" + SimulationTables.pct(s.mean(\.workshopShare)) + ")"]
                    + tracks.indices.map { t in
                        mean(s) { t < $0.tracks.count ? $0.tracks[t].seated : 0 } + " / " + mean(s) { t < $0.tracks.count ? $0.tracks[t].invited : 0 }
                            + " (" + SimulationTables.pct(s.trackShare(t)) + ")"
                    }
                    + [mean(s, \.kickoffSeated) + " / " + mean(s, \.kickoffInvited) + " (" + SimulationTables.pct(s.mean(\.kickoffShare)) + ")",
                       mean(s, \.circleSeated) + " / " + mean(s, \.circleInvited) + " (" + SimulationTables.pct(s.mean(\.circleShare)) + ")",
                       mean(s, \.eventsNotFitted)]
            }))

        return body
    }

    /// The sweep page's "Who is not served, and why": unmet needs per 100 members, reasons by kind.
    static func unservedSection(_ sizes: [SizeSummary], needs: [String], categories: [String], many: Bool) -> [String] {
        var body: [String] = []
        body.append("<h2>Who is not served, and why</h2>")
        let perHundred: [SVGChart.Series] = needs.enumerated().compactMap { k, need in
            let values = sizes.map { s -> Double? in
                let members = s.mean(\.members)
                return members > 0 ? s.mean { $0.unserved(need: need) } * 100 / members : nil
            }
            guard values.contains(where: { ($0 ?? 0) > 0 }) else { return nil }
            return SVGChart.Series(name: need, color: needColor(need, k), values: values)
        }
        if perHundred.isEmpty {
            body.append("<p>Everyone was served at every size.</p>")
        } else {
            body.append(SVGChart.bars(
                title: "Unmet needs per 100 members, by need", id: "unserved", categories: categories, xLabel: "members",
                series: perHundred, stacked: true, yLabel: "unmet needs per 100 members", format: { DecimalText.short($0, 1) }))
            body.append("<p class=\"note\">One row per member and need, as in unmatched.csv; meetings that exist but got no time count under their kind (checkin, standup, …).</p>")
            var rows: [[String]] = []
            for s in sizes {
                var shown: [String: Int] = [:]
                for g in s.unserved {
                    shown[g.need, default: 0] += 1
                    guard shown[g.need]! <= 6 else { continue }
                    rows.append([DecimalText.grouped(s.size), g.need, g.kind, DecimalText.short(Double(g.count) / Double(max(1, s.runs.count)), 1), g.example])
                }
            }
            body.append(table([("members", false), ("need", true), ("reason (kind)", true), (many ? "count (mean per run)" : "count", false), ("for example", true)], rows))
            body.append("<p class=\"note\">Reasons are grouped by kind: the same sentence with ids, numbers, quoted tags and details in parentheses taken out. At most six kinds per need and size are shown; unserved.csv has them all.</p>")
        }

        return body
    }

    /// The sweep page's "Time of each phase".
    static func timeSection(_ sizes: [SizeSummary], categories: [String]) -> [String] {
        var body: [String] = []
        body.append("<h2>Time of each phase</h2>")
        let phaseNames = PhaseSeconds().phases.map(\.name)
        let timeSeries = phaseNames.enumerated().map { k, name in
            SVGChart.Series(name: name, color: ["#56B4E9", "#0072B2", "#E69F00", "#009E73"][k % 4],
                            values: sizes.map { s in s.mean { r in r.seconds.phases[k].seconds } })
        }
        body.append(SVGChart.bars(
            title: "Seconds per batch, by phase", id: "time", categories: categories, xLabel: "members",
            series: timeSeries, stacked: true, yLabel: "seconds (wall clock)", format: { DecimalText.short($0, $0 < 10 ? 1 : 0) }))
        body.append(table(
            [("members", false), ("roster", false)] + phaseNames.map { ($0, false) } + [("batch", false), ("not proven optimal", true)],
            sizes.map { s in
                var limited: [String] = []
                for r in s.runs { for p in r.unproven where !limited.contains(p) { limited.append(p) } }
                return [DecimalText.grouped(s.size), DecimalText.short(s.mean { $0.seconds.roster } ?? 0, 2)]
                    + phaseNames.indices.map { k in DecimalText.short(s.mean { r in r.seconds.phases[k].seconds } ?? 0, 2) }
                    + [DecimalText.short(s.mean { $0.seconds.batch } ?? 0, 2), limited.isEmpty ? "none" : limited.joined(separator: ", ")]
            }))
        body.append("<p class=\"note\">Seconds are wall-clock times of this run on the machine that ran it (means over runs); "
                    + "\"roster\" is generating the roster and reading it back, outside the batch. "
                    + "A phase is \"not proven optimal\" when a time limit stopped its proof or its answer did not reach its bound (a feasible answer is still used).</p>")
        return body
    }

    /// The planning page: one section per size.
    public static func planning(_ results: [PlanningResult], settings: SimulationSettings) -> String {
        let target = results.first.map { DecimalText.percent($0.target) } ?? ""
        var body = settingsText(settings)
        body.append("<p>For each size, a bisection over the generator's mentor share (the probability that an advanced member opts in to mentoring) "
                    + "finds the smallest share at which at least \(e(target)) of the mentees get a mentor. Only the mentor-pair phase runs. "
                    + "Every step uses the same seed\(settings.runs > 1 ? "s" : ""), so the steps differ only by the share.</p>")
        for (k, result) in results.enumerated() {
            body.append("<h2>\(e(DecimalText.grouped(result.size))) members</h2>")
            body.append("<p><b>\(e(SimulationTables.answer(result)))</b></p>")
            var points = result.steps
            if let b = result.baseline, !points.contains(where: { $0.mentorShare == b.mentorShare }) { points.append(b) }
            points.sort { $0.mentorShare < $1.mentorShare }
            var xGuides: [SVGChart.Guide] = []
            if let a = result.answer { xGuides.append(.init(value: a.mentorShare, label: "answer " + DecimalText.short(a.mentorShare, 3), color: "#D55E00")) }
            if let b = result.baseline { xGuides.append(.init(value: b.mentorShare, label: "configured " + DecimalText.short(b.mentorShare, 3), color: "#555555")) }
            body.append(SVGChart.lines(
                title: "Mentees matched against mentor share, \(DecimalText.grouped(result.size)) members", id: "plan\(k)",
                xLabel: "mentor share (generator parameter)", yLabel: "mentees with a mentor",
                series: [("matched share", SVGChart.palette[0], points.map { ($0.mentorShare, $0.matchedShare) })],
                xRange: 0...1, yRange: 0...1,
                yGuides: [.init(value: result.target, label: "target " + target, color: "#009E73")], xGuides: xGuides,
                formatX: { DecimalText.short($0, 2) }, formatY: { DecimalText.percent($0, 0) }))
            body.append(table(
                [("mentor share", false), ("mentors", false), ("places", false), ("mentees", false), ("matched", false), ("matched share", false), ("", true)],
                points.map { p in
                    var role: [String] = []
                    if p.mentorShare == result.answer?.mentorShare { role.append("answer") }
                    if p.mentorShare == result.below?.mentorShare { role.append(result.answer == nil ? "highest share" : "just below") }
                    if p.mentorShare == result.baseline?.mentorShare { role.append("configured") }
                    return [DecimalText.short(p.mentorShare, 6), SimulationTables.count(p.mentors), SimulationTables.count(p.mentorPlaces),
                            SimulationTables.count(p.mentees), SimulationTables.count(p.matched), SimulationTables.pct(p.matchedShare),
                            role.joined(separator: ", ")]
                }))
        }
        return document(title: "cohort simulate — mentors needed for \(target) of mentees", body: body)
    }
}
