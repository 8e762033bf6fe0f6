extension Diagnostic {
    /// Warnings of one kind beyond this many are summed up in one line.
    public static let shownPerKind = 3

    /// Input warnings as the command line prints them: a kind of warning (same
    /// file, column and message) seen more than `shownPerKind` times becomes
    /// one line with the count and its first line numbers; `verbose` keeps every one.
    public static func summarized(_ warnings: [Diagnostic], verbose: Bool = false) -> [String] {
        if verbose { return warnings.map(\.description) }
        var order: [String] = []
        var groups: [String: [Diagnostic]] = [:]
        for d in warnings {
            let severity = d.severity == .warning ? "w" : "e"
            let key: String = [d.file, d.column.description, severity, d.problem.message].joined(separator: "\u{1}")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(d)
        }
        var out: [String] = []
        for key in order {
            let list = groups[key]!
            if list.count <= shownPerKind || { if case .flag = list[0].column { return true } else { return false } }() {
                out += list.map(\.description)
                continue
            }
            let first = list[0]
            let lines = list.prefix(5).map { String($0.line) }.joined(separator: ", ")
            out.append("\(first.file): column \(first.column): \(first.severity == .warning ? "warning: " : "")\(first.problem.message) — \(list.count) rows (lines \(lines), …; --verbose lists every one)")
        }
        return out
    }
}
