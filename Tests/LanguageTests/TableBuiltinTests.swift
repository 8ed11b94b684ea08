import NotebookFormat
import Tabular
import Testing
@testable import Language

// Table verbs (SPEC §3 "Tables"). Expectations are the value's text as the tests' own
// `ValueText` writes it, which reads as the literal a user would write.

private func expectSame(_ code: String, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let (same, detail) = sameValue(code, expected)
    #expect(same, "\(code) → \(detail)", sourceLocation: sourceLocation)
}

/// The runtime error of a one-cell program (cell text at line 2, column 5 of nb.yaml).
private func runtimeError(_ code: String) -> Diagnostic? {
    if case .runtimeError(let d) = run([code]) { return d }
    return nil
}

/// Expects a runtime error whose message contains every fragment, at `line`:`column`.
private func expectError(_ code: String, _ fragments: [String], line: Int = 2, column: Int? = nil,
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let e = runtimeError(code) else {
        Issue.record("\(code) should fail at run time, got \(describe(run([code])))", sourceLocation: sourceLocation)
        return
    }
    for f in fragments {
        #expect(e.message.contains(f), "\(code): message \"\(e.message)\" lacks \"\(f)\"", sourceLocation: sourceLocation)
    }
    #expect(e.location?.line == line, "\(code): \(e)", sourceLocation: sourceLocation)
    if let column { #expect(e.location?.column == column, "\(code): \(e)", sourceLocation: sourceLocation) }
}

private let budget = """
    t = table(year: [2024, 2024, 2025, 2025, 2026], country: ["NO", "SE", "NO", "SE", "NO"], value: [1.5, 2, null, 4, 5])
    """

// MARK: Building and reading tables

@Test func tableFromColumnsBroadcastsScalars() {
    expectSame("len(table(a: [1, 2, 3], b: \"x\"))", "3")
    expectSame("table(a: [1, 2, 3], b: \"x\").b", "[\"x\", \"x\", \"x\"]")
    expectSame("len(table(a: 1, b: true))", "1")
    expectSame("table(a: [1, null]).a", "[1, null]")
    expectSame("table(a: null, b: [1, 2]).a", "[null, null]")
    expectSame("len(table())", "0")
    expectSame("columns(table())", "[]")
    expectSame("len(table(a: []))", "0")
}

@Test func tableFromRecords() {
    expectSame("table([{a: 1, b: \"x\"}, {b: \"y\", a: 2}])", "table(a: [1, 2], b: [\"x\", \"y\"])")
    expectSame("table([])", "table()")
    expectSame("rows(table([{a: 1}, {a: null}]))", "[{a: 1}, {a: null}]")
}

@Test func tableConstructionErrors() {
    expectError("table(a: [1, 2], b: [1, 2, 3])", ["column `a`", "2 values", "3 rows"], column: 14)
    expectError("table(a: [1, \"x\"])", ["column `a`", "one type", "numbers and strings"], column: 14)
    expectError("table(a: {k: 1})", ["column `a`", "not a record"])
    expectError("table([{a: 1}, {b: 2}])", ["record 1", "lacks `a`", "has extra `b`"], column: 11)
    expectError("table([{a: 1}, 2])", ["element 1 is a number"])
    expectError("table([{a: 1}], b: 2)", ["not both"])
}

@Test func accessColumnsRowsAndLength() {
    expectSame(budget + "\nt.country", "[\"NO\", \"SE\", \"NO\", \"SE\", \"NO\"]")
    expectSame(budget + "\nt[\"value\"]", "[1.5, 2, null, 4, 5]")
    expectSame(budget + "\nt[1]", "{year: 2024, country: \"SE\", value: 2}")
    expectSame(budget + "\nt[-1].value", "5")
    expectSame(budget + "\nlen(t)", "5")
    expectSame(budget + "\ncolumns(t)", "[\"year\", \"country\", \"value\"]")
    expectSame(budget + "\nlen(rows(t))", "5")
    expectSame(budget + "\nrows(t)[2]", "{year: 2025, country: \"NO\", value: null}")
    expectSame(budget + "\nsum(t.value)", "12.5")
    expectSame(budget + "\nequal(t, t)", "true")
    expectSame(budget + "\nequal(t, head(t, 4))", "false")
    expectError(budget + "\nt.countyr", ["no column `countyr`", "did you mean `country`"], line: 3, column: 7)
    expectError(budget + "\nt[5]", ["out of range"], line: 3)
}

@Test func headAndTail() {
    expectSame(budget + "\nhead(t).year", "[2024, 2024, 2025, 2025, 2026]")
    expectSame(budget + "\nhead(t, 2).country", "[\"NO\", \"SE\"]")
    expectSame(budget + "\ntail(t, 2).value", "[4, 5]")
    expectSame(budget + "\nlen(head(t, 0))", "0")
    expectSame(budget + "\nlen(tail(t, 100))", "5")
    expectSame("len(head(table(a: []), 3))", "0")
    expectSame("head([1, 2, 3], 2)", "[1, 2]")
    expectError(budget + "\nhead(t, -1)", ["between 0"], line: 3)
}

@Test func readCSVWithoutFileAccessNamesThePath() {
    expectError("read_csv(\"data.csv\")", ["data.csv"], column: 14)
}

// MARK: with / where

@Test func withAddsAndReplacesColumns() {
    expectSame("with(table(a: [1, 2]), b: a * 2)", "table(a: [1, 2], b: [2, 4])")
    expectSame("with(table(a: [1, 2], c: 0), a: a + 1)", "table(a: [2, 3], c: [0, 0])")
    expectSame("with(table(a: [1, 2]), b: a * 2, c: b + a)", "table(a: [1, 2], b: [2, 4], c: [3, 6])")
    expectSame("with(table(a: [1, 2]), b: \"x\")", "table(a: [1, 2], b: [\"x\", \"x\"])")
    expectSame("with(table(a: [1, null]), b: a * 2)", "table(a: [1, null], b: [2, null])")
    expectSame("with(table(a: []), b: a * 2).b", "[]")
    // A column shadows a notebook name; other notebook names stay visible.
    expectSame("a = 100\nk = 3\nwith(table(a: [1, 2]), b: a + k)", "table(a: [1, 2], b: [4, 5])")
}

@Test func withErrors() {
    expectError("with(table(a: [1, 2]), b: [1, 2, 3])", ["column `b`", "3 values", "2 rows"], column: 31)
    expectError("with(table(a: [1, 2]), b: zz + 1)", ["`zz`", "columns: `a`"], column: 31)
    expectError("with(table(a: [1, 2]), b: {k: 1})", ["column `b`", "record"])
}

@Test func whereKeepsRows() {
    expectSame(budget + "\nwhere(t, country == \"NO\").value", "[1.5, null, 5]")
    expectSame(budget + "\nwhere(t, value > 1.5).year", "[2024, 2025, 2026]")  // null compares to null: dropped
    // One bool (or null) for the whole table is refused (ElementwiseBuiltinTests).
    expectError(budget + "\nwhere(t, true)", ["one value (`true`) for the whole table"], line: 3, column: 14)
    expectError(budget + "\nwhere(t, null)", ["one value (null) for the whole table"], line: 3, column: 14)
    expectSame(budget + "\nwhere(t, year >= 2025 and country == \"SE\")", "table(year: [2025], country: [\"SE\"], value: [4])")
    expectSame("columns(where(table(a: []), a > 1))", "[\"a\"]")
}

@Test func whereErrors() {
    expectError(budget + "\nwhere(t, value)", ["true or false", "numbers"], line: 3, column: 14)
    expectError(budget + "\nwhere(t, [true])", ["1 value", "5 rows"], line: 3, column: 14)
    expectError(budget + "\nwhere(t, 1)", ["a number"], line: 3, column: 14)
}

// MARK: group

@Test func groupWithKernelAggregates() {
    expectSame(budget + "\ngroup(t, by: \"country\", total: sum(value), n: count(value), rows: count(year))",
               "table(country: [\"NO\", \"SE\"], total: [6.5, 6], n: [2, 2], rows: [3, 2])")
    expectSame(budget + "\ngroup(t, by: [\"year\"], lo: min(value), hi: max(value), mid: median(year))",
               "table(year: [2024, 2025, 2026], lo: [1.5, 4, 5], hi: [2, 4, 5], mid: [2024, 2025, 2026])")
    expectSame(budget + "\ngroup(t, by: \"year\", average: mean(value)).average", "[1.75, 4, 5]")
    expectSame("group(table(k: [1, 1, 2, 2], v: [2, 4, 4, 4]), by: \"k\", s: stdev(v)).s", "[1.4142135623730951, 0]")
}

@Test func groupWithGeneralExpressions() {
    expectSame(budget + "\ngroup(t, by: \"country\", span: max(year) - min(year), first: first(year), label: \"c\" + str(len(year)))",
               "table(country: [\"NO\", \"SE\"], span: [2, 1], first: [2024, 2024], label: [\"c3\", \"c2\"])")
    // Notebook names are visible inside aggregates; columns shadow them.
    expectSame(budget + "\nscale = 10\ngroup(t, by: \"country\", x: sum(value) * scale).x", "[65, 60]")
}

@Test func groupKeysInFirstAppearanceOrderWithNullGroup() {
    expectSame("group(table(k: [\"b\", null, \"a\", \"b\", null], v: 1..5), by: \"k\", s: sum(v))",
               "table(k: [\"b\", null, \"a\"], s: [5, 7, 3])")
    expectSame("group(table(a: [1, 1, 2, 1], b: [\"x\", \"y\", \"x\", \"x\"], v: 1..4), by: [\"a\", \"b\"], s: sum(v))",
               "table(a: [1, 1, 2], b: [\"x\", \"y\", \"x\"], s: [5, 2, 3])")
    expectSame("group(table(k: [1, 2, 1]), by: \"k\")", "table(k: [1, 2])")
}

@Test func groupOfAnEmptyTable() {
    expectSame("columns(group(table(k: [], v: []), by: \"k\", s: sum(v), m: max(v) - 1))", "[\"k\", \"s\", \"m\"]")
    expectSame("len(group(table(k: [], v: []), by: \"k\", s: sum(v)))", "0")
}

/// The kernel path (`sum(v)`) and the general path (`sum(v) + 0`) agree exactly.
@Test func groupKernelMatchesPerGroupEvaluation() {
    let data = """
        n = 3000
        t = table(k: floor(random_uniform(n, 0, 37, seed: 5)), j: floor(random_uniform(n, 0, 3, seed: 6)), v: random_normal(n, 1e6, 3e5, seed: 7))
        t = with(t, v: if true { v } else { v })
        """
    for agg in ["sum", "mean", "median", "min", "max", "stdev", "count"] {
        let (same, detail) = sameResult(data + "\ngroup(t, by: [\"k\", \"j\"], r: \(agg)(v)).r", data + "\ngroup(t, by: [\"k\", \"j\"], r: \(agg)(v) + 0).r")
        #expect(same, "\(agg): \(detail)")
    }
}

@Test func groupKernelIsUsedOnlyForAColumn() {
    // `v` is a parameter of the function, not the column: each group sums the parameter.
    expectSame("t = table(k: [1, 2, 1], v: [1, 2, 3])\nfn f(v) = group(t, by: \"k\", s: sum(v))\nf([10, 20])",
               "table(k: [1, 2], s: [30, 30])")
    // Not a column: a notebook name.
    expectSame("w = [5, 5]\ngroup(table(k: [1, 2, 1]), by: \"k\", s: sum(w)).s", "[10, 10]")
}

@Test func groupErrors() {
    expectError(budget + "\ngroup(t, by: \"contry\", s: sum(value))", ["no column \"contry\"", "did you mean \"country\""], line: 3, column: 18)
    expectError(budget + "\ngroup(t, by: \"year\", s: sum(country))", ["`sum`", "numbers", "country"], line: 3, column: 29)
    expectError(budget + "\ngroup(t, by: \"year\", s: value)", ["`s` must give one value per group", "a list of 2"], line: 3, column: 29)
    expectError(budget + "\ngroup(t, by: \"year\", year: count(value))", ["two columns named `year`"], line: 3)
    expectError(budget + "\ngroup(t, by: 2024)", ["`by`", "column name"], line: 3, column: 18)
    expectError(budget + "\ngroup(t, by: [\"year\", \"year\"])", ["named twice"], line: 3)
    // A group without numbers: the same error on both paths, naming the group.
    expectError("group(table(k: [1, 2], v: [1, null]), by: \"k\", m: mean(v))", ["`mean`", "no numbers", "k = 2"], column: 55)
    expectError("group(table(k: [1, 2], v: [1, null]), by: \"k\", m: mean(v) + 0)", ["no numbers", "k = 2"], column: 55)
    expectError(budget + "\ngroup(t, by: \"country\", s: stdev(value) + sd)", ["`sd`", "columns: `year`, `country`, `value`"], line: 3)
}

// MARK: sort, select, drop, rename

@Test func sortTables() {
    expectSame(budget + "\nsort(t, \"value\").value", "[1.5, 2, 4, 5, null]")
    expectSame(budget + "\nsort(t, \"value\", desc: true).value", "[5, 4, 2, 1.5, null]")
    expectSame(budget + "\nsort(t, \"country\", \"year\", desc: [false, true]).year", "[2026, 2025, 2024, 2025, 2024]")
    expectSame(budget + "\nsort(t, \"country\").year", "[2024, 2025, 2026, 2024, 2025]")  // stable
    expectSame(budget + "\nsort(t, [\"country\", \"value\"]).value", "[1.5, 5, null, 2, 4]")
    expectSame("len(sort(table(a: []), \"a\"))", "0")
    // The list form still works, `desc` by name or position.
    expectSame("sort([3, 1, 2], true)", "[3, 2, 1]")
    expectSame("sort([3, 1, 2], desc: true)", "[3, 2, 1]")
}

@Test func sortErrors() {
    expectError(budget + "\nsort(t, \"valeu\")", ["no column \"valeu\"", "did you mean \"value\""], line: 3, column: 13)
    expectError(budget + "\nsort(t)", ["name the column"], line: 3, column: 5)
    expectError(budget + "\nsort(t, \"year\", desc: [true, false])", ["2 values for 1 sort column"], line: 3)
    expectError("sort([1, 2], \"a\")", ["column names are for tables"], column: 18)
}

@Test func selectDropRename() {
    expectSame(budget + "\ncolumns(select(t, \"value\", \"year\"))", "[\"value\", \"year\"]")
    expectSame(budget + "\ncolumns(select(t, [\"country\"]))", "[\"country\"]")
    expectSame(budget + "\ncolumns(drop(t, \"year\", \"value\"))", "[\"country\"]")
    expectSame(budget + "\nrename(t, \"value\", \"spend\").spend", "[1.5, 2, null, 4, 5]")
    expectSame(budget + "\ncolumns(rename(t, \"year\", \"fy\"))", "[\"fy\", \"country\", \"value\"]")
    expectError(budget + "\nselect(t, \"year\", \"cuntry\")", ["no column \"cuntry\"", "did you mean \"country\""], line: 3, column: 23)
    expectError(budget + "\nselect(t, \"year\", \"year\")", ["named twice"], line: 3, column: 23)
    expectError(budget + "\ndrop(t, \"yaer\")", ["did you mean \"year\""], line: 3, column: 13)
    expectError(budget + "\nrename(t, \"value\", \"year\")", ["\"year\" is named twice"], line: 3, column: 24)
    expectError(budget + "\nrename(t, \"vaule\", \"x\")", ["did you mean \"value\""], line: 3, column: 15)
    expectError(budget + "\nselect(t, 1)", ["column names must be strings"], line: 3, column: 15)
}

// MARK: join, append, format

@Test func joinTables() {
    let data = budget + "\nnames = table(country: [\"SE\", \"NO\", \"DK\"], name: [\"Sweden\", \"Norway\", \"Denmark\"])"
    expectSame(data + "\njoin(t, names, on: \"country\").name", "[\"Norway\", \"Sweden\", \"Norway\", \"Sweden\", \"Norway\"]")
    expectSame(data + "\ncolumns(join(t, names, on: [\"country\"]))", "[\"year\", \"country\", \"value\", \"name\"]")
    expectSame(data + "\njoin(names, t, on: \"country\").year", "[2024, 2025, 2024, 2025, 2026]")
    expectSame(data + "\njoin(names, t, on: \"country\", how: \"left\").year", "[2024, 2025, 2024, 2025, 2026, null]")
    expectSame("join(table(a: [1, null]), table(a: [null, 1], b: [\"x\", \"y\"]), on: \"a\", how: \"left\")",
               "table(a: [1, null], b: [\"y\", null])")
    // The list form is unchanged.
    expectSame("join([\"a\", \"b\"])", "\"ab\"")
    expectSame("join([\"a\", \"b\"], \"+\")", "\"a+b\"")
}

@Test func joinErrors() {
    let data = budget + "\nnames = table(country: [\"SE\"], name: [\"Sweden\"], value: [1])"
    expectError(data + "\njoin(t, names, on: \"country\")", ["\"value\"", "not a join key"], line: 4)
    expectError(data + "\njoin(t, names, on: \"contry\")", ["first table has no key column `contry`", "did you mean `country`"], line: 4, column: 24)
    expectError(data + "\njoin(t, names, on: \"year\")", ["second table has no key column `year`"], line: 4, column: 24)
    expectError(data + "\njoin(t, names, on: \"country\", how: \"outer\")", ["\"inner\" or \"left\"", "\"outer\""], line: 4, column: 40)
    expectError(data + "\njoin(t, names)", ["name the key"], line: 4, column: 5)
    expectError(data + "\njoin(t, [1], on: \"country\")", ["must be a table"], line: 4, column: 13)
    expectError("join(table(k: [1]), table(k: [\"1\"]), on: \"k\")", ["numbers in the left", "strings in the right"])
    expectError("join([\"a\"], \"-\", on: \"k\")", ["`on` is for joining tables"])
}

@Test func appendTables() {
    expectSame("append(table(a: [1], b: \"x\"), table(b: [\"y\", \"z\"], a: [2, 3]))", "table(a: [1, 2, 3], b: [\"x\", \"y\", \"z\"])")
    expectSame("append(table(a: []), table(a: [\"x\"])).a", "[\"x\"]")
    expectError("append(table(a: 1), table(b: 1))", ["different columns", "lacks \"a\""], column: 25)
    expectError("append(table(a: 1), table(a: \"x\"))", ["column \"a\" holds numbers in the first table but strings"], column: 25)
}

@Test func formatSetsDisplayPatternsOnly() throws {
    guard case .value(.table(let t)) = run(["format(table(v: [0.25], w: [1234.5], s: \"x\"), v: \"0.0%\", w: \"#,##0\")"]) else {
        Issue.record("format failed")
        return
    }
    #expect(t.display.map(\.format) == ["0.0%", "#,##0", nil])
    expectSame("format(table(v: [0.25]), v: \"0.0%\").v", "[0.25]")
    guard case .value(.table(let cleared)) = run(["format(format(table(v: [1]), v: \"0.0\"), v: null)"]) else {
        Issue.record("format null failed")
        return
    }
    #expect(cleared.display == [.plain])
    expectError("format(table(v: [1]), v: \"0.0.0\")", ["bad pattern", "column `v`"], column: 30)
    expectError("format(table(v: [1]), v: \"$0.0,,\\\"M\")", ["bad pattern \"$0.0,,\\\"M\" for column `v`: a '\"' is not closed"], column: 30)
    expectError("format(table(v: [1]), v: \"0;0;0;0\")", ["bad pattern \"0;0;0;0\" for column `v`: more than three sections"], column: 30)
    expectError("format(table(v: [1]), x: \"0\")", ["no column \"x\""], column: 30)
    expectError("format(table(s: \"a\"), s: \"0\")", ["column `s` holds strings"], column: 30)
}

@Test func verbsComposeWithPipes() {
    expectSame(budget + """

        t |> where(value > 1) |> with(double: value * 2) |> group(by: "country", total: sum(double)) |> sort("total", desc: true)
        """, "table(country: [\"NO\", \"SE\"], total: [13, 12])")
}

@Test func columnScopeVerbsCannotBeCalledIndirectly() {
    expectError("f = where\nf(table(a: [1]), true)", ["must be called directly"], line: 3)
}

/// The language's sums are compensated like Tabular's kernels (so both paths of `group` agree).
@Test func sumsAreCompensated() {
    expectSame("sum([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])", "1")
    expectSame("mean([1e16, 1, -1e16, 1])", "0.5")
    expectSame("group(table(k: 1, v: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]), by: \"k\", s: sum(v)).s", "[1]")
}

/// Per-group evaluation slices only the columns an expression names; names inside
/// lambdas and `if` blocks count.
@Test func groupExpressionsSeeTheColumnsTheyName() {
    expectSame(budget + "\ngroup(t, by: \"country\", s: reduce(year, 0, (acc, y) => acc + y - min(year)), f: if len(year) > 2 { first(country) } else { \"few\" })",
               "table(country: [\"NO\", \"SE\"], s: [3, 1], f: [\"NO\", \"few\"])")
    expectSame(budget + "\ngroup(t, by: \"country\", s: reduce([1], 0, (acc, y) => acc + sum(value)), c: if true { count(value) } else { 0 })",
               "table(country: [\"NO\", \"SE\"], s: [6.5, 6], c: [2, 2])")
}

@Test func groupByNoColumnsIsOneGroup() {
    expectSame("group(table(v: [1, 2, 3]), by: [], s: sum(v), n: count(v))", "table(s: [6], n: [3])")
    expectSame("len(group(table(v: []), by: [], s: sum(v)))", "0")
    expectError("group(table(v: [null]), by: [], m: mean(v))", ["`mean`", "the only group"])
}

@Test func misspelledColumnInAColumnScopeSuggestsTheColumn() {
    let result = run(["t = table(year: [2020, 2021], spend: [1, 2])\nwhere(t, yeer > 2020)"])
    guard case .runtimeError(let e) = result else {
        Issue.record("expected an error, got \(describe(result))")
        return
    }
    #expect(e.message.contains("`yeer` is neither a column of the table (its columns: `year`, `spend`) nor a bound name; did you mean `year`?"), "\(e.message)")
}

/// `fmt`'s pattern errors are at the pattern argument and name the pattern.
@Test func fmtPatternErrorsNameThePattern() {
    // The cell text starts at column 5: `fmt(1, ` puts the pattern at column 12.
    expectError("fmt(1, \"$0.0,,\\\"M\")", ["`fmt`", "bad pattern \"$0.0,,\\\"M\": a '\"' is not closed"], column: 12)
    expectError("fmt(1, \"0;(0 0)\")", ["bad pattern \"0;(0 0)\": in the negative section (2 of 2): digit placeholders must form one number"], column: 12)
    expectSame("fmt([-1234, 0, 56789], \"#,##0;(#,##0);\\\"–\\\"\")", "[\"(1,234)\", \"–\", \"56,789\"]")
    expectSame("fmt([0.031, -0.012, null], \"+0.0%\")", "[\"+3.1%\", \"-1.2%\", null]")
}
