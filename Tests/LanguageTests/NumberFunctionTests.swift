import NotebookFormat
import Testing
@testable import Language

// Number functions (NumberFunctions.swift): a top-level `fn` made of arithmetic,
// comparisons, `if`/`else` and calls of number functions also runs as a number tree on
// plain doubles, and falls back to the general code for the whole call whenever that
// path says NaN. These tests pin which functions qualify and that the two paths never
// disagree: every program runs once with number functions and once with the general
// code alone, and both must give the same value, or the same error at the same place.

/// The result as text, errors with their position and every note ("called from …").
private func text(_ result: RunResult) -> String {
    if case .runtimeError(let d) = result {
        return d.description + d.notes.map { " | " + $0.description }.joined()
    }
    return describe(result)
}

/// The names `NumberFunctionAnalysis` finds among a cell's top-level `fn`s.
private func numberFunctionNames(_ code: String) -> Set<String> {
    let checked = check(notebook([code]))
    var functions: [String: ResolvedFunction] = [:]
    for cell in checked.cells {
        for case .function(_, let function, _, true) in cell.statements { functions[function.name] = function }
    }
    return NumberFunctionAnalysis.numberFunctions(functions)
}

@Test func whichFunctionsAreNumberFunctions() {
    let code = """
        fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
        fn even(n) = if n == 0 { 1 } else { odd(n - 1) }
        fn odd(n) = if n == 0 { 0 } else { even(n - 1) }
        fn half() = 0.5
        fn scale(x) = x * rate
        fn clamp(x, lo, hi) = if x < lo { lo } else { if x > hi { hi } else { x } }
        fn label(x) = if x > 0 { "up" } else { "down" }
        fn viaLabel(x) = fib(x) + label(x)
        fn total(xs) = sum(xs)
        fn twoStatements(x) {
          y = x * 2
          y + 1
        }
        fn noElse(x) = if x > 0 { 1 }
        fn test(x) = x < 2
        fn many(a, b, c, d, e, f, g, h, i) = a + b + c + d + e + f + g + h + i
        fn named(x) = clamp(x, lo: 0, hi: 1)
        rate = 2
        """
    #expect(numberFunctionNames(code) == ["fib", "even", "odd", "half", "scale", "clamp"])
}

/// Each program's last line calls number functions; run with and without them.
@Test(arguments: [
    "fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\n[fib(0), fib(1), fib(15), fib(-3), fib(2.5)]",
    "fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\nfib(\"a\")",
    "fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\nfib(null)",
    "fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\nfib([1, 2])",
    "fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\nfn main() = fib(12)\nmain()",
    "fn inv(x) = 1 / x\n[inv(4), inv(-0.5)]",
    "fn inv(x) = 1 / x\ninv(0)",
    "fn blowUp(n) = if n == 0 { 1e300 } else { blowUp(n - 1) * 10 }\nblowUp(5)",
    "fn blowUp(n) = if n == 0 { 1e300 } else { blowUp(n - 1) * 10 }\nblowUp(0)",
    "fn down(n) = if n == 0 { 0 } else { down(n - 1) + 1 }\ndown(500)",
    "fn down(n) = if n == 0 { 0 } else { down(n - 1) + 1 }\ndown(5000)",
    "rate = 2\nfn scale(x) = x * rate\nscale(21)",
    "rate = \"x\"\nfn scale(x) = x * rate\nscale(21)",
    "fn even(n) = if n == 0 { 1 } else { odd(n - 1) }\nfn odd(n) = if n == 0 { 0 } else { even(n - 1) }\n[even(10), odd(10), even(7)]",
    "fn ack(m, n) = if m == 0 { n + 1 } else { if n == 0 { ack(m - 1, 1) } else { ack(m - 1, ack(m, n - 1)) } }\nack(2, 3)",
    "fn clamp(x, lo, hi) = if x < lo { lo } else { if x > hi { hi } else { x } }\n[clamp(-1, 0, 10), clamp(5, 0, 10), clamp(11, 0, 10)]",
    "fn clamp(x, lo, hi) = if x < lo { lo } else { if x > hi { hi } else { x } }\nclamp(5, \"a\", 10)",
    "fn cmp(a, b) = if a == b { 0 } else { if a != b { if a < b { -1 } else { if a <= b { -2 } else { if a > b { 1 } else { 2 } } } } else { 3 } }\n[cmp(1, 1), cmp(1, 2), cmp(2, 1)]",
    "fn sq(x) = x * x\nacc = 0\nfor i in 1..100 { acc = acc + sq(i) }\nacc",
    "fn sq(x) = x * x\nfn run() {\n  acc = 0\n  for i in 1..100 { acc = acc + sq(i - 50) / 2 }\n  acc\n}\nrun()",
    "fn sq(x) = x * x\nxs = [1, 2, 3]\nsq(xs)",
    "fn half() = 0.5\nfn id(x) = x\nfn neg(x) = -x\n[half(), id(3), neg(2), neg(0) * 1]",
    "fn zero(x) = x * 0\nzero(-1)",
    "fn f(x) = if x > 0 { x } else { g(x) }\nfn g(x) = 1 / x\nf(0)",
    "fn pick(a, b) = if a < b { a } else { b }\n[pick(1, 2), pick(date(2024, 1, 1), date(2023, 1, 1))]",
    // An infinity reaching a comparison or a call's argument is never compared or passed.
    "fn sign(x) = if x > 0 { 1 } else { 0 }\nfn g(x) = sign(x * 10)\ng(1e308)",
    "fn h(x) = if x * 10 > 0 { 1 } else { 0 }\nh(1e308)",
    "fn r(x) = 1 / (x * 10)\nr(1e308)",
])
func numberFunctionsAgreeWithTheGeneralCode(_ code: String) {
    let fast = run([code], numberFunctions: true)
    let general = run([code], numberFunctions: false)
    #expect(text(fast) == text(general), "\(code)")
    if case .staticErrors = general { Issue.record("static errors: \(text(general))") }
}

@Test func aNumberFunctionBeforeItsFnHasRunIsNotCalled() {
    // `f` is called (as a number tree inside `g`) before the statement `fn f` has run.
    let cells = ["fn g(x) = f(x) + 1\ny = g(1)\nfn f(x) = x * 2\ny"]
    #expect(text(run(cells, numberFunctions: true)) == text(run(cells, numberFunctions: false)))
    #expect(text(run(cells, numberFunctions: true)).contains("`f` has no value here"))
}

@Test func theTimeLimitStopsANumberFunction() {
    let control = ExecutionControl(timeLimit: 0.2)
    let outcome = run(["fn f(n) = if n == 0 { 0 } else { f(n - 1) + f(n - 1) }\nf(60)"], control: control, numberFunctions: true)
    guard case .runtimeError(let error) = outcome else {
        Issue.record("expected a timeout, got \(describe(outcome))")
        return
    }
    #expect(error.message.contains("timed out after 0."))
}

@Test func cancellationStopsANumberFunction() {
    let control = ExecutionControl()
    control.cancel()
    let outcome = run(["fn f(n) = if n == 0 { 0 } else { f(n - 1) + f(n - 1) }\nf(60)"], control: control, numberFunctions: true)
    guard case .runtimeError(let error) = outcome else {
        Issue.record("expected a cancellation, got \(describe(outcome))")
        return
    }
    #expect(error.message.contains("cancel"))
}
