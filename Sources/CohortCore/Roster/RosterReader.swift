/// Turns the input files into a validated `Cohort`, or into every problem
/// found, all in one pass (SPEC §2).
public enum RosterReader {
    public static let memberColumns = [
        "id", "name", "email", "stage", "status", "timezone", "availability", "interests", "skills",
        "mentor_capacity", "wants_mentor", "wants_team", "preferred_mentors", "project_choices", "avoid",
        "current_mentor", "change_mentor", "wants_pod", "group", "teammates", "balance",
    ]
    public static let projectColumns = ["id", "name", "needs", "min_size", "max_size", "members"]

    /// The outcome of reading a roster: a cohort when there is no error, and
    /// every diagnostic (errors and warnings) in file and line order.
    public struct Outcome: Sendable {
        public var cohort: Cohort?
        public var diagnostics: [Diagnostic]
        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    /// Reads and validates the roster. `runDate` fixes the default `quarter_start`.
    public static func read(members: InputFile, projects: InputFile?, policy: InputFile?,
                            overrides: [PolicyReader.Override] = [], runDate: CalendarDate) -> Outcome {
        var (policy, diagnostics, origins) = PolicyReader.readWithOrigins(file: policy, overrides: overrides, runDate: runDate)
        var reader = MemberPass(policy: policy)
        var memberDiagnostics: [Diagnostic] = []
        let memberTable = Table.read(members, known: memberColumns, required: ["id", "stage"], diagnostics: &memberDiagnostics)
        var projectDiagnostics: [Diagnostic] = []
        let projectTable = projects.flatMap { Table.read($0, known: projectColumns, required: ["id"], diagnostics: &projectDiagnostics) }

        var result: Cohort?
        if let memberTable {
            reader.readMembers(memberTable, diagnostics: &memberDiagnostics)
            let projectList = projectTable.map { reader.readProjects($0, diagnostics: &projectDiagnostics) } ?? []
            reader.resolveReferences(memberTable, hasProjects: projects != nil, diagnostics: &memberDiagnostics)
            policy = reader.policy
            diagnostics += Self.policyAgainstRoster(policy, origins: origins, groups: reader.groups, balances: reader.balances)
            memberDiagnostics += Self.labelLookalikes(reader.members, groups: reader.groups, balances: reader.balances, policy: policy,
                                                      file: memberTable.file)
            result = Cohort(members: reader.members, projects: projectList, policy: policy, tags: reader.tags, hasProjects: projects != nil,
                            groups: reader.groups, balances: reader.balances)
        }
        diagnostics += memberDiagnostics.sorted(by: Self.order) + projectDiagnostics.sorted(by: Self.order)
        let failed = diagnostics.contains { $0.severity == .error }
        return Outcome(cohort: failed ? nil : result, diagnostics: diagnostics)
    }

    static func order(_ a: Diagnostic, _ b: Diagnostic) -> Bool { a.line < b.line }

    /// Policy values that name what no member has: a `team_no_isolated`
    /// value no member's `balance` is, a group rule in a roster without
    /// groups. Warnings (the run goes on; the rule just never applies), at the key.
    static func policyAgainstRoster(_ policy: Policy, origins: [PolicyKey: PolicyReader.Origin],
                                    groups: LabelVocabulary, balances: LabelVocabulary) -> [Diagnostic] {
        var found: [Diagnostic] = []
        if let at = origins[.team_no_isolated] {
            for value in policy.teamNoIsolated where balances.lookup(value) == nil {
                let suggestion = Suggestion.closest(to: value, among: balances.names)
                found.append(at.diagnostic(.warning, "team_no_isolated", .unknownBalanceValue(known: balances.names, didYouMean: suggestion), value: value))
            }
        }
        if groups.count == 0 {
            for (key, rule) in [(PolicyKey.mentor_group, policy.mentorGroup.rawValue), (.team_group, policy.teamGroup.rawValue)] where rule != "any" {
                guard let at = origins[key] else { continue }
                found.append(at.diagnostic(.warning, key.rawValue, .groupRuleWithoutGroups, value: rule))
            }
        }
        return found
    }
}

extension RosterReader {
    /// `balance` values that look like a misspelling of a more common one while `team_no_isolated`
    /// names one of the two, and `group` values that look like a misspelling of a more common one
    /// while `mentor_group` or `team_group` is in force (`lookalikes`).
    static func labelLookalikes(_ members: [Member], groups: LabelVocabulary, balances: LabelVocabulary, policy: Policy,
                                file: String) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let named = Set(policy.teamNoIsolated.compactMap { balances.lookup($0) })
        if !named.isEmpty {
            found += lookalikes(members.map(\.balance), lines: members.map(\.line), balances, named: named, column: "balance",
                                rule: "team_no_isolated", file: file)
        }
        let groupRules = [policy.mentorGroup != .any ? "mentor_group" : nil, policy.teamGroup != .any ? "team_group" : nil].compactMap { $0 }
        if !groupRules.isEmpty {
            found += lookalikes(members.map(\.group), lines: members.map(\.line), groups, named: Set(0..<groups.count), column: "group",
                                rule: groupRules.joined(separator: " and "), file: file)
        }
        return found
    }

    /// Values of a one-value column (`labels`: each member's label) that look like a misspelling of
    /// a more common one, when `named` holds one of the two: one warning per value, at the first
    /// member who has it ("wman" beside "woman", "non binary" beside "non-binary", "Finanse" beside
    /// "Finance"). Close: the same letters and digits; or the same words but one, that one at least
    /// four letters, no digit, and one edit away (two from seven letters on) — so "Section A" and
    /// "Section B", "Team 1" and "Team 2", "man" and "woman" never are. More common: at least three
    /// times as many members (any number for the same letters and digits).
    static func lookalikes(_ labels: [Int?], lines: [Int], _ vocabulary: LabelVocabulary, named: Set<Int>, column: String, rule: String,
                           file: String) -> [Diagnostic] {
        guard vocabulary.count > 1 else { return [] }
        var count = [Int](repeating: 0, count: vocabulary.count)
        var firstLine = [Int](repeating: 0, count: vocabulary.count)
        for (i, label) in labels.enumerated() {
            guard let b = label else { continue }
            if count[b] == 0 || lines[i] < firstLine[b] { firstLine[b] = lines[i] }
            count[b] += 1
        }
        let words = vocabulary.names.map { $0.lowercased().split { !($0.isLetter || $0.isNumber) }.map(Array.init) }
        let plain = words.map { Array($0.joined()) }
        func oneWordApart(_ a: Int, _ b: Int) -> Bool {
            guard words[a].count == words[b].count else { return false }
            let differing = words[a].indices.filter { words[a][$0] != words[b][$0] }
            guard differing.count == 1 else { return false }
            let x = words[a][differing[0]], y = words[b][differing[0]]
            let shorter = min(x.count, y.count)
            guard shorter >= 4, !x.contains(where: \.isNumber), !y.contains(where: \.isNumber) else { return false }
            return Suggestion.distance(x, y) <= (shorter >= 7 ? 2 : 1)
        }
        var found: [Diagnostic] = []
        for rare in 0..<vocabulary.count where count[rare] > 0 {
            var best: Int?
            for common in 0..<vocabulary.count where common != rare && count[common] > 0 && (named.contains(rare) || named.contains(common)) {
                let close: Bool
                if plain[rare] == plain[common] {
                    // Equal counts: the spelling the rule names is the right one, else the first seen.
                    let tie = named.contains(common) != named.contains(rare) ? named.contains(common) : common < rare
                    close = count[common] > count[rare] || (count[common] == count[rare] && tie)
                } else {
                    close = count[common] >= 3 * count[rare] && oneWordApart(rare, common)
                }
                if close, best.map({ count[common] > count[$0] }) ?? true { best = common }
            }
            guard let common = best else { continue }
            found.append(Diagnostic(.warning, file: file, line: firstLine[rare], column: .name(column),
                .labelLookalike(of: vocabulary.name(common), members: count[common], count: count[rare], rule: rule),
                value: vocabulary.name(rare)))
        }
        return found
    }
}

/// The columns of members.csv, positions resolved once.
struct MemberColumns {
    let id, name, email, stage, status, timezone, availability, interests, skills, mentorCapacity,
        wantsMentor, wantsTeam, preferredMentors, projectChoices, avoid, currentMentor, changeMentor,
        wantsPod, group, teammates, balance: Table.Column

    init(_ table: Table) {
        id = table.column("id"); name = table.column("name"); email = table.column("email")
        stage = table.column("stage"); status = table.column("status"); timezone = table.column("timezone")
        availability = table.column("availability"); interests = table.column("interests"); skills = table.column("skills")
        mentorCapacity = table.column("mentor_capacity"); wantsMentor = table.column("wants_mentor")
        wantsTeam = table.column("wants_team"); preferredMentors = table.column("preferred_mentors")
        projectChoices = table.column("project_choices"); avoid = table.column("avoid")
        currentMentor = table.column("current_mentor"); changeMentor = table.column("change_mentor")
        wantsPod = table.column("wants_pod"); group = table.column("group"); teammates = table.column("teammates")
        balance = table.column("balance")
    }
}

/// The columns of projects.csv, positions resolved once.
struct ProjectColumns {
    let id, name, needs, minSize, maxSize, members: Table.Column

    init(_ table: Table) {
        id = table.column("id"); name = table.column("name"); needs = table.column("needs")
        minSize = table.column("min_size"); maxSize = table.column("max_size"); members = table.column("members")
    }
}

/// The state of one validation pass over members.csv and projects.csv.
struct MemberPass {
    var policy: Policy
    var members: [Member] = []
    var tags = TagVocabulary()
    var groups = LabelVocabulary()
    var balances = LabelVocabulary()
    /// Each zone's offsets over the quarter, by name (nil: unknown zone).
    var timelines: [String: ZoneTimeline?] = [:]
    let span: Range<Int>
    var indexOfID: [String: Int] = [:]
    var projectIndexOfID: [String: Int] = [:]
    /// Ids of rows that had errors: references to them are not errors again.
    var rejectedIDs: Set<String> = []
    var rejectedProjectIDs: Set<String> = []
    /// Raw reference cells per member, resolved once every id is known.
    var pending: [(row: Table.Row, member: Int?)] = []

    /// Zones by the text of ASCII `timezone` cells, with their offsets: one
    /// `String` per zone, shared by all its members.
    var zoneOfCell: [Substring: (name: String, timeline: ZoneTimeline?)] = [:]
    /// Parsed availability windows by their ASCII text: rosters repeat the same
    /// few thousand windows (100,000 generated members have about 3,000).
    var windowOfText: [Substring: Result<LocalWindow, AvailabilityProblem>] = [:]

    /// Tag sets by the ASCII text of their cell (interests, skills, needs):
    /// members share a few combinations, and a cell seen before names tags
    /// already interned, so the vocabulary's order is the same.
    var tagSetOfCell: [Substring: TagSet] = [:]

    init(policy: Policy) {
        self.policy = policy
        span = WeekModel.span(quarterStart: policy.quarterStart)
    }

    /// The zone's offsets over the quarter, nil for an unknown zone.
    mutating func timeline(_ name: String) -> ZoneTimeline? {
        if let known = timelines[name] { return known }
        let t = ZoneTimeline(zone: name, over: span)
        timelines[name] = t
        return t
    }

    /// The zone a `timezone` cell names (the policy's `default_timezone` when
    /// empty) and its offsets over the quarter, nil for an unknown zone.
    ///
    /// The caches are keyed by ASCII text only: `Substring` keys compare by
    /// canonical equivalence, under which two different non-ASCII spellings can
    /// be equal, but two ASCII texts only when they are the same bytes.
    mutating func timeZone(_ cell: Substring) -> (name: String, timeline: ZoneTimeline?) {
        if cell.isEmpty { return (policy.defaultTimezone, timeline(policy.defaultTimezone)) }
        guard cell.isASCII else {
            let name = String(cell)
            return (name, timeline(name))
        }
        if let known = zoneOfCell[cell] { return known }
        let name = String(cell)
        let zone = (name: name, timeline: timeline(name))
        zoneOfCell[cell] = zone
        return zone
    }

    /// `Availability.parseWindow(text)`, remembered for ASCII text (see `timeZone`).
    mutating func parseWindow(_ text: Substring) -> Result<LocalWindow, AvailabilityProblem> {
        guard text.isASCII else { return Availability.parseWindow(text) }
        if let known = windowOfText[text] { return known }
        let result = Availability.parseWindow(text)
        windowOfText[text] = result
        return result
    }

    /// The tags of a `;`-list cell, interned; remembered for ASCII text (see `timeZone`).
    mutating func tagSet(_ cell: Substring) -> TagSet {
        if cell.isEmpty { return TagSet() }
        guard cell.isASCII else { return TagSet(Table.listItems(cell).compactMap { tags.intern($0) }) }
        if let known = tagSetOfCell[cell] { return known }
        let set = TagSet(Table.listItems(cell).compactMap { tags.intern($0) })
        tagSetOfCell[cell] = set
        return set
    }

    mutating func readMembers(_ table: Table, diagnostics: inout [Diagnostic]) {
        let file = table.file
        let column = MemberColumns(table)
        members.reserveCapacity(table.rows.count)
        indexOfID.reserveCapacity(table.rows.count)
        // The first row of the current id: rows come in id order (then line),
        // so the rows sharing an id are adjacent and the first has the lowest
        // line. No dictionary of lines by id is needed to find duplicates.
        var firstOfID: (id: String, line: Int)?
        // Members are kept in id order, so that every result is independent of
        // the order of rows in the file.
        for row in table.rowsInIDOrder {
            var ok = true
            func error(_ column: String, _ problem: InputProblem, _ value: some StringProtocol) {
                diagnostics.append(Diagnostic(.error, file: file, line: row.line, column: .name(column), problem, value: String(value)))
                ok = false
            }
            func warn(_ column: String, _ problem: InputProblem, _ value: some StringProtocol) {
                diagnostics.append(Diagnostic(.warning, file: file, line: row.line, column: .name(column), problem, value: String(value)))
            }

            let id = String(table.cell(row, column.id))
            if id.isEmpty {
                error("id", .requiredValueMissing, "")
            } else if let first = firstOfID, first.id == id {
                error("id", .duplicateID(firstLine: first.line), id)
            } else {
                firstOfID = (id, row.line)
            }

            let stageText = table.cell(row, column.stage)
            let stage = Stage(parsing: stageText)
            if stage == nil { error("stage", stageText.isEmpty ? .requiredValueMissing : .unknownStage, stageText) }

            let statusText = table.cell(row, column.status)
            var status = MemberStatus.active
            if !statusText.isEmpty {
                if let s = MemberStatus(rawValue: statusText.lowercasedFast()) { status = s } else { error("status", .unknownStatus, statusText) }
            }

            let (zone, zoneTimeline) = timeZone(table.cell(row, column.timezone))
            if let t = zoneTimeline {
                // Local mean time (before standard zones) has offsets in seconds: the windows are rounded on those.
                if let o = t.offsets.first(where: { $0 % Week.slotMinutes != 0 }) ?? (t.initialOffsetSeconds % 60 != 0 ? t.initialOffset : nil) {
                    warn("timezone", .offsetOffGrid(minutes: o), zone)
                }
            } else {
                error("timezone", .unknownTimeZone, zone)
            }
            let timeline = zoneTimeline ?? ZoneTimeline(zone: zone, fixedOffset: 0)

            var windows: [LocalWindow] = []
            table.forEachItem(row, column.availability) { w in
                switch parseWindow(w) {
                case .success(let window): windows.append(window)
                case .failure(let problem): error("availability", .availability(problem), w)
                }
            }
            // Cohort.init places these on the schedule's week (docs/input.md, Availability).
            let (slots, notes) = WeekModel.opening(windows, timeline: timeline)
            for note in notes {
                switch note {
                case .overlap(let w): warn("availability", .overlappingWindows, w)
                case .offGrid(let w): warn("availability", .offGridTime, w)
                }
            }

            let interests = tagSet(table.cell(row, column.interests))
            let skills = tagSet(table.cell(row, column.skills))

            var capacity = 0
            let capacityText = table.cell(row, column.mentorCapacity)
            switch Bounds.integer(capacityText, Bounds.mentorCapacity) {
            case .empty: break
            case .value(let c):
                capacity = c
                if c > policy.maxMentees {
                    warn("mentor_capacity", .capacityCapped(to: policy.maxMentees), capacityText)
                    capacity = policy.maxMentees
                }
            case .problem(let problem): error("mentor_capacity", problem, capacityText)
            }

            func flag(_ flagColumn: Table.Column, default value: Bool) -> Bool {
                let text = table.cell(row, flagColumn)
                if text.isEmpty { return value }
                switch text.lowercasedFast() {
                case "yes", "y", "true", "1": return true
                case "no", "n", "false", "0": return false
                default:
                    error(flagColumn.name, .notABoolean, text)
                    return value
                }
            }
            let active = status == .active
            let wantsMentor = flag(column.wantsMentor, default: active && (stage?.rawValue ?? 5) <= 5 - policy.stageGap)
            let wantsTeam = flag(column.wantsTeam, default: active)
            let changeMentor = flag(column.changeMentor, default: false)
            let wantsPod = flag(column.wantsPod, default: false)
            if wantsPod && !(status == .active || status == .trial) {
                warn("wants_pod", .podNotEligible(status: status.rawValue), table.cell(row, column.wantsPod))
            }
            let group = groups.intern(table.cell(row, column.group))
            let balanceText = table.cell(row, column.balance)
            if balanceText.contains(";") { error("balance", .oneValueOnly, balanceText) }

            guard ok, let stage else {
                if !id.isEmpty && firstOfID?.line == row.line { rejectedIDs.insert(id) }
                pending.append((row, nil))
                continue
            }
            indexOfID[id] = members.count
            pending.append((row, members.count))
            members.append(Member(
                id: id, name: String(table.cell(row, column.name)), email: String(table.cell(row, column.email)),
                stage: stage, status: status, timeZone: zone, utcOffsetMinutes: timeline.initialOffset, localWindows: windows,
                availability: slots, openingAvailability: slots, interests: interests, skills: skills, mentorCapacity: capacity,
                wantsMentor: wantsMentor, wantsTeam: wantsTeam, preferredMentors: [], projectChoices: [], avoid: [],
                currentMentor: nil, changeMentor: changeMentor, line: row.line,
                wantsPod: wantsPod, group: group, balance: balances.intern(balanceText)))
        }
    }

    mutating func readProjects(_ table: Table, diagnostics: inout [Diagnostic]) -> [Project] {
        var projects: [Project] = []
        var lineOfProject: [String: Int] = [:]
        var projectOfMember: [Int: (id: String, line: Int)] = [:]
        let column = ProjectColumns(table)
        for row in table.rowsInIDOrder {
            var ok = true
            func error(_ column: String, _ problem: InputProblem, _ value: some StringProtocol) {
                diagnostics.append(Diagnostic(.error, file: table.file, line: row.line, column: .name(column), problem, value: String(value)))
                ok = false
            }
            let id = String(table.cell(row, column.id))
            if id.isEmpty { error("id", .requiredValueMissing, "") } else if let first = lineOfProject[id] { error("id", .duplicateID(firstLine: first), id) }

            func size(_ sizeColumn: Table.Column, _ fallback: Int) -> Int {
                let text = table.cell(row, sizeColumn)
                switch Bounds.integer(text, Bounds.projectSize) {
                case .empty: return fallback
                case .value(let n): return n
                case .problem(let problem): error(sizeColumn.name, problem, text); return fallback
                }
            }
            let minSize = size(column.minSize, policy.teamMin)
            let maxSize = size(column.maxSize, policy.teamMax)
            if minSize > maxSize { error("max_size", .sizeRange(min: minSize, max: maxSize), table.cell(row, column.maxSize)) }

            var pitched: [Int] = []
            for ref in table.list(row, column.members) {
                guard let m = indexOfID[String(ref)] else {
                    if !rejectedIDs.contains(String(ref)) { error("members", .unknownMember, ref) }
                    continue
                }
                if let other = projectOfMember[m], other.id != id || pitched.contains(m) {
                    error("members", .memberInTwoProjects(firstProject: other.id, firstLine: other.line), ref)
                    continue
                }
                pitched.append(m)
                // Two fields, not a copy of the whole member.
                let (status, wantsTeam) = (members[m].status, members[m].wantsTeam)
                if status != .active {
                    diagnostics.append(Diagnostic(.warning, file: table.file, line: row.line, column: .name("members"),
                        .preassignedNotEligible("is \(status.rawValue)"), value: String(ref)))
                } else if !wantsTeam {
                    diagnostics.append(Diagnostic(.warning, file: table.file, line: row.line, column: .name("members"),
                        .preassignedNotEligible("does not want a team"), value: String(ref)))
                }
            }
            if pitched.count > maxSize {
                error("members", .tooManyPreassigned(count: pitched.count, maxSize: maxSize), table.cell(row, column.members))
            }
            let needs = tagSet(table.cell(row, column.needs))
            for m in pitched where projectOfMember[m] == nil { projectOfMember[m] = (id, row.line) }
            guard ok else {
                if !id.isEmpty && lineOfProject[id] == nil { lineOfProject[id] = row.line; rejectedProjectIDs.insert(id) }
                continue
            }
            lineOfProject[id] = row.line
            projectIndexOfID[id] = projects.count
            projects.append(Project(id: id, name: String(table.cell(row, column.name)), needs: needs, minSize: minSize, maxSize: maxSize, members: pitched, line: row.line))
        }
        return projects
    }

    mutating func resolveReferences(_ table: Table, hasProjects: Bool, diagnostics: inout [Diagnostic]) {
        let column = MemberColumns(table)
        for (row, member) in pending {
            let selfID = String(table.cell(row, column.id))
            func error(_ column: String, _ problem: InputProblem, _ value: some StringProtocol) {
                diagnostics.append(Diagnostic(.error, file: table.file, line: row.line, column: .name(column), problem, value: String(value)))
            }
            func memberRefs(_ refColumn: Table.Column) -> [Int] {
                var result: [Int] = []
                table.forEachItem(row, refColumn) { ref in
                    if String(ref) == selfID { error(refColumn.name, .selfReference, ref); return }
                    guard let i = indexOfID[String(ref)] else {
                        if !rejectedIDs.contains(String(ref)) { error(refColumn.name, .unknownMember, ref) }
                        return
                    }
                    if result.contains(i) {
                        diagnostics.append(Diagnostic(.warning, file: table.file, line: row.line, column: .name(refColumn.name), .namedTwice, value: String(ref)))
                    } else {
                        result.append(i)
                    }
                }
                return result
            }
            let preferred = memberRefs(column.preferredMentors)
            let avoided = memberRefs(column.avoid)
            let teammates = teammateWishes(table, row, column.teammates, selfID: selfID, member: member, avoided: avoided, diagnostics: &diagnostics)
            var current: Int?
            let currentText = table.cell(row, column.currentMentor)
            if !currentText.isEmpty {
                if String(currentText) == selfID {
                    error("current_mentor", .selfReference, currentText)
                } else if let i = indexOfID[String(currentText)] {
                    current = i
                } else if !rejectedIDs.contains(String(currentText)) {
                    error("current_mentor", .unknownMember, currentText)
                }
            }
            var choices: [Int] = []
            let choiceRefs = table.list(row, column.projectChoices)
            if !choiceRefs.isEmpty && !hasProjects {
                diagnostics.append(Diagnostic(.warning, file: table.file, line: row.line, column: .name("project_choices"),
                    .projectChoicesWithoutProjects, value: String(table.cell(row, column.projectChoices))))
            } else {
                for ref in choiceRefs {
                    guard let p = projectIndexOfID[String(ref)] else {
                        // A choice of a project that failed validation is not a second error.
                        if !rejectedProjectIDs.contains(String(ref)) { error("project_choices", .unknownProject, ref) }
                        continue
                    }
                    if !choices.contains(p) { choices.append(p) }
                }
            }
            guard let m = member else { continue }
            members[m].preferredMentors = preferred
            members[m].currentMentor = current
            members[m].projectChoices = choices
            members[m].teammates = teammates
            for a in avoided {
                if !members[m].avoid.contains(a) { members[m].avoid.append(a) }
                if !members[a].avoid.contains(m) { members[a].avoid.append(m) }
            }
        }
        for i in members.indices { members[i].avoid.sort() }
    }

    /// The `teammates` cell of one row: an id no member has is an error like
    /// every other bad reference; the rest are wishes, not rules, so a wish
    /// naming oneself, a wish written twice, one for someone on the avoid list
    /// and one for someone who is not placed on teams are warnings, and the
    /// wish is dropped (or counted once). So are wishes that can never be
    /// honoured: of a member who is not placed on teams, or across groups
    /// under `team_group = "same"` (kept: the team rules skip them).
    func teammateWishes(_ table: Table, _ row: Table.Row, _ column: Table.Column, selfID: String, member: Int?, avoided: [Int],
                        diagnostics: inout [Diagnostic]) -> [Int] {
        var result: [Int] = []
        var seen: Set<Substring> = []
        func report(_ severity: Diagnostic.Severity, _ problem: InputProblem, _ value: some StringProtocol) {
            diagnostics.append(Diagnostic(severity, file: table.file, line: row.line, column: .name(column.name), problem, value: String(value)))
        }
        if let m = member, !table.cell(row, column).isEmpty {
            if members[m].status != .active {
                report(.warning, .teammatesOfMemberNotOnTeams("is \(members[m].status.rawValue)"), table.cell(row, column))
            } else if !members[m].wantsTeam {
                report(.warning, .teammatesOfMemberNotOnTeams("does not want a team"), table.cell(row, column))
            }
        }
        let ownGroup = member.flatMap { policy.teamGroup == .same ? members[$0].group : nil }
        table.forEachItem(row, column) { ref in
            if !seen.insert(ref).inserted { report(.warning, .teammateTwice, ref); return }
            if String(ref) == selfID { report(.warning, .teammateSelf, ref); return }
            guard let t = indexOfID[String(ref)] else {
                if !rejectedIDs.contains(String(ref)) { report(.error, .unknownMember, ref) }
                return
            }
            if avoided.contains(t) { report(.warning, .teammateAvoided, ref); return }
            let (status, wantsTeam) = (members[t].status, members[t].wantsTeam)
            if status != .active {
                report(.warning, .teammateNotOnTeams("is \(status.rawValue)"), ref)
            } else if !wantsTeam {
                report(.warning, .teammateNotOnTeams("does not want a team"), ref)
            } else if let ownGroup, let other = members[t].group, other != ownGroup {
                report(.warning, .teammateNotOnTeams("is in another group ('\(groups.name(other))') and team_group = \"same\" keeps groups apart"), ref)
            }
            result.append(t)
        }
        return result
    }
}

/// The bounds of every number read from members.csv and projects.csv
/// (docs/input.md "Bounds"): values past them are errors, so no arithmetic
/// on input can overflow and no allocation grows with a typo.
enum Bounds {
    /// `mentor_capacity`: above `max_mentees` it is capped with a warning; above this, an error.
    static let mentorCapacity = 0...100
    /// A project's `min_size` and `max_size` (the policy's team sizes go to 50 too).
    static let projectSize = 1...50

    enum Reading {
        case empty
        case value(Int)
        case problem(InputProblem)
    }

    /// A whole number within `range`: digits too many for an integer are out of range, not "not a number".
    static func integer(_ text: Substring, _ range: ClosedRange<Int>) -> Reading {
        if text.isEmpty { return .empty }
        let outOfRange = InputProblem.outOfRange("\(range.lowerBound) to \(range.upperBound)")
        guard let n = Int(text) else {
            let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : text[...]
            return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit) ? .problem(outOfRange) : .problem(.notAnInteger)
        }
        return range.contains(n) ? .value(n) : .problem(outOfRange)
    }
}
