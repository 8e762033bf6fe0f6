import CohortCore

extension OutputDirectory {
    /// Adds the files of a batch as `cohort match` writes them (SPEC §4): every
    /// file rendered on two threads (`OutputFiles.renderBytes`), each CSV with a
    /// byte-order mark when `excel`, and summary.json last — made by `commit`
    /// once the others are on the disk, its `render_write` phase timing the
    /// rendering and the writing from this call on. `cohort match` and the
    /// writing benchmark (Benchmarks/OutputBenchmarks) both call this, then `commit`.
    public mutating func addFiles(of result: BatchResult, inputs: [InputFile], excel: Bool = false, meter: ProgressMeter = .none) {
        let clock = Stopwatch()
        for file in OutputFiles.renderBytes(result, inputs: inputs, meter: meter, summary: false) {
            add(file.name, bytes: excel ? OutputFiles.forExcel(name: file.name, bytes: file.bytes) : file.bytes)
        }
        let count = self.count + 1
        addLast("summary.json") { Array(OutputFiles.summary(result, inputs: inputs, renderWrite: (clock.seconds, count)).text.utf8) }
    }
}
