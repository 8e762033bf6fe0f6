import Testing

@testable import CohortCore

/// The policy keys of SPEC §2 for the mentor and team rules, pods, workshop
/// tracks, kickoff, mentor circle and calendars: defaults, values, errors.
/// (Part of PolicyReaderTests, whose `read` they use.)
extension PolicyReaderTests {
    @Test func ruleKeyDefaultsAreTheSpecs() {
        let (p, messages) = read(nil)
        #expect(messages.isEmpty)
        #expect(p.maxStageGap == nil && p.mentorGroup == .any && p.teamGroup == .any && p.teamIdeal == nil)
        #expect(p.teamNoIsolated.isEmpty && p.workshopTracks.isEmpty && p.organizerEmail.isEmpty)
        #expect(p.podMin == 5 && p.podMax == 7 && p.podMinutes == 60)
        #expect(p.kickoffMinutes == 60 && p.mentorCircleMinutes == 60)
    }

    @Test func theDefaultsAreListedInThePolicyInForce() {
        let (p, _) = read(nil)
        let entries = Dictionary(uniqueKeysWithValues: p.entries.map { ($0.key, $0.value) })
        #expect(entries["max_stage_gap"] == "\"none\"")
        #expect(entries["mentor_group"] == "\"any\"")
        #expect(entries["team_group"] == "\"any\"")
        #expect(entries["team_ideal"] == "\"none\"")
        #expect(entries["team_no_isolated"] == "\"\"")
        #expect(entries["pod_min"] == "5" && entries["pod_max"] == "7" && entries["pod_minutes"] == "60")
        #expect(entries["workshop_tracks"] == "\"\"")
        #expect(entries["kickoff_minutes"] == "60" && entries["mentor_circle_minutes"] == "60")
        #expect(entries["organizer_email"] == "\"\"")
        // In SPEC §2 order, after teams_per_demo and before quarter_start.
        let keys = p.entries.map(\.key)
        #expect(Array(keys[keys.firstIndex(of: "teams_per_demo")!...keys.firstIndex(of: "quarter_start")!]) == [
            "teams_per_demo", "max_stage_gap", "mentor_group", "team_group", "team_ideal", "team_no_isolated", "pod_min", "pod_max",
            "pod_minutes", "workshop_tracks", "kickoff_minutes", "mentor_circle_minutes", "organizer_email", "quarter_start",
        ])
    }

    @Test func valuesFromTheFile() {
        let (p, messages) = read("""
            max_stage_gap = 3
            mentor_group = "different"
            team_group = "Same"
            team_ideal = 4
            team_no_isolated = "woman; non-binary;WOMAN"
            pod_min = 4
            pod_max = 6
            pod_minutes = 45
            workshop_tracks = "3-5;1-2"
            kickoff_minutes = 90
            mentor_circle_minutes = 75
            organizer_email = "hub@example.org"
            """)
        #expect(messages.isEmpty)
        #expect(p.maxStageGap == 3 && p.mentorGroup == .different && p.teamGroup == .same && p.teamIdeal == 4)
        // Trimmed, repeats (case-insensitive) dropped, first spelling kept.
        #expect(p.teamNoIsolated == ["woman", "non-binary"])
        #expect(p.podMin == 4 && p.podMax == 6 && p.podMinutes == 45)
        // Bands in stage order.
        #expect(p.workshopTracks == [1...2, 3...5])
        #expect(p.workshopTrack(of: .foundation) == 0 && p.workshopTrack(of: .application) == 1)
        #expect(p.kickoffMinutes == 90 && p.mentorCircleMinutes == 75 && p.organizerEmail == "hub@example.org")
        let entries = Dictionary(uniqueKeysWithValues: p.entries.map { ($0.key, $0.value) })
        #expect(entries["team_no_isolated"] == "\"woman;non-binary\"" && entries["workshop_tracks"] == "\"1-2;3-5\"")
        #expect(entries["max_stage_gap"] == "3" && entries["team_ideal"] == "4")
    }

    @Test func arraysAreAcceptedForLists() {
        let (p, messages) = read("""
            team_no_isolated = ["woman", 'non-binary', ]
            workshop_tracks = ["1-2", "3", "exploration-exploration"]
            """)
        #expect(p.teamNoIsolated == ["woman", "non-binary"])
        #expect(messages == [
            "policy.toml:2: column workshop_tracks: bands '1-2' and 'exploration-exploration' overlap: each stage belongs to one track ([\"1-2\", \"3\", \"exploration-exploration\"])",
        ])
        let (q, ok) = read("workshop_tracks = [\"1-2\", \"3\", \"mentorship-leadership\"]\n")
        #expect(ok.isEmpty && q.workshopTracks == [1...2, 3...3, 4...5])
    }

    @Test func noneClearsAMaximum() {
        let (p, messages) = read("max_stage_gap = \"none\"\nteam_ideal = \"None\"\n", [.init(key: "max_stage_gap", value: "none")])
        #expect(messages.isEmpty && p.maxStageGap == nil && p.teamIdeal == nil)
    }

    @Test func flagsSetEveryKey() {
        let (p, messages) = read(nil, [
            .init(key: "max-stage-gap", value: "2"), .init(key: "mentor_group", value: "same"), .init(key: "team_no_isolated", value: "yes;no"),
            .init(key: "workshop_tracks", value: "3"), .init(key: "organizer_email", value: "a@b"), .init(key: "team_ideal", value: "5"),
        ])
        // A cross-check of a flag's value is located at the flag.
        #expect(messages == ["--set:4: column workshop_tracks: warning: stages 1, 2, 4, 5 are in no workshop track: members at those stages get no workshop (3)"])
        #expect(p.maxStageGap == 2 && p.mentorGroup == .same && p.teamIdeal == 5 && p.organizerEmail == "a@b")
        // Text keys take the flag's text as written ("yes" is a balance value here, not a boolean).
        #expect(p.teamNoIsolated == ["yes", "no"])
        #expect(p.workshopTracks == [3...3])
    }

    @Test func eachBadValueIsLocated() {
        let (_, messages) = read("""
            max_stage_gap = 0
            mentor_group = "other"
            team_group = "different"
            team_ideal = "four"
            team_no_isolated = 3
            pod_max = 51
            pod_minutes = 10
            workshop_tracks = "0-2"
            kickoff_minutes = 721
            mentor_circle_minutes = "x"
            organizer_email = "not an address"
            """)
        #expect(messages == [
            "policy.toml:1: column max_stage_gap: value out of range: 1 to 4, or \"none\" (0)",
            "policy.toml:2: column mentor_group: expected \"any\", \"different\" or \"same\" (\"other\")",
            "policy.toml:3: column team_group: expected \"any\" or \"same\" (\"different\")",
            "policy.toml:4: column team_ideal: expected a whole number or \"none\" (\"four\")",
            "policy.toml:5: column team_no_isolated: expected a text with ';'-separated values, or an array of texts (3)",
            "policy.toml:6: column pod_max: value out of range: 2 to 50 (51)",
            "policy.toml:7: column pod_minutes: value out of range: 15 to 720 (10)",
            "policy.toml:8: column workshop_tracks: '0-2' is not a stage band: write bands such as \"1-2;3-5\" (stages 1 to 5) (\"0-2\")",
            "policy.toml:9: column kickoff_minutes: value out of range: 15 to 720 (721)",
            "policy.toml:10: column mentor_circle_minutes: expected a whole number (\"x\")",
            "policy.toml:11: column organizer_email: expected an e-mail address such as organizer@example.org (\"not an address\")",
        ])
    }

    @Test func valuesThatContradictEachOther() {
        let (_, messages) = read("""
            stage_gap = 2
            max_stage_gap = 1
            team_ideal = 6
            pod_min = 8
            """)
        #expect(messages == [
            "policy.toml:2: column max_stage_gap: max_stage_gap 1 is less than stage_gap 2",
            "policy.toml:3: column team_ideal: team_ideal 6 is outside team_min..team_max (3..5)",
            "policy.toml:4: column pod_max: pod_max 7 is less than pod_min 8",
        ])
    }

    @Test func crossChecksOfFlagsAreLocatedAtTheFlag() {
        let (_, messages) = read("stage_gap = 3\nmax_stage_gap = 4\n", [.init(key: "max_stage_gap", value: "2"), .init(key: "team_min", value: "6")])
        #expect(messages == [
            "--set:2: column team_max: team_max 5 is less than team_min 6",
            "--set:1: column max_stage_gap: max_stage_gap 2 is less than stage_gap 3",
        ])
    }

    @Test func workshopBands() {
        let cases: [(String, String)] = [
            ("\"3-1\"", "band '3-1' runs backwards: write the lower stage first"),
            ("\"1-3;3-5\"", "bands '1-3' and '3-5' overlap: each stage belongs to one track"),
            ("\"1-2-3\"", "'1-2-3' is not a stage band: write bands such as \"1-2;3-5\" (stages 1 to 5)"),
            ("\"1-6\"", "'1-6' is not a stage band: write bands such as \"1-2;3-5\" (stages 1 to 5)"),
            ("[\"1-2\", 3]", "expected a text with ';'-separated values, or an array of texts"),
            ("[\"1-2;3-5\"]", "an array item cannot contain ';' (write one value per item)"),
        ]
        for (value, message) in cases {
            let (_, messages) = read("workshop_tracks = \(value)\n")
            #expect(messages == ["policy.toml:1: column workshop_tracks: \(message) (\(value))"])
        }
    }

    @Test func aStageInNoTrackIsAWarning() {
        let (p, messages) = read("workshop_sessions = 1\nworkshop_tracks = \"1-2;5\"\n")
        #expect(p.workshopTracks == [1...2, 5...5])
        #expect(p.workshopTrack(of: .application) == nil)
        #expect(messages == ["policy.toml:2: column workshop_tracks: warning: stages 3, 4 are in no workshop track: members at those stages get no workshop (1-2;5)"])
        let (_, one) = read("workshop_tracks = \"1-2;4-5\"\n")
        #expect(one == ["policy.toml:1: column workshop_tracks: warning: stage 3 is in no workshop track: members at that stage get no workshop (1-2;4-5)"])
    }

    @Test func organizerAddresses() {
        for good in ["hub@example.org", "first.last+tag@sub.example.co.uk", "", "  hub@example.org  "] {
            let (p, messages) = read("organizer_email = \"\(good)\"\n")
            #expect(messages.isEmpty, "\(good)")
            #expect(p.organizerEmail == String(good.trimmingSpaces()))
        }
        for bad in ["hub", "@example.org", "hub@", "a@b@c", "Hub <hub@example.org>", "hub@example.org;x@y"] {
            let (_, messages) = read("organizer_email = \"\(bad)\"\n")
            #expect(messages == ["policy.toml:1: column organizer_email: expected an e-mail address such as organizer@example.org (\"\(bad)\")"])
        }
        let (_, number) = read("organizer_email = 5\n")
        #expect(number == ["policy.toml:1: column organizer_email: expected an e-mail address in quotes (5)"])
    }

    @Test func malformedArrays() {
        for bad in ["[\"a\",, \"b\"]", "[[\"a\"]]"] {
            let (_, messages) = read("team_no_isolated = \(bad)\n")
            #expect(messages == ["policy.toml:1: column team_no_isolated: unreadable value: use a number, true/false, \"text\", a date YYYY-MM-DD or an array [\"a\", \"b\"] (\(bad))"])
        }
        // Not closed (an array may go on over the next lines, but this file ends).
        for bad in ["[\"a\", \"b\"", "[\"a]"] {
            let (_, messages) = read("team_no_isolated = \(bad)\n")
            #expect(messages == ["policy.toml:1: column team_no_isolated: the array is not closed: a ] is missing (\(bad))"])
        }
    }
}
