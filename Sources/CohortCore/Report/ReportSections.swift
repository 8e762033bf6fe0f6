/// The headline, "What to do next", "Who got what", "Not served" and proof
/// sections of report.html. Solver words (objective, bound, optimal) appear
/// only in the proof section.
extension Page {
    // MARK: headline

    func headline() -> String {
        let mentees = c.members.count(where: rules.isMentee)
        let matched = r.mentoring.pairs.count
        let continuing = r.mentoring.pairs.count(where: \.continuing)
        let eligibleTeam = c.members.count { $0.isActive && $0.wantsTeam }
        let placed = r.teams.teams.reduce(0) { $0 + $1.members.count }
        let trial = c.members.count { $0.status == .trial }
        let attendees = r.schedule.workshopSession.count { $0 >= 0 }
        let invited = r.scheduleRequest.workshopAttendees.count
        // Members per kind of need not met.
        var needsOf = [Set<String>](repeating: [], count: c.members.count)
        for u in unmet { needsOf[u.member].insert(u.need) }
        let withNeed = needsOf.count { !$0.isEmpty }
        // The cohort-wide sessions: a member missing only these is counted apart.
        let sessionNeeds: Set<String> = ["workshop", "kickoff", "mentor_circle"]
        let onlySessions = needsOf.count { !$0.isEmpty && $0.isSubset(of: sessionNeeds) }
        func count(_ need: String) -> Int { needsOf.count { $0.contains(need) } }
        let meetingTime = needsOf.count { !$0.isDisjoint(with: ["checkin", "standup"]) }

        var s = "<section id=\"headline\">\n<h2>Headline</h2>\n"
        s += "<h3>Mentors</h3>\n<div class=\"kpis\">\n"
        s += Page.kpi("\(matched) / \(mentees)", "mentees have a mentor (\(HTML.percent(matched, of: mentees))): \(continuing) continuing from last quarter, \(matched - continuing) new", matched == mentees ? "ok" : "")
        s += Page.kpi("\(mentees - matched)", "mentees without a mentor", matched == mentees ? "ok" : "bad")
        s += Page.kpi("\(r.backups.assignments.count) / \(matched)", "mentees with a backup mentor")
        s += Page.kpi("\(r.buddies.pairs.count) / \(trial)", "trial newcomers with a buddy", r.buddies.pairs.count == trial ? "ok" : "warn")
        s += "</div>\n<h3>Teams</h3>\n<div class=\"kpis\">\n"
        s += Page.kpi("\(placed) / \(eligibleTeam)", "members placed in \(r.teams.teams.count) project teams (\(HTML.percent(placed, of: eligibleTeam)))", placed == eligibleTeam ? "ok" : "")
        s += Page.kpi("\(eligibleTeam - placed)", "members who wanted a team and have none", placed == eligibleTeam ? "ok" : "bad")
        if let isolation = r.teams.isolation { s += Page.kpi("\(Int(isolation.objective))", Self.isolationWords(isolation), isolation.objective == 0 ? "ok" : "warn") }
        let seekers = c.members.count(where: \.seeksPod)
        if seekers > 0 {
            let inPods = r.pods.pods.reduce(0) { $0 + $1.members.count }
            s += "</div>\n<h3>Study pods</h3>\n<div class=\"kpis\">\n"
            s += Page.kpi("\(inPods) / \(seekers)", "members who asked are in \(r.pods.pods.count) study pods (\(HTML.percent(inPods, of: seekers)))", inPods == seekers ? "ok" : "")
            s += Page.kpi("\(seekers - inPods)", "members who asked for a pod and have none", inPods == seekers ? "ok" : "bad")
        }
        s += "</div>\n<h3>Workshop and schedule</h3>\n<div class=\"kpis\">\n"
        s += Page.kpi("\(attendees) / \(invited)", "active members can attend the workshop (\(r.schedule.workshopEvents.count) weekly session\(r.schedule.workshopEvents.count == 1 ? "" : "s"))", attendees == invited ? "ok" : "")
        s += Page.kpi("\(r.schedule.events.count)", "meetings scheduled; \(r.schedule.unscheduled.count) could not be given a weekly time", r.schedule.unscheduled.isEmpty ? "ok" : "bad")
        s += "</div>\n"
        if withNeed == 0 {
            s += "<p class=\"lead\">Everyone who asked for something got it.</p>\n"
        } else {
            var parts: [String] = []
            if count("mentor") > 0 { parts.append("\(count("mentor")) a mentor") }
            if count("team") > 0 { parts.append("\(count("team")) a team") }
            if count("pod") > 0 { parts.append("\(count("pod")) a study pod or its weekly time") }
            if count("buddy") > 0 { parts.append("\(count("buddy")) a buddy") }
            if count("backup") > 0 { parts.append("\(count("backup")) a backup mentor") }
            if meetingTime > 0 { parts.append("\(meetingTime) a weekly time for their check-in or standup") }
            if count("workshop") > 0 { parts.append("\(count("workshop")) the workshop") }
            if count("kickoff") > 0 { parts.append("\(count("kickoff")) the kickoff") }
            if count("mentor_circle") > 0 { parts.append("\(count("mentor_circle")) a mentor circle") }
            s += "<p class=\"lead\"><b>\(withNeed - onlySessions)</b> members miss something besides the workshop, kickoff or mentor circle, and \(onlySessions) miss only those sessions. Missing: \(parts.joined(separator: "; ")) (a member may miss several). <a href=\"#next\">What to do next</a> · <a href=\"#unmatched\">everyone, by reason</a>.</p>\n"
        }
        return s + "</section>\n"
    }

    // MARK: what to do next

    func nextSteps() -> String {
        let n = NextSteps(r, unmet: unmet)
        var s = "<section id=\"next\">\n<h2>What to do next</h2>\n"
        var items: [String] = []
        // Recruit mentors.
        if n.blockedMentees > 0 {
            let perMentor = max(1, c.policy.maxMentees)
            let atLeast = (n.blockedMentees + perMentor - 1) / perMentor
            var t = "<li><b>Recruit mentors for \(n.blockedMentees) mentees</b> — at least \(atLeast) new mentor\(atLeast == 1 ? "" : "s") at \(perMentor) mentee\(perMentor == 1 ? "" : "s") each. "
            t += "Every mentor who would fit them is full, or none teaches their interest at the stage they need, or none shares a time with them. "
            t += "By interest (a mentee with several interests counts under each):"
            let rows = n.recruit.map { x -> [String] in
                [HTML.escape(x.interest), String(x.mentees), "\(x.mentors) at stage \(x.minimumStage)+",
                 x.bands.map { "<span class=\"nw\">\(HTML.escape($0.band)) (\($0.mentees))</span>" }.joined(separator: "<br>")]
            }
            let header = ["interest", "mentees", "mentors to recruit", "when these mentees can meet"]
            t += Report.table(header, Array(rows.prefix(Self.recruitShown)), numeric: [1], cls: "stack recruit")
            if rows.count > Self.recruitShown {
                t += "<details><summary>\(rows.count - Self.recruitShown) more interest\(rows.count - Self.recruitShown == 1 ? "" : "s") with fewer mentees</summary>"
                    + Report.table(header, Array(rows.dropFirst(Self.recruitShown)), numeric: [1], cls: "stack recruit") + "</details>"
            }
            items.append(t + "</li>\n")
        }
        // Chase availability.
        if !n.chase.isEmpty {
            var t = "<li><b>Ask members for their availability.</b> "
            t += n.chase.map { ch in
                var parts: [String] = []
                if !ch.noAvailability.isEmpty { parts.append("\(ch.noAvailability.count) gave no availability") }
                if !ch.tooShort.isEmpty { parts.append("\(ch.tooShort.count) gave only windows too short for it") }
                return "Without a \(Self.needWord(ch.need)): " + parts.joined(separator: ", ") + "."
            }.joined(separator: " ")
            for ch in n.chase {
                let ids = (ch.noAvailability + ch.tooShort).sorted()
                let shown = ids.prefix(Self.nextListShown)
                let rest = ids.count - shown.count
                t += "<details><summary>\(ids.count) without a \(Self.needWord(ch.need)): who</summary><p>" + shown.map(who).joined(separator: ", ")
                    + (rest > 0 ? " <span class=\"note\">… and \(rest) more (the first \(shown.count) by id are named here)</span>" : "") + "</p>"
                    + Self.emailLine(shown.map { c.members[$0] })
                    + (rest > 0 ? "<p class=\"note\">Every one of the \(ids.count), with the reason: unmatched.csv, need \(ch.need); their addresses: assignments.csv, the email column of the rows whose unmet holds \(ch.need).</p>" : "")
                    + "</details>"
            }
            items.append(t + "</li>\n")
        }
        // Continuing pairs.
        let notKept = r.continuingNotes.count
        if notKept > 0 {
            let rematched = n.brokenPairs.reduce(0) { $0 + $1.rematched }
            let kept = r.candidates.continuing.count
            var t = "<li><b>\(notKept) of the \(kept + notKept) pairs from last quarter could not continue</b> (\(kept) continue); \(rematched) of these \(notKept) mentees have a new mentor, \(notKept - rematched) have none. By what changed:"
            let groupRows = n.brokenPairs.map { g -> [String] in
                [HTML.escape(g.reason), String(g.notes.count), String(g.rematched), HTML.escape(g.hint)]
            }
            t += Report.table(["what changed", "pairs", "mentee has a new mentor", "what would help"], groupRows, numeric: [1, 2], cls: "stack broken")
            var rows: [[String]] = []
            // Each group's first pairs, in proportion, when there are more than nextListShown.
            let shares = notKept > Self.nextListShown
                ? n.brokenPairs.map { max(1, $0.notes.count * Self.nextListShown / notKept) } : n.brokenPairs.map(\.notes.count)
            for (g, share) in zip(n.brokenPairs, shares) {
                for note in g.notes.prefix(share) { rows.append([who(note.mentee), who(note.mentor), HTML.escape(OrganizerVoice.pair(Self.continuingWhy(note, cohort: c)))]) }
            }
            if rows.count < notKept {
                t += "<details><summary>\(rows.count) of the \(notKept) pairs and why</summary><p class=\"note\">The first pairs of each group; every pair and its reason: summary.json, continuing_pairs_not_kept.</p>"
                    + Report.table(["mentee", "last quarter's mentor", "why"], rows) + "</details>"
            } else {
                t += "<details><summary>Every pair and why</summary>" + Report.table(["mentee", "last quarter's mentor", "why"], rows) + "</details>"
            }
            items.append(t + "</li>\n")
        }
        // Workshop sessions.
        if n.workshopInvited > 0 && n.workshopReached < n.workshopInvited {
            var t = "<li><b>The workshop reaches \(n.workshopReached) of \(n.workshopInvited) active members</b> with \(n.workshopSessions) weekly session\(n.workshopSessions == 1 ? "" : "s")."
            if n.extraSessions.isEmpty {
                t += " The others gave no window long enough for it."
            } else {
                var total = n.workshopReached
                var steps: [String] = []
                for (k, x) in n.extraSessions.enumerated() {
                    total += x.extra
                    steps.append("\(n.workshopSessions + k + 1) sessions (adding \(HTML.escape(x.time)) UTC) would reach \(total) (+\(x.extra))")
                }
                t += " " + steps.joined(separator: "; ") + " — set <code>workshop_sessions</code> in the policy. Counted from the members' availability; their other meetings may take some of these times."
            }
            items.append(t + "</li>\n")
        }
        if n.eventsNotFitted > 0 {
            items.append("<li><b>\(n.eventsNotFitted) meetings have no weekly time</b> (every member concerned is in the not-served list under checkin, standup or buddy): more availability from them would let them meet.</li>\n")
        }
        if items.isEmpty {
            s += "<p>Nothing to do: everyone who asked for something got it.</p>\n"
        } else {
            s += "<ol class=\"steps\">\n" + items.joined() + "</ol>\n"
        }
        return s + "</section>\n"
    }

    /// The addresses of `members`, ready to paste into a message's Bcc
    /// ("Emails: a@x.org; b@y.org"), and how many have none.
    static func emailLine(_ members: [Member]) -> String {
        let emails = members.map(\.email).filter { !$0.isEmpty }
        let missing = members.count - emails.count
        if emails.isEmpty { return "<p class=\"note\">None of them gave an email address.</p>" }
        return "<p class=\"emails\"><span class=\"note\">Emails (for a Bcc):</span> " + HTML.escape(emails.joined(separator: "; "))
            + (missing > 0 ? " <span class=\"note\">(\(missing) without an email address)</span>" : "") + "</p>"
    }

    /// The reason of a pair that did not continue, without the "last
    /// quarter's mentor ID no longer qualifies: " the table's columns already say.
    static func continuingWhy(_ note: ContinuingNote, cohort: Cohort) -> String {
        let prefix = "last quarter's mentor \(cohort.members[note.mentor].id) no longer qualifies: "
        return note.reason.message.hasPrefix(prefix) ? String(note.reason.message.dropFirst(prefix.count)) : note.reason.message
    }

    /// Members named in each list of "What to do next" (people to ask for
    /// availability, last quarter's pairs); a longer list names its first ones
    /// and says which file holds every one (docs/report.md, "Large cohorts").
    static let nextListShown = 500

    /// Interests shown open in the recruiting table; the rest are one click away.
    static let recruitShown = 5

    static func needWord(_ need: String) -> String {
        switch need {
        case "mentor": "mentor"
        case "buddy": "buddy"
        case "team": "team"
        case "pod": "study pod"
        case "workshop": "workshop seat"
        default: need
        }
    }

    // MARK: who got what

    func whoGotWhat() -> String {
        var s = "<section id=\"who\">\n<h2>Who got what</h2>\n"
        let counts = [r.mentoring.pairs.count, r.buddies.pairs.count, r.teams.teams.count, r.pods.pods.count, r.schedule.workshopEvents.count]
        let shown = lists.shares(counts)
        if shown == counts {
            s += "<p class=\"note\">Every mentor pair, buddy pair, team, study pod and workshop session (times in UTC; each member's local times are in assignments.csv).</p>\n"
        } else {
            let words = ["mentor pairs", "buddy pairs", "teams", "study pods", "workshop sessions"]
            let parts = counts.indices.filter { counts[$0] > 0 }.map { "\(shown[$0]) of \(counts[$0]) \(words[$0])" }
            s += "<p class=\"note partial\" id=\"who-partial\"><b>This table shows \(shown.reduce(0, +)) of its \(counts.reduce(0, +)) rows</b> (the first \(parts.joined(separator: ", "))), so that the page opens quickly; the search finds only these. "
                + "Every row is in the files beside this page: pairings.csv (mentor pairs), buddies.csv, teams.csv, pods.csv, schedule.csv (workshop sessions), and assignments.csv (one row per member, times in their own zone).</p>\n"
        }
        s += Report.filterBar(placeholder: "Search names, ids, teams, projects, interests…",
                              kinds: [("pair", "mentor pairs"), ("buddy", "buddies"), ("team", "teams"), ("pod", "study pods"), ("workshop", "workshop sessions")])
        var rows: [[String]] = [], kinds: [String] = []
        func utc(_ e: Int?) -> String {
            guard let e else { return "<span class=\"note\">no weekly time</span>" }
            let t = text.time(ofEvent: e)
            return "\(t.day) \(t.start)–\(t.end)"
        }
        for (k, p) in r.mentoring.pairs.enumerated().prefix(shown[0]) {
            var notes: [String] = []
            if p.continuing { notes.append("continuing") }
            if let b = r.backups.backup(of: p.mentee) { notes.append("backup: " + who(b)) }
            rows.append(["mentor pair", Report.stageBadge(c.members[p.mentee].stage.rawValue) + who(p.mentee), Report.stageBadge(c.members[p.mentor].stage.rawValue) + who(p.mentor),
                         utc(k < r.schedule.checkInEvent.count ? r.schedule.checkInEvent[k] : nil), notes.joined(separator: "; ")])
            kinds.append("pair")
        }
        for (k, p) in r.buddies.pairs.enumerated().prefix(shown[1]) {
            let events = r.buddyEvents(pair: k)
            rows.append(["buddy", Report.stageBadge(c.members[p.newcomer].stage.rawValue) + who(p.newcomer), Report.stageBadge(c.members[p.buddy].stage.rawValue) + who(p.buddy),
                         events.isEmpty ? "<span class=\"note\">no daily time</span>" : HTML.escape(text.utcTimes(events: events)), "daily during the trial"])
            kinds.append("buddy")
        }
        for (t, team) in r.teams.teams.enumerated().prefix(shown[2]) {
            var title = "team " + HTML.escape(team.id)
            if let p = team.project {
                let project = c.projects[p]
                title += " · " + HTML.escape(project.name.isEmpty ? project.id : project.name)
            }
            rows.append(["team", title, team.members.map { Report.stageBadge(c.members[$0].stage.rawValue) + who($0) }.joined(separator: ", "),
                         utc(t < r.schedule.standupEvent.count ? r.schedule.standupEvent[t] : nil), team.project.map { "project " + HTML.escape(c.projects[$0].id) } ?? "free team"])
            kinds.append("team")
        }
        for (x, pod) in r.pods.pods.enumerated().prefix(shown[3]) {
            rows.append(["study pod", "pod " + HTML.escape(pod.id) + " · " + HTML.escape(c.tags.name(pod.interest)),
                         pod.members.map { Report.stageBadge(c.members[$0].stage.rawValue) + who($0) }.joined(separator: ", "),
                         utc(x < r.schedule.podEvent.count ? r.schedule.podEvent[x] : nil),
                         pod.facilitators.first.map { "facilitator in week 1: " + who($0) } ?? ""])
            kinds.append("pod")
        }
        var attendees = [[Int]](repeating: [], count: r.schedule.workshopEvents.count)
        for (m, session) in r.schedule.workshopSession.enumerated() where session >= 0 && session < attendees.count { attendees[session].append(m) }
        for (k, e) in r.schedule.workshopEvents.enumerated().prefix(shown[4]) {
            rows.append(["workshop", "session \(k + 1)", "<details><summary>\(attendees[k].count) members</summary>" + attendees[k].map(who).joined(separator: ", ") + "</details>", utc(e), "weekly"])
            kinds.append("workshop")
        }
        if rows.isEmpty { return s + "<p>Nothing was assigned.</p>\n</section>\n" }
        s += Report.table(["kind", "who", "with", "when (UTC)", "notes"], rows, kinds: kinds, cls: "stack who")
        return s + "</section>\n"
    }

    // MARK: not served

    /// A group of the not-served list: one need and one kind of reason.
    struct UnservedGroup {
        var need: String
        var label: String
        var action: String
        /// Lower: an organizer can fix it sooner (ask the member, recruit, …).
        var rank: Int
        /// Its rows, each reason retold to the organizer (`OrganizerVoice.member`).
        var rows: [UnmetNeed]
    }

    /// The not-served rows grouped by need and reason kind (mentor, backup and
    /// buddy by their computed kind; team, workshop and schedule reasons by
    /// their wording with the member's own numbers and times left out), sorted
    /// by what an organizer can fix first, then by size.
    func unservedGroups() -> [UnservedGroup] {
        var groups: [UnservedGroup] = []
        var position: [String: Int] = [:]
        var templates: [[String]] = []
        for u in unmet {
            // The rows keep the reason retold to the organizer.
            var row = u
            row.reason = OrganizerVoice.member(u.reason)
            let key: String, label: String, action: String, rank: Int
            var parts: [String] = []
            if let kind = u.kind {
                key = kind.rawValue
                label = ReportText.kindLabel(kind)
                (rank, action) = Self.fix(kind)
            } else {
                let t = Self.template(row.reason)
                (key, label, parts) = (t.key, t.key, t.parts)
                (rank, action) = Self.fix(need: u.need, reason: u.reason)
            }
            let k = u.need + "\u{1}" + key
            if let p = position[k] {
                groups[p].rows.append(row)
                if u.kind == nil { templates[p] = Self.merge(templates[p], parts) }
            } else {
                position[k] = groups.count
                groups.append(UnservedGroup(need: u.need, label: label, action: action, rank: rank, rows: [row]))
                templates.append(parts)
            }
        }
        for g in groups.indices where groups[g].rows[0].kind == nil { groups[g].label = templates[g].joined().replacingDoubleSpaces() }
        let needOrder = ["mentor": 0, "buddy": 1, "team": 2, "pod": 3, "checkin": 4, "standup": 5, "backup": 6, "workshop": 7]
        return groups.sorted {
            ($0.rank, needOrder[$0.need] ?? 8, -$0.rows.count, $0.label) < ($1.rank, needOrder[$1.need] ?? 8, -$1.rows.count, $1.label)
        }
    }

    /// A reason as parts: text, and what varies between members — numbers,
    /// and parenthesised details (a member's windows, the ids of the people
    /// concerned). The key is the text with every varying part as `#`.
    static func template(_ reason: String) -> (key: String, parts: [String]) {
        var parts: [String] = []
        var depth = 0
        var current = "", digits = "", detail = ""
        func flush(_ varying: inout String) { if !varying.isEmpty { parts.append(current); parts.append(varying); current = ""; varying = "" } }
        for ch in reason {
            if ch == "(" {
                if depth == 0 { flush(&digits) }
                depth += 1
            }
            if depth > 0 {
                detail.append(ch)
                if ch == ")" { depth -= 1; if depth == 0 { flush(&detail) } }
                continue
            }
            if ch.isASCII && ch.isNumber { digits.append(ch) } else {
                flush(&digits)
                current.append(ch)
            }
        }
        flush(&digits)
        flush(&detail)
        parts.append(current)
        // Even positions are text, odd positions what varies.
        let key = parts.enumerated().map { $0.offset % 2 == 1 ? "#" : $0.element }.joined()
        return (key, parts)
    }

    /// What varies and differs between two reasons of one group becomes "…"
    /// ("(…)" for a detail); what every member of the group shares stays — the
    /// ids in a group of one, the workshop times everyone missed.
    static func merge(_ a: [String], _ b: [String]) -> [String] {
        guard a.count == b.count else { return a }
        return a.indices.map { k in k % 2 == 1 && a[k] != b[k] ? (a[k].hasPrefix("(") ? "(…)" : "…") : a[k] }
    }

    static func fix(_ kind: UnservedReason.Kind) -> (Int, String) {
        switch kind {
        case .noAvailability: (0, "ask them for their availability")
        case .noInterests: (1, "ask them for their interests")
        case .allFull, .continuingMentorFull: (2, "recruit mentors, or raise mentor_capacity")
        case .noSharedInterest, .noneAtStage, .noMentors: (3, "recruit mentors who teach this at the stage needed")
        case .noCommonWindow, .continuingNoCheckInTime: (4, "ask them (or fitting mentors) for more availability")
        case .onlyExcluded, .continuingRuleBroken: (5, "review the avoid lists and change requests")
        case .noPlacesInPolicy: (7, "change the policy")
        case .stageGapTooLarge: (7, "raise max_stage_gap in the policy, or recruit mentors nearer their stage")
        case .mentorGroup: (7, "change mentor_group in the policy, or recruit mentors from other groups")
        }
    }

    static func fix(need: String, reason: String) -> (Int, String) {
        if reason.hasPrefix("no availability given") || reason.hasPrefix("no window of yours is") || reason.contains("window in your availability") {
            return (0, "ask them for their availability")
        }
        switch need {
        case "team": return (6, "ask for more availability, or change team sizes or projects")
        case "pod": return (6, "ask for more availability or interests, or change pod_min, pod_max or pod_minutes")
        case "checkin", "standup", "buddy": return (4, "ask them for more availability")
        case "workshop": return (8, "add a workshop session (What to do next)")
        case "kickoff": return (7, "ask them for more availability in week 1")
        case "mentor_circle": return (7, "ask them for more availability in the circle weeks")
        default: return (6, "")
        }
    }

    func unmatched() -> String {
        var s = "<section id=\"unmatched\">\n<h2>Not served</h2>\n"
        if unmet.isEmpty { return s + "<p>Nobody is left out.</p>\n</section>\n" }
        let groups = unservedGroups()
        let shown = lists.shares(groups.map(\.rows.count))
        if shown == groups.map(\.rows.count) {
            s += "<p class=\"note\">Every member and need not met (\(unmet.count) rows, as in unmatched.csv), grouped by need and reason; the groups an organizer can fix first (by asking members, recruiting) come first. Open a group to see its members.</p>\n"
        } else {
            s += "<p class=\"note\">Every need not met (\(unmet.count) rows), grouped by need and reason; the groups an organizer can fix first (by asking members, recruiting) come first. Open a group to see its members.</p>\n"
            s += "<p class=\"note partial\" id=\"unmatched-partial\"><b>The groups below list \(shown.reduce(0, +)) of the \(unmet.count) rows</b> (the first of each group, in proportion to its size), so that the page opens quickly; the search finds only these. The table of groups counts every row, and unmatched.csv has every one (its need and reason columns are the groups').</p>\n"
        }
        var needs: [String] = []
        for g in groups where !needs.contains(g.need) { needs.append(g.need) }
        s += Report.filterBar(placeholder: "Search names, ids, reasons…", kinds: needs.map { ($0, $0) })
        s += "<div class=\"scroll\"><table><thead><tr><th>need</th><th class=\"num\">members</th><th>reason</th><th>what would help</th></tr></thead><tbody>\n"
        for g in groups {
            s += "<tr><td>\(HTML.escape(g.need))</td><td class=\"num\">\(g.rows.count)</td><td>\(HTML.escape(g.label))</td><td>\(HTML.escape(g.action))</td></tr>\n"
        }
        s += "</tbody></table></div>\n"
        for (g, n) in zip(groups, shown) {
            let rows = g.rows.prefix(n)
            s += "<details class=\"group\"><summary><b>\(HTML.escape(g.need))</b> · \(HTML.escape(g.label)) — <span class=\"matches\"></span>\(g.rows.count) member\(g.rows.count == 1 ? "" : "s")</summary>\n"
            s += Report.table(["member", "stage", "reason"], rows.map { [who($0.member), Report.stageBadge(c.members[$0.member].stage.rawValue), HTML.escape($0.reason)] },
                              kinds: rows.map(\.need), cls: "stack")
            if n < g.rows.count { s += "<p class=\"note partial\">… and \(g.rows.count - n) more: unmatched.csv, need \(HTML.escape(g.need)).</p>\n" }
            s += "</details>\n"
        }
        return s + "</section>\n"
    }

    // MARK: proof

    /// The certificate of each phase in words (docs/mentoring.md §3.4).
    static func certificates(_ phases: [(String, PhaseOutcome)]) -> String {
        var lines: [String] = []
        for (name, p) in phases {
            guard let by = p.certifiedBy else { continue }
            switch by {
            case "glpk":
                let pivots = p.glpkPivots ?? 0
                lines.append("<b>\(HTML.escape(name))</b>: solved by the network simplex (its time is part of the phase's seconds above); GLPK was given the engine's spanning tree as its basis, found it primal and dual feasible, hence optimal"
                             + (pivots == 0 ? ", and made no pivot" : ", and made \(pivots) pivots to an optimum") + "; every candidate pair left out of the model was priced with GLPK's duals and none improves.")
            case "konig":
                lines.append("<b>\(HTML.escape(name))</b>: a König cover of the candidate pairs as large as the matching proves no more can be paired.")
            case "engine":
                lines.append("<b>\(HTML.escape(name))</b>: optimal by the network simplex's own potentials; GLPK did not finish confirming it within the time limit.")
            default:
                lines.append("<b>\(HTML.escape(name))</b>: certified by \(HTML.escape(by)).")
            }
        }
        return lines.isEmpty ? "" : "<p class=\"note\">How the pairing phases are proven: " + lines.joined(separator: " ") + "</p>\n"
    }

    func proof() -> String {
        var s = "<section id=\"proof\">\n<h2>Solver proof</h2>\n"
        s += "<p class=\"note\">Each phase's status: <b>optimal</b> (the bound proves nothing better exists), <b>feasible</b> (an answer not proven optimal; the gap is |bound − objective| / max(1, |objective|); where a phase says what stopped it — no improving move, its work budget or a time limit — the status says so) or <b>empty</b> (nothing to decide). Objectives: mentees, newcomers, members or events counted, or total quality (docs/mentoring.md, docs/teams.md, docs/pods.md, docs/schedule.md).</p>\n"
        let isolation: [(String, PhaseOutcome)] = r.teams.isolation.map { [("teams: isolated members (fewest)", $0)] } ?? []
        let phases: [(String, PhaseOutcome)] = [
            ("mentor pairs: matched", r.mentoring.cardinality), ("mentor pairs: quality", r.mentoring.quality),
            ("backup mentors: matched", r.backups.cardinality), ("backup mentors: quality", r.backups.quality),
            ("buddies: matched", r.buddies.cardinality), ("buddies: quality", r.buddies.quality),
            ("teams: placed", r.teams.placement)] + isolation + [("teams: quality", r.teams.quality),
            ("study pods: placed", r.pods.placement), ("study pods: quality", r.pods.quality),
            ("schedule", r.schedule.outcome), ("workshop", r.schedule.workshopOutcome),
        ]
        var rows: [[String]] = [["candidate pairs", "", "", "", "", "<span class=\"seconds\">\(HTML.fixed(r.candidateSeconds, 2))</span>", "\(r.candidates.graph.pairCount) candidate pairs"]]
        var total = r.candidateSeconds
        for (name, p) in phases {
            total += p.seconds
            rows.append([HTML.escape(name), "<span class=\"status-\(p.status.rawValue)\">\(p.status.rawValue)</span>" + Report.stoppedBy(p), HTML.number(p.objective), HTML.number(p.bound),
                         HTML.fixed(p.gap * 100, 2) + " %", "<span class=\"seconds\">\(HTML.fixed(p.seconds, 2))</span>",
                         p.details.map { "\(HTML.escape($0.name.replacingUnderscores())) \($0.value)" }.joined(separator: ", ")])
        }
        rows.append(["<b>total</b>", "", "", "", "", "<span class=\"seconds\">\(HTML.fixed(total, 2))</span>", ""])
        s += Report.table(["phase", "status", "objective", "bound", "gap", "seconds", "details"], rows, numeric: [2, 3, 4, 5])
        s += "<p class=\"note\">Seconds are wall-clock time of this run (the only figures on this page that change between identical runs).</p>\n"
        s += Page.certificates(phases)
        s += "<details><summary>Policy in force</summary>\n"
        s += Report.table(["key", "value"], c.policy.entries.map { [HTML.escape($0.key), HTML.escape($0.value)] })
        s += "</details>\n"
        return s + "</section>\n"
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
    fileprivate func replacingDoubleSpaces() -> String {
        var out = ""
        for ch in self where !(ch == " " && out.hasSuffix(" ")) { out.append(ch) }
        return out
    }
}

extension Page {
    /// The isolation level in words (docs/teams.md §7): "members alone with their balance value on
    /// their team (team_no_isolated); at least M unavoidable; F forced by placement (proven); …".
    static func isolationWords(_ p: PhaseOutcome) -> String {
        let isolated = Int(p.objective), least = Int(p.bound)
        func detail(_ name: String) -> Int { p.details.first { $0.name == name }?.value ?? 0 }
        let noPeer = detail("isolated_no_peer"), peerCould = detail("isolated_peer_could_join")
        let proven = detail("isolated_forced_proven"), nowhere = detail("listed_without_peer")
        let s = "\(isolated == 1 ? "member is" : "members are") alone with their balance value on their team (team_no_isolated)"
        guard isolated > 0 else { return s }
        var why: [String] = []
        if least > 0 { why.append("at least \(least) cannot be avoided by any answer placing as many members") }
        if p.status == .optimal {
            why.append(isolated == 1 ? "forced by placement, proven: no answer placing as many members isolates fewer"
                       : "all \(isolated) forced by placement, proven: no answer placing as many members isolates fewer")
        } else {
            if proven > 0 {
                why.append("\(proven) forced by placement, proven: nobody with their value could ever share a team with \(proven == 1 ? "them" : "any of them")")
            }
            let unprovenNoPeer = noPeer - proven
            if unprovenNoPeer + peerCould > 0 {
                var parts: [String] = []
                if unprovenNoPeer > 0 { parts.append("for \(unprovenNoPeer) nobody with their value could join their team") }
                if peerCould > 0 { parts.append("for \(peerCould) someone could") }
                why.append("\(unprovenNoPeer + peerCould) not proven forced (" + parts.joined(separator: ", ")
                           + "; the search found no better answer, see its gap under Solver proof)")
            }
        }
        if nowhere > 0 { why.append("\(nowhere) of the roster's members with a listed value \(nowhere == 1 ? "has" : "have") nobody with it who could ever share a team with them") }
        return s + "; " + why.joined(separator: "; ")
    }
}

extension Report {
    /// " (stopped by: work budget)" after a feasible phase's status, when the phase says what ended it.
    static func stoppedBy(_ p: PhaseOutcome) -> String {
        guard p.status == .feasible, let why = p.stoppedBy else { return "" }
        return " <span class=\"note\">(stopped by: \(HTML.escape(why)))</span>"
    }
}
