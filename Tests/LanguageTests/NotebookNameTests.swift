import NotebookFormat
import Testing
@testable import Language

// `@name` (the notebook-level name, past locals and columns), the message when a column
// hides a notebook name, and the call chain on errors inside functions. Cells start at
// line 10·k + 2, column 5 of nb.yaml (see `notebook` in Support.swift).

@Suite struct NotebookNameTests {
    @Test func atNameReachesTheNotebookPastAColumnOfTheSameName() {
        let (ok, detail) = sameValue("""
            year = 2020
            t = table(year: [2019, 2020, 2021], v: [1, 2, 3])
            where(t, year > @year).v
            """, "[3]")
        #expect(ok, "\(detail)")
    }

    @Test func atNameReachesTheNotebookPastALocal() {
        let (ok, detail) = sameValue("""
            rate = 2
            fn scaled(rate) = rate * @rate
            scaled(5)
            """, "10")
        #expect(ok, "\(detail)")
    }

    @Test func atNameCallsTheNotebookFunctionAColumnHides() {
        let (ok, detail) = sameValue("""
            fn score(x) = x * 10
            t = table(score: [1, 2])
            with(t, s: @score(score)).s
            """, "[10, 20]")
        #expect(ok, "\(detail)")
    }

    @Test func atNameOfABuiltinIsTheBuiltin() {
        let (ok, detail) = sameValue("t = table(sum: [1, 2])\nwith(t, total: @sum(sum)).total", "[3, 3]")
        #expect(ok, "\(detail)")
    }

    @Test func atNameOfAnUnknownNameIsAStaticError() {
        guard case .staticErrors(let errors) = run(["x = 1\ny = @xx + 1"]) else {
            Issue.record("expected a static error")
            return
        }
        #expect(errors.map(\.description) == [
            "nb.yaml:3:9: error: `@xx`: no notebook name `xx` (a param, a data table, a name a cell binds, or a built-in); did you mean `x`?",
        ])
    }

    @Test func atNameBeforeItsBindingIsAStaticError() {
        guard case .staticErrors(let errors) = run(["y = @later", "later = 1"]) else {
            Issue.record("expected a static error")
            return
        }
        #expect(errors.map(\.message) == ["`later` is defined in cell `cell-2`, which comes after this one"])
    }

    @Test func callingAColumnThatHidesANotebookFunctionSaysSo() {
        let result = run(["fn usd_rank(x) = x\nt = table(usd_rank: [1, 2])\nwith(t, r: usd_rank(usd_rank))"])
        guard case .runtimeError(let error) = result else {
            Issue.record("expected a runtime error, got \(describe(result))")
            return
        }
        #expect(error.description
            == "nb.yaml:4:16: error: `usd_rank` here is the column of that name, not the notebook's function; write `@usd_rank` for the notebook's")
        #expect(error.notes.map(\.message) == ["this is a list, not a function; it cannot be called"])
    }

    @Test func passingAColumnThatHidesANotebookFunctionSaysSo() {
        let result = run(["fn usd_rank(x) = x\nt = table(usd_rank: [1, 2])\nwith(t, r: map(usd_rank, usd_rank))"])
        guard case .runtimeError(let error) = result else {
            Issue.record("expected a runtime error, got \(describe(result))")
            return
        }
        #expect(error.message
            == "`usd_rank` here is the column of that name, not the notebook's value; write `@usd_rank` for the notebook's")
        #expect(error.location == SourceLocation(file: "nb.yaml", line: 4, column: 30))
        #expect(error.notes.count == 1 && error.notes[0].message.contains("must be a function"))
    }

    @Test func anErrorInAFunctionListsTheCallsThatLedThere() {
        let result = run(["""
            fn inner(x) = x / 0
            fn outer(y) = inner(y) + 1
            a = outer(1)
            """])
        guard case .runtimeError(let error) = result else {
            Issue.record("expected a runtime error, got \(describe(result))")
            return
        }
        #expect(error.location == SourceLocation(file: "nb.yaml", line: 2, column: 21))
        #expect(error.notes.map(\.description) == [
            "nb.yaml:3:19: note: `inner` was called here",
            "nb.yaml:4:9: note: `outer` was called here",
        ])
    }

    @Test func theChainNamesWhichOfSeveralCallsFailed() {
        let result = run(["fn share(a, b) = a / b\nx = share(1, 2)\ny = share(3, 0)\nz = share(5, 4)"])
        guard case .runtimeError(let error) = result else {
            Issue.record("expected a runtime error, got \(describe(result))")
            return
        }
        #expect(error.notes.map(\.description) == ["nb.yaml:4:9: note: `share` was called here"])
    }

    @Test func lambdasCalledByBuiltinsAreInTheChain() {
        let result = run(["xs = map([1, 0], x => 1 / x)"])
        guard case .runtimeError(let error) = result else {
            Issue.record("expected a runtime error, got \(describe(result))")
            return
        }
        #expect(error.notes.map(\.message) == ["a lambda was called here"])
    }

    @Test func aRunawayRecursionKeepsTheInnermostCallsAndCountsTheRest() {
        let result = run(["fn down(n) = if n == 0 { 1 / 0 } else { down(n - 1) }\ndown(50)"])
        guard case .runtimeError(let error) = result else {
            Issue.record("expected a runtime error, got \(describe(result))")
            return
        }
        #expect(error.notes.count == Diagnostic.maxCallNotes + 1)
        #expect(error.notes.last?.location == nil)
        #expect(error.notes.last?.message == "… and \(51 - Diagnostic.maxCallNotes) more outer calls")
    }
}
