import Testing

@testable import CohortCore

@Suite struct JSONTests {
    /// Keys in the order given, two-space indentation, a final newline: the same bytes every run.
    @Test func keysKeepTheirOrder() {
        let j = JSON.object([("b", .integer(1)), ("a", .array([.bool(true), .null])), ("e", .object([])), ("f", .array([]))])
        #expect(j.text == "{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null\n  ],\n  \"e\": {},\n  \"f\": []\n}\n")
    }

    @Test func stringsAreEscaped() {
        #expect(JSON.string("a\"b\\c\nd\re\tf\u{01}é").text == "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001é\"\n")
    }

    /// At most six decimals; whole numbers without a fraction; non-finite as null.
    @Test func numbersAreStable() {
        #expect(JSON.number(2).text == "2\n")
        #expect(JSON.number(0.1234567).text == "0.123457\n")
        #expect(JSON.number(-1.5).text == "-1.5\n")
        #expect(JSON.number(.infinity).text == "null\n")
        #expect(JSON.number(.nan).text == "null\n")
    }
}

@Suite struct SHA256Tests {
    /// FIPS 180-4 test vectors, and the padding boundaries (55, 56 and 64 bytes).
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(text: String, digest: String) {
        #expect(SHA256.hex(Array(text.utf8)) == digest)
    }

    @Test func paddingBoundaries() {
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }
}

@Suite struct OutputFilesTests {
    /// Every file of SPEC §4 in a fixed order, the CSV columns in SPEC order,
    /// the phases of summary.json in a fixed order with each input's digest.
    @Test func filesColumnsAndSummary() throws {
        let r = try hostileResult()
        let inputs = [InputFile(name: "members.csv", bytes: Array(hostileMembers.utf8))]
        let files = OutputFiles.render(r, inputs: inputs)
        #expect(Array(files.map(\.name).prefix(9)) == ["pairings.csv", "buddies.csv", "teams.csv", "pods.csv", "schedule.csv", "unmatched.csv",
                                                        "assignments.csv", "summary.json", "report.html"])
        #expect(files.dropFirst(9).allSatisfy { $0.name.hasPrefix("calendar/") && $0.name.hasSuffix(".ics") })
        // The command line renders summary.json once, last (with the writing's seconds): the rest is the same without it.
        let withoutSummary = OutputFiles.render(r, inputs: inputs, summary: false)
        #expect(withoutSummary.map(\.name) == files.map(\.name).filter { $0 != "summary.json" })
        #expect(withoutSummary.map(\.text) == files.filter { $0.name != "summary.json" }.map(\.text))
        func header(_ name: String) -> [String] {
            files.first { $0.name == name }!.text.prefix { $0 != "\n" }.split(separator: ",").map(String.init)
        }
        #expect(header("pairings.csv").starts(with: ["mentee_id", "mentor_id", "mentee_stage", "mentor_stage", "shared_interests", "checkin_day", "checkin_start",
                                                     "checkin_end", "backup_mentor_id", "continuing", "score", "mentee_local_time", "mentor_local_time"]))
        #expect(header("buddies.csv").starts(with: ["newcomer_id", "buddy_id", "newcomer_stage", "buddy_stage"]))
        #expect(header("teams.csv").starts(with: ["team_id", "project_id", "member_id", "stage", "skills", "standup_day", "standup_start", "standup_end"]))
        #expect(header("schedule.csv").starts(with: ["event_id", "kind", "day", "start", "end", "participants"]))
        #expect(header("unmatched.csv").starts(with: ["member_id", "need", "reason"]))
        let summary = OutputFiles.summary(r, inputs: inputs)
        guard case .object(let top) = summary, case .object(let phases)? = top.first(where: { $0.0 == "phases" })?.1,
              case .array(let digests)? = top.first(where: { $0.0 == "inputs" })?.1 else {
            Issue.record("summary.json has no phases or inputs")
            return
        }
        #expect(phases.map(\.0) == ["candidates", "mentor_pairs_matched", "mentor_pairs_quality", "backups_matched", "backups_quality",
                                    "buddies_matched", "buddies_quality", "teams_placed", "teams_quality", "pods_placed", "pods_quality",
                                    "schedule", "workshop", "render_write"])
        #expect(digests.count == 1 && summary.text.contains("\"sha256\": \"\(SHA256.hex(inputs[0].bytes))\""))
    }

    /// Each pairing phase's quality entry says how it was proven, after its
    /// seconds: certified by GLPK from the engine's tree, GLPK's pivots (none
    /// from an optimal tree) and the engine's share of the phase's seconds.
    @Test func pairingPhasesSayHowTheyAreProven() throws {
        let r = try hostileResult()
        guard case .object(let top) = OutputFiles.summary(r, inputs: []), case .object(let phases)? = top.first(where: { $0.0 == "phases" })?.1 else {
            Issue.record("summary.json has no phases")
            return
        }
        for (name, outcome) in [("mentor_pairs_quality", r.mentoring.quality), ("backups_quality", r.backups.quality), ("buddies_quality", r.buddies.quality)] {
            #expect(outcome.status == .optimal, "\(name)")
            guard case .object(let fields)? = phases.first(where: { $0.0 == name })?.1 else {
                Issue.record("summary.json has no \(name)")
                continue
            }
            #expect(Array(fields.map(\.0).prefix(8)) == ["status", "objective", "bound", "gap", "seconds", "certified_by", "glpk_pivots", "engine_seconds"], "\(name)")
            guard case .string(let by) = fields[5].1, case .integer(let pivots) = fields[6].1, case .number(let engine) = fields[7].1,
                  case .number(let seconds) = fields[4].1 else {
                Issue.record("\(name): \(fields)")
                continue
            }
            #expect(by == "glpk" && pivots == 0, "\(name)")
            #expect(engine >= 0 && engine <= seconds, "\(name)")
        }
    }

    /// The team quality phase splits its seconds into the search's and the bounds' (they run side
    /// by side, so each is at most the phase's seconds); the placement phase has neither.
    @Test func teamQualitySaysSearchAndBoundSeconds() throws {
        let r = try hostileResult()
        guard case .object(let top) = OutputFiles.summary(r, inputs: []), case .object(let phases)? = top.first(where: { $0.0 == "phases" })?.1,
              case .object(let quality)? = phases.first(where: { $0.0 == "teams_quality" })?.1,
              case .object(let placed)? = phases.first(where: { $0.0 == "teams_placed" })?.1 else {
            Issue.record("summary.json has no team phases")
            return
        }
        func number(_ fields: [(String, JSON)], _ key: String) -> Double? {
            guard case .number(let x)? = fields.first(where: { $0.0 == key })?.1 else { return nil }
            return x
        }
        let seconds = try #require(number(quality, "seconds"))
        let search = try #require(number(quality, "search_seconds"))
        let bound = try #require(number(quality, "bound_seconds"))
        #expect(search >= 0 && search <= seconds && bound >= 0 && bound <= seconds, "\(quality)")
        #expect(number(placed, "search_seconds") == nil && number(placed, "bound_seconds") == nil)
    }
}
