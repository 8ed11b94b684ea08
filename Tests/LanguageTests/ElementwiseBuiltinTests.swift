import NotebookFormat
import Tabular
import Testing
@testable import Language

// Element-wise built-ins (SPEC-2 §B) and `where`'s refusal of a whole-table bool
// (SPEC-2 §A). Expectations are the value's text as the tests' own `ValueText` writes it.
// Errors: the cell's text starts at line 2, column 5 of nb.yaml.

private func expectSame(_ code: String, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let (same, detail) = sameValue(code, expected)
    #expect(same, "\(code) → \(detail)", sourceLocation: sourceLocation)
}

/// Expects a runtime error whose message is exactly `message` (when given) or contains
/// every fragment, at `line`:`column`.
private func expectError(_ code: String, _ fragments: [String], line: Int = 2, column: Int,
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard case .runtimeError(let e) = run([code]) else {
        Issue.record("\(code) should fail at run time, got \(describe(run([code])))", sourceLocation: sourceLocation)
        return
    }
    for f in fragments {
        #expect(e.message.contains(f), "\(code): message \"\(e.message)\" lacks \"\(f)\"", sourceLocation: sourceLocation)
    }
    #expect(e.location?.line == line && e.location?.column == column, "\(code): \(e)", sourceLocation: sourceLocation)
}

private func expectMessage(_ code: String, _ message: String, column: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard case .runtimeError(let e) = run([code]) else {
        Issue.record("\(code) should fail at run time, got \(describe(run([code])))", sourceLocation: sourceLocation)
        return
    }
    #expect(e.message == message, "\(code)", sourceLocation: sourceLocation)
    #expect(e.location?.line == 2 && e.location?.column == column, "\(code): \(e)", sourceLocation: sourceLocation)
}

private let budgets = """
    t = table(country: ["JP", "AU", "KR"], basis: ["incl. SACO", "excl.", null], share: [1.4, 2.1, 2.6])
    """

// MARK: where: one bool per row

@Test func whereRefusesAWholeTableBool() {
    // The issue's case: `contains` on a column is list membership, one `false`.
    expectMessage(budgets + "; where(t, contains(basis, \"incl.\"))",
                  "`where`: the condition gave one value (`false`) for the whole table, not one per row; "
                      + "a list function such as `contains(column, x)` tests the whole column at once. "
                      + "To test each row, use an element-wise function (`contains_text(column, \"text\")`, `matches`, a comparison) or `map(column, x => …)`",
                  column: 116)
    // A `true` would keep every row just as silently.
    expectError(budgets + "; where(t, contains(country, \"JP\"))", ["one value (`true`) for the whole table"], column: 116)
    // Literals and notebook-level values are refused alike.
    expectError(budgets + "; where(t, false)", ["one value (`false`)"], column: 116)
    expectError(budgets + "; flag = true; where(t, flag)", ["one value (`true`)"], column: 129)
    expectError(budgets + "; where(t, null)", ["one value (null)"], column: 116)
    // One row: a scalar is still one value for the table, not a list of one.
    expectError("where(table(a: [1]), 1 > 0)", ["one value (`true`) for the whole table"], column: 26)
    expectSame("where(table(a: [1]), a > 0)", "table(a: [1])")
    expectSame("where(table(a: [1]), [false])", "table(a: [])")
    // No rows: a comparison on an empty column is an empty list, which is fine.
    expectSame("where(table(a: []), a > 0)", "table(a: [])")
    expectError("where(table(a: []), contains(a, 1))", ["one value (`false`)"], column: 25)
}

@Test func whereWithElementwiseTextTests() {
    expectSame(budgets + "; where(t, contains_text(basis, \"incl.\")).country", "[\"JP\"]")
    expectSame(budgets + "; where(t, matches(basis, \"^(in|ex)cl\\\\.\")).country", "[\"JP\", \"AU\"]")
    expectSame(budgets + "; where(t, not starts_with(basis, \"incl\")).country", "[\"AU\"]")
}

// MARK: if_else

@Test func ifElsePerElement() {
    expectSame("if_else([true, false, null], [1, 2, 3], [10, 20, 30])", "[1, 20, null]")
    expectSame("if_else([true, false], 1, [10, 20])", "[1, 20]")
    expectSame("if_else(true, [1, 2], [3, 4])", "[1, 2]")
    expectSame("if_else(null, [1, 2], 0)", "[null, null]")
    expectSame("if_else([true, false], \"a\", null)", "[\"a\", null]")
    expectSame("if_else([true, false], null, null)", "[null, null]")
    expectSame("if_else([false, true], [true, false], false)", "[false, false]")
    expectSame("if_else([true, true], [1, null], 0)", "[1, null]")
    expectSame("if_else([], 1, 2)", "[]")
    // All scalars: a scalar.
    expectSame("if_else(1 > 2, \"yes\", \"no\")", "\"no\"")
    expectSame("if_else(null, 1, 2)", "null")
    // The issue's verdict column.
    expectSame("t = table(share: [2.1, 1.4]); with(t, verdict: if_else(share >= 2, \"meets\", \"short\")).verdict", "[\"meets\", \"short\"]")
    // Dividing by a guarded denominator avoids the division by zero.
    expectSame("x = [0, 2]; 10 / if_else(x == 0, null, x)", "[null, 5]")
}

@Test func ifElseErrors() {
    expectMessage("if_else([1, 0], 1, 2)",
                  "`if_else`: argument `cond` must be a condition (true, false or null, or a list of them), not a list of numbers", column: 13)
    expectMessage("if_else([true, false], 1, \"x\")",
                  "`if_else`: argument `b` is a string but argument `a` is a number; `a` and `b` must be of one type (null fits any)", column: 31)
    expectMessage("if_else([true, false], [1, 2, 3], 0)",
                  "`if_else`: argument `a` has 3 elements but argument `cond` has 2; lists must have the same length (a single value is used for every element)", column: 28)
    expectMessage("if_else(true, {a: 1}, 0)",
                  "`if_else`: argument `a` must be a number, string, bool, date or null, or a list of one of these, not a record", column: 19)
    expectMessage("if_else(true, [[1], [2]], 0)",
                  "`if_else`: argument `a` must be a number, string, bool, date or null, or a list of one of these, but the list holds lists", column: 19)
    expectMessage("if_else([\"a\"], 1, 2)",
                  "`if_else`: argument `cond` must be a condition (true, false or null, or a list of them), not a list of strings", column: 13)
}

// MARK: case

@Test func casePerElement() {
    let x = "x = [5, 15, 25, null]; "
    expectSame(x + "case(x < 10, \"low\", x < 20, \"mid\", default: \"high\")", "[\"low\", \"mid\", \"high\", \"high\"]")
    // No default: null; a null condition counts as not true.
    expectSame(x + "case(x < 10, \"low\", x < 20, \"mid\")", "[\"low\", \"mid\", null, null]")
    // The first true condition wins, even when a later one is true too.
    expectSame(x + "case(x > 0, 1, x > 10, 2, default: 0)", "[1, 1, 1, 0]")
    // Values may be lists; scalars broadcast; a scalar condition applies to every element.
    expectSame(x + "case(x > 10, x * 10, true, x)", "[5, 150, 250, null]")
    expectSame("case(false, 1, default: 2)", "2")
    expectSame("case(null, 1)", "null")
    expectSame("case([null, true], [1, 2], default: [7, 8])", "[7, 2]")
}

@Test func caseErrors() {
    expectMessage("case([true], 1, [false])",
                  "`case`: the last condition (argument 3) has no value; write conditions and values in pairs, and the fallback as `default: v`", column: 21)
    expectMessage("case(default: 1)", "`case`: needs at least one condition and its value: `case(c1, v1, c2, v2, …, default: v)`", column: 5)
    expectMessage("case([1, 2], 1)",
                  "`case`: argument 1 must be a condition (true, false or null, or a list of them), not a list of numbers", column: 10)
    expectMessage("case([true, false], 1, [true, false], \"b\")",
                  "`case`: argument 4 is a string but argument 2 is a number; the values (and `default`) must be of one type (null fits any)", column: 43)
    expectMessage("case([true, false], 1, default: \"z\")",
                  "`case`: argument `default` is a string but argument 2 is a number; the values (and `default`) must be of one type (null fits any)", column: 37)
    expectMessage("case([true, false], [1, 2, 3])",
                  "`case`: argument 2 has 3 elements but argument 1 has 2; lists must have the same length (a single value is used for every element)", column: 25)
}

// MARK: coalesce

@Test func coalescePerElement() {
    expectSame("coalesce([1, null, null], [9, 2, null], 0)", "[1, 2, 0]")
    expectSame("coalesce([null, \"b\"], \"-\")", "[\"-\", \"b\"]")
    expectSame("coalesce([null, null], null)", "[null, null]")
    expectSame("coalesce(null, 3)", "3")
    expectSame("coalesce(null, null)", "null")
    expectSame("coalesce([1, 2])", "[1, 2]")
    // A table's empty CSV fields filled from another column.
    expectSame("t = table(a: [1, null], b: [5, 6]); with(t, a: coalesce(a, b)).a", "[1, 6]")
}

@Test func coalesceErrors() {
    expectMessage("coalesce([1, null], \"x\")",
                  "`coalesce`: argument 2 is a string but argument 1 is a list of numbers; the arguments must be of one type (null fits any)", column: 25)
    expectMessage("coalesce([1, null], [1])",
                  "`coalesce`: argument 2 has 1 element but argument 1 has 2; lists must have the same length (a single value is used for every element)", column: 25)
    expectMessage("coalesce()", "`coalesce`: needs at least one value: `coalesce(a, b, …)`", column: 5)
}

// MARK: Text

@Test func textFunctionsPerElement() {
    expectSame("upper([\"jp\", null, \"Ké\"])", "[\"JP\", null, \"KÉ\"]")
    expectSame("lower([\"NATO\"])", "[\"nato\"]")
    expectSame("trim([\" a \", \"\\tb\\n\", \"   \"])", "[\"a\", \"b\", \"\"]")
    expectSame("upper(null)", "null")
    expectSame("upper([])", "[]")
    expectSame("replace([\"a-b-c\", null, \"d\"], \"-\", \"+\")", "[\"a+b+c\", null, \"d\"]")
    expectSame("replace(\"a-b\", [\"-\", \"b\"], \"_\")", "[\"a_b\", \"a-_\"]")
    expectSame("replace([\"x1\", \"x2\"], \"x\", [\"A\", \"B\"])", "[\"A1\", \"B2\"]")
    expectSame("starts_with([\"FY2025\", \"CY2025\", null], \"FY\")", "[true, false, null]")
    expectSame("starts_with(\"FY2025\", [\"FY\", \"CY\"])", "[true, false]")
    expectSame("ends_with([\"a.csv\", \"b.txt\"], [\".csv\", \".csv\"])", "[true, false]")
    expectSame("ends_with(null, \"x\")", "null")
    expectSame("contains_text([\"incl. SACO\", \"excl.\", null], \"incl.\")", "[true, false, null]")
    expectSame("contains_text([\"ab\", \"cd\"], [\"b\", \"b\"])", "[true, false]")
    expectSame("contains_text(\"x\", \"\")", "true")
    expectSame("contains_text(\"abc\", null)", "null")
    // The ASCII fast path agrees with the test by characters: "\r\n" is one character.
    expectSame("contains_text([\"a\\u{D}\\nb\", \"a\\u{D}b\", \"xyz\", \"xy\"], [\"\\u{D}\", \"\\u{D}\", \"yz\", \"xyz\"])", "[false, true, true, false]")
    expectSame("contains_text([\"abc\", \"AbC\"], \"bC\")", "[false, true]")
    // By characters: "é" (one character) holds no "e".
    expectSame("contains_text(\"caf\\u{E9}\", \"e\")", "false")
    expectSame("contains_text([\"cafe\\u{301}\", \"caf\\u{E9}s\"], [\"cafe\", \"caf\\u{E9}\"])", "[false, true]")
    // In a table: the per-row result is a column.
    expectSame("t = table(c: [\"incl. x\", \"y\"]); where(t, contains_text(c, \"incl.\")).c", "[\"incl. x\"]")
    expectSame("t = table(c: [\"jp\", \"au\"]); with(t, C: upper(c)).C", "[\"JP\", \"AU\"]")
}

@Test func textFunctionErrors() {
    expectMessage("upper([1, 2])", "`upper`: argument `s` must be a string or a list of strings, not a list of numbers", column: 11)
    expectMessage("upper(1)", "`upper`: argument `s` must be a string or a list of strings, not a number", column: 11)
    expectMessage("upper([\"a\", 1])", "`upper`: argument `s` must be a string or a list of strings, but the list holds a mix of strings and numbers", column: 11)
    expectMessage("starts_with([\"a\", \"b\"], [\"a\"])",
                  "`starts_with`: argument `prefix` has 1 element but argument `s` has 2; lists must have the same length (a single value is used for every element)", column: 29)
    expectMessage("contains_text(\"abc\", 1)", "`contains_text`: argument `part` must be a string or a list of strings, not a number", column: 26)
    expectMessage("replace(\"abc\", \"\", \"x\")", "`replace`: the text to replace must not be empty", column: 20)
    expectMessage("replace(\"abc\", [\"a\", \"\"], \"x\")", "`replace`: the text to replace must not be empty (element 1)", column: 20)
}

// MARK: Regular expressions

@Test func matchesAndExtract() {
    expectSame("matches([\"FY2024\", \"xFY2024\", null], \"FY\\\\d{4}\")", "[true, true, null]")
    expectSame("matches([\"FY2024\", \"xFY2024\"], \"^FY\\\\d{4}$\")", "[true, false]")
    expectSame("matches(\"Japan (SIPRI)\", \"(?i)sipri\")", "true")
    expectSame("matches(\"ab\", [\"a\", \"c\"])", "[true, false]")
    expectSame("matches(\"a\", null)", "null")
    expectSame("extract([\"FY2024\", \"n/a\", null], \"FY(\\\\d+)\")", "[\"2024\", null, null]")
    expectSame("extract(\"¥8.7 trillion\", \"[0-9.]+\")", "\"8.7\"")
    expectSame("extract(\"ab\", \"a(x)?\")", "null")
    expectSame("extract(\"key=val; k2=v2\", \"(?<k>\\\\w+)=(\\\\w+)\")", "\"key\"")
    expectSame("extract([\"a1\", \"b2\"], [\"a(\\\\d)\", \"(b)\"])", "[\"1\", \"b\"]")
    expectSame("extract(\"x\", \"q\")", "null")
    // One pattern per element, each compiled once: many elements, two patterns.
    expectSame("len(filter(matches(map(1..2000, i => str(i)), if_else(1..2000 > 1000, \"^1\", \"0$\")), b => b))", "1099")  // 100 multiples of 10, then 1001…1999
}

@Test func regexErrors() {
    guard case .runtimeError(let e) = run(["matches(\"abc\", \"(a\")"]) else {
        Issue.record("an invalid regex must fail")
        return
    }
    #expect(e.message.hasPrefix("`matches`: invalid regular expression \"(a\": "), "\(e.message)")
    #expect(e.message.count > "`matches`: invalid regular expression \"(a\": ".count + 3, "the engine's reason: \(e.message)")
    #expect(e.location?.line == 2 && e.location?.column == 20, "\(e)")
    expectError("extract([\"a\", \"b\"], [\"a\", \"[\"])", ["invalid regular expression \"[\" (element 1): "], column: 25)
    expectMessage("matches([1], \"a\")", "`matches`: argument `s` must be a string or a list of strings, not a list of numbers", column: 13)
    expectMessage("extract(\"ab\", \"(?<=a)b\")", "`extract`: invalid regular expression \"(?<=a)b\": look-behind '(?<=…)' is not supported", column: 19)
    expectMessage("extract(\"a\", 1)", "`extract`: argument `regex` must be a string or a list of strings, not a number", column: 18)
    // Our engine (finding 12) refuses what it cannot run in linear time, naming it.
    expectMessage("matches(\"ab\", \"(?=a)\")", "`matches`: invalid regular expression \"(?=a)\": look-ahead '(?=…)' is not supported", column: 19)
    expectMessage("matches(\"aa\", \"(a)\\\\1\")", "`matches`: invalid regular expression \"(a)\\\\1\": back-references ('\\1') are not supported", column: 19)
    expectMessage("matches(\"aa\", \"a++\")", "`matches`: invalid regular expression \"a++\": possessive quantifiers ('++') are not supported", column: 19)
    expectMessage("matches(\"aa\", \"(?s).\")", "`matches`: invalid regular expression \"(?s).\": the inline option 's' is not supported (only 'i', case-insensitive)", column: 19)
    expectMessage("matches(\"aa\", [\"a\", \"a{2000}\"])", "`matches`: invalid regular expression \"a{2000}\" (element 1): '{2000}': a repetition count is at most 1000", column: 19)
    expectError("matches(\"a\", \"((a{1000}){10}){2}\")", ["too large (more than 10,000 instructions"], column: 18)
}

/// Finding 12 (docs/RELIABILITY.md): Swift's `Regex` backtracked for hours on this one
/// call; our engine takes linear time.
@Test func regexFinding12RunsInLinearTime() {
    let clock = ContinuousClock()
    let start = clock.now
    expectSame("extract([\"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!\"], \"(a+)+$\")", "[null]")
    expectSame("matches([\"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!\", \"aaa\"], \"(a+)+$\")", "[false, true]")
    expectSame("extract(\"aaaaaaaaaaaaaaaaaaaaaaaaaaaab\", \"(a|aa)*b\")", "\"a\"")
    // A hang guard, not a speed measurement: backtracking took hours; linear takes milliseconds.
    #expect(clock.now - start < .seconds(30))
}

/// One long match stops at the cell's time limit (the matcher polls it).
@Test func aLongRegexMatchStopsAtTheTimeLimit() {
    let control = ExecutionControl(timeLimit: 0.3)
    let clock = ContinuousClock()
    let start = clock.now
    // 2^21 characters, and about 40 threads a character: seconds of work.
    let text = "a1 = \"aaaa\"\n" + (2...10).map { k in "a\(k) = a\(k - 1) + a\(k - 1) + a\(k - 1) + a\(k - 1)" }.joined(separator: "\n")
    let result = run([text + "\nextract(a10 + a10, \"(?:a|aa|aaa|aaaa)*(?:a|aa|aaa|aaaa)*(?:a|aa|aaa|aaaa)*(?:a|aa|aaa|aaaa)*b\")"], control: control)
    guard case .runtimeError(let e) = result else {
        Issue.record("expected a time-out, got \(result)")
        return
    }
    #expect(e.message.contains("timed out"), "\(e.message)")
    #expect(clock.now - start < .seconds(5))
}

// MARK: Large lists

@Test func elementwiseOnLargeColumns() {
    let n = 200_000
    expectSame("x = 1..\(n); sum(if_else(mod(x, 2) == 0, x, 0))", "\((n / 2) * (n / 2 + 1))")
    expectSame("x = 1..\(n); count(coalesce(if_else(x > 10, null, x), -1))", "\(n)")
    expectSame("x = 1..\(n); sum(case(x <= 10, 1, x <= 100, 2, default: 0))", "190")
}
