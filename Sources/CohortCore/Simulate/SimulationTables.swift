/// The simulation's tables as CSV text (docs/simulate.md), and the short
/// summary the command prints.
public enum SimulationTables {
    static let writer = CSVWriter()

    /// simulation.csv: one row per size and run.
    public static func runs(_ report: SimulationReport) -> String {
        let needs = report.needs
        let bands = report.settings.workshopTracks.map { WorkshopTracks.text([$0]) }
        var header = [
            "size", "run", "seed", "members", "active", "mentees", "mentors", "mentor_places", "matched", "matched_share",
            "team_eligible", "placed", "placed_share", "teams", "pod_seekers", "pod_placed", "pod_placed_share", "pods", "workshop_invited", "workshop_seated", "workshop_share",
        ]
        for band in bands { header += ["track_\(band)_invited", "track_\(band)_seated", "track_\(band)_share"] }
        header += ["kickoff_invited", "kickoff_seated", "kickoff_share", "circle_invited", "circle_seated", "circle_share", "events_not_fitted"]
        header += needs.map { "unserved_" + $0 }
        header += [
            "time_limit_seconds", "unproven_phases",
            "roster_seconds", "candidates_seconds", "mentor_pairs_seconds", "teams_seconds", "pods_seconds", "schedule_seconds", "batch_seconds",
        ]
        let limit = report.settings.timeLimitSeconds.map { DecimalText.short($0, 3) } ?? ""
        let rows: [[String]] = report.runs.map { r in
            var row: [String] = [
                String(r.size), String(r.run), String(r.seed), String(r.members), String(r.active), String(r.mentees),
                String(r.mentors), String(r.mentorPlaces), String(r.matched), share(r.matchedShare),
                String(r.teamEligible), String(r.placed), share(r.placedShare), String(r.teams),
                String(r.podSeekers), String(r.podPlaced), share(r.podShare), String(r.pods),
                String(r.workshopInvited), String(r.workshopSeated), share(r.workshopShare),
            ]
            for t in bands.indices {
                let track: TrackCount? = t < r.tracks.count ? r.tracks[t] : nil
                row += [track.map { String($0.invited) } ?? "", track.map { String($0.seated) } ?? "", share(track?.share)]
            }
            row += [
                String(r.kickoffInvited), String(r.kickoffSeated), share(r.kickoffShare),
                String(r.circleInvited), String(r.circleSeated), share(r.circleShare), String(r.eventsNotFitted),
            ]
            row += needs.map { String(r.unserved(need: $0)) }
            row += [
                limit, r.unproven.joined(separator: ";"),
                seconds(r.seconds.roster), seconds(r.seconds.candidates), seconds(r.seconds.mentorPairs),
                seconds(r.seconds.teams), seconds(r.seconds.pods), seconds(r.seconds.schedule), seconds(r.seconds.batch),
            ]
            return row
        }
        return writer.write(header: header, rows: rows)
    }

    /// unserved.csv: one row per size, run, need and reason kind.
    public static func unserved(_ report: SimulationReport) -> String {
        var rows: [[String]] = []
        for r in report.runs {
            for g in r.unserved {
                rows.append([String(r.size), String(r.run), String(r.seed), g.need, g.kind, String(g.count), g.example])
            }
        }
        return writer.write(header: ["size", "run", "seed", "need", "reason_kind", "count", "example"], rows: rows)
    }

    /// planning.csv: one row per size and evaluated mentor share, in share order;
    /// `role` marks the answer, the share just below it and the configured baseline.
    public static func planning(_ results: [PlanningResult], runs: Int) -> String {
        let header = ["size", "target_share", "mentor_share", "mentees", "matched", "matched_share", "mentors", "mentor_places",
                      "meets_target", "role", "runs", "seconds"]
        var rows: [[String]] = []
        for result in results {
            var points = result.steps
            if let b = result.baseline, !points.contains(where: { $0.mentorShare == b.mentorShare }) { points.append(b) }
            for p in points.sorted(by: { $0.mentorShare < $1.mentorShare }) {
                var roles: [String] = []
                if p.mentorShare == result.answer?.mentorShare { roles.append("answer") }
                if p.mentorShare == result.below?.mentorShare { roles.append("below") }
                if p.mentorShare == result.baseline?.mentorShare { roles.append("baseline") }
                rows.append([
                    String(result.size), DecimalText.short(result.target, 4), DecimalText.short(p.mentorShare, 6),
                    DecimalText.short(p.mentees, 2), DecimalText.short(p.matched, 2), DecimalText.fixed(p.matchedShare, 4),
                    DecimalText.short(p.mentors, 2), DecimalText.short(p.mentorPlaces, 2), p.meets(result.target) ? "yes" : "no",
                    roles.joined(separator: ";"), String(runs), seconds(p.seconds),
                ])
            }
        }
        return writer.write(header: header, rows: rows)
    }

    /// One line per size for stdout.
    public static func summary(_ report: SimulationReport) -> [String] {
        report.bySize.map { size, runs in
            let s = SizeSummary(size: size, runs: runs)
            return "\(DecimalText.grouped(size)) members: mentees matched \(pct(s.mean(\.matchedShare))), "
                + "team-eligible placed \(pct(s.mean(\.placedShare))), pod seekers placed \(pct(s.mean(\.podShare))), workshop seats \(pct(s.mean(\.workshopShare)))"
                + s.trackText + ", kickoff \(pct(s.mean(\.kickoffShare))), mentor circles \(pct(s.mean(\.circleShare))), "
                + "batch \(DecimalText.short(s.mean { $0.seconds.batch } ?? 0, 1)) s"
        }
    }

    /// The planning answer, one line per size, for stdout and the page.
    public static func answer(_ result: PlanningResult) -> String {
        let size = DecimalText.grouped(result.size) + " members"
        let target = DecimalText.percent(result.target)
        guard let a = result.answer else {
            let top = result.below
            let needed = (top?.mentees ?? 0) * result.target
            let why = (top?.mentorPlaces ?? 0) < needed
                ? "even then the mentors offer fewer places than the target needs (\(count(needed.rounded(.up)))), and some mentees share no interest or time with any mentor"
                : "the rest share no interest or common time with a mentor who has a free place"
            var line = "\(size): \(target) of mentees is out of the generator's reach: at its highest mentor share (1) "
                + "\(count(top?.mentors)) mentors offer \(count(top?.mentorPlaces)) places and \(pct(top?.matchedShare)) of "
                + "\(count(top?.mentees)) mentees are matched; \(why)."
            if let (recruits, point) = result.recruits {
                line += " Recruiting \(DecimalText.grouped(recruits)) more mentors like the current ones ("
                    + "\(count(point.mentorPlaces - (top?.mentorPlaces ?? 0))) more places) reaches it: \(pct(point.matchedShare)) matched."
            } else {
                line += " Recruiting more mentors like the current ones does not reach it either (up to 4 × the mentees tried)."
            }
            return line
        }
        var line = "\(size): \(target) of mentees matched needs mentor share \(DecimalText.short(a.mentorShare, 4)): "
            + "\(count(a.mentors)) mentors offering \(count(a.mentorPlaces)) places for \(count(a.mentees)) mentees "
            + "(\(pct(a.matchedShare)) matched)"
        if let b = result.baseline {
            let more = result.additionalMentors ?? 0
            line += "; at the configured share \(DecimalText.short(b.mentorShare, 4)): \(count(b.mentors)) mentors, \(pct(b.matchedShare)) matched"
            line += more > 0 ? " — recruit \(count(more)) more mentors" : " — no more mentors needed"
        }
        return line + "."
    }

    static func share(_ x: Double?) -> String { x.map { DecimalText.fixed($0, 4) } ?? "" }
    static func seconds(_ x: Double) -> String { DecimalText.fixed(x, 3) }
    static func pct(_ x: Double?) -> String { x.map { DecimalText.percent($0) } ?? "–" }
    static func count(_ x: Double?) -> String {
        guard let x else { return "–" }
        return x == x.rounded() && abs(x) < 1e15 ? DecimalText.grouped(Int(x)) : DecimalText.short(x, 1)
    }
}

/// The runs of one size, aggregated for the page.
struct SizeSummary {
    var size: Int
    var runs: [SimulatedRun]

    /// Mean of the values that exist (nil when none does).
    func mean(_ f: (SimulatedRun) -> Double?) -> Double? {
        let values = runs.compactMap(f)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    func mean(_ f: (SimulatedRun) -> Int) -> Double {
        runs.isEmpty ? 0 : Double(runs.reduce(0) { $0 + f($1) }) / Double(runs.count)
    }

    /// The mean seated share of track `t` (nil when no run has its members).
    func trackShare(_ t: Int) -> Double? { mean { t < $0.tracks.count ? $0.tracks[t].share : nil } }

    /// ` (track 1-2 97.5%, track 3-5 100%)`; empty without tracks.
    var trackText: String {
        guard let first = runs.first, !first.tracks.isEmpty else { return "" }
        return " (" + first.tracks.indices.map { "track \(first.tracks[$0].name) \(SimulationTables.pct(trackShare($0)))" }.joined(separator: ", ") + ")"
    }

    func low(_ f: (SimulatedRun) -> Double?) -> Double? { runs.compactMap(f).min() }
    func high(_ f: (SimulatedRun) -> Double?) -> Double? { runs.compactMap(f).max() }

    /// Reason groups summed over the runs (count = mean per run), largest first within a need.
    var unserved: [UnservedGroup] {
        var index: [String: Int] = [:]
        var groups: [UnservedGroup] = []
        for r in runs {
            for g in r.unserved {
                let key = g.need + "\u{0}" + g.kind
                if let k = index[key] { groups[k].count += g.count } else {
                    index[key] = groups.count
                    groups.append(g)
                }
            }
        }
        return groups.sorted { a, b in
            if a.need != b.need { return UnservedGroups.needOrder(a.need, b.need) }
            if a.count != b.count { return a.count > b.count }
            return a.kind < b.kind
        }
    }
}
