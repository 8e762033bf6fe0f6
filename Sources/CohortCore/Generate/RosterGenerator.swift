/// Generates a realistic, deterministic synthetic roster (members, projects, policy)
/// that is valid under SPEC §2. Pure: no file I/O, no system randomness, no
/// locale-dependent formatting. The same `Parameters` give the same bytes everywhere.
///
/// The distributions are documented in `docs/generator.md`.
public struct RosterGenerator: Sendable {
    /// What to generate. Shares are probabilities in `0...1`; values outside are
    /// clamped, and a non-positive or malformed `stageWeights` falls back to the default.
    public struct Parameters: Sendable, Equatable {
        /// The kind of roster (docs/generator.md, "Shapes"): a community with its projects (the
        /// default), or one of the shapes organizers have that the team engine must also handle.
        public var shape: Shape
        /// Number of members (rows of members.csv). Negative counts as 0.
        public var memberCount: Int
        /// Seed of the generator; the whole roster is a function of the parameters.
        public var seed: UInt64
        /// Relative weights of stages 1…5 (default 35/30/18/11/6).
        public var stageWeights: [Int]
        /// Base probability that a member opts in as a mentor, scaled per stage
        /// (×0.05 at stage 2, ×0.6 at stage 3, ×1 at stage 4, ×0.9 at stage 5, never stage 1 or trial).
        public var mentorShare: Double
        /// 0: everyone lives in the home region (Europe); 1: members spread over all
        /// continents by world weights.
        public var zoneSpread: Double
        /// 0: one availability window per member (and more blank rows); 1: up to five.
        public var availabilityDensity: Double
        /// Share of members in their two-week trial (mostly stage 1, some stage 2).
        public var trialShare: Double
        /// Share of members whose status is `paused`.
        public var pausedShare: Double
        /// Share of members whose status is `inactive`.
        public var inactiveShare: Double
        /// Projects in projects.csv per 100 members (rounded).
        public var projectsPer100Members: Double
        /// Share of stage 1–3 non-trial members with a `current_mentor` from last quarter.
        public var continuingShare: Double
        /// Share of members with a current mentor who ask for a change.
        public var changeMentorShare: Double
        /// Share of `stage` cells written as a name (`foundation`) instead of a number.
        public var stageNameShare: Double

        /// Creates parameters; every argument has a realistic default.
        public init(
            memberCount: Int = 200,
            seed: UInt64 = 1,
            stageWeights: [Int] = [35, 30, 18, 11, 6],
            mentorShare: Double = 0.75,
            zoneSpread: Double = 0.5,
            availabilityDensity: Double = 0.5,
            trialShare: Double = 0.08,
            pausedShare: Double = 0.05,
            inactiveShare: Double = 0.03,
            projectsPer100Members: Double = 15,
            continuingShare: Double = 0.3,
            changeMentorShare: Double = 0.15,
            stageNameShare: Double = 0.25,
            shape: Shape = .community
        ) {
            self.shape = shape
            self.memberCount = memberCount
            self.seed = seed
            self.stageWeights = stageWeights
            self.mentorShare = mentorShare
            self.zoneSpread = zoneSpread
            self.availabilityDensity = availabilityDensity
            self.trialShare = trialShare
            self.pausedShare = pausedShare
            self.inactiveShare = inactiveShare
            self.projectsPer100Members = projectsPer100Members
            self.continuingShare = continuingShare
            self.changeMentorShare = changeMentorShare
            self.stageNameShare = stageNameShare
        }
    }

    /// The kinds of roster organizers have (docs/generator.md, "Shapes"). Every shape uses
    /// the same member model; they differ in projects, choices and, for a class, who takes part.
    public enum Shape: String, Sendable, Equatable, CaseIterable {
        /// A learning community: `projectsPer100Members` projects, 45% of members name 1–3,
        /// skewed to popular ones and to their own tags.
        case community
        /// One project per 5 members; 60% of members name 3 projects drawn uniformly at random.
        case manyProjects = "many-projects"
        /// No projects.csv at all: every team is a free team.
        case noProjects = "no-projects"
        /// A few large projects (one per 50 members, at least 2), sizes from projects.csv
        /// (min 6–8, max 2–4 above); half the members name 1–2.
        case largeProjects = "large-projects"
        /// A class: everyone active and in one time zone, sharing the weekly class window; one
        /// project per 3 students (10 for 30), sizes 3–5, no pitchers; every student ranks 3–5.
        case classroom = "class"
    }

    /// members.csv columns, in SPEC §2 order.
    public static let memberColumns: [String] = [
        "id", "name", "email", "stage", "status", "timezone", "availability", "interests",
        "skills", "mentor_capacity", "wants_mentor", "wants_team", "preferred_mentors",
        "project_choices", "avoid", "current_mentor", "change_mentor",
    ]

    /// projects.csv columns, in SPEC §2 order.
    public static let projectColumns: [String] = ["id", "name", "needs", "min_size", "max_size", "members"]

    /// The fixed `quarter_start` written to the policy (a Monday), so time-zone
    /// offsets, and therefore every run on the generated roster, are reproducible.
    public static let quarterStart = "2027-01-04"

    /// The parameters this generator uses.
    public var parameters: Parameters

    /// Creates a generator for `parameters`.
    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
    }

    /// Creates a generator with default parameters for `memberCount` members and `seed`.
    public init(memberCount: Int, seed: UInt64) {
        self.parameters = Parameters(memberCount: memberCount, seed: seed)
    }

    /// Generates the roster. Deterministic: same parameters, same result.
    public func generate() -> GeneratedRoster {
        var run = GeneratorRun(parameters)
        return run.generate()
    }
}

// MARK: - Implementation

/// Builds one cell's UTF-8 bytes without string interpolation.
private struct CellBuffer {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(256) }

    @inline(__always) mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }
    @inline(__always) mutating func append(byte: UInt8) { bytes.append(byte) }

    /// Appends `HH:MM` for minutes since midnight (0…1440).
    @inline(__always) mutating func appendTime(_ minutes: Int) {
        let h = minutes / 60, m = minutes % 60
        bytes.append(UInt8(48 + h / 10)); bytes.append(UInt8(48 + h % 10))
        bytes.append(58)
        bytes.append(UInt8(48 + m / 10)); bytes.append(UInt8(48 + m % 10))
    }

    /// Appends `n` (≥ 0) zero-padded to `width` digits.
    @inline(__always) mutating func appendPadded(_ n: Int, width: Int) {
        var digits: [UInt8] = []
        var v = n
        repeat { digits.append(UInt8(48 + v % 10)); v /= 10 } while v > 0
        if digits.count < width { for _ in digits.count..<width { bytes.append(48) } }
        bytes.append(contentsOf: digits.reversed())
    }

    @inline(__always) var isEmpty: Bool { bytes.isEmpty }

    /// Returns the cell and clears the buffer for reuse.
    @inline(__always) mutating func take() -> String {
        if bytes.isEmpty { return "" }
        let s = String(decoding: bytes, as: UTF8.self)
        bytes.removeAll(keepingCapacity: true)
        return s
    }
}

private enum Status: UInt8 { case active, trial, paused, inactive }

private enum MemberColumn {
    static let id = 0, name = 1, email = 2, stage = 3, status = 4, timezone = 5, availability = 6
    static let interests = 7, skills = 8, capacity = 9, wantsMentor = 10, wantsTeam = 11
    static let preferred = 12, choices = 13, avoid = 14, currentMentor = 15, changeMentor = 16
    static let count = 17
}

private let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
private let statusNames = ["active", "trial", "paused", "inactive"]

private func clamp01(_ x: Double) -> Double { x.isNaN ? 0 : min(max(x, 0), 1) }

private func cumulative(_ weights: [Int]) -> [Int] {
    var running = 0
    return weights.map { running += $0; return running }
}

private func digitCount(_ n: Int) -> Int {
    var d = 1, v = n
    while v >= 10 { v /= 10; d += 1 }
    return d
}

private struct GeneratorRun {
    let p: RosterGenerator.Parameters
    var rng: SeededRandom
    let n: Int

    // Effective (clamped) parameters.
    let stageCumulative: [Int]
    let stageFraction: [Double]
    let mentorShare, zoneSpread, density, trialShare, pausedGivenNotTrial, inactiveGivenNotTrial: Double
    let continuingShare, changeMentorShare, stageNameShare: Double

    // Lookup tables.
    let regionCumulative: [Int]
    let zoneCumulative: [[Int]]
    let zoneOffset: [Int]
    let flatZones: [GeneratorData.Zone]
    let trackCumulative: [Int]

    var cell = CellBuffer()
    var occupancy = [UInt64](repeating: 0, count: 11)  // 7 days × 96 quarter-hours

    init(_ parameters: RosterGenerator.Parameters) {
        p = parameters
        rng = SeededRandom(seed: parameters.seed)
        n = max(0, parameters.memberCount)

        var weights = parameters.stageWeights
        if weights.count != 5 || weights.contains(where: { $0 < 0 }) || weights.reduce(0, +) <= 0 {
            weights = [35, 30, 18, 11, 6]
        }
        stageCumulative = cumulative(weights)
        let total = Double(weights.reduce(0, +))
        stageFraction = weights.map { Double($0) / total }

        mentorShare = clamp01(parameters.mentorShare)
        zoneSpread = clamp01(parameters.zoneSpread)
        density = clamp01(parameters.availabilityDensity)
        var trial = clamp01(parameters.trialShare)
        var paused = clamp01(parameters.pausedShare)
        var inactive = clamp01(parameters.inactiveShare)
        let sum = trial + paused + inactive
        if sum > 1 { trial /= sum; paused /= sum; inactive /= sum }
        trialShare = trial
        let notTrial = 1 - trial
        pausedGivenNotTrial = notTrial > 0 ? min(1, paused / notTrial) : 0
        inactiveGivenNotTrial = notTrial > 0 ? min(1, inactive / notTrial) : 0
        continuingShare = clamp01(parameters.continuingShare)
        changeMentorShare = clamp01(parameters.changeMentorShare)
        stageNameShare = clamp01(parameters.stageNameShare)

        regionCumulative = cumulative(GeneratorData.regions.map(\.weight))
        zoneCumulative = GeneratorData.regions.map { cumulative($0.zones.map(\.weight)) }
        var offsets: [Int] = []
        var flat: [GeneratorData.Zone] = []
        for region in GeneratorData.regions {
            offsets.append(flat.count)
            flat.append(contentsOf: region.zones)
        }
        zoneOffset = offsets
        flatZones = flat
        trackCumulative = cumulative(GeneratorData.tracks.map(\.weight))
    }

    // MARK: Sampling helpers

    @inline(__always) mutating func weighted(_ cumulative: [Int]) -> Int {
        let r = rng.nextInt(below: cumulative[cumulative.count - 1])
        var i = 0
        while cumulative[i] <= r { i += 1 }
        return i
    }

    /// A random multiple of 15 minutes in `lo...hi` (both on the grid).
    @inline(__always) mutating func quarterHour(_ lo: Int, _ hi: Int) -> Int {
        lo + 15 * rng.nextInt(below: (hi - lo) / 15 + 1)
    }

    mutating func trackTag(_ track: Int) -> Int {
        let t = GeneratorData.tracks[track]
        return t.tagIndices[weighted(t.cumulative)]
    }

    /// Draws `count` distinct tags; `own` and `other` are the chances of drawing from
    /// the member's track and secondary track (the rest: cross-track tags).
    mutating func tags(count: Int, track: Int, secondary: Int, own: Double, other: Double) -> (mask: UInt32, order: [Int]) {
        var mask: UInt32 = 0
        var order: [Int] = []
        var attempts = 0
        while order.count < count && attempts < count * 4 {
            attempts += 1
            let r = rng.nextUnit()
            let tag: Int
            if r < own { tag = trackTag(track) }
            else if r < own + other { tag = trackTag(secondary) }
            else { tag = GeneratorData.crossTags[rng.nextInt(below: GeneratorData.crossTags.count)] }
            let bit: UInt32 = 1 << UInt32(tag)
            if mask & bit != 0 { continue }
            mask |= bit
            order.append(tag)
        }
        return (mask, order)
    }

    /// Writes a tag list the way people type it: mostly lower case, sometimes
    /// capitalised, sometimes with a space after `;`.
    mutating func writeTags(_ order: [Int]) -> String {
        let spaced = rng.chance(0.08)
        for (k, tag) in order.enumerated() {
            if k > 0 { cell.append(byte: 59); if spaced { cell.append(byte: 32) } }
            cell.append(rng.chance(0.06) ? GeneratorData.tagVariants[tag] : GeneratorData.tags[tag])
        }
        return cell.take()
    }

    mutating func writeIDs(_ list: [Int], ids: [String]) -> String {
        for (k, m) in list.enumerated() {
            if k > 0 { cell.append(byte: 59) }
            cell.append(ids[m])
        }
        return cell.take()
    }

    // MARK: Availability

    /// Draws one window in local time: a day or day range, a start and an end in
    /// minutes (the end may pass 1440: the window runs past midnight).
    mutating func window() -> (first: Int, last: Int, start: Int, end: Int) {
        let template = weighted(Self.templateCumulative)
        switch template {
        case 0:  // weekday evenings, a day range
            let range = Self.eveningRanges[weighted(Self.eveningRangeCumulative)]
            let start = quarterHour(17 * 60, 20 * 60)
            return (range.0, range.1, start, start + quarterHour(60, 180))
        case 1:  // one weekday evening
            let day = rng.nextInt(below: 5)
            let start = quarterHour(18 * 60, 21 * 60)
            return (day, day, start, start + quarterHour(45, 150))
        case 2:  // weekend daytime: Sat, Sun or Sat-Sun
            let r = rng.nextInt(below: 100)
            let (first, last) = r < 40 ? (5, 5) : r < 75 ? (6, 6) : (5, 6)
            let start = quarterHour(8 * 60, 16 * 60)
            return (first, last, start, start + quarterHour(60, 240))
        case 3:  // late night running past midnight
            let day = rng.nextInt(below: 6)
            let start = quarterHour(22 * 60, 23 * 60 + 30)
            return (day, day, start, 1440 + quarterHour(15, 120))
        case 4:  // lunch break
            let start = quarterHour(11 * 60 + 30, 12 * 60 + 30)
            let end = start + quarterHour(45, 75)
            if rng.chance(0.5) { return (0, 4, start, end) }
            let day = rng.nextInt(below: 5)
            return (day, day, start, end)
        case 5:  // early morning before work
            let day = rng.nextInt(below: 5)
            let start = quarterHour(6 * 60, 7 * 60 + 30)
            return (day, day, start, start + quarterHour(45, 90))
        default:  // late evening until midnight (written 24:00)
            let r = rng.nextInt(below: 100)
            let (first, last) = r < 30 ? (4, 4) : r < 60 ? (5, 5) : r < 70 ? (6, 6) : (0, 3)
            return (first, last, quarterHour(20 * 60, 22 * 60 + 30), 1440)
        }
    }

    static let templateCumulative = cumulative([28, 24, 22, 8, 7, 5, 6])
    static let eveningRanges: [(Int, Int)] = [(0, 4), (0, 3), (1, 3), (0, 2), (2, 4)]
    static let eveningRangeCumulative = cumulative([40, 25, 15, 10, 10])

    /// Whether the window is clear of earlier windows, with a quarter-hour gap on
    /// both sides (so windows never overlap or touch and need no merging).
    func fits(_ w: (first: Int, last: Int, start: Int, end: Int)) -> Bool {
        for d in w.first...w.last {
            for q in (w.start / 15 - 1)...(w.end / 15) {
                let i = (d * 96 + q + 672) % 672
                if occupancy[i >> 6] & (1 << UInt64(i & 63)) != 0 { return false }
            }
        }
        return true
    }

    mutating func occupy(_ w: (first: Int, last: Int, start: Int, end: Int)) {
        for d in w.first...w.last {
            for q in (w.start / 15)..<(w.end / 15) {
                let i = (d * 96 + q) % 672
                occupancy[i >> 6] |= 1 << UInt64(i & 63)
            }
        }
    }

    mutating func availability() -> String {
        if rng.chance(0.06 * (1 - density)) { return "" }
        var count = 1
        for _ in 0..<4 where rng.chance(density) { count += 1 }
        for k in 0..<occupancy.count { occupancy[k] = 0 }
        var written = 0
        for _ in 0..<count {
            for _ in 0..<4 {
                let w = window()
                guard fits(w) else { continue }
                write(w, after: &written)
                break
            }
        }
        return cell.take()
    }

    /// A class member's availability: the class window, then 0–2 windows of their own.
    mutating func availability(besides classWindow: (first: Int, last: Int, start: Int, end: Int)) -> String {
        for k in 0..<occupancy.count { occupancy[k] = 0 }
        var written = 0
        write(classWindow, after: &written)
        for _ in 0..<2 where rng.chance(density) {
            for _ in 0..<4 {
                let w = window()
                guard fits(w) else { continue }
                write(w, after: &written)
                break
            }
        }
        return cell.take()
    }

    /// Occupies window `w` and appends it to the cell (`;`-separated after the first).
    mutating func write(_ w: (first: Int, last: Int, start: Int, end: Int), after written: inout Int) {
        occupy(w)
        if written > 0 { cell.append(byte: 59) }
        cell.append(dayNames[w.first])
        if w.last != w.first { cell.append(byte: 45); cell.append(dayNames[w.last]) }
        cell.append(byte: 32)
        cell.appendTime(w.start)
        cell.append(byte: 45)
        cell.appendTime(w.end == 1440 ? 1440 : w.end % 1440)
        written += 1
    }

    // MARK: Generation

    /// What the member passes know about each member (0-based stage, status, zone, tags…),
    /// and the members.csv rows being filled.
    struct Members {
        var ids: [String] = []
        var stage: [Int8] = []
        var status: [Status] = []
        var zone: [Int16] = []
        var track: [UInt8] = []
        var interestMask: [UInt32] = []
        var skillMask: [UInt32] = []
        var capacity: [UInt8] = []
        var wantsTeam: [Bool] = []
        var rows: [[String]] = []
        /// Project (index) each member pitched, -1 for none.
        var projectOf: [Int32] = []
        /// Last quarter's mentor, -1 for none.
        var currentMentor: [Int32] = []
    }

    /// projects.csv as drawn: ids, needs (tag bits) and rows.
    struct Projects {
        var ids: [String] = []
        var needsMask: [UInt32] = []
        var rows: [[String]] = []
    }

    mutating func generate() -> GeneratedRoster {
        var m = Members()
        m.ids = memberIDs()
        memberAttributes(&m)
        let projects = drawProjects(&m)
        mentorRelations(&m)
        avoidAndChoices(&m, projects)
        return GeneratedRoster(
            members: GeneratedTable(header: RosterGenerator.memberColumns, rows: m.rows),
            projects: GeneratedTable(header: RosterGenerator.projectColumns, rows: projects.rows),
            policyTOML: policy(), hasProjectsFile: p.shape != .noProjects)
    }

    /// `m` + index zero-padded to max(5, digits of N).
    mutating func memberIDs() -> [String] {
        let idWidth = max(5, digitCount(n))
        var ids: [String] = []
        ids.reserveCapacity(n)
        for i in 0..<n {
            cell.append(byte: 109)  // "m"
            cell.appendPadded(i + 1, width: idWidth)
            ids.append(cell.take())
        }
        return ids
    }

    /// Pass 1: each member's own attributes (stage, status, zone, name, availability, tags,
    /// mentor capacity, explicit answers), in one fixed order of draws.
    mutating func memberAttributes(_ m: inout Members) {
        m.stage = [Int8](repeating: 0, count: n)  // 0-based: 0 exploration … 4 leadership
        m.status = [Status](repeating: .active, count: n)
        m.zone = [Int16](repeating: -1, count: n)
        m.track = [UInt8](repeating: 0, count: n)
        m.interestMask = [UInt32](repeating: 0, count: n)
        m.skillMask = [UInt32](repeating: 0, count: n)
        m.capacity = [UInt8](repeating: 0, count: n)
        m.wantsTeam = [Bool](repeating: false, count: n)
        m.rows.reserveCapacity(n)

        let trialGivenStage: [Double] = [
            stageFraction[0] > 0 ? min(1, trialShare * 0.85 / stageFraction[0]) : 0,
            stageFraction[1] > 0 ? min(1, trialShare * 0.15 / stageFraction[1]) : 0,
            0, 0, 0,
        ]
        let mentorFactor: [Double] = [0, 0.05, 0.6, 1.0, 0.9]
        let interestRange: [ClosedRange<Int>] = [1...3, 1...3, 1...3, 1...2, 0...2]
        let skillRange: [ClosedRange<Int>] = [0...1, 1...2, 1...3, 2...4, 2...5]
        let pools = GeneratorData.namePools
        // A class: one zone and one weekly class window for everyone (drawn once).
        let classroom = p.shape == .classroom
        var classZone = -1
        var classWindow = (first: 0, last: 0, start: 0, end: 0)
        if classroom && n > 0 {
            classZone = zoneOffset[0] + weighted(zoneCumulative[0])
            let day = rng.nextInt(below: 5)
            let start = quarterHour(9 * 60, 15 * 60)
            classWindow = (day, day, start, start + 90)
        }

        for i in 0..<n {
            var row = [String](repeating: "", count: MemberColumn.count)
            row[MemberColumn.id] = m.ids[i]

            let s = weighted(stageCumulative)
            m.stage[i] = Int8(s)
            let st: Status
            if classroom {
                st = .active
            } else if rng.chance(trialGivenStage[s]) {
                st = .trial
            } else {
                let u = rng.nextUnit()
                st = u < inactiveGivenNotTrial ? .inactive
                    : u < inactiveGivenNotTrial + pausedGivenNotTrial ? .paused : .active
            }
            m.status[i] = st

            // Time zone and a name that fits it (with migration: a quarter from anywhere).
            var pool = rng.nextInt(below: pools.count)
            if classroom {
                m.zone[i] = Int16(classZone)
                row[MemberColumn.timezone] = flatZones[classZone].identifier
                if rng.chance(0.75) { pool = flatZones[classZone].namePool }
            } else if !rng.chance(0.01) {
                let region = rng.chance(zoneSpread) ? weighted(regionCumulative) : 0
                let z = zoneOffset[region] + weighted(zoneCumulative[region])
                m.zone[i] = Int16(z)
                row[MemberColumn.timezone] = flatZones[z].identifier
                if rng.chance(0.75) { pool = flatZones[z].namePool }
            }
            let first = pools[pool].first[rng.nextInt(below: pools[pool].first.count)]
            let last = pools[pool].last[rng.nextInt(below: pools[pool].last.count)]
            cell.append(first.display); cell.append(byte: 32); cell.append(last.display)
            row[MemberColumn.name] = cell.take()
            if !rng.chance(0.02) {
                cell.append(first.slug); cell.append(byte: 46); cell.append(last.slug)
                cell.append(String(i + 1)); cell.append(byte: 64)
                cell.append(GeneratorData.emailDomains[rng.nextInt(below: GeneratorData.emailDomains.count)])
                row[MemberColumn.email] = cell.take()
            }

            row[MemberColumn.stage] = rng.chance(stageNameShare) ? GeneratorData.stageNames[s] : String(s + 1)
            row[MemberColumn.status] = statusNames[Int(st.rawValue)]
            row[MemberColumn.availability] = classroom ? availability(besides: classWindow) : availability()

            // Interests and skills from a primary track, a secondary one and cross-track tags.
            let tr = weighted(trackCumulative)
            let secondary = weighted(trackCumulative)
            m.track[i] = UInt8(tr)
            let interests = tags(count: rng.nextInt(in: interestRange[s]), track: tr, secondary: secondary,
                                 own: 0.72, other: 0.18)
            m.interestMask[i] = interests.mask
            row[MemberColumn.interests] = writeTags(interests.order)
            let skills = tags(count: rng.nextInt(in: skillRange[s]), track: tr, secondary: secondary,
                              own: 0.75, other: 0.15)
            m.skillMask[i] = skills.mask
            row[MemberColumn.skills] = writeTags(skills.order)

            if st != .trial && rng.chance(min(1, mentorShare * mentorFactor[s])) {
                let r = rng.nextInt(below: 100)
                let c: UInt8 = r < 45 ? 1 : r < 93 ? 2 : 3
                m.capacity[i] = c
                row[MemberColumn.capacity] = String(c)
            } else if rng.chance(0.2) {
                row[MemberColumn.capacity] = "0"
            }

            // Explicit answers: early stages mostly confirm; stage 3 (busy applying
            // their skills in a team) often declines; stages 4–5 rarely ask.
            if rng.chance(s == 2 ? 0.35 : 0.15) {
                let yes = rng.chance(s <= 1 ? 0.7 : s == 2 ? 0.4 : 0.1)
                row[MemberColumn.wantsMentor] = yes ? "yes" : "no"
            }
            var team = st == .active
            if !classroom && rng.chance(0.15) {  // in a class, everyone is in a team
                team = rng.chance(0.4)
                row[MemberColumn.wantsTeam] = team ? "yes" : "no"
            }
            m.wantsTeam[i] = team
            m.rows.append(row)
        }
    }

    /// How many projects the shape has (docs/generator.md, "Shapes").
    var projectCount: Int {
        guard n > 0 else { return 0 }
        switch p.shape {
        case .community: return max(0, Int((Double(n) * max(0, p.projectsPer100Members) / 100).rounded()))
        case .manyProjects: return (n + 2) / 5
        case .noProjects: return 0
        case .largeProjects: return max(2, (n + 25) / 50)
        case .classroom: return max(1, (n + 1) / 3)
        }
    }

    /// Projects, each pitched by one or two active members who want a team (none in a class),
    /// with needs from the lead pitcher's track and sizes by shape.
    mutating func drawProjects(_ m: inout Members) -> Projects {
        let projectCount = self.projectCount
        m.projectOf = [Int32](repeating: -1, count: n)
        var projects = Projects()
        projects.needsMask = [UInt32](repeating: 0, count: projectCount)
        projects.rows.reserveCapacity(projectCount)
        var pitchPool: [Int] = []
        if p.shape != .classroom {
            for i in 0..<n where m.status[i] == .active && m.wantsTeam[i] { pitchPool.append(i) }
        }
        let projectWidth = max(3, digitCount(projectCount))
        projects.ids.reserveCapacity(projectCount)

        for j in 0..<projectCount {
            cell.append(byte: 112)  // "p"
            cell.appendPadded(j + 1, width: projectWidth)
            let pid = cell.take()
            projects.ids.append(pid)

            var pitchers: [Int] = []
            if !pitchPool.isEmpty {
                for _ in 0..<16 {
                    let c = pitchPool[rng.nextInt(below: pitchPool.count)]
                    if m.projectOf[c] < 0 && rng.chance(Double(m.stage[c] + 1) / 5) { pitchers.append(c); break }
                }
                if let lead = pitchers.first, rng.chance(0.35) {
                    for attempt in 0..<16 {
                        let c = pitchPool[rng.nextInt(below: pitchPool.count)]
                        if c != lead && m.projectOf[c] < 0 && (m.zone[c] == m.zone[lead] || attempt >= 10) {
                            pitchers.append(c)
                            break
                        }
                    }
                }
            }
            for c in pitchers { m.projectOf[c] = Int32(j) }

            let tr = pitchers.first.map { Int(m.track[$0]) } ?? weighted(trackCumulative)
            let t = GeneratorData.tracks[tr]
            cell.append(t.projectSubjects[rng.nextInt(below: t.projectSubjects.count)])
            cell.append(byte: 32)
            cell.append(t.projectKinds[rng.nextInt(below: t.projectKinds.count)])
            let name = cell.take()
            let needs = tags(count: rng.nextInt(in: 2...4), track: tr, secondary: tr, own: 0.9, other: 0)
            projects.needsMask[j] = needs.mask
            for (k, tag) in needs.order.enumerated() {
                if k > 0 { cell.append(byte: 59) }
                cell.append(GeneratorData.tags[tag])
            }
            let needsCell = cell.take()
            let (minSize, maxSize) = projectSizes()
            projects.rows.append([pid, name, needsCell, minSize, maxSize, writeIDs(pitchers, ids: m.ids)])
        }
        return projects
    }

    /// min_size and max_size cells: blank (policy sizes), 3–4 or 4–5 in a community; 3–5 in a
    /// class; 6–8 up to 2–4 more for large projects.
    mutating func projectSizes() -> (String, String) {
        switch p.shape {
        case .classroom: return ("3", "5")
        case .largeProjects:
            let lo = rng.nextInt(in: 6...8)
            return (String(lo), String(lo + rng.nextInt(in: 2...4)))
        case .community, .manyProjects, .noProjects:
            let r = rng.nextInt(below: 100)
            return r < 70 ? ("", "") : r < 85 ? ("3", "4") : ("4", "5")
        }
    }

    /// Pass 2a: last quarter's mentor, change requests, preferred mentors.
    mutating func mentorRelations(_ m: inout Members) {
        // Mentor pools: mentorsFrom[k] holds the members with capacity > 0 at stage ≥ k.
        var mentorsFrom = [[Int]](repeating: [], count: 5)
        for i in 0..<n where m.capacity[i] > 0 {
            for k in 0...Int(m.stage[i]) { mentorsFrom[k].append(i) }
        }
        var continuingLoad = m.capacity.map { min($0, 2) }
        m.currentMentor = [Int32](repeating: -1, count: n)
        for i in 0..<n {
            let s = Int(m.stage[i])
            guard s <= 2 else { continue }
            let bucket = mentorsFrom[s + 2]
            if m.status[i] != .trial && !bucket.isEmpty && rng.chance(continuingShare) {
                var chosen = -1, fallback = -1
                for _ in 0..<8 {
                    let c = bucket[rng.nextInt(below: bucket.count)]
                    if c == i || continuingLoad[c] == 0 { continue }
                    if m.interestMask[i] & m.skillMask[c] != 0 { chosen = c; break }
                    if fallback < 0 { fallback = c }
                }
                if chosen < 0 { chosen = fallback }
                if chosen >= 0 {
                    continuingLoad[chosen] -= 1
                    m.currentMentor[i] = Int32(chosen)
                    m.rows[i][MemberColumn.currentMentor] = m.ids[chosen]
                    if rng.chance(changeMentorShare) {
                        m.rows[i][MemberColumn.changeMentor] = "yes"
                    } else if rng.chance(0.1) {
                        m.rows[i][MemberColumn.changeMentor] = "no"
                    }
                }
            }
            if rng.chance(0.12) {
                let want = rng.nextInt(in: 1...3)
                var list: [Int] = []
                for _ in 0..<(want * 4) where list.count < want {
                    let c = !bucket.isEmpty && rng.chance(0.85)
                        ? bucket[rng.nextInt(below: bucket.count)] : rng.nextInt(below: n)
                    if c != i && !list.contains(c) { list.append(c) }
                }
                m.rows[i][MemberColumn.preferred] = writeIDs(list, ids: m.ids)
            }
        }
    }

    /// Pass 2b: avoid lists (never self, never a mentor pair or co-pitchers) and project choices.
    mutating func avoidAndChoices(_ m: inout Members, _ projects: Projects) {
        let projectCount = projects.ids.count
        for i in 0..<n {
            if n > 1 && rng.chance(0.02) {
                let want = rng.chance(0.8) ? 1 : 2
                var list: [Int] = []
                for _ in 0..<8 where list.count < want {
                    let c = rng.nextInt(below: n)
                    if c == i || list.contains(c) { continue }
                    if m.currentMentor[i] == Int32(c) || m.currentMentor[c] == Int32(i) { continue }
                    if m.projectOf[i] >= 0 && m.projectOf[i] == m.projectOf[c] { continue }
                    list.append(c)
                }
                m.rows[i][MemberColumn.avoid] = writeIDs(list, ids: m.ids)
            }
            guard projectCount > 0 && m.wantsTeam[i] else { continue }
            if m.projectOf[i] >= 0 {
                if rng.chance(0.5) { m.rows[i][MemberColumn.choices] = projects.ids[Int(m.projectOf[i])] }
                continue
            }
            let list: [Int]
            switch p.shape {
            case .community, .noProjects:
                guard rng.chance(0.45) else { continue }
                list = skewedChoices(count: rng.nextInt(in: 1...3), affinity: m.interestMask[i] | m.skillMask[i], projects)
            case .manyProjects:
                guard rng.chance(0.6) else { continue }
                list = uniformChoices(count: min(3, projectCount), projectCount: projectCount)
            case .largeProjects:
                guard rng.chance(0.5) else { continue }
                list = skewedChoices(count: rng.nextInt(in: 1...2), affinity: m.interestMask[i] | m.skillMask[i], projects)
            case .classroom:
                list = skewedChoices(count: min(projectCount, rng.nextInt(in: 3...5)), affinity: m.interestMask[i] | m.skillMask[i], projects)
            }
            for (k, j) in list.enumerated() {
                if k > 0 { cell.append(byte: 59) }
                cell.append(projects.ids[j])
            }
            m.rows[i][MemberColumn.choices] = cell.take()
        }
    }

    /// Up to `count` distinct projects, skewed to popular ones (index ∝ u²) and preferring
    /// projects whose needs meet `affinity` (the member's tags).
    mutating func skewedChoices(count want: Int, affinity: UInt32, _ projects: Projects) -> [Int] {
        let projectCount = projects.ids.count
        var list: [Int] = []
        for _ in 0..<(want * 3) where list.count < want {
            // Popularity is skewed: u² favours a few well-known projects.
            var pick = -1
            for _ in 0..<3 {
                let u = rng.nextUnit()
                pick = min(projectCount - 1, Int(u * u * Double(projectCount)))
                if projects.needsMask[pick] & affinity != 0 { break }
            }
            if !list.contains(pick) { list.append(pick) }
        }
        return list
    }

    /// `count` distinct projects drawn uniformly at random.
    mutating func uniformChoices(count want: Int, projectCount: Int) -> [Int] {
        var list: [Int] = []
        while list.count < want {
            let pick = rng.nextInt(below: projectCount)
            if !list.contains(pick) { list.append(pick) }
        }
        return list
    }

    func policy() -> String {
        var lines: [String] = [
            "stage_gap = 2",
            "max_mentees = 2",
            "require_shared_interest = true",
            "checkin_minutes = 30",
            "standup_minutes = 30",
            "workshop_minutes = 90",
            "workshop_sessions = 1",
            "team_min = 3",
            "team_max = 5",
            "team_min_distinct_stages = 2",
            "team_senior_stage = 3",
            "buddy_stage_gap = 1",
            "buddy_minutes = 15",
            "max_buddies = 1",
            "max_backups = 2",
            "demo_days = 3",
            "teams_per_demo = 3",
            "quarter_start = " + RosterGenerator.quarterStart,
            "default_timezone = \"UTC\"",
        ]
        // TOML integers are signed 64-bit: keep the seed in range.
        lines.append("seed = " + String(p.seed & 0x7FFF_FFFF_FFFF_FFFF))
        return lines.joined(separator: "\n") + "\n"
    }
}
