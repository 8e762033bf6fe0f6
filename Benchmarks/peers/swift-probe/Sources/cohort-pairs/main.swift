// cohort-pairs MEMBERS.csv [POLICY.toml] [PAIRS_OUT.csv]
// cohort-pairs --phases MEMBERS.csv POLICY.toml
// Prints one JSON line: the counts and objectives of cohort's mentor pairs,
// solved by `MentorMatching.solve` — the engine and GLPK's certificate, without
// the schedulability re-solves that `cohort match` adds (SchedulablePairs),
// which the Python peer does not have: so the matched counts compare.
import CohortCore
import CohortSolver
import Foundation

var args = CommandLine.arguments
let phasesOnly = args.count > 1 && args[1] == "--phases"
if phasesOnly { args.remove(at: 1) }
guard args.count >= 2 else {
    FileHandle.standardError.write("usage: cohort-pairs MEMBERS.csv [POLICY.toml] [PAIRS_OUT.csv]\n".data(using: .utf8)!)
    exit(2)
}
func input(_ path: String) -> InputFile {
    InputFile(name: path, bytes: [UInt8](FileManager.default.contents(atPath: path) ?? Data()))
}
let start = Date()
let outcome = RosterReader.read(members: input(args[1]), projects: nil, policy: args.count > 2 ? input(args[2]) : nil,
                                runDate: CalendarDate(daysSinceEpoch: Int(Date().timeIntervalSince1970) / 86_400))
guard let cohort = outcome.cohort else {
    for e in outcome.errors { FileHandle.standardError.write((e.description + "\n").data(using: .utf8)!) }
    exit(1)
}
let read = Date().timeIntervalSince(start)
if phasesOnly {
    runPairingPhases(cohort, readSeconds: read)
    exit(0)
}
let candidatesStart = Date()
let candidates = MentorCandidates(cohort: cohort, threads: 2, limit: MentorCandidates.storedLimit(for: cohort))
let candidateSeconds = Date().timeIntervalSince(candidatesStart)
let solveStart = Date()
let m = try MentorMatching.solve(candidates, cohort: cohort, solver: GLPKSolver())
let solveSeconds = Date().timeIntervalSince(solveStart)
if args.count > 3 {
    var text = "mentee_id,mentor_id\n"
    for p in m.pairs.sorted(by: { cohort.members[$0.mentee].id < cohort.members[$1.mentee].id }) {
        text += cohort.members[p.mentee].id + "," + cohort.members[p.mentor].id + "\n"
    }
    try text.write(toFile: args[3], atomically: true, encoding: .utf8)
}
let g = candidates.graph
// candidate_pairs: the pairs cohort stored (large rosters: each mentee's best
// `candidatesPerMentee`; the rest are priced in, and the proof covers them all).
let json = """
{"solver": "cohort-engine+glpk", "members": \(cohort.members.count), "mentees_to_match": \(g.people.count), \
"continuing": \(candidates.continuing.count), "mentors": \(g.partners.count), "candidate_pairs": \(g.pairCount), \
"matched": \(m.pairs.count), "unmatched": \(m.unmatched.count), \
"quality": \(Int(m.quality.objective.rounded())), "quality_bound": \(m.quality.bound), "status": "\(m.quality.status.rawValue)", \
"certified_by": "\(m.quality.certifiedBy ?? "-")", "glpk_pivots": \(m.quality.glpkPivots ?? 0), \
"seconds": {"read": \(read), "candidates": \(candidateSeconds), "solve": \(solveSeconds), \
"pairs": \(candidateSeconds + solveSeconds), "total": \(Date().timeIntervalSince(start))}}
"""
print(json)

/// User + system CPU seconds of this process so far.
func cpuSeconds() -> Double {
    Double(clock()) / Double(CLOCKS_PER_SEC)  // every thread's user + system time
}

func describe(_ o: PhaseOutcome) -> String {
    let details = o.details.map { "\"\($0.name)\": \($0.value)" }.joined(separator: ", ")
    return "{\"status\": \"\(o.status.rawValue)\", \"gap\": \(o.gap), \"seconds\": \(o.seconds), \"certified_by\": \"\(o.certifiedBy ?? "-")\", "
        + "\"glpk_pivots\": \(o.glpkPivots ?? 0), \"engine_seconds\": \(o.engineSeconds ?? 0), \(details)}"
}

/// The pairing phases of `cohort match` (#16's targets), as `Batch.run` runs
/// them: candidates, mentor pairs with the schedulability re-solves, backups,
/// buddies. One JSON line with each phase's wall and CPU seconds and details.
func runPairingPhases(_ cohort: Cohort, readSeconds: Double) {
    let solver = GLPKSolver()
    var wall: [(String, Double, Double)] = []
    func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let (w, c) = (Date(), cpuSeconds())
        let value = try body()
        wall.append((name, Date().timeIntervalSince(w), cpuSeconds() - c))
        return value
    }
    do {
        let candidates = timed("candidates") { MentorCandidates(cohort: cohort, threads: 2, limit: MentorCandidates.storedLimit(for: cohort)) }
        let pairs = try timed("pairs") { try SchedulablePairs.solve(candidates, cohort: cohort, solver: solver, threads: 2) }
        let backups = try timed("backups") { try BackupMentors.solve(pairs.matching, cohort: cohort, solver: solver, threads: 2) }
        let buddies = try timed("buddies") { try Buddies.solve(cohort: cohort, solver: solver, threads: 2) }
        let totalWall = wall.reduce(0) { $0 + $1.1 }, totalCPU = wall.reduce(0) { $0 + $1.2 }
        let phases = wall.map { "\"\($0.0)\": {\"wall\": \($0.1), \"cpu\": \($0.2)}" }.joined(separator: ", ")
        print("""
        {"members": \(cohort.members.count), "read_seconds": \(readSeconds), "matched": \(pairs.matching.pairs.count), "resolves": \(pairs.resolves), \
        "backups": \(backups.assignments.count), "buddies": \(buddies.pairs.count), \(phases), "pair_phases": {"wall": \(totalWall), "cpu": \(totalCPU)}, \
        "pairs_count": \(describe(pairs.matching.cardinality)), "pairs_quality": \(describe(pairs.matching.quality)), \
        "backups_count": \(describe(backups.cardinality)), "backups_quality": \(describe(backups.quality)), \
        "buddies_count": \(describe(buddies.cardinality)), "buddies_quality": \(describe(buddies.quality))}
        """)
    } catch {
        FileHandle.standardError.write("cohort-pairs: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}
