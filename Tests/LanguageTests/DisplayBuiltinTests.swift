import NotebookFormat
import Tabular
import Testing
@testable import Language

// `label` and `hide` (and `format`, which shares their file): they change how the report
// shows a table, never its data or column names. Tables print through `ValueText`, which
// writes display settings as the calls that set them.

private func expectSame(_ code: String, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let (same, detail) = sameValue(code, expected)
    #expect(same, "\(code) → \(detail)", sourceLocation: sourceLocation)
}

/// Expects a runtime error with exactly `message`, at line 2 (the cell's first line),
/// `column`.
private func expectMessage(_ code: String, _ message: String, column: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard case .runtimeError(let e) = run([code]) else {
        Issue.record("\(code) should fail at run time, got \(describe(run([code])))", sourceLocation: sourceLocation)
        return
    }
    #expect(e.message == message, "\(code)", sourceLocation: sourceLocation)
    #expect(e.location?.line == 2 && e.location?.column == column, "\(code): \(e)", sourceLocation: sourceLocation)
}

@Test func labelSetsTheShownHeaderAndKeepsTheName() throws {
    expectSame("label(table(usd: [1.5], pop: [5]), usd: \"Spending (US$ bn)\")",
               "label(table(usd: [1.5], pop: [5]), usd: \"Spending (US$ bn)\")")
    expectSame("columns(label(table(usd: [1.5]), usd: \"Spending\"))", "[\"usd\"]")
    expectSame("label(table(usd: [1.5]), usd: \"Spending\").usd", "[1.5]")
    // A column name with spaces is written as a string; several columns at once.
    expectSame("label(table(\"Per head\": [1], n: 2), \"Per head\": \"Per head (US$)\", n: \"Count\")",
               "label(table(\"Per head\": [1], n: [2]), \"Per head\": \"Per head (US$)\", n: \"Count\")")
    // null restores the column's own name; a later label replaces an earlier one.
    expectSame("label(label(table(a: 1), a: \"A\"), a: null)", "table(a: [1])")
    expectSame("label(label(table(a: 1), a: \"A\"), a: \"B\")", "label(table(a: [1]), a: \"B\")")
    guard case .value(.table(let t)) = run(["label(format(table(v: [0.25]), v: \"0%\"), v: \"Share\")"]) else {
        Issue.record("label failed")
        return
    }
    #expect(t.display == [ColumnDisplay(format: "0%", label: "Share")])
}

@Test func hideKeepsTheColumnInTheTable() throws {
    expectSame("hide(table(a: 1, b: 2), \"b\")", "hide(table(a: [1], b: [2]), \"b\")")
    expectSame("columns(hide(table(a: 1, b: 2), \"b\"))", "[\"a\", \"b\"]")
    expectSame("hide(table(a: 1, b: 2), \"b\").b", "[2]")
    expectSame("hide(table(a: 1, b: 2, c: 3), [\"b\", \"c\"], \"b\")", "hide(table(a: [1], b: [2], c: [3]), \"b\", \"c\")")
    expectSame("hide(table(a: 1), [])", "table(a: [1])")
    guard case .value(.table(let t)) = run(["hide(label(table(a: 1, b: 2), b: \"B\"), \"b\")"]) else {
        Issue.record("hide failed")
        return
    }
    #expect(t.display == [.plain, ColumnDisplay(label: "B", hidden: true)])
}

@Test func settingsTravelWithTheirColumnsThroughVerbs() {
    let t = "t = hide(label(format(table(k: [\"a\", \"b\", \"a\"], v: [1, 2, 3], w: 0.5), w: \"0%\"), k: \"Kind\", v: \"Value\"), \"w\")\n"
    expectSame(t + "select(t, \"w\", \"k\")", "hide(label(format(table(w: [0.5, 0.5, 0.5], k: [\"a\", \"b\", \"a\"]), w: \"0%\"), k: \"Kind\"), \"w\")")
    expectSame(t + "rename(drop(t, \"v\"), \"k\", \"kind\")",
               "hide(label(format(table(kind: [\"a\", \"b\", \"a\"], w: [0.5, 0.5, 0.5]), w: \"0%\"), kind: \"Kind\"), \"w\")")
    expectSame(t + "where(t, v > 1)",
               "hide(label(format(table(k: [\"b\", \"a\"], v: [2, 3], w: [0.5, 0.5]), w: \"0%\"), k: \"Kind\", v: \"Value\"), \"w\")")
    // A replaced column keeps its settings; a new one has none.
    expectSame(t + "with(t, v: v * 10, x: 1)",
               "hide(label(format(table(k: [\"a\", \"b\", \"a\"], v: [10, 20, 30], w: [0.5, 0.5, 0.5], x: [1, 1, 1]), w: \"0%\"), k: \"Kind\", v: \"Value\"), \"w\")")
    // group: the `by` columns keep theirs, aggregates are plain.
    expectSame(t + "group(t, by: \"k\", v: sum(v))", "label(table(k: [\"a\", \"b\"], v: [4, 2]), k: \"Kind\")")
    expectSame(t + "sort(head(t, 2), \"v\", desc: true)",
               "hide(label(format(table(k: [\"b\", \"a\"], v: [2, 1], w: [0.5, 0.5]), w: \"0%\"), k: \"Kind\", v: \"Value\"), \"w\")")
    expectSame(t + "join(select(t, \"k\", \"v\"), label(table(k: [\"a\"], n: [7]), n: \"N\", k: \"ignored\"), on: \"k\")",
               "label(table(k: [\"a\", \"a\"], v: [1, 3], n: [7, 7]), k: \"Kind\", v: \"Value\", n: \"N\")")
    // Display settings are not data: `equal` ignores them.
    expectSame(t + "equal(t, table(k: [\"a\", \"b\", \"a\"], v: [1, 2, 3], w: 0.5))", "true")
}

@Test func labelErrors() {
    expectMessage("label(table(usd: [1]), usds: \"x\")",
                  "`label`: no column \"usds\" in the table; did you mean \"usd\"? (columns: \"usd\")", column: 34)
    expectMessage("label(table(a: [1]), a: 2)",
                  "`label`: the label for `a` must be a string (or null for the column's own name), not a number", column: 29)
    expectMessage("label(table(a: [1]), a: [\"A\"])",
                  "`label`: the label for `a` must be a string (or null for the column's own name), not a list", column: 29)
    expectMessage("label(table(a: [1]), a: \" \")",
                  "`label`: the label for `a` is empty; give the header to show (or null for the column's own name)", column: 29)
    expectMessage("label([1], a: \"A\")", "`label`: argument `t` must be a table, not a list", column: 11)
}

@Test func hideErrors() {
    expectMessage("hide(table(year: 1, usd: 2), \"yaer\")",
                  "`hide`: no column \"yaer\" in the table; did you mean \"year\"? (columns: \"year\", \"usd\")", column: 34)
    expectMessage("hide(table(a: 1), 3)", "`hide`: column names must be strings, not a number", column: 23)
    expectMessage("hide(table(a: 1, b: 2), \"a\", \"b\")",
                  "`hide`: this would hide every column of the table (`a`, `b`); keep at least one shown (hidden columns stay in the CSV)",
                  column: 34)
    expectMessage("hide(hide(table(a: 1, b: 2), \"a\"), [\"b\"])",
                  "`hide`: this would hide every column of the table (`a`, `b`); keep at least one shown (hidden columns stay in the CSV)",
                  column: 40)
    expectMessage("hide(\"a\", \"a\")", "`hide`: argument `t` must be a table, not a string", column: 10)
}
