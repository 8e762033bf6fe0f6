import Testing

@testable import CohortCore

/// `group` and `balance` values (Domain/Labels.swift).
@Suite struct LabelVocabularyTests {
    @Test func internsCaseInsensitivelyAfterTrimmingKeepingTheFirstSpelling() {
        var v = LabelVocabulary()
        let finance = v.intern(" Finance ")
        #expect(finance == 0)
        #expect(v.intern("finance") == finance && v.intern("FINANCE") == finance)
        #expect(v.intern("") == nil && v.intern("   ") == nil)
        #expect(v.intern("Legal") == 1)
        #expect(v.names == ["Finance", "Legal"] && v.name(0) == "Finance" && v.count == 2)
        #expect(v.lookup("legal ") == 1 && v.lookup("Digital") == nil)
    }
}

/// `workshop_tracks` bands (Domain/Policy.swift).
@Suite struct WorkshopTracksTests {
    func parsed(_ items: [String]) -> [ClosedRange<Int>]? {
        if case .success(let bands) = WorkshopTracks.parse(items) { return bands }
        return nil
    }

    @Test func bandsOfNumbersOrNamesInStageOrder() {
        #expect(parsed(["3-5", "1-2"]) == [1...2, 3...5])
        #expect(parsed(["exploration-foundation", " 3 ", "mentorship - leadership"]) == [1...2, 3...3, 4...5])
        #expect(parsed([]) == [])
    }

    @Test(arguments: ["0-2", "1-6", "2-1", "1-2-3", "-", "a-b", "1;2"])
    func refusesAMalformedBand(item: String) {
        #expect(parsed([item]) == nil)
    }

    @Test func refusesOverlaps() {
        #expect(parsed(["1-3", "3-5"]) == nil)
        #expect(parsed(["2", "1-2"]) == nil)
    }

    @Test func textAndUncoveredStages() {
        #expect(WorkshopTracks.text([1...2, 3...3, 4...5]) == "1-2;3;4-5")
        #expect(WorkshopTracks.uncovered([1...2, 5...5]) == [3, 4])
        #expect(WorkshopTracks.uncovered([]) == [])  // no tracks: one workshop for everyone
        var p = Policy(runDate: CalendarDate(year: 2027, month: 1, day: 4)!)
        p.workshopTracks = [1...2, 4...5]
        #expect(Stage.allCases.map { p.workshopTrack(of: $0) } == [0, 0, nil, 1, 1])
    }
}
