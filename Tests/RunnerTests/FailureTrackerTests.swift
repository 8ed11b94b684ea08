import Testing
@testable import Runner

@Suite struct FailureTrackerTests {
    @Test func directUseOfAFailedName() {
        var tracker = FailureTracker()
        tracker.cellFailed(id: "b", binds: ["bad"])
        #expect(tracker.skipReason(uses: ["ok", "bad"]) == "uses `bad` from failed cell `b`")
        #expect(tracker.skipReason(uses: ["ok"]) == nil)
    }

    @Test func transitiveUseThroughASkippedCell() {
        var tracker = FailureTracker()
        tracker.cellFailed(id: "b", binds: ["bad"])
        let reason = tracker.skipReason(uses: ["bad"])
        #expect(reason != nil)
        tracker.cellSkipped(id: "c", binds: ["derived"])
        #expect(tracker.skipReason(uses: ["derived"]) == "uses `derived` from skipped cell `c`")
    }

    @Test func rebindingCleansAName() {
        var tracker = FailureTracker()
        tracker.cellFailed(id: "b", binds: ["x"])
        tracker.cellSucceeded(binds: ["x"])
        #expect(tracker.skipReason(uses: ["x"]) == nil)
    }
}
