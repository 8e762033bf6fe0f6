import Testing

@testable import CohortCore

/// The report retells the members' reasons to the organizer, and its groups
/// of the not-served list keep the details every member of a group shares.
@Suite struct OrganizerVoiceTests {
    @Test func memberReasonsAreAboutTheMember() {
        #expect(OrganizerVoice.member("none of your windows is 90 minutes long (the longest is 60 minutes)")
            == "none of their windows is 90 minutes long (the longest is 60 minutes)")
        #expect(OrganizerVoice.member("every 60-minute time you can make in week 1 is taken by your other meetings (workshop-3, checkin-yara)")
            == "every 60-minute time they can make in week 1 is taken by their other meetings (workshop-3, checkin-yara)")
        #expect(OrganizerVoice.member("the only 2 backup mentors who fit are on an avoid list with you (farid) or your mentor (jonas)")
            == "the only 2 backup mentors who fit are on an avoid list with them (farid) or their mentor (jonas)")
        #expect(OrganizerVoice.member("you gave no availability") == "they gave no availability")
        #expect(OrganizerVoice.member("no standup time of yours (Mon 08:00–10:00) has enough") == "no standup time of theirs (Mon 08:00–10:00) has enough")
        // Whole words only: "youth", "yours-truly" and quoted tags stay.
        #expect(OrganizerVoice.member("interests 'youth', 'your_app', yourself") == "interests 'youth', 'your_app', yourself")
    }

    @Test func continuingReasonsAreAboutTheMenteeAndTheMentor() {
        #expect(OrganizerVoice.pair("they are at stage 3, fewer than 2 stages ahead of your stage 2")
            == "the mentor is at stage 3, fewer than 2 stages ahead of the mentee's stage 2")
        #expect(OrganizerVoice.pair("they teach none of your interests 'web'") == "the mentor teaches none of the mentee's interests 'web'")
        #expect(OrganizerVoice.pair("you asked to change mentor") == "the mentee asked to change mentor")
        #expect(OrganizerVoice.pair("you do not want a mentor this quarter") == "the mentee does not want a mentor this quarter")
        #expect(OrganizerVoice.pair("one of you lists the other under avoid") == "one of them lists the other under avoid")
        #expect(OrganizerVoice.pair("you share no time at all") == "they share no time at all")
    }

    /// Numbers and parenthesised details vary between members: what differs
    /// in a group is shown as "…", what all share is kept (the ids of a group of one).
    @Test func groupLabelsKeepSharedDetails() {
        let one = Page.template("the workshop time is the only time for their standup (standup-T003)")
        #expect(one.key == "the workshop time is the only time for their standup #")
        #expect(one.parts.joined() == "the workshop time is the only time for their standup (standup-T003)")
        let other = Page.template("the workshop time is the only time for their standup (standup-T012)")
        #expect(other.key == one.key)
        #expect(Page.merge(one.parts, other.parts).joined() == "the workshop time is the only time for their standup (…)")
        let a = Page.template("no 90-minute window in their availability (the longest is 30 minutes)")
        let b = Page.template("no 90-minute window in their availability (the longest is 45 minutes)")
        #expect(a.key == b.key && Page.merge(a.parts, b.parts).joined() == "no 90-minute window in their availability (…)")
        let c = Page.template("is shared by 0 other eligible members; a team needs 3")
        let d = Page.template("is shared by 1 other eligible members; a team needs 3")
        #expect(Page.merge(c.parts, d.parts).joined() == "is shared by … other eligible members; a team needs 3")
    }
}
