import NotebookFormat
import Tabular
import Testing
@testable import Language

// Reshaping verbs (SPEC-2 §B): pivot_wider, pivot_longer, cross, distinct and the grouped
// `with(t, by: …)`. Expectations are ValueText literals; errors are checked for their
// whole message and position (cell text starts at line 2, column 5 of nb.yaml).

private func expectSame(_ code: String, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let (same, detail) = sameValue(code, expected)
    #expect(same, "\(code) → \(detail)", sourceLocation: sourceLocation)
}

/// Expects the run-time error `message` exactly, at `line`:`column`.
private func expectError(_ code: String, _ message: String, line: Int = 2, column: Int,
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard case .runtimeError(let e) = run([code]) else {
        Issue.record("\(code) should fail at run time, got \(describe(run([code])))", sourceLocation: sourceLocation)
        return
    }
    #expect(e.message == message, "\(code)", sourceLocation: sourceLocation)
    #expect(e.location?.line == line && e.location?.column == column, "\(code): \(e)", sourceLocation: sourceLocation)
}

/// country, year, value (one null), long form.
private let long = """
    t = table(country: ["NO", "NO", "SE", "SE", "DK"], year: [2024, 2025, 2024, 2025, 2025], value: [1.5, 2, 3, null, 7])
    """

// MARK: pivot_wider

@Test func pivotWiderMakesOneRowPerIdAndOneColumnPerName() {
    expectSame(long + "\npivot_wider(t, names_from: \"year\", values_from: \"value\")",
               "table(country: [\"NO\", \"SE\", \"DK\"], \"2024\": [1.5, 3, null], \"2025\": [2, null, 7])")
    expectSame(long + "\npivot_wider(t, names_from: \"country\", values_from: \"value\")",
               "table(year: [2024, 2025], NO: [1.5, 2], SE: [3, null], DK: [null, 7])")
    // `id` chooses the id columns (others are dropped); with none, one row.
    expectSame(long + "\npivot_wider(with(t, region: \"N\"), names_from: \"country\", values_from: \"value\", id: \"year\")",
               "table(year: [2024, 2025], NO: [1.5, 2], SE: [3, null], DK: [null, 7])")
    expectSame("pivot_wider(table(k: [\"a\", \"b\"], v: [1, 2]), names_from: \"k\", values_from: \"v\")", "table(a: [1], b: [2])")
}

@Test func pivotWiderNamesColumnsByStrOfTheValue() {
    expectSame("pivot_wider(table(k: [0.5, 1e20, -0, 3], v: [1, 2, 3, 4]), names_from: \"k\", values_from: \"v\")",
               "table(\"0.5\": [1], \"1e+20\": [2], \"0\": [3], \"3\": [4])")
    expectSame("pivot_wider(table(k: [true, null], v: [\"x\", \"y\"]), names_from: \"k\", values_from: \"v\")",
               "table(true: [\"x\"], null: [\"y\"])")
    expectSame("columns(pivot_wider(table(i: [], k: [], v: []), names_from: \"k\", values_from: \"v\"))", "[\"i\"]")
}

@Test func pivotWiderErrors() {
    // Two rows for one cell: both rows (1-based) and the cell's id and name values.
    expectError(long + "\npivot_wider(append(t, table(country: \"SE\", year: 2024, value: 9)), names_from: \"year\", values_from: \"value\")",
                "`pivot_wider`: rows 3 and 6 both give the cell where country = \"SE\", year = 2024; each cell takes one row (combine them first, e.g. with `group`)",
                line: 3, column: 17)
    expectError(long + "\npivot_wider(t, names_from: \"yr\", values_from: \"value\")",
                "`pivot_wider`: no column \"yr\" in the table (columns: \"country\", \"year\", \"value\")", line: 3, column: 32)
    expectError(long + "\npivot_wider(t, names_from: \"year\", values_from: \"year\")",
                "`pivot_wider`: `names_from` and `values_from` are both `year`; name two different columns", line: 3, column: 53)
    expectError(long + "\npivot_wider(t, names_from: \"year\", values_from: \"value\", id: [\"country\", \"value\"])",
                "`pivot_wider`: `value` is the `values_from` column; it cannot also be an `id` column", line: 3, column: 66)
    expectError("pivot_wider(table(a: [\"b\", \"x\"], b: [1, 2], v: [1, 2]), names_from: \"a\", values_from: \"v\")",
                "`pivot_wider`: a value of `a` would name a new column `b`, like the id column `b`; rename first", column: 73)
    expectError("pivot_wider(table(a: [\"null\", null], v: [1, 2]), names_from: \"a\", values_from: \"v\")",
                "`pivot_wider`: a value of `a` would name a new column `null`, like another value of `a` with the same text; rename first", column: 66)
    expectError("pivot_wider(table(a: 1), names_from: 1, values_from: \"a\")",
                "`pivot_wider`: argument `names_from` must be a string, not a number", column: 42)
    expectError("pivot_wider([1], names_from: \"a\", values_from: \"b\")",
                "`pivot_wider`: argument `t` must be a table, not a list", column: 17)
}

// MARK: pivot_longer

@Test func pivotLongerTurnsColumnsIntoRows() {
    let wide = "w = table(country: [\"NO\", \"SE\"], \"2024\": [1.5, 3], note: [\"a\", \"b\"], \"2025\": [2, null])"
    expectSame(wide.replacingOccurrences(of: "\"2024\"", with: "y2024").replacingOccurrences(of: "\"2025\"", with: "y2025")
               + "\npivot_longer(w, cols: [\"y2025\", \"y2024\"], names_to: \"year\", values_to: \"spend\")",
               "table(country: [\"NO\", \"NO\", \"SE\", \"SE\"], note: [\"a\", \"a\", \"b\", \"b\"], year: [\"y2025\", \"y2024\", \"y2025\", \"y2024\"], spend: [2, 1.5, null, 3])")
    // Defaults `name` and `value`; one column given as a string; a column of only nulls fits.
    expectSame("pivot_longer(table(k: [1, 2], x: [\"p\", \"q\"], y: null), \"x\")",
               "table(k: [1, 2], y: [null, null], name: [\"x\", \"x\"], value: [\"p\", \"q\"])")
    expectSame("pivot_longer(table(x: [\"p\", \"q\"], y: null), cols: [\"x\", \"y\"]).value", "[\"p\", null, \"q\", null]")
}

@Test func pivotWiderThenLongerGivesTheRowsBack() {
    expectSame(long + "\nw = pivot_wider(t, names_from: \"country\", values_from: \"value\")\n"
               + "pivot_longer(w, cols: [\"NO\", \"SE\", \"DK\"], names_to: \"country\")",
               "table(year: [2024, 2024, 2024, 2025, 2025, 2025], country: [\"NO\", \"SE\", \"DK\", \"NO\", \"SE\", \"DK\"], value: [1.5, 3, null, 2, null, 7])")
}

@Test func pivotLongerErrors() {
    expectError("pivot_longer(table(a: [1], b: [\"x\"], c: [2]), cols: [\"a\", \"c\", \"b\"])",
                "`pivot_longer`: the listed columns must share a type, but `b` holds strings and `a` holds numbers", column: 57)
    expectError("pivot_longer(table(a: [1], b: [2]), cols: [\"a\", \"z\"])",
                "`pivot_longer`: no column \"z\" in the table; did you mean \"a\"? (columns: \"a\", \"b\")", column: 47)
    expectError("pivot_longer(table(a: [1], b: [2]), cols: [\"a\", \"a\"])",
                "`pivot_longer`: column `a` is named twice in `cols`", column: 47)
    expectError("pivot_longer(table(a: [1], b: [2]), cols: [])",
                "`pivot_longer`: name at least one column to turn into rows", column: 47)
    expectError("pivot_longer(table(a: [1], b: [2]), cols: \"a\", names_to: \"b\")",
                "`pivot_longer`: the table keeps a column `b`; choose another name for `names_to`", column: 62)
    expectError("pivot_longer(table(a: [1], value: [2]), cols: \"a\")",
                "`pivot_longer`: the table keeps a column `value`; choose another name for `values_to`", column: 5)
    expectError("pivot_longer(table(a: [1], b: [2]), cols: \"a\", names_to: \"x\", values_to: \"x\")",
                "`pivot_longer`: `names_to` and `values_to` are both `x`; the result needs two columns", column: 78)
}

// MARK: cross

@Test func crossPairsEveryRow() {
    expectSame("cross(table(country: [\"NO\", \"SE\"]), table(year: [2024, 2025, 2026], g: 2%))",
               "table(country: [\"NO\", \"NO\", \"NO\", \"SE\", \"SE\", \"SE\"], year: [2024, 2025, 2026, 2024, 2025, 2026], g: [0.02, 0.02, 0.02, 0.02, 0.02, 0.02])")
    expectSame("len(cross(table(a: [1, 2]), table(b: [])))", "0")
}

@Test func crossErrors() {
    expectError("cross(table(a: 1, b: 2, c: 3), table(c: 1, a: 2))",
                "`cross`: both tables have the columns `a`, `c`; rename or drop them in one first", column: 36)
    expectError("cross(table(a: 1), table(a: 2))",
                "`cross`: both tables have the column `a`; rename or drop it in one first", column: 24)
    expectError("cross(table(a: 1), [1])", "`cross`: argument `b` must be a table, not a list", column: 24)
    // Beyond the list-length limit: refused before anything is built.
    expectError("x = table(a: seq(1, 20000))\ncross(x, table(b: seq(1, 20000)))",
                "the crossed table would have 400,000,000 elements; the limit is 100,000,000", line: 3, column: 5)
}

// MARK: distinct

@Test func distinctKeepsTheFirstRowOfEachCombination() {
    expectSame("distinct(table(k: [\"a\", null, \"a\", null], v: [1, 2, 1, 2]))", "table(k: [\"a\", null], v: [1, 2])")
    expectSame("distinct(table(k: [\"a\", \"b\", \"a\"], j: [1, 1, 1], v: [1, 2, 3]), \"k\", \"j\")",
               "table(k: [\"a\", \"b\"], j: [1, 1], v: [1, 2])")
    expectSame("distinct(table(k: [\"a\", \"b\", \"a\"], j: [1, 1, 1], v: [1, 2, 3]), [\"j\"])", "table(k: [\"a\"], j: [1], v: [1])")
    expectSame("distinct(table())", "table()")
    expectError("distinct(table(k: [1]), \"k\", \"q\")", "`distinct`: no column \"q\" in the table; did you mean \"k\"? (columns: \"k\")", column: 34)
    expectError("distinct(table(k: [1]), \"k\", \"k\")", "`distinct`: column `k` is named twice", column: 34)
}

// MARK: grouped with

@Test func groupedWithPutsEachGroupsValuesBackOnItsRows() {
    expectSame("with(table(k: [\"a\", \"b\", \"a\", \"b\", \"a\"], v: [1, 2, 3, 4, 5]), by: \"k\", run: cumsum(v), share: v / sum(v), n: len(v))",
               "table(k: [\"a\", \"b\", \"a\", \"b\", \"a\"], v: [1, 2, 3, 4, 5], run: [1, 2, 4, 6, 9], share: [0.1111111111111111, 0.3333333333333333, 0.3333333333333333, 0.6666666666666666, 0.5555555555555556], n: [3, 2, 3, 2, 3])")
    // Several keys, null keys as a group, later expressions see earlier ones, kernel aggregates.
    expectSame("with(table(a: [1, 1, 2, null, null], b: [\"x\", \"x\", \"x\", \"y\", \"y\"], v: [1, 2, 3, 4, null]), by: [\"a\", \"b\"], m: mean(v), d: v - m, first: first(v))",
               "table(a: [1, 1, 2, null, null], b: [\"x\", \"x\", \"x\", \"y\", \"y\"], v: [1, 2, 3, 4, null], m: [1.5, 1.5, 3, 4, 4], d: [-0.5, 0.5, 0, 0, null], first: [1, 1, 3, 4, 4])")
    // Text and bool results; a group whose values are all null fits any type.
    expectSame("with(table(k: [1, 2, 1], s: [\"p\", \"q\", \"r\"]), by: \"k\", u: upper(first(s)) + s, big: len(s) > 1)",
               "table(k: [1, 2, 1], s: [\"p\", \"q\", \"r\"], u: [\"Pp\", \"Qq\", \"Pr\"], big: [true, false, true])")
    expectSame("with(table(k: [1, 2], v: [1, null]), by: \"k\", w: if k[0] == 1 { \"x\" } else { null }).w", "[\"x\", null]")
    expectSame("with(table(k: [], v: []), by: \"k\", r: cumsum(v))", "table(k: [], v: [], r: [])")
    expectSame("with(table(k: [1, 1], v: [3, 4]), by: \"k\")", "table(k: [1, 1], v: [3, 4])")
}

@Test func groupedWithMatchesEvaluatingEachGroupAlone() {
    let data = "t = table(k: map(1..200, i => mod(i * 7, 5)), v: map(1..200, i => mod(i * 13, 17) - 8))"
    for g in 0...4 {
        expectSame(data + "\nequal(where(with(t, by: \"k\", r: cumsum(v)), k == \(g)).r, cumsum(where(t, k == \(g)).v))", "true")
    }
    expectSame(data + "\nequal(with(t, by: \"k\", m: mean(v)).m, with(t, by: \"k\", m: mean(v) + 0).m)", "true")
}

@Test func groupedWithErrors() {
    expectError("with(table(k: [1, 1, 2], v: [1, 2, 3]), by: \"k\", r: [1, 2])",
                "`with`: `r` gave 2 values for a group of 1 row; give one value, or one per row of the group (in the group where k = 2)", column: 57)
    expectError("with(table(k: [1, 2], v: [1, 2]), by: \"k\", r: if k[0] == 1 { 1 } else { \"x\" })",
                "`with`: `r` gave strings here but numbers for an earlier group; a column holds one type (in the group where k = 2)", column: 51)
    expectError("with(table(k: [\"a\", \"b\"], v: [1, 0]), by: \"k\", r: 1 / v[0])",
                "division by zero (1 / 0) (in the group where k = \"b\")", column: 57)
    expectError("with(table(k: [1], v: [null]), by: \"k\", m: mean(v))",
                "`mean`: column `v` has no numbers in the group where k = 1", column: 48)
    expectError("with(table(k: [1], v: [1]), by: \"k\", k: v)",
                "`with`: `k` is a `by` column; a grouped `with` cannot replace it (add a new column instead)", column: 45)
    expectError("with(table(k: [1], v: [1]), by: \"kk\", r: v)",
                "`with`: no column \"kk\" in the table; did you mean \"k\"? (columns: \"k\", \"v\")", column: 37)
    expectError("with(table(k: [1], v: [1]), by: [\"k\", \"k\"], r: v)",
                "`with`: column `k` is named twice in `by`", column: 37)
    expectError("with(table(k: [1], v: [1]), by: \"k\", r: {a: 1})",
                "`with`: column `r` must be a list or a single number, string or bool, not a record (in the group where k = 1)", column: 45)
}

@Test func reshapesThatWouldNotFitTheMemoryLimitAreRefusedBeforeBuilding() {
    let tiny = ExecutionControl(memoryLimit: 1 << 20)
    let cases = [
        ("a = table(x: seq(1, 2000))\ncross(a, table(y: seq(1, 2000)))", "`cross`: the crossed table would have 4,000,000 rows, more than fit in the memory limit of 1 MiB"),
        ("a = table(i: seq(1, 2000), n: seq(1, 2000), v: 0)\npivot_wider(a, names_from: \"n\", values_from: \"v\")",
         "`pivot_wider`: the pivoted table would have 4,000,000 cells, more than fit in the memory limit of 1 MiB"),
        ("a = table(x: seq(1, 2000), y: 1)\npivot_longer(a, cols: [\"x\", \"y\"])",
         "`pivot_longer`: the longer table would have 4000 rows, more than fit in the memory limit of 1 MiB"),
    ]
    for (code, message) in cases {
        guard case .runtimeError(let e) = run([code], control: tiny) else {
            Issue.record("\(code) should fail under a 1 MiB limit")
            continue
        }
        #expect(e.message == message && e.location?.line == 3 && e.location?.column == 5, "\(e)")
    }
}
