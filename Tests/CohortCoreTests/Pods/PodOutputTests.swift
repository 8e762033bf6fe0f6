import CohortSolver
import Testing

@testable import CohortCore

/// Pods through the whole batch: pods.csv, the pod meetings in schedule.csv
/// and calendars, unmatched.csv, assignments.csv and summary.json.
@Suite struct PodOutputTests {
    static let roster = """
        id,name,email,stage,status,timezone,availability,interests,skills,mentor_capacity,wants_pod,wants_team
        a1,Ann,a1@example.org,1,active,Europe/Berlin,Mon-Fri 18:00-21:00,data,,0,yes,no
        a2,Bo,a2@example.org,2,active,Europe/Berlin,Mon-Fri 18:00-21:00,data;ml,,0,yes,no
        a3,Cy,a3@example.org,3,trial,Europe/Berlin,Mon-Fri 18:00-21:00,data;ml,,0,yes,no
        a4,Di,a4@example.org,4,active,Europe/Berlin,Mon-Fri 18:00-21:00,data,data,1,yes,no
        a5,Ed,a5@example.org,5,active,America/New_York,Mon-Fri 12:00-15:00,data,data,1,yes,no
        a6,Flo,a6@example.org,2,active,Europe/Berlin,Mon-Fri 18:00-21:00,web,,0,yes,no
        a7,Gus,a7@example.org,1,active,Europe/Berlin,Mon-Fri 18:00-21:00,data,,0,no,no
        """

    static func run() throws -> (BatchResult, [String: String]) {
        let c = try handCohort(Self.roster, policy: "pod_min = 5\npod_max = 6\nquarter_start = 2027-01-04\n")
        let r = try Batch.run(c, solver: GLPKSolver(), threads: 1)
        let files = Dictionary(OutputFiles.render(r, inputs: []).map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
        return (r, files)
    }

    @Test func podsCSVListsEveryMemberWithTheMeetingAndRotation() throws {
        let (r, files) = try Self.run()
        #expect(r.pods.pods.count == 1)
        let pod = try #require(r.pods.pods.first)
        let event = try #require(r.schedule.podEvent.first ?? nil)
        let ev = r.schedule.events[event]
        #expect(ev.kind == .pod && ev.id == "pod-P001" && ev.participants == pod.members && ev.occurrences + ev.skipped.count == 12)
        // The meeting: inside every member's availability, clear of each member's other meetings.
        for m in pod.members {
            #expect(r.cohort.members[m].availability.contains(start: ev.startSlot, count: ev.slotCount))
            for other in r.schedule.events where other.id != ev.id && other.participants.contains(m) {
                if other.week == nil {
                    let a = SlotMath.interval(start: other.startSlot, length: other.slotCount)
                    #expect(!a.intersects(SlotMath.interval(start: ev.startSlot, length: ev.slotCount)), "\(other.id) overlaps")
                } else {
                    // A one-off session (kickoff, circle, demo) takes that week's occurrence.
                    for x in ev.instants { for y in other.instants { #expect(!(x < y + other.seconds && y < x + ev.seconds), "\(other.id) overlaps") } }
                }
            }
        }
        let lines = try #require(files["pods.csv"]).split(separator: "\n").map(String.init)
        #expect(lines[0] == "pod_id,member_id,stage,shared_interest,meeting_day,meeting_start,meeting_end,member_name,member_email,meeting_local_time,facilitator_weeks,pod_size")
        #expect(lines.count == 1 + 5)
        #expect(lines[1].hasPrefix("P001,a1,1,data,"))
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix(",5") })
        // a5 (stage 5) facilitates weeks 1, 6, 11.
        #expect(lines.contains { $0.hasPrefix("P001,a5,5,data,") && $0.contains(",1;6;11,") })
        let schedule = try #require(files["schedule.csv"])
        #expect(schedule.contains("\npod-P001,pod,"))
        let calendar = try #require(files["calendar/a1.ics"])
        #expect(calendar.contains("SUMMARY:Study pod P001: data"))
        #expect(calendar.contains("Week 1: facilitator Ed (a5)"))
    }

    /// SPEC §3.6: every event in every week. A one-off session (here the week-1
    /// kickoff, which every active member is invited to) takes a pod meeting's
    /// occurrence in its week; when the pod's common window has starts clear of
    /// every member's one-off sessions, the meeting takes one of them and meets all 12 weeks.
    @Test func podMeetingAvoidsOneOffSessionsWhenItCan() throws {
        let c = try handCohort(Self.roster, policy: "pod_min = 5\npod_max = 6\nquarter_start = 2027-01-04\nworkshop_sessions = 1\n")
        let r = try Batch.run(c, solver: GLPKSolver(), threads: 1)
        let ev = r.schedule.events[try #require(r.schedule.podEvent.first ?? nil)]
        let kickoff = r.schedule.events.filter { $0.kind == .kickoff }
        #expect(!kickoff.isEmpty && kickoff.allSatisfy { $0.participants.contains(where: ev.participants.contains) })
        #expect(ev.skipped.isEmpty && ev.occurrences == 12, "\(ev.skipped)")
        for k in kickoff {
            #expect(!SlotMath.interval(start: k.startSlot, length: k.slotCount).intersects(SlotMath.interval(start: ev.startSlot, length: ev.slotCount)))
        }
    }

    @Test func seekersNotPlacedAreInUnmatchedAndTheHandout() throws {
        let (r, files) = try Self.run()
        #expect(r.pods.unplaced.map { r.cohort.members[$0].id } == ["a6"])
        let unmatched = try #require(files["unmatched.csv"])
        #expect(unmatched.contains("a6,pod,\"too few pod seekers share an interest: at most 0 others ('web')"))
        let handout = try #require(files["assignments.csv"]).split(separator: "\n").map(String.init)
        let header = handout[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let podColumn = try #require(header.firstIndex(of: "pod_id"))
        let a1 = try #require(handout.first { $0.hasPrefix("a1,") })
        #expect(a1.split(separator: ",", omittingEmptySubsequences: false)[podColumn] == "P001")
        let summary = try #require(files["summary.json"])
        #expect(summary.contains("\"pod_seekers\": 6"))
        #expect(summary.contains("\"members_in_pods\": 5"))
        #expect(summary.contains("\"members_without_pod\": 1"))
        #expect(summary.contains("\"pods_placed\""))
        let report = try #require(files["report.html"])
        #expect(report.contains("Study pods"))
    }

    @Test func sameInputSameFiles() throws {
        let (_, a) = try Self.run()
        let (_, b) = try Self.run()
        // summary.json and report.html hold wall-clock seconds (docs/outputs.md); the rest is byte for byte.
        func steady(_ text: String?) -> [Substring] { (text ?? "").split(separator: "\n").filter { !$0.contains("class=\"seconds\"") } }
        for (name, text) in a where name != "summary.json" { #expect(steady(b[name]) == steady(text), "\(name)") }
    }
}
