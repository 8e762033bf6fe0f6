import Foundation
import Testing

/// Whether Debian's `chromium` is on the PATH.
let chromiumInstalled: Bool = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/chromium") }
}()

/// Renders report.html for the demo roster and a 5,000-member roster in
/// headless Chromium and checks the DOM (Tests/report-render.sh, docs/report.md).
@Suite(.tags(.slow), .inSlowSuite) struct ReportRenderTests {
    @Test(.enabled(if: chromiumInstalled, "chromium is not installed (apt-get install -y chromium): the browser render check of report.html is skipped"))
    func reportRendersInHeadlessChromium() throws {
        let script = Paths.packageRoot.appendingPathComponent("Tests/report-render.sh")
        let binary = try Paths.binary()
        try withTemporaryDirectory { dir in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [script.path, binary.path]
            var env = ProcessInfo.processInfo.environment
            env["REPORT_RENDER_DIR"] = dir.path
            process.environment = env
            let log = dir.appendingPathComponent("log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            process.waitUntilExit()
            try handle.close()
            let output = String(decoding: try Data(contentsOf: log), as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(output)")
            #expect(output.contains("report-render: demo: ok"), "\(output)")
            #expect(output.contains("report-render: m5000: ok"), "\(output)")
        }
    }
}
