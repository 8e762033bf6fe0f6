// cohort-pairs MEMBERS.csv [POLICY.toml] [PAIRS_OUT.csv]
// Prints one JSON line: the counts and objectives of cohort's mentor pairs.
import CohortCore
import CohortSolver
import Foundation

let args = CommandLine.arguments
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
let result = try Batch.run(cohort, solver: GLPKSolver())
let m = result.mentoring
if args.count > 3 {
    var text = "mentee_id,mentor_id\n"
    for p in m.pairs.sorted(by: { cohort.members[$0.mentee].id < cohort.members[$1.mentee].id }) {
        text += cohort.members[p.mentee].id + "," + cohort.members[p.mentor].id + "\n"
    }
    try text.write(toFile: args[3], atomically: true, encoding: .utf8)
}
let g = result.candidates.graph
let json = """
{"solver": "cohort-glpk", "members": \(cohort.members.count), "mentees_to_match": \(g.people.count), \
"continuing": \(result.candidates.continuing.count), "mentors": \(g.partners.count), "candidate_pairs": \(g.pairCount), \
"matched": \(m.pairs.count), "unmatched": \(m.unmatched.count), "quality": \(Int(m.quality.objective.rounded())), \
"quality_bound": \(m.quality.bound), "status": "\(m.quality.status.rawValue)", \
"seconds": {"read": \(read), "candidates": \(result.candidateSeconds), \
"solve": \(m.cardinality.seconds + m.quality.seconds), "total": \(Date().timeIntervalSince(start))}}
"""
print(json)
