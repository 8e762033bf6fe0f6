import PropertyBased
import Testing

@testable import CohortCore

/// `WeekSlots.starts(length:)` against its definition, slot by slot.
@Suite struct WeekSlotsPropertyTests {
    @Test func startsAreTheSlotsThatBeginARunLongEnough() async {
        // Windows as (start, length) runs, some wrapping past Sunday midnight.
        let runs = zip(Gen.int(in: 0...(Week.slots - 1)), Gen.int(in: 0...200)).array(of: 0...6)
        await propertyCheck(count: 400, input: runs, Gen.int(in: 0...12)) { windows, length in
            var x = WeekSlots()
            for (start, count) in windows { x.insert(start: start, count: count) }
            let starts = x.starts(length: length)
            for s in 0..<Week.slots {
                let begins = (0..<max(length, 1)).allSatisfy { x.contains(s + $0) }
                #expect(starts.contains(s) == begins, "slot \(s), length \(length), runs \(x.runs)")
            }
        }
        #expect(WeekSlots.all.starts(length: 700) == WeekSlots.all)
        var almost = WeekSlots.all
        almost.remove(5)
        #expect(almost.starts(length: Week.slots).isEmpty)
        #expect(almost.starts(length: Week.slots - 1).slots == [6])
    }
}
