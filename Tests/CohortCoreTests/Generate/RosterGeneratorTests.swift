import Foundation
import Testing
@testable import CohortCore

// MARK: - Helpers reading the generated tables back

private struct MemberView {
    let table: GeneratedTable
    let column: [String: Int]

    init(_ table: GeneratedTable) {
        self.table = table
        var column: [String: Int] = [:]
        for (k, name) in table.header.enumerated() { column[name] = k }
        self.column = column
    }

    func cell(_ row: [String], _ name: String) -> String { row[column[name]!] }
    func list(_ row: [String], _ name: String) -> [String] {
        let c = cell(row, name)
        return c.isEmpty ? [] : c.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
    }
}

private let stageNames = ["exploration", "foundation", "application", "mentorship", "leadership"]

private func stageNumber(_ cell: String) -> Int? {
    if let n = Int(cell), (1...5).contains(n) { return n }
    if let k = stageNames.firstIndex(of: cell) { return k + 1 }
    return nil
}

private let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

/// Parses `HH:MM` into minutes; nil when malformed.
private func minutes(_ s: Substring) -> Int? {
    let parts = s.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
          let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m),
          h < 24 || m == 0 else { return nil }
    return h * 60 + m
}

/// A parsed window: days (indices), start and end in minutes (end ≤ start: past midnight).
private struct Window { let days: [Int]; let start: Int; let end: Int }

private func parseWindow(_ text: String) -> Window? {
    let parts = text.split(separator: " ", omittingEmptySubsequences: false)
    guard parts.count == 2 else { return nil }
    let dayParts = parts[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    guard (1...2).contains(dayParts.count),
          let first = days.firstIndex(of: dayParts[0]),
          let last = days.firstIndex(of: dayParts[dayParts.count - 1]), first <= last else { return nil }
    let times = parts[1].split(separator: "-", omittingEmptySubsequences: false)
    guard times.count == 2, let start = minutes(times[0]), let end = minutes(times[1]),
          start < 1440, start != end else { return nil }
    return Window(days: Array(first...last), start: start, end: end)
}

private func csvText(_ table: GeneratedTable) -> String {
    ([table.header] + table.rows).map { $0.joined(separator: ",") }.joined(separator: "\n")
}

/// FNV-1a over the whole roster, as a platform-independent fingerprint.
private func fingerprint(_ roster: GeneratedRoster) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in (csvText(roster.members) + "\u{1}" + csvText(roster.projects) + "\u{1}" + roster.policyTOML).utf8 {
        h = (h ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return h
}

private func generate(_ n: Int, seed: UInt64 = 1, _ tweak: (inout RosterGenerator.Parameters) -> Void = { _ in })
    -> GeneratedRoster
{
    var p = RosterGenerator.Parameters(memberCount: n, seed: seed)
    tweak(&p)
    return RosterGenerator(parameters: p).generate()
}

// MARK: - Generator

@Suite("RosterGenerator")
struct RosterGeneratorTests {
    @Test("same seed gives identical output")
    func deterministic() {
        let a = generate(800, seed: 99)
        let b = generate(800, seed: 99)
        #expect(a == b)
    }

    @Test("different seeds give different output")
    func seedsDiffer() {
        let a = generate(300, seed: 1)
        let b = generate(300, seed: 2)
        #expect(a.members.rows != b.members.rows)
        #expect(a.projects.rows != b.projects.rows)
        #expect(a.policyTOML != b.policyTOML)  // the seed line
    }

    /// Pins the exact bytes for one seed, so a change in the generator, or a platform
    /// that generates differently, is noticed. After an intended change to the
    /// generator, update the constant (and say so in the commit).
    @Test("output fingerprint is pinned")
    func pinnedFingerprint() {
        #expect(fingerprint(generate(300, seed: 7)) == 12_482_793_687_494_268_021)
    }

    @Test("headers are exactly the SPEC §2 columns")
    func headers() {
        let r = generate(10)
        #expect(r.members.header == [
            "id", "name", "email", "stage", "status", "timezone", "availability", "interests",
            "skills", "mentor_capacity", "wants_mentor", "wants_team", "preferred_mentors",
            "project_choices", "avoid", "current_mentor", "change_mentor",
        ])
        #expect(r.projects.header == ["id", "name", "needs", "min_size", "max_size", "members"])
    }

    @Test("ids are zero-padded to fit the member count")
    func idFormat() {
        #expect(generate(3).members.rows.map { $0[0] } == ["m00001", "m00002", "m00003"])
        let big = generate(100_000, seed: 3) { $0.projectsPer100Members = 0 }
        #expect(big.members.rows.first?[0] == "m000001")
        #expect(big.members.rows.last?[0] == "m100000")
    }

    @Test("every reference is valid under SPEC §2", arguments: [
        (0, UInt64(1)), (1, 1), (2, 5), (3, 9), (10, 2), (57, 3), (2_000, 4), (2_000, 5),
    ])
    func referentialIntegrity(n: Int, seed: UInt64) throws {
        let r = generate(n, seed: seed)
        let m = MemberView(r.members)
        #expect(r.members.rows.count == n)

        var stageOf: [String: Int] = [:]
        var capacityOf: [String: Int] = [:]
        var statusOf: [String: String] = [:]
        var wantsTeamOf: [String: String] = [:]
        for row in r.members.rows {
            #expect(row.count == r.members.header.count)
            let id = m.cell(row, "id")
            #expect(stageOf[id] == nil, "duplicate id \(id)")
            let stage = try #require(stageNumber(m.cell(row, "stage")), "stage \(m.cell(row, "stage"))")
            stageOf[id] = stage
            let cap = m.cell(row, "mentor_capacity")
            capacityOf[id] = cap.isEmpty ? 0 : try #require(Int(cap))
            #expect((0...3).contains(capacityOf[id]!))
            statusOf[id] = m.cell(row, "status")
            #expect(["active", "trial", "paused", "inactive"].contains(statusOf[id]!))
            wantsTeamOf[id] = m.cell(row, "wants_team")
            for column in ["wants_mentor", "wants_team", "change_mentor"] {
                #expect(["", "yes", "no"].contains(m.cell(row, column)))
            }
        }

        var projectIDs = Set<String>()
        var pitched = Set<String>()
        for row in r.projects.rows {
            #expect(row.count == r.projects.header.count)
            #expect(projectIDs.insert(row[0]).inserted, "duplicate project \(row[0])")
            #expect(!row[2].isEmpty, "project without needs")
            let minSize = row[3].isEmpty ? 3 : try #require(Int(row[3]))
            let maxSize = row[4].isEmpty ? 5 : try #require(Int(row[4]))
            #expect(3 <= minSize && minSize <= maxSize && maxSize <= 5)
            let members = row[5].isEmpty ? [] : row[5].split(separator: ";").map(String.init)
            #expect(members.count <= 2 && members.count <= maxSize)
            for id in members {
                #expect(stageOf[id] != nil, "unknown pitcher \(id)")
                #expect(pitched.insert(id).inserted, "\(id) pitches two projects")
                #expect(statusOf[id] == "active")
                #expect(wantsTeamOf[id] != "no")
            }
        }

        for row in r.members.rows {
            let id = m.cell(row, "id")
            for column in ["preferred_mentors", "avoid"] {
                let ids = m.list(row, column)
                #expect(Set(ids).count == ids.count, "repeated id in \(column) of \(id)")
                for other in ids {
                    #expect(stageOf[other] != nil, "\(column) of \(id) names unknown \(other)")
                    #expect(other != id, "\(id) lists itself in \(column)")
                }
            }
            for choice in m.list(row, "project_choices") {
                #expect(projectIDs.contains(choice), "unknown project \(choice)")
            }
            let current = m.cell(row, "current_mentor")
            if current.isEmpty {
                #expect(m.cell(row, "change_mentor") != "yes")
            } else {
                let mentorStage = try #require(stageOf[current], "unknown current_mentor \(current)")
                #expect(mentorStage >= stageOf[id]! + 2)
                #expect(capacityOf[current]! > 0)
                #expect(current != id)
                #expect(!m.list(row, "avoid").contains(current))
            }
        }
        // Continuing mentees per mentor never exceed the mentor's (capped) capacity.
        var continuing: [String: Int] = [:]
        for row in r.members.rows where !m.cell(row, "current_mentor").isEmpty {
            continuing[m.cell(row, "current_mentor"), default: 0] += 1
        }
        for (mentor, count) in continuing {
            #expect(count <= min(2, capacityOf[mentor]!))
        }
    }

    @Test("stage mix follows the default 35/30/18/11/6 weights on 5,000 members")
    func stageDistribution() throws {
        let r = generate(5_000, seed: 11)
        let m = MemberView(r.members)
        var counts = [0, 0, 0, 0, 0]
        var named = 0
        for row in r.members.rows {
            let cell = m.cell(row, "stage")
            counts[try #require(stageNumber(cell)) - 1] += 1
            if Int(cell) == nil { named += 1 }
        }
        for (k, expected) in [35.0, 30, 18, 11, 6].enumerated() {
            let share = Double(counts[k]) * 100 / 5_000
            #expect(abs(share - expected) < 2.5, "stage \(k + 1): \(share)% (expected ≈ \(expected)%)")
        }
        #expect(named > 900 && named < 1_600)  // ≈ 25% written as names
    }

    @Test("availability is well-formed, on the 15-minute grid, and never overlaps")
    func availability() throws {
        let r = generate(3_000, seed: 21)
        let m = MemberView(r.members)
        var pastMidnight = 0, ranges = 0, endAt24 = 0, weekend = 0, blank = 0, windows = 0
        for row in r.members.rows {
            let cell = m.cell(row, "availability")
            if cell.isEmpty { blank += 1; continue }
            var busy = [Bool](repeating: false, count: 7 * 96)
            for text in cell.split(separator: ";").map(String.init) {
                let w = try #require(parseWindow(text), "malformed window '\(text)'")
                windows += 1
                #expect(w.start % 15 == 0 && w.end % 15 == 0, "off the grid: \(text)")
                if w.end < w.start { pastMidnight += 1 }
                if w.end == 1440 { endAt24 += 1 }
                if w.days.count > 1 { ranges += 1 }
                if w.days.contains(where: { $0 >= 5 }) { weekend += 1 }
                let length = w.end > w.start ? w.end - w.start : w.end + 1440 - w.start
                #expect(length >= 15 && length <= 4 * 60)
                for d in w.days {
                    for q in 0..<(length / 15) {
                        let slot = (d * 96 + w.start / 15 + q) % (7 * 96)
                        #expect(!busy[slot], "overlapping windows in '\(cell)'")
                        busy[slot] = true
                    }
                }
            }
        }
        #expect(pastMidnight > 0 && ranges > 0 && endAt24 > 0 && weekend > 0)
        #expect(blank > 0 && blank < 300)
        #expect(windows > 3 * 2_000)
    }

    @Test("time zones are real IANA names across continents")
    func timeZones() {
        let r = generate(3_000, seed: 5) { $0.zoneSpread = 1 }
        let m = MemberView(r.members)
        let zones = Set(r.members.rows.map { m.cell($0, "timezone") }).subtracting([""])
        for zone in zones {
            #expect(TimeZone(identifier: zone) != nil, "unknown zone \(zone)")
        }
        #expect(zones.contains("Asia/Kolkata"))
        #expect(zones.contains("Asia/Kathmandu"))
        for prefix in ["America/", "Europe/", "Africa/", "Australia/", "Asia/"] {
            #expect(zones.contains { $0.hasPrefix(prefix) }, "no zone under \(prefix)")
        }
        // Every zone in the table resolves, not only those this seed happened to draw.
        for region in GeneratorData.regions {
            for zone in region.zones {
                #expect(TimeZone(identifier: zone.identifier) != nil, "unknown zone \(zone.identifier)")
            }
        }
    }

    @Test("cells need no CSV quoting; e-mails are ASCII; tags come from the tag set")
    func cellHygiene() {
        let r = generate(2_000, seed: 8)
        let m = MemberView(r.members)
        let forbidden: Set<Character> = [",", "\"", "\n", "\r"]
        for row in r.members.rows + r.projects.rows {
            for cell in row { #expect(!cell.contains { forbidden.contains($0) }, "needs quoting: \(cell)") }
        }
        let known = Set(GeneratorData.tags)
        for row in r.members.rows {
            let email = m.cell(row, "email")
            #expect(email.unicodeScalars.allSatisfy { $0.isASCII })
            for column in ["interests", "skills"] {
                let tags = m.list(row, column).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                #expect(Set(tags).count == tags.count, "repeated tag in \(column)")
                for tag in tags { #expect(known.contains(tag), "unknown tag \(tag)") }
            }
        }
    }

    @Test("policy is flat TOML with SPEC §2 keys and a fixed quarter_start")
    func policy() throws {
        let r = generate(10, seed: 123)
        let allowed: Set<String> = [
            "stage_gap", "max_mentees", "require_shared_interest", "checkin_minutes", "standup_minutes",
            "workshop_minutes", "workshop_sessions", "team_min", "team_max", "team_min_distinct_stages",
            "team_senior_stage", "buddy_stage_gap", "buddy_minutes", "max_buddies", "max_backups",
            "demo_days", "teams_per_demo", "quarter_start", "default_timezone", "time_limit_seconds", "seed",
        ]
        var values: [String: String] = [:]
        #expect(r.policyTOML.hasSuffix("\n"))
        for line in r.policyTOML.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            try #require(parts.count == 2, "not key = value: \(line)")
            #expect(allowed.contains(parts[0]), "unknown key \(parts[0])")
            #expect(values[parts[0]] == nil, "repeated key \(parts[0])")
            values[parts[0]] = parts[1]
        }
        #expect(values["quarter_start"] == "2027-01-04")
        #expect(values["seed"] == "123")
        #expect(values["default_timezone"] == "\"UTC\"")
        let huge = generate(1, seed: UInt64.max)
        #expect(huge.policyTOML.contains("seed = 9223372036854775807\n"))
    }

    @Test("mentors are mostly at stage ≥ 3, capacities 1–2 with a few 3")
    func mentors() throws {
        let r = generate(4_000, seed: 6)
        let m = MemberView(r.members)
        var mentors = 0, senior = 0, threes = 0, trialMentors = 0
        for row in r.members.rows {
            guard let cap = Int(m.cell(row, "mentor_capacity")), cap > 0 else { continue }
            mentors += 1
            if try #require(stageNumber(m.cell(row, "stage"))) >= 3 { senior += 1 }
            if cap == 3 { threes += 1 }
            if m.cell(row, "status") == "trial" { trialMentors += 1 }
        }
        #expect(mentors > 0)
        #expect(Double(senior) >= 0.9 * Double(mentors))
        #expect(threes > 0 && Double(threes) < 0.15 * Double(mentors))
        #expect(trialMentors == 0)
    }

    // MARK: Parameters have the effect they claim

    private func count(_ r: GeneratedRoster, _ column: String, where predicate: (String) -> Bool) -> Int {
        let m = MemberView(r.members)
        return r.members.rows.filter { predicate(m.cell($0, column)) }.count
    }

    @Test("a higher mentor share gives more members with capacity > 0")
    func mentorShareEffect() {
        let low = count(generate(3_000, seed: 3) { $0.mentorShare = 0.2 }, "mentor_capacity") { (Int($0) ?? 0) > 0 }
        let high = count(generate(3_000, seed: 3) { $0.mentorShare = 0.9 }, "mentor_capacity") { (Int($0) ?? 0) > 0 }
        #expect(high > 2 * low)
        let none = count(generate(1_000, seed: 3) { $0.mentorShare = 0 }, "mentor_capacity") { (Int($0) ?? 0) > 0 }
        #expect(none == 0)
    }

    @Test("trial, paused and inactive shares are honoured")
    func statusShares() throws {
        let r = generate(5_000, seed: 12) {
            $0.trialShare = 0.2; $0.pausedShare = 0.1; $0.inactiveShare = 0.05
        }
        let m = MemberView(r.members)
        var counts: [String: Int] = [:]
        var trialEarly = 0
        for row in r.members.rows {
            let status = m.cell(row, "status")
            counts[status, default: 0] += 1
            if status == "trial", try #require(stageNumber(m.cell(row, "stage"))) <= 2 { trialEarly += 1 }
        }
        #expect(abs(Double(counts["trial"] ?? 0) / 5_000 - 0.2) < 0.025)
        #expect(abs(Double(counts["paused"] ?? 0) / 5_000 - 0.1) < 0.02)
        #expect(abs(Double(counts["inactive"] ?? 0) / 5_000 - 0.05) < 0.015)
        #expect(trialEarly == counts["trial"])
        let none = generate(1_000, seed: 12) { $0.trialShare = 0; $0.pausedShare = 0; $0.inactiveShare = 0 }
        #expect(count(none, "status") { $0 != "active" } == 0)
    }

    @Test("zone spread 0 keeps everyone in Europe; 1 spreads them")
    func zoneSpreadEffect() {
        let home = generate(2_000, seed: 4) { $0.zoneSpread = 0 }
        #expect(count(home, "timezone") { !$0.isEmpty && !$0.hasPrefix("Europe/") } == 0)
        let world = generate(2_000, seed: 4) { $0.zoneSpread = 1 }
        let outside = count(world, "timezone") { !$0.isEmpty && !$0.hasPrefix("Europe/") }
        #expect(outside > 1_200)
    }

    @Test("higher availability density gives more windows per member")
    func densityEffect() {
        func windows(_ density: Double) -> Int {
            let r = generate(2_000, seed: 10) { $0.availabilityDensity = density }
            let m = MemberView(r.members)
            return r.members.rows.reduce(0) { $0 + m.list($1, "availability").count }
        }
        let sparse = windows(0), medium = windows(0.5), dense = windows(1)
        #expect(sparse < medium && medium < dense)
        #expect(sparse <= 2_000)
    }

    @Test("projects per 100 members sets the project count")
    func projectCount() {
        #expect(generate(1_000) { $0.projectsPer100Members = 5 }.projects.rows.count == 50)
        #expect(generate(1_000) { $0.projectsPer100Members = 0 }.projects.rows.count == 0)
        #expect(generate(200).projects.rows.count == 30)
    }

    @Test("continuing and change-mentor shares are honoured")
    func continuingEffect() {
        let none = generate(2_000, seed: 9) { $0.continuingShare = 0 }
        #expect(count(none, "current_mentor") { !$0.isEmpty } == 0)
        let some = generate(2_000, seed: 9)
        let continuing = count(some, "current_mentor") { !$0.isEmpty }
        let changes = count(some, "change_mentor") { $0 == "yes" }
        #expect(continuing > 200)
        #expect(changes > 0 && changes < continuing / 3)
    }

    @Test("custom stage weights are used; malformed ones fall back to the default")
    func stageWeights() {
        let leaders = generate(500) { $0.stageWeights = [0, 0, 0, 0, 1] }
        #expect(count(leaders, "stage") { stageNumber($0) != 5 } == 0)
        let fallback = generate(500) { $0.stageWeights = [1, 2] }
        #expect(fallback == generate(500) { $0.stageWeights = [35, 30, 18, 11, 6] })
    }

    // MARK: shapes (docs/generator.md, "Shapes")

    private func shaped(_ shape: RosterGenerator.Shape, _ n: Int, seed: UInt64 = 1) -> GeneratedRoster {
        generate(n, seed: seed) { $0.shape = shape }
    }

    @Test("the community shape is the default and its output is unchanged")
    func communityIsDefault() {
        #expect(shaped(.community, 300, seed: 7) == generate(300, seed: 7))
        #expect(generate(300).hasProjectsFile && generate(300).projectsFile == generate(300).projects)
    }

    @Test("many projects: one per 5 members; 60% of those who want a team name exactly 3, spread at random")
    func manyProjects() {
        let r = shaped(.manyProjects, 2_000, seed: 2)
        #expect(r.projects.rows.count == 400)
        let m = MemberView(r.members)
        let pitchers = Set(r.projects.rows.flatMap { $0[5].split(separator: ";").map(String.init) })
        var choosers = 0, candidates = 0
        var named = [String: Int]()
        for row in r.members.rows where m.cell(row, "status") == "active" && m.cell(row, "wants_team") != "no" && !pitchers.contains(m.cell(row, "id")) {
            candidates += 1
            let list = m.list(row, "project_choices")
            #expect(list.isEmpty || list.count == 3)
            if list.count == 3 { choosers += 1 }
            for p in list { named[p, default: 0] += 1 }
        }
        #expect(abs(Double(choosers) / Double(candidates) - 0.6) < 0.05)
        // Uniform, not skewed: the most named project is named a few times, not dozens.
        #expect(named.count > 350 && (named.values.max() ?? 0) < 20)
    }

    @Test("no projects: no projects.csv and no project choices")
    func noProjects() {
        let r = shaped(.noProjects, 500)
        #expect(!r.hasProjectsFile && r.projectsFile == nil && r.projects.rows.isEmpty)
        let m = MemberView(r.members)
        #expect(r.members.rows.allSatisfy { m.cell($0, "project_choices").isEmpty })
    }

    @Test("large projects: a few, each with sizes from projects.csv, 6–8 up to 8–12")
    func largeProjects() throws {
        let r = shaped(.largeProjects, 1_000, seed: 3)
        #expect(r.projects.rows.count == 20)
        #expect(shaped(.largeProjects, 30).projects.rows.count == 2)
        for row in r.projects.rows {
            let lo = try #require(Int(row[3])), hi = try #require(Int(row[4]))
            #expect((6...8).contains(lo) && (lo + 2...lo + 4).contains(hi))
        }
    }

    @Test("a class: everyone active in one zone sharing the class window; 10 projects of 3–5 for 30, no pitchers, everyone ranks 3–5")
    func classroom() throws {
        let r = shaped(.classroom, 30, seed: 4)
        let m = MemberView(r.members)
        #expect(r.projects.rows.count == 10)
        #expect(r.projects.rows.allSatisfy { $0[3] == "3" && $0[4] == "5" && $0[5].isEmpty })
        let zones = Set(r.members.rows.map { m.cell($0, "timezone") })
        #expect(zones.count == 1)
        let first = try #require(r.members.rows.first.map { m.list($0, "availability")[0] })
        for row in r.members.rows {
            #expect(m.cell(row, "status") == "active" && m.cell(row, "wants_team").isEmpty)
            #expect(m.list(row, "availability").first == first)
            #expect((3...5).contains(m.list(row, "project_choices").count))
            for w in m.list(row, "availability") { #expect(parseWindow(w) != nil, "\(w)") }
        }
    }

    @Test("every shape is valid under SPEC §2 when read back", arguments: RosterGenerator.Shape.allCases)
    func shapesValidate(shape: RosterGenerator.Shape) throws {
        let r = shaped(shape, shape == .classroom ? 32 : 600, seed: 5)
        let writer = CSVWriter(neutralizesFormulas: false)
        let outcome = RosterReader.read(
            members: InputFile(name: "members.csv", bytes: Array(writer.write(header: r.members.header, rows: r.members.rows).utf8)),
            projects: r.projectsFile.map { InputFile(name: "projects.csv", bytes: Array(writer.write(header: $0.header, rows: $0.rows).utf8)) },
            policy: InputFile(name: "policy.toml", bytes: Array(r.policyTOML.utf8)),
            runDate: CalendarDate(year: 2026, month: 11, day: 21)!)
        #expect(outcome.errors.isEmpty, "\(outcome.errors.prefix(3))")
        // The only warnings are the capacities of 3 drawn on purpose (capped to max_mentees).
        #expect(outcome.warnings.allSatisfy { "\($0)".contains("mentor_capacity") }, "\(outcome.warnings.prefix(3))")
        #expect(outcome.cohort?.members.count == r.members.rows.count)
    }
}
