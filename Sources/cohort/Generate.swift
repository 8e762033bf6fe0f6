import ArgumentParser
import CohortCore
import CohortFiles

/// `cohort generate`: a realistic synthetic roster.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a realistic synthetic roster (members.csv, projects.csv, policy.toml).",
        discussion: "The same --seed gives the same files on every machine. See docs/generator.md.")

    @Option(help: "Number of members.")
    var members: Int

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp(
        "Kind of roster: community (default), many-projects, no-projects, large-projects or class.",
        discussion: "many-projects: one project per 5 members, 60% name 3 at random; no-projects: no projects.csv; large-projects: a few projects of 6-12; class: one zone and class window, a project per 3 students, sizes 3-5, everyone ranks 3-5."))
    var shape: RosterGenerator.Shape = .community

    @Option(help: "Share of advanced members who mentor (0-1).")
    var mentorShare: Double?

    @Option(help: "How widely time zones spread across continents (0-1).")
    var zoneSpread: Double?

    @Option(help: "How many weekly windows members offer (0-1).")
    var availabilityDensity: Double?

    @Flag(help: "Add the columns of the group, balance, teammate and pod rules (group: 4 departments, balance, teammates, wants_pod).")
    var ruleColumns = false

    @Option(help: "Output directory (written atomically; docs/outputs.md, the --out rule).", completion: .directory)
    var out: String

    @Flag(help: "Replace --out even if files cohort wrote there were changed, or it lacks cohort's marker but holds only files generate writes.")
    var force = false

    @Flag(help: "Print no progress on stderr.")
    var quiet = false

    func validate() throws {
        guard members >= 1 && members <= 10_000_000 else { throw ValidationError("--members must be between 1 and 10000000") }
        for (name, v) in [("--mentor-share", mentorShare), ("--zone-spread", zoneSpread), ("--availability-density", availabilityDensity)] {
            if let v, !(0...1).contains(v) { throw ValidationError("\(name) must be between 0 and 1") }
        }
    }

    func run() throws(CommandFailure) {
        Terminal.quiet = quiet
        var parameters = RosterGenerator.Parameters(memberCount: members, seed: seed, shape: shape)
        if let mentorShare { parameters.mentorShare = mentorShare }
        if let zoneSpread { parameters.zoneSpread = zoneSpread }
        if let availabilityDensity { parameters.availabilityDensity = availabilityDensity }
        var roster = RosterGenerator(parameters: parameters).generate()
        if ruleColumns { roster = roster.withRuleColumns(RuleColumns(), seed: seed) }
        var output = OutputDirectory(out, command: .generate)
        let writer = CSVWriter(neutralizesFormulas: false)
        output.add("members.csv", writer.write(header: roster.members.header, rows: roster.members.rows))
        if let projects = roster.projectsFile {
            output.add("projects.csv", writer.write(header: projects.header, rows: projects.rows))
        }
        output.add("policy.toml", roster.policyTOML)
        try output.write(force: force)
        Terminal.progress(roster.hasProjectsFile ? "wrote \(members) members, \(roster.projects.rows.count) projects to \(out)"
                                                 : "wrote \(members) members (no projects.csv) to \(out)")
    }
}

extension RosterGenerator.Shape: ExpressibleByArgument {}
