/// Renders a batch into the files of SPEC §4, as text. Pure: the CLI writes
/// them. Every file is a deterministic function of the batch, except the
/// `seconds` fields of summary.json (see docs/outputs.md).
public enum OutputFiles {
    /// (file name, contents) in a fixed order.
    public static func render(_ r: BatchResult, inputs: [InputFile]) -> [(name: String, text: String)] {
        let text = ScheduleText(r.schedule, request: r.scheduleRequest)
        var files: [(name: String, text: String)] = [
            ("pairings.csv", pairings(r, text)),
            ("buddies.csv", buddies(r)),
            ("teams.csv", teams(r, text)),
            ("schedule.csv", text.scheduleCSV(writer: writer)),
            ("unmatched.csv", unmatched(r)),
            ("summary.json", summary(r, inputs: inputs).text),
            ("report.html", Report.html(r)),
        ]
        let names = text.calendarFileNames()
        for m in r.cohort.members.indices {
            if let calendar = text.calendar(member: m) { files.append(("calendar/" + names[m], calendar)) }
        }
        return files
    }

    static let writer = CSVWriter()

    /// pairings.csv: one row per mentor pair, in mentee id order.
    public static func pairings(_ r: BatchResult, _ text: ScheduleText) -> String {
        let c = r.cohort
        let header = [
            "mentee_id", "mentor_id", "mentee_stage", "mentor_stage", "shared_interests", "checkin_day", "checkin_start",
            "checkin_end", "backup_mentor_id", "continuing", "score", "mentee_local_time", "mentor_local_time",
        ]
        var rows: [[String]] = []
        rows.reserveCapacity(r.mentoring.pairs.count)
        for (index, p) in r.mentoring.pairs.enumerated() {
            let a = c.members[p.mentee], b = c.members[p.mentor]
            let shared = a.interests.intersection(b.skills).map { c.tags.name($0) }.sorted().joined(separator: ";")
            let time = text.checkInTime(pair: index)
            let local = time == nil ? ("", "") : text.checkInLocalTimes(pair: index)
            rows.append([
                a.id, b.id, String(a.stage.rawValue), String(b.stage.rawValue), shared,
                time?.day ?? "", time?.start ?? "", time?.end ?? "", r.backups.backup(of: p.mentee).map { c.members[$0].id } ?? "",
                p.continuing ? "yes" : "no", String(p.quality), local.0, local.1,
            ])
        }
        return writer.write(header: header, rows: rows)
    }

    /// buddies.csv: one row per trial newcomer with a buddy, in newcomer id order.
    public static func buddies(_ r: BatchResult) -> String {
        let c = r.cohort
        let rows = r.buddies.pairs.sorted { $0.newcomer < $1.newcomer }.map { p -> [String] in
            let a = c.members[p.newcomer], b = c.members[p.buddy]
            return [a.id, b.id, String(a.stage.rawValue), String(b.stage.rawValue), String(p.quality)]
        }
        return writer.write(header: ["newcomer_id", "buddy_id", "newcomer_stage", "buddy_stage", "score"], rows: rows)
    }

    /// teams.csv: the team rows with the standup the schedule chose (UTC),
    /// plus each member's local standup time.
    public static func teams(_ r: BatchResult, _ text: ScheduleText) -> String {
        let rows = TeamRows.rows(r.teams, cohort: r.cohort)
        var teamIndex: [String: Int] = [:]
        for (t, team) in r.teams.teams.enumerated() { teamIndex[team.id] = t }
        let memberIndex = r.cohort.memberIndex
        let out: [[String]] = rows.map { row in
            var row = row
            guard let t = teamIndex[row[0]], let m = memberIndex[row[2]] else { return row + [""] }
            let time = text.standupTime(team: t)
            row[5] = time?.day ?? ""
            row[6] = time?.start ?? ""
            row[7] = time?.end ?? ""
            let local = r.schedule.standupEvent[t].map { text.localTime(member: m, event: $0) } ?? ""
            return row + [local]
        }
        return writer.write(header: TeamRows.header + ["standup_local_time"], rows: out)
    }

    /// unmatched.csv: one row per member and need not met, by member id then need.
    public static func unmatched(_ r: BatchResult) -> String {
        // (member index, need order, row)
        var rows: [(Int, Int, [String])] = []
        for u in r.unserved {
            let order = u.need == .mentor ? 0 : u.need == .backup ? 1 : 2
            rows.append((u.member, order, [r.cohort.members[u.member].id, u.need.rawValue, u.reason.message]))
        }
        for i in r.teams.unplaced {
            rows.append((i, 3, [r.cohort.members[i].id, "team", r.teams.reasons[i] ?? ""]))
        }
        for a in r.schedule.workshopAbsences {
            rows.append((a.member, 4, [r.cohort.members[a.member].id, "workshop", a.reason]))
        }
        // A pair, team or buddy check-in that exists but could not be given a
        // time: every participant is told (need = the meeting's kind).
        for u in r.schedule.unscheduled {
            for m in u.participants {
                rows.append((m, 5, [r.cohort.members[m].id, u.kind.rawValue, u.reason]))
            }
        }
        rows.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        return writer.write(header: ["member_id", "need", "reason"], rows: rows.map(\.2))
    }

    static func phase(_ p: PhaseOutcome) -> JSON {
        var fields: [(String, JSON)] = [
            ("status", .string(p.status.rawValue)), ("objective", .number(p.objective)), ("bound", .number(p.bound)),
            ("gap", .number(p.gap)), ("seconds", .number(p.seconds)),
        ]
        if let by = p.certifiedBy { fields.append(("certified_by", .string(by))) }
        if let pivots = p.glpkPivots { fields.append(("glpk_pivots", .integer(pivots))) }
        if let engine = p.engineSeconds { fields.append(("engine_seconds", .number(engine))) }
        for (name, value) in p.details { fields.append((name, .integer(value))) }
        return .object(fields)
    }

    /// summary.json: counts, phases, the policy in force and input digests.
    public static func summary(_ r: BatchResult, inputs: [InputFile]) -> JSON {
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
            ("events", .integer(r.schedule.events.count)),
            ("events_not_fitted", .integer(r.schedule.unscheduled.count)),
            ("workshop_attendees", .integer(r.schedule.workshopSession.count { $0 >= 0 })),
            ("demo_sessions", .integer(r.schedule.demoSessions.count)),
        ]
        var candidates: [(String, JSON)] = [("seconds", .number(r.candidateSeconds)), ("candidate_pairs", .integer(r.candidates.graph.pairCount))]
        // A large roster stores each mentee's best few pairs and prices the rest in (docs/mentoring.md §3.3).
        if r.candidates.truncated.contains(true), let k = r.candidates.limit { candidates.append(("stored_per_mentee", .integer(k))) }
        let phases: [(String, JSON)] = [
            ("candidates", .object(candidates)),
            ("mentor_pairs_matched", phase(r.mentoring.cardinality)),
            ("mentor_pairs_quality", phase(r.mentoring.quality)),
            ("backups_matched", phase(r.backups.cardinality)),
            ("backups_quality", phase(r.backups.quality)),
            ("buddies_matched", phase(r.buddies.cardinality)),
            ("buddies_quality", phase(r.buddies.quality)),
            ("teams_placed", phase(r.teams.placement)),
            ("teams_quality", phase(r.teams.quality)),
            ("schedule", phase(r.schedule.outcome)),
            ("workshop", phase(r.schedule.workshopOutcome)),
        ]
        let digests: [JSON] = inputs.map { file in
            let fields: [(String, JSON)] = [("file", .string(file.name)), ("bytes", .integer(file.bytes.count)), ("sha256", .string(SHA256.hex(file.bytes)))]
            return .object(fields)
        }
        let notes: [JSON] = r.continuingNotes.map { note in
            let fields: [(String, JSON)] = [("mentee", .string(c.members[note.mentee].id)), ("mentor", .string(c.members[note.mentor].id)), ("reason", .string(note.reason.message))]
            return .object(fields)
        }
        let top: [(String, JSON)] = [
            ("cohort_version", .string(CohortCore.version)),
            ("quarter_start", .string(c.policy.quarterStart.description)),
            ("quarter_start_source", .string(c.policy.quarterStartGiven ? "policy" : "monday after the run date")),
            ("determinism", determinism(c.policy)),
            ("counts", .object(counts)),
            ("phases", .object(phases)),
            ("continuing_pairs_not_kept", .array(notes)),
            ("policy", .object(policy)),
            ("inputs", .array(digests)),
        ]
        return .object(top)
    }

    /// Whether the wall clock may have decided this run (docs/outputs.md
    /// "Determinism"): with a time limit, a phase that reaches it stops where
    /// the clock says, so two runs of the same input may differ.
    static func determinism(_ policy: Policy) -> JSON {
        let limit = policy.timeLimitSeconds
        let fields: [(String, JSON)] = [
            ("time_limit_seconds", limit.map { .number($0) } ?? .null),
            ("clock_may_decide", .bool(limit != nil)),
            ("repeatable", .string(limit == nil
                ? "yes: no time limit; every phase stops by its own rules and work budget, so the same input gives the same files"
                : "not guaranteed: a phase that reaches the time limit stops where the clock says; run without --time-limit for repeatable files")),
        ]
        return .object(fields)
    }
}
