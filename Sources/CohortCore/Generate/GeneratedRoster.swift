/// One generated CSV table: a header row and data rows of plain cells.
///
/// Cells never contain `,`, `"`, CR or LF, so a writer may join them with `,`
/// without quoting (quoting them anyway is also correct RFC 4180).
public struct GeneratedTable: Sendable, Equatable {
    /// Column names, in output order.
    public var header: [String]
    /// Data rows; every row has `header.count` cells.
    public var rows: [[String]]

    /// Creates a table from a header and rows.
    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }
}

/// A synthetic roster: members.csv, projects.csv and a policy file, valid under SPEC §2.
public struct GeneratedRoster: Sendable, Equatable {
    /// The members table (columns of SPEC §2 members.csv, in spec order).
    public var members: GeneratedTable
    /// The projects table (columns of SPEC §2 projects.csv, in spec order).
    public var projects: GeneratedTable
    /// A policy file: flat `key = value` TOML lines, newline-terminated.
    public var policyTOML: String
    /// False for the shape without projects: the organizer has no projects.csv at all.
    public var hasProjectsFile: Bool

    /// projects.csv when the roster has one (`projects` then; nil for the no-projects shape).
    public var projectsFile: GeneratedTable? { hasProjectsFile ? projects : nil }

    /// Creates a roster from its parts.
    public init(members: GeneratedTable, projects: GeneratedTable, policyTOML: String, hasProjectsFile: Bool = true) {
        self.members = members
        self.projects = projects
        self.policyTOML = policyTOML
        self.hasProjectsFile = hasProjectsFile
    }
}
