import NotebookFormat
import Tabular
import Testing
@testable import Language

// Series built-ins on lists and columns: rank, rolling, cummax, cummin, cumprod, lead,
// fill_forward. Expectations are literal `ValueText`; errors are checked whole, with
// their positions (a one-cell program's text starts at line 2, column 5 of nb.yaml).

private func expectSame(_ code: String, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let (same, detail) = sameValue(code, expected)
    #expect(same, "\(code) → \(detail)", sourceLocation: sourceLocation)
}

/// Expects the runtime error `message` at line 2, `column`.
private func expectError(_ code: String, _ message: String, column: Int,
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard case .runtimeError(let e) = run([code]) else {
        Issue.record("\(code) should fail at run time, got \(describe(run([code])))", sourceLocation: sourceLocation)
        return
    }
    #expect(e.message == message, "\(code)", sourceLocation: sourceLocation)
    #expect(e.location?.line == 2 && e.location?.column == column, "\(code): \(e)", sourceLocation: sourceLocation)
}

// MARK: rank

@Test func rankTieMethodsAndDirections() {
    expectSame("rank([30, 10, 20, 10, 30])", "[4, 1, 3, 1, 4]")
    expectSame("rank([30, 10, 20, 10, 30], ties: \"dense\")", "[3, 1, 2, 1, 3]")
    expectSame("rank([30, 10, 20, 10, 30], ties: \"average\")", "[4.5, 1.5, 3, 1.5, 4.5]")
    expectSame("rank([30, 10, 20, 10, 30], ties: \"first\")", "[4, 1, 3, 2, 5]")
    expectSame("rank([30, 10, 20, 10, 30], desc: true)", "[1, 4, 3, 4, 1]")
    expectSame("rank([30, 10, 20, 10, 30], desc: true, ties: \"first\")", "[1, 4, 3, 5, 2]")
    expectSame("rank([-0.5, 0, -0, 2])", "[1, 2, 2, 4]")
}

@Test func rankNullsStringsBoolsAndEmpty() {
    expectSame("rank([3, null, 1, null, 3])", "[2, null, 1, null, 2]")
    expectSame("rank([null, null])", "[null, null]")
    expectSame("rank([])", "[]")
    expectSame("rank([\"b\", \"a\", null, \"B\", \"a\"], ties: \"dense\")", "[3, 2, null, 1, 2]")
    expectSame("rank([true, false, true])", "[2, 1, 2]")
}

@Test func rankInsideWithRanksAColumn() {
    expectSame("with(table(k: [\"a\", \"b\", \"c\"], v: [20, null, 30]), r: rank(v, desc: true))",
               "table(k: [\"a\", \"b\", \"c\"], v: [20, null, 30], r: [2, null, 1])")
    expectSame("with(table(v: [1.5, 1.5, 0.5]), r: rank(v, ties: \"average\")).r", "[2.5, 2.5, 1]")
}

@Test func rankErrors() {
    expectError("rank([1, 2], ties: \"median\")",
                "`rank`: `ties` must be `\"min\"`, `\"dense\"`, `\"average\"` or `\"first\"`, not \"median\"", column: 24)
    expectError("rank([1, \"a\"])", "`rank`: `xs` must be a list of numbers, strings or bools, but it holds a mix of numbers and strings", column: 10)
    expectError("rank([[1], [2]])", "`rank`: `xs` must be a list of numbers, strings or bools, but it holds lists", column: 10)
    expectError("rank(3)", "`rank`: argument `xs` must be a list, not a number", column: 10)
    expectError("rank([1], desc: \"yes\")", "`rank`: argument `desc` must be true or false, not a string", column: 21)
    expectError("rank([1], ties: 1)", "`rank`: argument `ties` must be a string, not a number", column: 21)
}

// MARK: rolling

@Test func rollingBuiltinAggregates() {
    let xs = "[4, 1, null, 3, 2, 6]"
    expectSame("rolling(\(xs), 2, sum)", "[null, 5, 1, 3, 5, 8]")
    expectSame("rolling(\(xs), 3, mean)", "[null, null, 2.5, 2, 2.5, 3.6666666666666665]")
    expectSame("rolling(\(xs), 2, min)", "[null, 1, 1, 3, 2, 2]")
    expectSame("rolling(\(xs), 3, max, partial: true)", "[4, 4, 4, 3, 3, 6]")
    expectSame("rolling(\(xs), 2, count)", "[null, 2, 1, 1, 2, 2]")
    expectSame("rolling(\(xs), 3, median)", "[null, null, 2.5, 2, 2.5, 3]")
    expectSame("rolling([2, 4, 4, 4, 5, 5, 7, 9], 8, stdev)", "[null, null, null, null, null, null, null, 2.138089935299395]")
    expectSame("rolling(\(xs), 10, sum)", "[null, null, null, null, null, null]")
    expectSame("rolling(\(xs), 1, sum)", "[4, 1, 0, 3, 2, 6]")
    expectSame("rolling([], 3, mean)", "[]")
    // A window with no numbers: null (0 for sum, as sum([]) is 0).
    expectSame("rolling([1, null, null, 2], 2, mean)", "[null, 1, null, 2]")
    expectSame("rolling([1, null, null, 2], 2, sum)", "[null, 1, 0, 2]")
    expectSame("rolling([1, null, null, 2], 2, max)", "[null, 1, null, 2]")
    expectSame("rolling([\"a\", null, \"b\"], 2, count, partial: true)", "[1, 1, 1]")
}

/// Sums are exact: the fast path gives what `sum` of each window gives, where a running
/// double total would drift (0.1 + 0.2 − 0.1 is 0.20000000000000004).
@Test func rollingSumsDoNotDrift() {
    expectSame("rolling([0.1, 0.2, 0.3, 0.1, 0.2], 2, sum)", "[null, 0.30000000000000004, 0.5, 0.4, 0.30000000000000004]")
    expectSame("rolling([0.1, 0.2, 0.3], 3, sum)", "[null, null, 0.6]")
    expectSame("rolling([1e16, 1, -1e16, 3], 3, sum)", "[null, null, 1, -9.999999999999996e15]")
    let (same, detail) = sameResult(
        "xs = random_uniform(5000, -1000, 1000, seed: 5)\nrolling(xs, 12, sum, partial: true)",
        "xs = random_uniform(5000, -1000, 1000, seed: 5)\nrolling(xs, 12, w => sum(w), partial: true)")
    #expect(same, "\(detail.prefix(300))")
    let (sameMean, detailMean) = sameResult(
        "xs = round(random_normal(3000, 50, 30, seed: 9), 3)\nrolling(xs, 7, mean)",
        "xs = round(random_normal(3000, 50, 30, seed: 9), 3)\nrolling(xs, 7, w => mean(w))")
    #expect(sameMean, "\(detailMean.prefix(300))")
}

@Test func rollingAnyFunction() {
    expectSame("rolling([1, 2, 4, 8], 2, w => last(w) - first(w))", "[null, 1, 2, 4]")
    expectSame("rolling([1, null, 3], 2, w => len(w), partial: true)", "[1, 2, 2]")
    expectSame("rolling([1, null, 3], 2, w => w)", "[null, [1, null], [null, 3]]")
    expectSame("rolling([\"a\", \"b\", \"c\"], 2, w => join(w, \"+\"))", "[null, \"a+b\", \"b+c\"]")
    expectSame("fn spread(w) = max(w) - min(w)\nrolling([3, 9, 4], 2, spread)", "[null, 6, 5]")
    expectSame("with(table(v: [1, 2, 3, 4]), m: rolling(v, 2, mean)).m", "[null, 1.5, 2.5, 3.5]")
}

@Test func rollingErrors() {
    expectError("rolling([1, 2], 0, sum)", "`rolling`: the window `n` must be a whole number of at least 1, not 0", column: 21)
    expectError("rolling([1, 2], 2.5, sum)", "`rolling`: the window `n` must be a whole number of at least 1, not 2.5", column: 21)
    expectError("rolling([1, 2], -3, sum)", "`rolling`: the window `n` must be a whole number of at least 1, not -3", column: 21)
    expectError("rolling([1, 2], 2, 3)", "`rolling`: argument `f` must be a function, not a number", column: 24)
    expectError("rolling([\"a\", \"b\"], 2, mean)", "`rolling`: `mean` needs numbers, but `xs` holds strings", column: 13)
    expectError("rolling([1e308, 1e308], 2, sum)", "`rolling`: the sum of the window ending at element 1 is too large to represent", column: 5)
    expectError("rolling(1, 2, sum)", "`rolling`: argument `xs` must be a list, not a number", column: 13)
    // An error in `f` is reported as `f` reports it.
    expectError("rolling([1, null], 2, w => mean(w) / 0)", "division by zero (1 / 0)", column: 40)
}

// MARK: cummax, cummin, cumprod

@Test func runningExtremesAndProduct() {
    expectSame("cummax([1, 3, 2, null, 5])", "[1, 3, 3, null, 5]")
    expectSame("cummin([null, 3, 1, 2])", "[null, 3, 1, 1]")
    expectSame("cumprod([1.1, 1.1, null, 2])", "[1.1, 1.2100000000000002, null, 2.4200000000000004]")
    expectSame("cumprod([])", "[]")
    expectSame("with(table(v: [2, 1, 3]), top: cummax(v)).top", "[2, 2, 3]")
}

@Test func runningErrors() {
    expectError("cumprod([1e200, 1e200])", "`cumprod`: the running product is too large to represent (at element 1)", column: 5)
    expectError("cummax([\"a\"])", "`cummax`: `xs` must be a list of numbers, but it holds strings", column: 12)
    expectError("cummin(2)", "`cummin`: argument `xs` must be a list, not a number", column: 12)
}

// MARK: lead, fill_forward

@Test func leadMirrorsLag() {
    expectSame("lead([1, 2, 3])", "[2, 3, null]")
    expectSame("lead([1, 2, 3], 2)", "[3, null, null]")
    expectSame("lead([1, 2, 3], 0)", "[1, 2, 3]")
    expectSame("lead([1, 2, 3], -1)", "[null, 1, 2]")
    expectSame("lead([1, 2, 3], 5)", "[null, null, null]")
    expectSame("lead([\"a\", null, \"c\"])", "[null, \"c\", null]")
    expectSame("lead([true, false])", "[false, null]")
    expectSame("lead([[1], {a: 2}])", "[{a: 2}, null]")
    expectSame("lead([])", "[]")
    let (same, detail) = sameResult("lead([4, null, 6, 7], 2)", "lag([4, null, 6, 7], -2)")
    #expect(same, "\(detail)")
    expectError("lead([1], 1.5)", "`lead`: `k` must be a whole number, not 1.5", column: 15)
}

@Test func fillForwardCarriesValues() {
    expectSame("fill_forward([null, 1, null, null, 4, null])", "[null, 1, 1, 1, 4, 4]")
    expectSame("fill_forward([\"a\", null, \"b\", null])", "[\"a\", \"a\", \"b\", \"b\"]")
    expectSame("fill_forward([true, null])", "[true, true]")
    expectSame("fill_forward([null, null])", "[null, null]")
    expectSame("fill_forward([[1], null])", "[[1], [1]]")
    expectSame("with(table(v: [5, null, 7]), v: fill_forward(v)).v", "[5, 5, 7]")
    expectError("fill_forward(\"a\")", "`fill_forward`: argument `xs` must be a list, not a string", column: 18)
}
