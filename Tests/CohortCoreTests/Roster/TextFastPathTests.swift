import Testing

@testable import CohortCore

/// `Testing` has a `Tag` too.
private typealias RosterTag = TagSet.Element

/// The byte-level fast paths give exactly what the `Character`-level
/// definitions give, including where bytes and grapheme clusters disagree.
@Suite struct TextFastPathTests {
    static let samples: [String] = [
        "", " ", "  \t ", "abc", " abc ", "\tabc\n", "\r\nabc\r\n", "\r\n", " \r\n ", "\rabc\r", "\nabc\n",
        " \u{301}abc", "abc \u{301}", "abc\u{301} ", "é ", " é", "\u{600} ", "x\u{600} ", " Ⅻ ", "Zoë\u{301} ",
        "a;b", " a ; b ;; c ", ";", ";;", "a;\u{301}b", "a\u{37E}b", "a;\r\nb", "\u{212A}on", " Café;CAFÉ ",
    ]

    @Test func trimmingSpacesMatchesTheCharacterDefinition() {
        for s in Self.samples {
            let fast = s.trimmingSpaces(), slow = s.trimmingSpacesByCharacter()
            #expect(Array(fast.utf8) == Array(slow.utf8), "\(s.debugDescription)")
        }
    }

    @Test func listItemsMatchCharacterSplitting() {
        for s in Self.samples {
            let text = Substring(s)
            let expected = text.trimmingSpaces().split(separator: ";").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
            let items = Table.listItems(text.trimmingSpaces())
            #expect(items.map { Array($0.utf8) } == expected.map { Array($0.utf8) }, "\(s.debugDescription)")
        }
    }

    @Test func lowercasedFastMatchesLowercased() {
        for s in Self.samples + ["ABC", "MiXeD-Case_1", "İnactive", "STRASSE", "ÄÖÜ"] {
            #expect(Array(Substring(s).lowercasedFast().utf8) == Array(s.lowercased().utf8), "\(s.debugDescription)")
        }
    }

    @Test func tagSetIsSortedAndDistinct() {
        let tags = [3, 1, 3, 2, 1].map { RosterTag(index: Int32($0)) }
        #expect(TagSet(tags).tags == [1, 2, 3].map { RosterTag(index: Int32($0)) })
        #expect(TagSet([] as [RosterTag]).tags.isEmpty)
    }

    @Test func insertingSlotRunsWrapsTheWeek() {
        for (start, count) in [(0, 1), (60, 10), (63, 2), (100, 200), (660, 24), (-5, 10), (0, Week.slots), (5, 1000)] {
            var bitwise = WeekSlots(), oneByOne = WeekSlots()
            bitwise.insert(start: start, count: count)
            for k in 0..<min(count, Week.slots) { oneByOne.insert(start + k) }
            #expect(bitwise == oneByOne, "start \(start), count \(count)")
        }
    }
}
