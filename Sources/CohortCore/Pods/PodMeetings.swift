/// Each pod's weekly meeting, placed after the rest of the week
/// (docs/pods.md §7): at a start inside the pod's common window where no
/// member has another weekly meeting (check-in, standup, buddy check-in,
/// workshop; a one-off session — demo, kickoff, mentor circle — takes that
/// week's occurrence instead, `CohortSessionPlanner.giveWay`), the earliest start of the longest such run — among the
/// starts at which it meets in all 12 weeks of every member's quarter when
/// there are any (`WeekModel.fullStarts`). A pod with
/// no such start is listed in `unscheduled` with why.
public enum PodMeetings {
    /// The pods as the schedule request names them.
    public static func requests(_ formation: PodFormation, cohort: Cohort) -> [SchedulePod] {
        formation.pods.map { SchedulePod(id: $0.id, interest: cohort.tags.name($0.interest), members: $0.members, facilitators: $0.facilitators) }
    }

    /// Per member of `members`: the slots of the week their weekly meetings
    /// in `schedule` take. One-off sessions (demo, kickoff, mentor circle) do
    /// not block a slot all quarter: the pod meeting gives way to them in their week.
    public static func busySlots(_ schedule: WeeklySchedule, cohort: Cohort, members: some Sequence<Int>) -> [Int: WeekSlots] {
        var wanted = [Bool](repeating: false, count: cohort.members.count)
        for m in members { wanted[m] = true }
        var busy: [Int: WeekSlots] = [:]
        for ev in schedule.events where ev.week == nil {
            let slots = SlotMath.interval(start: ev.startSlot, length: ev.slotCount)
            for m in ev.participants where wanted[m] { busy[m, default: WeekSlots()].formUnion(slots) }
        }
        return busy
    }

    /// Adds the meetings of `formation`'s pods to `schedule` (kind `pod`,
    /// after every other event) and the pods to `request`.
    public static func place(_ formation: PodFormation, schedule: inout WeeklySchedule, request: inout ScheduleRequest) {
        let cohort = request.cohort
        request.pods = requests(formation, cohort: cohort)
        schedule.podEvent = [Int?](repeating: nil, count: formation.pods.count)
        guard !formation.pods.isEmpty else { return }
        let busy = busySlots(schedule, cohort: cohort, members: formation.pods.flatMap(\.members))
        let oneOffs = schedule.events.filter { $0.week != nil }
        let minutes = cohort.policy.podMinutes
        var unscheduled: [UnscheduledEvent] = []
        for (x, pod) in formation.pods.enumerated() {
            var taken = WeekSlots()
            for m in pod.members { if let b = busy[m] { taken.formUnion(b) } }
            let free = pod.commonStarts.subtracting(SlotMath.blockedStarts(taken, length: pod.meetingSlots))
            let id = "pod-" + pod.id
            // Prefer starts at which the meeting takes place in all 12 weeks of every member's quarter:
            // first those the week model allows in every week, then, among them, those no member's
            // one-off session (demo, kickoff, mentor circle) falls on — such a week would be skipped.
            let zones = Set(pod.members.map { cohort.members[$0].timeZone })
            let full = free.intersection(cohort.week.fullStarts(length: pod.meetingSlots, zones: zones))
            var sessions = WeekSlots()
            for ev in oneOffs where ev.participants.contains(where: pod.members.contains) {
                sessions.formUnion(SlotMath.interval(start: ev.startSlot, length: ev.slotCount))
            }
            let clear = SlotMath.blockedStarts(sessions, length: pod.meetingSlots)
            let preferred = [full.subtracting(clear), full, free.subtracting(clear), free].first { !$0.isEmpty } ?? free
            guard let run = preferred.longestRun else {
                unscheduled.append(UnscheduledEvent(
                    id: id, kind: .pod, participants: pod.members, source: x,
                    reason: "every \(minutes)-minute window the pod's members share is taken by another of their meetings (check-ins, standups, workshop)"))
                continue
            }
            schedule.podEvent[x] = schedule.events.count
            let instants = cohort.week.occurrences(startSlot: run.start, length: pod.meetingSlots, zones: zones)
            var event = ScheduledEvent(id: id, kind: .pod, participants: pod.members, startSlot: run.start, slotCount: pod.meetingSlots,
                                       week: nil, occurrences: instants.count, source: x, instants: instants)
            CohortSessionPlanner.giveWay(&event, to: oneOffs)
            schedule.events.append(event)
        }
        schedule.unscheduled.append(contentsOf: unscheduled)
        schedule.unscheduled.sort { ($0.kind.order, $0.id) < ($1.kind.order, $1.id) }
    }
}
