/// report.html (SPEC §4): one self-contained page an organizer reads instead
/// of the CSV files — headline numbers, what to do next, who got what
/// (searchable), charts, team cards, everyone not served grouped by what would
/// fix it, and the solver's proof. Pure: a function of the batch, as text. No
/// external assets; one small inline script adds search and filter (the page
/// reads the same without it); every piece of user text is escaped.
/// docs/report.md lists the sections and their ids.
public enum Report {
    /// Section ids, in page order (the render check looks for each).
    public static let sectionIDs = ["headline", "next", "who", "charts", "teams", "pods", "unmatched", "proof"]
    /// Chart ids inside `charts`.
    public static let chartIDs = ["chart-stage-gaps", "chart-mentor-load", "chart-team-sizes", "chart-team-stages", "heatmap-availability", "heatmap-events"]
    /// At most this many team cards are drawn (the who-got-what table and teams.csv have every team).
    public static let maxTeamCards = 1_000

    /// How long the page's two long lists (who got what; not served) may be.
    /// A list of at most `full` rows is shown whole — every 10,000-member roster
    /// we generate has at most about 24,000 rows in each. A longer one (100,000
    /// members: 55,000 and 214,000 rows, an 86 MB page that headless Chromium
    /// had not drawn after 3 minutes) shows `shown` rows in all, the first of each
    /// kind or group in proportion to its size, and says which CSV file holds
    /// every row (docs/report.md, "Large cohorts").
    public struct ListLimits: Sendable, Equatable {
        public var full: Int
        public var shown: Int
        public init(full: Int, shown: Int) {
            self.full = full
            self.shown = shown
        }
        public static let standard = ListLimits(full: 30_000, shown: 10_000)

        /// How many rows of each part (a kind, a group) of `counts` rows the
        /// list shows: all when they add up to at most `full`; otherwise each
        /// part's share of `shown`, at least one row of every non-empty part.
        public func shares(_ counts: [Int]) -> [Int] {
            let total = counts.reduce(0, +)
            guard total > full else { return counts }
            return counts.map { n in n == 0 ? 0 : Swift.max(1, Swift.min(n, n * shown / total)) }
        }
    }

    /// An extra section (for example a rematch's changes), placed after the headline.
    public struct Extra: Sendable {
        public var id: String
        public var title: String
        /// Trusted HTML (built with `Report.escape` on every user string).
        public var html: String
        public init(id: String, title: String, html: String) {
            self.id = id
            self.title = title
            self.html = html
        }
    }

    /// Escapes user text for HTML (element bodies and quoted attributes).
    public static func escape(_ s: String) -> String { HTML.escape(s) }

    /// The page. Deterministic except the lines holding wall-clock seconds
    /// (each marked `class="seconds"`), like summary.json.
    public static func html(_ r: BatchResult, extras: [Extra] = []) -> String {
        html(r, text: ScheduleText(r.schedule, request: r.scheduleRequest), unmet: UnmetNeeds.all(r), extras: extras)
    }

    /// The page, from a schedule text and unmet needs already computed.
    public static func html(_ r: BatchResult, text: ScheduleText, unmet: [UnmetNeed], extras: [Extra] = [],
                            lists: ListLimits = .standard) -> String {
        let page = Page(r, text: text, unmet: unmet, lists: lists)
        var s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        s += "<title>cohort report — quarter from \(r.cohort.policy.quarterStart.description)</title>\n"
        s += "<style>\n" + style + "</style>\n</head>\n<body>\n"
        s += "<header><h1>cohort report</h1><p class=\"sub\">Quarter starting \(r.cohort.policy.quarterStart.description) · \(r.cohort.members.count) members · cohort \(CohortCore.version)</p>\n"
        s += "<nav>"
        let nav = [("headline", "Headline")] + extras.map { ($0.id, $0.title) }
            + [("next", "What to do next"), ("who", "Who got what"), ("charts", "Charts"), ("teams", "Teams"), ("pods", "Study pods"), ("unmatched", "Not served"), ("proof", "Solver proof")]
        s += nav.map { "<a href=\"#\(HTML.escape($0.0))\">\(HTML.escape($0.1))</a>" }.joined(separator: " · ") + "</nav></header>\n<main>\n"
        s += page.headline()
        for e in extras {
            s += "<section id=\"\(HTML.escape(e.id))\">\n<h2>\(HTML.escape(e.title))</h2>\n" + e.html + "</section>\n"
        }
        s += page.nextSteps()
        s += page.whoGotWhat()
        s += page.charts()
        s += page.teamCards()
        s += page.podTable()
        s += page.unmatched()
        s += page.proof()
        s += "</main>\n<footer>Times are weekly UTC unless marked local; each member's local times are in assignments.csv. Generated by cohort \(CohortCore.version); the CSV files in this directory hold every row.</footer>\n"
        s += "<script id=\"report-filter\">\n" + script + "</script>\n</body>\n</html>\n"
        return s
    }

    static let stageColors = ["#cfd8dc", "#90caf9", "#4fc3f7", "#26a69a", "#7e57c2", "#ef6c00"]  // index = stage (0 unused)

    static let style = """
        :root{--fg:#1d2430;--muted:#5b6676;--line:#dde3ea;--card:#f7f9fb;--accent:#1565c0;--bad:#c62828;--ok:#2e7d32;--warn:#ef6c00}
        *{box-sizing:border-box}
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);margin:0;background:#fff}
        header{padding:20px 32px 8px;border-bottom:1px solid var(--line)}
        h1{margin:0;font-size:26px}h2{font-size:20px;margin:28px 0 10px;border-bottom:2px solid var(--line);padding-bottom:4px}
        h3{font-size:15px;margin:16px 0 6px}
        .sub{color:var(--muted);margin:4px 0 8px}
        nav a{color:var(--accent);text-decoration:none;white-space:nowrap}
        main{padding:0 32px 32px;max-width:1400px}
        footer{color:var(--muted);font-size:13px;padding:16px 32px;border-top:1px solid var(--line)}
        .kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px}
        .kpi{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
        .kpi .n{font-size:26px;font-weight:650}.kpi .l{color:var(--muted);font-size:13px}
        .kpi.bad .n{color:var(--bad)}.kpi.ok .n{color:var(--ok)}.kpi.warn .n{color:var(--warn)}
        .lead{font-size:16px}
        .scroll{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;margin:8px 0;font-size:14px}
        th,td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top;overflow-wrap:break-word}
        th{background:var(--card);font-weight:600}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;overflow-wrap:normal}
        .charts{display:flex;flex-wrap:wrap;gap:18px}
        svg.chart{max-width:100%;height:auto}
        .chart{background:var(--card);border:1px solid var(--line);border-radius:8px}
        .chart .ct{font-weight:600;font-size:13px;fill:var(--fg)}
        .chart .tick{font-size:12px;fill:var(--muted)}.chart .val{font-size:11px;fill:var(--fg)}
        .chart .al{font-size:11px;fill:var(--muted)}
        .chart .grid{stroke:var(--line)}.chart .axis{stroke:#9aa5b1}
        .note{color:var(--muted);font-size:13px}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:12px}
        .card{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fff;min-width:0;overflow-wrap:anywhere}
        .card ul{margin:4px 0;padding-left:18px}
        .stage{display:inline-block;min-width:18px;text-align:center;border-radius:9px;font-size:11px;font-weight:600;padding:0 5px;margin-right:4px;color:#102030}
        .tag{display:inline-block;background:#e8eef5;border-radius:4px;padding:0 5px;margin:1px 2px;font-size:12px}
        .tag.miss{background:#fde2e2;color:var(--bad)}
        .status-optimal{color:var(--ok);font-weight:600}.status-feasible{color:#ef6c00;font-weight:600}.status-empty{color:var(--muted)}
        details summary{cursor:pointer;color:var(--accent)}
        details.group{border:1px solid var(--line);border-radius:8px;padding:6px 10px;margin:6px 0}
        details.group summary{color:var(--fg)}
        .steps>li{margin:0 0 14px}
        .filter{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0;position:sticky;top:0;background:#fff;padding:6px 0;z-index:1}
        .filter input{font:inherit;padding:6px 8px;border:1px solid #b0bac5;border-radius:6px;flex:1 1 200px;min-width:0}
        .filter select{font:inherit;padding:6px;border:1px solid #b0bac5;border-radius:6px}
        .filter output{color:var(--muted);font-size:13px}
        tr[hidden],[hidden]{display:none}
        .nw{white-space:nowrap}
        .emails{overflow-wrap:anywhere}
        @media (max-width:600px){header{padding:14px 14px 6px}main{padding:0 14px 24px}footer{padding:14px}h1{font-size:22px}
        .kpis{grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}.kpi .n{font-size:22px}th,td{padding:4px 6px}
        table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}table.stack thead{display:none}
        table.stack tr{border-bottom:1px solid var(--line);padding:6px 0}table.stack td{border:none;padding:1px 0}
        table.who td:nth-child(1){font-weight:600}table.who td:nth-child(3)::before{content:"with: ";color:var(--muted)}
        table.who td:nth-child(4)::before{content:"UTC: ";color:var(--muted)}table.stack tr[hidden]{display:none}
        table.stack td.num{text-align:left}table.recruit td:nth-child(1){font-weight:600}table.recruit td:nth-child(2)::after{content:" mentees"}
        table.recruit td:nth-child(3)::before{content:"recruit ";color:var(--muted)}
        table.broken td:nth-child(1){font-weight:600}table.broken td:nth-child(2)::after{content:" pairs"}
        table.broken td:nth-child(3)::before{content:"with a new mentor: ";color:var(--muted)}}

        """

    /// Search and filter for the who-got-what table and the not-served list:
    /// shows the (initially hidden) filter bars, hides rows that do not match
    /// every word typed and the chosen kind. Without it the page shows every row.
    static let script = """
        (function(){
        document.querySelectorAll('.filter').forEach(function(bar){
        var sec=bar.parentNode,q=bar.querySelector('input'),k=bar.querySelector('select'),out=bar.querySelector('output');
        var rows=Array.prototype.slice.call(sec.querySelectorAll('tbody tr[data-kind]'));
        var texts=rows.map(function(r){return r.textContent.toLowerCase();});
        var groups=Array.prototype.slice.call(sec.querySelectorAll('details.group'));
        var timer;
        function run(){
        var words=q.value.toLowerCase().split(/\\s+/).filter(Boolean),kind=k?k.value:'',on=words.length>0||kind!=='',shown=0;
        for(var i=0;i<rows.length;i++){var ok=(kind===''||rows[i].getAttribute('data-kind')===kind);
        for(var w=0;ok&&w<words.length;w++){ok=texts[i].indexOf(words[w])>=0;}
        rows[i].hidden=!ok;if(ok){shown++;}}
        groups.forEach(function(g){var n=g.querySelectorAll('tbody tr[data-kind]:not([hidden])').length;g.hidden=n===0;
        if(on){g.open=n>0&&words.length>0;}var m=g.querySelector('.matches');if(m){m.textContent=on?n+' shown · ':'';}});
        out.textContent=on?shown+' of '+rows.length+' rows shown':'';}
        bar.hidden=false;
        q.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(run,150);});
        if(k){k.addEventListener('change',run);}
        });
        })();

        """

    // MARK: shared pieces

    static func stageBadge(_ stage: Int) -> String {
        "<span class=\"stage\" style=\"background:\(stageColors[max(0, min(5, stage))])\" title=\"stage \(stage)\">\(stage)</span>"
    }

    /// A table in its own horizontal scroll box (so a wide table never widens
    /// the page). `kinds`: a `data-kind` per row, for the filter.
    /// `cls`: the table's class (`stack`: rows become blocks on a phone).
    static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], kinds: [String]? = nil, cls: String? = nil) -> String {
        var s = "<div class=\"scroll\"><table" + (cls.map { " class=\"\($0)\"" } ?? "") + "><thead><tr>"
        for (k, h) in header.enumerated() { s += numeric.contains(k) ? "<th class=\"num\">\(h)</th>" : "<th>\(h)</th>" }
        s += "</tr></thead><tbody>\n"
        for (i, row) in rows.enumerated() {
            s += kinds.map { "<tr data-kind=\"\(HTML.escape($0[i]))\">" } ?? "<tr>"
            for (k, cell) in row.enumerated() { s += numeric.contains(k) ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>" }
            s += "</tr>\n"
        }
        return s + "</tbody></table></div>\n"
    }

    /// The search bar of a section (hidden until the script shows it).
    static func filterBar(placeholder: String, kinds: [(value: String, label: String)]) -> String {
        var s = "<div class=\"filter\" hidden><input type=\"search\" placeholder=\"\(HTML.escape(placeholder))\" aria-label=\"\(HTML.escape(placeholder))\">"
        if !kinds.isEmpty {
            s += "<select aria-label=\"kind\"><option value=\"\">all</option>"
            for k in kinds { s += "<option value=\"\(HTML.escape(k.value))\">\(HTML.escape(k.label))</option>" }
            s += "</select>"
        }
        return s + "<output></output></div>\n"
    }
}

/// Organizer words for the reasons' kinds (report headings, groups).
enum ReportText {
    static func kindLabel(_ k: UnservedReason.Kind) -> String {
        switch k {
        case .noPlacesInPolicy: "the policy offers no places"
        case .noMentors: "nobody offers mentoring"
        case .noneAtStage: "nobody far enough ahead in stage"
        case .stageGapTooLarge: "every mentor far enough ahead is too far ahead (max_stage_gap)"
        case .mentorGroup: "the only fitting mentors are of an excluded group (mentor_group)"
        case .noInterests: "no interests listed"
        case .noSharedInterest: "nobody teaches their interests"
        case .noAvailability: "no (long enough) availability"
        case .noCommonWindow: "no common time with a fitting mentor"
        case .onlyExcluded: "only excluded people fit (avoid, change request, own mentor)"
        case .allFull: "every fitting person is at capacity"
        case .continuingRuleBroken: "last quarter's pair no longer qualifies"
        case .continuingMentorFull: "last quarter's mentor is full"
        case .continuingNoCheckInTime: "last quarter's pair has no check-in time left"
        }
    }
}

/// The data behind the page, computed once.
struct Page {
    let r: BatchResult
    let c: Cohort
    let text: ScheduleText
    let rules: MentorRules
    let unmet: [UnmetNeed]
    let lists: Report.ListLimits

    init(_ r: BatchResult, text: ScheduleText, unmet: [UnmetNeed], lists: Report.ListLimits = .standard) {
        self.r = r
        self.lists = lists
        c = r.cohort
        self.text = text
        self.unmet = unmet
        rules = MentorRules(policy: r.cohort.policy)
    }

    func who(_ m: Int) -> String {
        let member = c.members[m]
        return member.name.isEmpty ? HTML.escape(member.id) : HTML.escape(member.name) + " <span class=\"note\">(" + HTML.escape(member.id) + ")</span>"
    }

    static func kpi(_ n: String, _ label: String, _ cls: String = "") -> String {
        "<div class=\"kpi \(cls)\"><div class=\"n\">\(n)</div><div class=\"l\">\(label)</div></div>\n"
    }
}
