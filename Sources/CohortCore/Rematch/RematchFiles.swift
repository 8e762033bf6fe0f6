/// The files of a rematch: those of `match` for the new batch, report.html
/// with the changes section, and changes.csv (docs/rematch.md §6).
extension MentorRematch {
    public static func render(_ o: Outcome, inputs: [InputFile], meter: ProgressMeter = .none) -> [(name: String, text: String)] {
        var files = OutputFiles.render(o.result, inputs: inputs, meter: meter)
        let members = o.result.cohort.members
        let rows = o.changes.map { ch in
            Report.ChangeRow(member: members[ch.member], change: ch.kind.rawValue, from: ch.from, to: ch.to, reason: ch.reason)
        }
        let extra = Report.rematchChanges(rows, pairing: o.mentors)
        for k in files.indices where files[k].name == "report.html" { files[k].text = Report.html(o.result, extras: [extra]) }
        let at = files.firstIndex { $0.name.hasPrefix("calendar/") } ?? files.count
        files.insert(("changes.csv", changesCSV(o)), at: at)
        return files
    }

    public static let changesHeader = ["member_id", "change", "from", "to", "reason"]

    public static func changesCSV(_ o: Outcome) -> String {
        let c = o.result.cohort
        return OutputFiles.writer.write(header: changesHeader, rows: o.changes.map { [c.members[$0.member].id, $0.kind.rawValue, $0.from, $0.to, $0.reason] })
    }
}
