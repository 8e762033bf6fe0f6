import Dispatch

/// Renders a batch into the files of SPEC §4, as text. Pure: the CLI writes
/// them. Every file is a deterministic function of the batch, except the
/// `seconds` fields of summary.json (see docs/outputs.md).
public enum OutputFiles {
    /// (file name, contents) in a fixed order. `meter` hears how many of the
    /// files are rendered (calendars in steps of 512). Without `summary`,
    /// summary.json is left out (the CLI renders it last, with the writing's seconds).
    public static func render(_ r: BatchResult, inputs: [InputFile], meter: ProgressMeter = .none,
                              summary withSummary: Bool = true) -> [(name: String, text: String)] {
        renderBytes(r, inputs: inputs, meter: meter, summary: withSummary).map { ($0.name, String(decoding: $0.bytes, as: UTF8.self)) }
    }

    /// As `render`, each file as its UTF-8 bytes (what the command line
    /// writes), rendered on up to `threads` threads: each file is one task
    /// (report.html and assignments.csv first, the slowest), then the
    /// calendars in blocks of 512 members, taken in that order by whichever
    /// thread is free. The bytes do not depend on the thread count.
    public static func renderBytes(_ r: BatchResult, inputs: [InputFile], meter: ProgressMeter = .none,
                                   summary withSummary: Bool = true, threads: Int = 2) -> [(name: String, bytes: [UInt8])] {
        let text = ScheduleText(r.schedule, request: r.scheduleRequest)
        let unmet = UnmetNeeds.all(r)
        let members = r.cohort.members.count
        var files: [(name: String, make: @Sendable () -> String)] = [
            ("pairings.csv", { pairings(r, text) }),
            ("buddies.csv", { buddies(r, text) }),
            ("teams.csv", { teams(r, text) }),
            ("pods.csv", { pods(r, text) }),
            ("schedule.csv", { text.scheduleCSV(writer: writer) }),
            ("unmatched.csv", { unmatched(unmet, cohort: r.cohort) }),
            ("assignments.csv", { Assignments.csv(r, text, unmet: unmet) }),
        ]
        if withSummary { files.append(("summary.json", { summary(r, inputs: inputs).text })) }
        files.append(("report.html", { Report.html(r, text: text, unmet: unmet) }))
        let names = text.calendarFileNames()
        let blockSize = 512
        func rank(_ k: Int) -> (Int, Int) { (files[k].name == "report.html" ? 0 : files[k].name == "assignments.csv" ? 1 : 2, k) }
        let slowFirst = files.indices.sorted { rank($0) < rank($1) }
        let tasks: [RenderTask] = slowFirst.map { .file($0) } + stride(from: 0, to: members, by: blockSize).map { .calendars($0..<Swift.min(members, $0 + blockSize)) }
        let total = files.count + members
        let done = RenderCount()
        let makers = files.map(\.make)
        let results = tasks.parallelMap(threads: threads, scratch: { CalendarRenderer(text) }) { (task: RenderTask, renderer: inout CalendarRenderer) -> [[UInt8]?] in
            let rendered: [[UInt8]?]
            let count: Int
            switch task {
            case .file(let k):
                rendered = [Array(makers[k]().utf8)]
                count = 1
            case .calendars(let block):
                rendered = block.map { renderer.calendar(member: $0) }
                count = block.count
            }
            meter(phase: "rendering", "rendering the report, CSV files and calendars", done: done.add(count), of: total, unit: "files and calendars")
            return rendered
        }
        var fileBytes = [[UInt8]](repeating: [], count: files.count)
        var calendars: [(name: String, bytes: [UInt8])] = []
        for (task, result) in zip(tasks, results) {
            guard case .success(let rendered) = result else { continue }
            switch task {
            case .file(let k): fileBytes[k] = rendered[0]!
            case .calendars(let block):
                for (m, calendar) in zip(block, rendered) { if let calendar { calendars.append(("calendar/" + names[m], calendar)) } }
            }
        }
        return zip(files, fileBytes).map { ($0.0.name, $0.1) } + calendars
    }

    /// One task of `renderBytes`: a file (its index), or the calendars of a block of members.
    enum RenderTask: Sendable {
        case file(Int)
        case calendars(Range<Int>)
    }

    static let writer = CSVWriter()

    /// The UTF-8 byte-order mark `--excel` puts before every CSV file, so that
    /// Excel reads it as UTF-8 rather than the system code page (docs/outputs.md).
    public static let byteOrderMark = "\u{FEFF}"

    /// A file's text as written with `--excel`: CSV files get the byte-order mark.
    public static func forExcel(name: String, text: String) -> String {
        name.hasSuffix(".csv") ? byteOrderMark + text : text
    }

    /// `forExcel` on a file's bytes.
    public static func forExcel(name: String, bytes: [UInt8]) -> [UInt8] {
        name.hasSuffix(".csv") ? Array(byteOrderMark.utf8) + bytes : bytes
    }

    public static let pairingsHeader = [
        "mentee_id", "mentor_id", "mentee_stage", "mentor_stage", "shared_interests", "checkin_day", "checkin_start",
        "checkin_end", "backup_mentor_id", "continuing", "score", "mentee_local_time", "mentor_local_time",
        "mentee_name", "mentee_email", "mentor_name", "mentor_email", "backup_mentor_name", "backup_mentor_email",
    ]

    /// pairings.csv: one row per mentor pair, in mentee id order.
    public static func pairings(_ r: BatchResult, _ text: ScheduleText) -> String {
        let c = r.cohort
        var rows: [[String]] = []
        rows.reserveCapacity(r.mentoring.pairs.count)
        for (index, p) in r.mentoring.pairs.enumerated() {
            let a = c.members[p.mentee], b = c.members[p.mentor]
            let shared = a.interests.intersection(b.skills).map { c.tags.name($0) }.sorted().joined(separator: ";")
            let time = text.checkInTime(pair: index)
            let local = time == nil ? ("", "") : text.checkInLocalTimes(pair: index)
            let backup = r.backups.backup(of: p.mentee).map { c.members[$0] }
            rows.append([
                a.id, b.id, String(a.stage.rawValue), String(b.stage.rawValue), shared,
                time?.day ?? "", time?.start ?? "", time?.end ?? "", backup?.id ?? "",
                p.continuing ? "yes" : "no", String(p.quality), local.0, local.1,
                a.name, a.email, b.name, b.email, backup?.name ?? "", backup?.email ?? "",
            ])
        }
        return writer.write(header: pairingsHeader, rows: rows)
    }

    public static let buddiesHeader = [
        "newcomer_id", "buddy_id", "newcomer_stage", "buddy_stage", "newcomer_name", "newcomer_email", "buddy_name", "buddy_email",
        "checkin_times", "newcomer_local_time", "buddy_local_time", "weeks", "score",
    ]

    /// buddies.csv: one row per trial newcomer with a buddy, in newcomer id
    /// order, with the daily check-ins of the trial weeks (UTC, and each
    /// person's local time; days with the same time merged, "Mon-Fri 18:00-18:15").
    public static func buddies(_ r: BatchResult, _ text: ScheduleText) -> String {
        let c = r.cohort
        let rows = r.buddies.pairs.enumerated().sorted { $0.element.newcomer < $1.element.newcomer }.map { k, p -> [String] in
            let a = c.members[p.newcomer], b = c.members[p.buddy]
            let events = r.buddyEvents(pair: k)
            let weeks = events.map { r.schedule.events[$0].occurrences }.max() ?? 0
            return [a.id, b.id, String(a.stage.rawValue), String(b.stage.rawValue), a.name, a.email, b.name, b.email,
                    text.utcTimes(events: events), text.localTimes(member: p.newcomer, events: events), text.localTimes(member: p.buddy, events: events),
                    weeks == 0 ? "" : weeks == 1 ? "1" : "1-\(weeks)", String(p.quality)]
        }
        return writer.write(header: buddiesHeader, rows: rows)
    }

    public static let teamsHeader = TeamRows.header + ["member_name", "member_email", "project_name", "standup_local_time", "facilitator_weeks", "note_taker_weeks"]

    /// teams.csv: the team rows with the standup the schedule chose (UTC),
    /// names, each member's local standup time and the weeks they facilitate
    /// and take notes (the role rotation).
    public static func teams(_ r: BatchResult, _ text: ScheduleText) -> String {
        let rows = TeamRows.rows(r.teams, cohort: r.cohort)
        var teamIndex: [String: Int] = [:]
        for (t, team) in r.teams.teams.enumerated() { teamIndex[team.id] = t }
        let memberIndex = r.cohort.memberIndex
        let roles = RoleWeeks(r.schedule)
        let out: [[String]] = rows.map { row in
            var row = row
            guard let t = teamIndex[row[0]], let m = memberIndex[row[2]] else { return row + ["", "", "", "", "", ""] }
            let time = text.standupTime(team: t)
            row[5] = time?.day ?? ""
            row[6] = time?.start ?? ""
            row[7] = time?.end ?? ""
            let member = r.cohort.members[m]
            let project = r.teams.teams[t].project.map { r.cohort.projects[$0].name } ?? ""
            let local = t < r.schedule.standupEvent.count ? r.schedule.standupEvent[t].map { text.localTime(member: m, event: $0) } ?? "" : ""
            return row + [member.name, member.email, project, local, roles.facilitator(m), roles.noteTaker(m)]
        }
        return writer.write(header: teamsHeader, rows: out)
    }

    public static let podsHeader = ["pod_id", "member_id", "stage", "shared_interest", "meeting_day", "meeting_start", "meeting_end",
                                    "member_name", "member_email", "meeting_local_time", "facilitator_weeks", "pod_size"]

    /// pods.csv: one row per pod member, pods in id order, members in id
    /// order: the weekly meeting (UTC; empty when it could not be placed), the
    /// member's local time and the weeks they facilitate (`;`-separated).
    public static func pods(_ r: BatchResult, _ text: ScheduleText) -> String {
        let c = r.cohort
        var rows: [[String]] = []
        for (x, pod) in r.pods.pods.enumerated() {
            let event = x < r.schedule.podEvent.count ? r.schedule.podEvent[x] : nil
            let time = event.map(text.time(ofEvent:))
            for m in pod.members {
                let member = c.members[m]
                rows.append([pod.id, member.id, String(member.stage.rawValue), c.tags.name(pod.interest),
                             time?.day ?? "", time?.start ?? "", time?.end ?? "", member.name, member.email,
                             event.map { text.localTime(member: m, event: $0) } ?? "",
                             pod.facilitatorWeeks(of: m).map(String.init).joined(separator: ";"), String(pod.members.count)])
            }
        }
        return writer.write(header: podsHeader, rows: rows)
    }

    /// unmatched.csv: one row per member and need not met, by member id then need.
    public static func unmatched(_ r: BatchResult) -> String { unmatched(UnmetNeeds.all(r), cohort: r.cohort) }

    static func unmatched(_ unmet: [UnmetNeed], cohort: Cohort) -> String {
        writer.write(header: ["member_id", "need", "reason"], rows: unmet.map { [cohort.members[$0.member].id, $0.need, $0.reason] })
    }

    static func phase(_ p: PhaseOutcome) -> JSON {
        var fields: [(String, JSON)] = [
            ("status", .string(p.status.rawValue)), ("objective", .number(p.objective)), ("bound", .number(p.bound)),
            ("gap", .number(p.gap)), ("seconds", .number(p.seconds)),
        ]
        if let stoppedBy = p.stoppedBy { fields.append(("stopped_by", .string(stoppedBy))) }
        if let by = p.certifiedBy { fields.append(("certified_by", .string(by))) }
        if let pivots = p.glpkPivots { fields.append(("glpk_pivots", .integer(pivots))) }
        if let engine = p.engineSeconds { fields.append(("engine_seconds", .number(engine))) }
        if let search = p.searchSeconds { fields.append(("search_seconds", .number(search))) }
        if let bound = p.boundSeconds { fields.append(("bound_seconds", .number(bound))) }
        for (name, value) in p.details { fields.append((name, .integer(value))) }
        return .object(fields)
    }

    /// summary.json: counts, phases, the policy in force and input digests.
    /// `renderWrite`: the seconds rendering and writing the other output files
    /// took, and how many files (the `render_write` phase; the command line
    /// writes summary.json last, once it knows them — 0 seconds when not given).
    public static func summary(_ r: BatchResult, inputs: [InputFile], renderWrite: (seconds: Double, files: Int)? = nil) -> JSON {
        let c = r.cohort
        let rules = MentorRules(policy: c.policy)
        let mentees = c.members.filter(rules.isMentee).count
        let policy: [(String, JSON)] = c.policy.entries.map { entry in
            if entry.value.hasPrefix("\"") { return (entry.key, .string(String(entry.value.dropFirst().dropLast()))) }
            if let n = Int(entry.value) { return (entry.key, .integer(n)) }
            if entry.value == "true" || entry.value == "false" { return (entry.key, .bool(entry.value == "true")) }
            if let x = Double(entry.value) { return (entry.key, .number(x)) }
            return (entry.key, .string(entry.value))
        }
        let counts: [(String, JSON)] = [
            ("members", .integer(c.members.count)),
            ("active", .integer(c.members.filter(\.isActive).count)),
            ("mentees", .integer(mentees)),
            ("mentors", .integer(c.members.filter(rules.isMentor).count)),
            ("mentor_pairs", .integer(r.mentoring.pairs.count)),
            ("continuing_pairs", .integer(r.mentoring.pairs.filter(\.continuing).count)),
            ("mentees_without_mentor", .integer(r.mentoring.unmatched.count)),
            ("mentees_with_backup", .integer(r.backups.assignments.count)),
            ("trial_newcomers", .integer(r.cohort.members.count { $0.status == .trial })),
            ("newcomers_with_buddy", .integer(r.buddies.pairs.count)),
            ("continuing_pairs_not_kept", .integer(r.continuingNotes.count)),
            ("teams", .integer(r.teams.teams.count)),
            ("members_in_teams", .integer(r.teams.teams.reduce(0) { $0 + $1.members.count })),
            ("members_without_team", .integer(r.teams.unplaced.count)),
            ("pod_seekers", .integer(r.cohort.members.count(where: \.seeksPod))),
            ("pods", .integer(r.pods.pods.count)),
            ("members_in_pods", .integer(r.pods.pods.reduce(0) { $0 + $1.members.count })),
            ("members_without_pod", .integer(r.pods.unplaced.count)),
            ("pod_meetings_not_fitted", .integer(r.schedule.unscheduled.count { $0.kind == .pod })),
            ("events", .integer(r.schedule.events.count)),
            ("events_not_fitted", .integer(r.schedule.unscheduled.count)),
            ("workshop_attendees", .integer(r.schedule.workshopSession.count { $0 >= 0 })),
            ("demo_sessions", .integer(r.schedule.demoSessions.count)),
            ("kickoff_attendees", .integer(r.schedule.kickoffEvents.reduce(0) { $0 + r.schedule.events[$1].participants.count })),
            ("kickoff_missed", .integer(r.schedule.sessionAbsences.count { $0.kind == .kickoff })),
            ("mentor_circle_sessions", .integer(r.schedule.mentorCircleEvents.count)),
            ("mentor_circle_missed", .integer(r.schedule.sessionAbsences.count { $0.kind == .mentorCircle })),
        ]
        var candidates: [(String, JSON)] = [("seconds", .number(r.candidateSeconds)), ("candidate_pairs", .integer(r.candidates.graph.pairCount))]
        // A large roster stores each mentee's best few pairs and prices the rest in (docs/mentoring.md §3.3).
        if r.candidates.truncated.contains(true), let k = r.candidates.limit { candidates.append(("stored_per_mentee", .integer(k))) }
        let phases: [(String, JSON)] = [("candidates", .object(candidates))] + solvedPhases(r).map { ($0.name, phase($0.outcome)) }
            + [("render_write", .object([("seconds", .number(renderWrite?.seconds ?? 0)), ("files", .integer(renderWrite?.files ?? 0))]))]
        let digests: [JSON] = inputs.map { file in
            let fields: [(String, JSON)] = [("file", .string(file.name)), ("bytes", .integer(file.bytes.count)), ("sha256", .string(SHA256.hex(file.bytes)))]
            return .object(fields)
        }
        let notes: [JSON] = r.continuingNotes.map { note in
            let fields: [(String, JSON)] = [("mentee", .string(c.members[note.mentee].id)), ("mentor", .string(c.members[note.mentor].id)), ("reason", .string(note.reason.message))]
            return .object(fields)
        }
        // The clock the schedule keeps (docs/schedule.md §1.1) and what each candidate costs.
        let clockCosts: [JSON] = c.week.clockCosts.map { .object([("clock", .string($0.zone)), ("slots_lost", .integer($0.lost))]) }
        let clock: [(String, JSON)] = [("zone", .string(c.week.clockZone ?? "UTC")), ("setting", .string(c.policy.scheduleClock)),
                                       ("members_losing_slots", .integer(c.members.count { $0.availability.count < $0.openingAvailability.count })),
                                       ("candidates", .array(clockCosts))]
        let alone: [JSON] = r.schedule.demoNotes.map { note in
            .object([("team", .string(r.scheduleRequest.teams[note.team].id)), ("reason", .string(note.reason))])
        }
        let top: [(String, JSON)] = [
            ("cohort_version", .string(CohortCore.version)),
            ("quarter_start", .string(c.policy.quarterStart.description)),
            ("quarter_start_source", .string(c.policy.quarterStartGiven ? "policy" : "monday after the run date")),
            ("determinism", determinism(r)),
            ("counts", .object(counts)),
            ("phases", .object(phases)),
            ("continuing_pairs_not_kept", .array(notes)),
            ("schedule_clock", .object(clock)),
            ("demo_sessions_alone", .array(alone)),
            ("policy", .object(policy)),
            ("inputs", .array(digests)),
        ]
        return .object(top)
    }

    /// The phases summary.json lists under their names, in order (candidates
    /// and render_write aside). With team_no_isolated, teams_isolated is its
    /// own level between placement and quality (docs/teams.md §7).
    static func solvedPhases(_ r: BatchResult) -> [(name: String, outcome: PhaseOutcome)] {
        let isolated: [(name: String, outcome: PhaseOutcome)] = r.teams.isolation.map { [("teams_isolated", $0)] } ?? []
        return [("mentor_pairs_matched", r.mentoring.cardinality), ("mentor_pairs_quality", r.mentoring.quality),
                ("backups_matched", r.backups.cardinality), ("backups_quality", r.backups.quality),
                ("buddies_matched", r.buddies.cardinality), ("buddies_quality", r.buddies.quality),
                ("teams_placed", r.teams.placement)] + isolated + [("teams_quality", r.teams.quality),
                ("pods_placed", r.pods.placement), ("pods_quality", r.pods.quality),
                ("schedule", r.schedule.outcome), ("workshop", r.schedule.workshopOutcome)]
    }

    /// The phases that may have run into the time limit (none without one):
    /// stopped by it, or whose stage — matched and quality, placed and
    /// quality, the schedule and its workshop, which may share a deadline —
    /// took at least 90 % of it together (a GLPK solve cut by its deadline
    /// says no more than "feasible").
    public static func phasesAtTimeLimit(_ r: BatchResult) -> [String] {
        guard let limit = r.cohort.policy.timeLimitSeconds else { return [] }
        let phases = solvedPhases(r)
        func stage(_ name: String) -> String {
            // mentor_pairs_matched → mentor_pairs; the workshop goes with the schedule.
            name == "workshop" || name == "schedule" ? "schedule" : String(name.split(separator: "_").dropLast().joined(separator: "_"))
        }
        var stageSeconds: [String: Double] = [:]
        for p in phases { stageSeconds[stage(p.name), default: 0] += p.outcome.seconds }
        return phases.filter { $0.outcome.stoppedBy == "time limit" || stageSeconds[stage($0.name)]! >= 0.9 * limit }.map(\.name)
    }

    /// What `cohort match` says on stderr about a time limit, once the phases
    /// ran (nil without one): whether any phase reached it — only then may
    /// another run give other files (docs/outputs.md "Determinism").
    public static func timeLimitNote(_ r: BatchResult) -> String? {
        guard let limit = r.cohort.policy.timeLimitSeconds else { return nil }
        let shown = DecimalText.short(limit, 3) + " s per phase (time_limit_seconds)"
        let reached = phasesAtTimeLimit(r)
        if reached.isEmpty {
            let longest = solvedPhases(r).map(\.outcome.seconds).max() ?? 0
            return "note: time limit \(shown): no phase reached it (longest \(DecimalText.short(longest, 2)) s), so these files are repeatable (summary.json: determinism)"
        }
        return "note: time limit \(shown): " + reached.joined(separator: ", ") + " stopped where the clock said; another run may give "
            + "different files — run without a time limit for repeatable files (summary.json: determinism)"
    }

    /// Whether the wall clock may have decided this run (docs/outputs.md
    /// "Determinism"): with a time limit, a phase that reaches it stops where
    /// the clock says, so two runs of the same input may differ;
    /// `phases_at_time_limit` names those that did in this run.
    static func determinism(_ r: BatchResult) -> JSON {
        let limit = r.cohort.policy.timeLimitSeconds
        let reached = phasesAtTimeLimit(r)
        var fields: [(String, JSON)] = [
            ("time_limit_seconds", limit.map { .number($0) } ?? .null),
            ("clock_may_decide", .bool(limit != nil)),
            ("repeatable", .string(limit == nil
                ? "yes: no time limit; every phase stops by its own rules and work budget, so the same input gives the same files"
                : reached.isEmpty
                    ? "yes in this run: no phase reached the time limit, so each stopped by its own rules; a run slow enough to reach it stops where the clock says"
                    : "not guaranteed: a phase that reaches the time limit stops where the clock says; run without --time-limit for repeatable files")),
        ]
        if limit != nil { fields.append(("phases_at_time_limit", .array(reached.map { .string($0) }))) }
        return .object(fields)
    }
}

/// Files and calendars rendered so far, counted by the threads that render them.
private final class RenderCount: @unchecked Sendable {
    private var value = 0
    private let lock = DispatchSemaphore(value: 1)

    /// Adds `n`; the new count.
    func add(_ n: Int) -> Int {
        lock.wait()
        defer { lock.signal() }
        value += n
        return value
    }
}
