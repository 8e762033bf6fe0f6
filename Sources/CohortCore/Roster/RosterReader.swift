/// Turns the input files into a validated `Cohort`, or into every problem
/// found, all in one pass (SPEC §2).
public enum RosterReader {
    public static let memberColumns = [
        "id", "name", "email", "stage", "status", "timezone", "availability", "interests", "skills",
        "mentor_capacity", "wants_mentor", "wants_team", "preferred_mentors", "project_choices", "avoid",
        "current_mentor", "change_mentor",
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
        var (policy, diagnostics) = PolicyReader.read(file: policy, overrides: overrides, runDate: runDate)
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
            result = Cohort(members: reader.members, projects: projectList, policy: policy, tags: reader.tags, hasProjects: projects != nil)
        }
        diagnostics += memberDiagnostics.sorted(by: Self.order) + projectDiagnostics.sorted(by: Self.order)
        let failed = diagnostics.contains { $0.severity == .error }
        return Outcome(cohort: failed ? nil : result, diagnostics: diagnostics)
    }

    static func order(_ a: Diagnostic, _ b: Diagnostic) -> Bool { a.line < b.line }
}

/// The state of one validation pass over members.csv and projects.csv.
struct MemberPass {
    var policy: Policy
    var members: [Member] = []
    var tags = TagVocabulary()
    var zones: TimeZoneTable
    var lineOfID: [String: Int] = [:]
    var indexOfID: [String: Int] = [:]
    var projectIndexOfID: [String: Int] = [:]
    /// Ids of rows that had errors: references to them are not errors again.
    var rejectedIDs: Set<String> = []
    var rejectedProjectIDs: Set<String> = []
    /// Raw reference cells per member, resolved once every id is known.
    var pending: [(row: Table.Row, member: Int?)] = []

    init(policy: Policy) {
        self.policy = policy
        zones = TimeZoneTable(reference: policy.quarterStart)
    }

    mutating func readMembers(_ table: Table, diagnostics: inout [Diagnostic]) {
        let file = table.file
        members.reserveCapacity(table.rows.count)
        // Members are kept in id order, so that every result is independent of
        // the order of rows in the file.
        for row in table.rowsInIDOrder {
            var ok = true
            func error(_ column: String, _ problem: InputProblem, _ value: some StringProtocol) {
                diagnostics.append(Diagnostic(.error, file: file, line: row.line, column: column, problem, value: String(value)))
                ok = false
            }
            func warn(_ column: String, _ problem: InputProblem, _ value: some StringProtocol) {
                diagnostics.append(Diagnostic(.warning, file: file, line: row.line, column: column, problem, value: String(value)))
            }

            let id = String(table.cell(row, "id"))
            if id.isEmpty {
                error("id", .requiredValueMissing, "")
            } else if let first = lineOfID[id] {
                error("id", .duplicateID(firstLine: first), id)
            }

            let stageText = table.cell(row, "stage")
            let stage = Stage(parsing: stageText)
            if stage == nil { error("stage", stageText.isEmpty ? .requiredValueMissing : .unknownStage, stageText) }

            let statusText = table.cell(row, "status")
            var status = MemberStatus.active
            if !statusText.isEmpty {
                if let s = MemberStatus(rawValue: statusText.lowercased()) { status = s } else { error("status", .unknownStatus, statusText) }
            }

            var zone = String(table.cell(row, "timezone"))
            if zone.isEmpty { zone = policy.defaultTimezone }
            var offset = 0
            if let o = zones.offsetMinutes(zone) {
                offset = o
                if o % Week.slotMinutes != 0 { warn("timezone", .offsetOffGrid(minutes: o), zone) }
            } else {
                error("timezone", .unknownTimeZone, zone)
            }

            var windows: [LocalWindow] = []
            for w in table.list(row, "availability") {
                switch Availability.parseWindow(w) {
                case .success(let window): windows.append(window)
                case .failure(let problem): error("availability", .availability(problem), w)
                }
            }
            let (slots, notes) = Availability.utcSlots(windows, offsetMinutes: offset)
            for note in notes {
                switch note {
                case .overlap(let w): warn("availability", .overlappingWindows, w)
                case .offGrid(let w): warn("availability", .offGridTime, w)
                }
            }

            let interests = TagSet(table.list(row, "interests").compactMap { tags.intern($0) })
            let skills = TagSet(table.list(row, "skills").compactMap { tags.intern($0) })

            var capacity = 0
            let capacityText = table.cell(row, "mentor_capacity")
            if !capacityText.isEmpty {
                if let c = Int(capacityText), c >= 0 {
                    capacity = c
                    if c > policy.maxMentees {
                        warn("mentor_capacity", .capacityCapped(to: policy.maxMentees), capacityText)
                        capacity = policy.maxMentees
                    }
                } else if Int(capacityText) != nil {
                    error("mentor_capacity", .outOfRange("0 or more"), capacityText)
                } else {
                    error("mentor_capacity", .notAnInteger, capacityText)
                }
            }

            func flag(_ column: String, default value: Bool) -> Bool {
                let text = table.cell(row, column)
                if text.isEmpty { return value }
                switch text.lowercased() {
                case "yes", "y", "true", "1": return true
                case "no", "n", "false", "0": return false
                default:
                    error(column, .notABoolean, text)
                    return value
                }
            }
            let active = status == .active
            let wantsMentor = flag("wants_mentor", default: active && (stage?.rawValue ?? 5) <= 5 - policy.stageGap)
            let wantsTeam = flag("wants_team", default: active)
            let changeMentor = flag("change_mentor", default: false)

            guard ok, let stage else {
                if !id.isEmpty && lineOfID[id] == nil { lineOfID[id] = row.line; rejectedIDs.insert(id) }
                pending.append((row, nil))
                continue
            }
            lineOfID[id] = row.line
            indexOfID[id] = members.count
            pending.append((row, members.count))
            members.append(Member(
                id: id, name: String(table.cell(row, "name")), email: String(table.cell(row, "email")),
                stage: stage, status: status, timeZone: zone, utcOffsetMinutes: offset, localWindows: windows,
                availability: slots, interests: interests, skills: skills, mentorCapacity: capacity,
                wantsMentor: wantsMentor, wantsTeam: wantsTeam, preferredMentors: [], projectChoices: [], avoid: [],
                currentMentor: nil, changeMentor: changeMentor, line: row.line))
        }
    }

    mutating func readProjects(_ table: Table, diagnostics: inout [Diagnostic]) -> [Project] {
        var projects: [Project] = []
        var lineOfProject: [String: Int] = [:]
        var projectOfMember: [Int: (id: String, line: Int)] = [:]
        for row in table.rowsInIDOrder {
            var ok = true
            func error(_ column: String, _ problem: InputProblem, _ value: some StringProtocol) {
                diagnostics.append(Diagnostic(.error, file: table.file, line: row.line, column: column, problem, value: String(value)))
                ok = false
            }
            let id = String(table.cell(row, "id"))
            if id.isEmpty { error("id", .requiredValueMissing, "") } else if let first = lineOfProject[id] { error("id", .duplicateID(firstLine: first), id) }

            func size(_ column: String, _ fallback: Int) -> Int {
                let text = table.cell(row, column)
                if text.isEmpty { return fallback }
                guard let n = Int(text) else { error(column, .notAnInteger, text); return fallback }
                guard n >= 1 else { error(column, .outOfRange("1 or more"), text); return fallback }
                return n
            }
            let minSize = size("min_size", policy.teamMin)
            let maxSize = size("max_size", policy.teamMax)
            if minSize > maxSize { error("max_size", .sizeRange(min: minSize, max: maxSize), table.cell(row, "max_size")) }

            var pitched: [Int] = []
            for ref in table.list(row, "members") {
                guard let m = indexOfID[String(ref)] else {
                    if !rejectedIDs.contains(String(ref)) { error("members", .unknownMember, ref) }
                    continue
                }
                if let other = projectOfMember[m], other.id != id || pitched.contains(m) {
                    error("members", .memberInTwoProjects(firstProject: other.id, firstLine: other.line), ref)
                    continue
                }
                pitched.append(m)
                let member = members[m]
                if member.status != .active {
                    diagnostics.append(Diagnostic(.warning, file: table.file, line: row.line, column: "members",
                        .preassignedNotEligible("is \(member.status.rawValue)"), value: String(ref)))
                } else if !member.wantsTeam {
                    diagnostics.append(Diagnostic(.warning, file: table.file, line: row.line, column: "members",
                        .preassignedNotEligible("does not want a team"), value: String(ref)))
                }
            }
            if pitched.count > maxSize {
                error("members", .tooManyPreassigned(count: pitched.count, maxSize: maxSize), table.cell(row, "members"))
            }
            let needs = TagSet(table.list(row, "needs").compactMap { tags.intern($0) })
            for m in pitched where projectOfMember[m] == nil { projectOfMember[m] = (id, row.line) }
            guard ok else {
                if !id.isEmpty && lineOfProject[id] == nil { lineOfProject[id] = row.line; rejectedProjectIDs.insert(id) }
                continue
            }
            lineOfProject[id] = row.line
            projectIndexOfID[id] = projects.count
            projects.append(Project(id: id, name: String(table.cell(row, "name")), needs: needs, minSize: minSize, maxSize: maxSize, members: pitched, line: row.line))
        }
        return projects
    }

    mutating func resolveReferences(_ table: Table, hasProjects: Bool, diagnostics: inout [Diagnostic]) {
        for (row, member) in pending {
            let selfID = String(table.cell(row, "id"))
            func error(_ column: String, _ problem: InputProblem, _ value: some StringProtocol) {
                diagnostics.append(Diagnostic(.error, file: table.file, line: row.line, column: column, problem, value: String(value)))
            }
            func memberRefs(_ column: String) -> [Int] {
                var result: [Int] = []
                for ref in table.list(row, column) {
                    if String(ref) == selfID { error(column, .selfReference, ref); continue }
                    guard let i = indexOfID[String(ref)] else {
                        if !rejectedIDs.contains(String(ref)) { error(column, .unknownMember, ref) }
                        continue
                    }
                    if !result.contains(i) { result.append(i) }
                }
                return result
            }
            let preferred = memberRefs("preferred_mentors")
            let avoided = memberRefs("avoid")
            var current: Int?
            let currentText = table.cell(row, "current_mentor")
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
            let choiceRefs = table.list(row, "project_choices")
            if !choiceRefs.isEmpty && !hasProjects {
                diagnostics.append(Diagnostic(.warning, file: table.file, line: row.line, column: "project_choices",
                    .projectChoicesWithoutProjects, value: String(table.cell(row, "project_choices"))))
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
            for a in avoided {
                if !members[m].avoid.contains(a) { members[m].avoid.append(a) }
                if !members[a].avoid.contains(m) { members[a].avoid.append(m) }
            }
        }
        for i in members.indices { members[i].avoid.sort() }
    }
}
