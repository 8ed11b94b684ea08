import NotebookFormat
import Testing
@testable import Language

// Direct calls (a function bound by one top-level `fn`) take frames from the runtime's free
// list as unmanaged references (Compiler.swift `callDirect`). These tests pin what that
// path must keep: values, defaults, errors, and frames that stay usable after an error.

@Test(arguments: [
    ("fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\nfib(20)", "6765"),
    ("fn f(a, b, c) = a * 100 + b * 10 + c\nf(1, 2, 3)", "123"),
    ("fn f(a, b = a + 1, c = b * 2) = [a, b, c]\n[f(1), f(1, 5), f(1, 5, 0)]", "[[1, 2, 4], [1, 5, 10], [1, 5, 0]]"),
    ("fn f(s) = s + \"!\"\nf(f(\"a\"))", "\"a!!\""),
    ("fn pair(x) = [x, x]\nfn twice(n) = pair(pair(n))\ntwice(3)", "[[3, 3], [3, 3]]"),
    ("fn down(n, acc) = if n == 0 { acc } else { down(n - 1, acc + n) }\ndown(500, 0)", "125250"),
])
func directCallsComputeTheSameValues(_ code: String, _ expected: String) {
    let outcome = run([code])
    #expect(describe(outcome) == "value \(expected)", "\(describe(outcome))")
}

@Test func anErrorInsideADirectCallDoesNotBreakLaterCalls() throws {
    // The first call fails deep in the recursion (its frames are released, not reused);
    // later calls of the same function in the same interpreter still work.
    let compilation = compile(notebook([
        "fn f(n) = if n == 0 { 1 / z } else { n + f(n - 1) }\nz = 0",
        "f(5)",
        "z = 2\nf(5)",
    ]))
    #expect(compilation.diagnostics.isEmpty)
    let interpreter = Interpreter(program: compilation.program)
    _ = try interpreter.runCell(0, control: ExecutionControl(), host: NoFileAccess())
    let error = #expect(throws: Diagnostic.self) {
        try interpreter.runCell(1, control: ExecutionControl(), host: NoFileAccess())
    }
    #expect(error?.message.contains("division by zero") == true)
    let outputs = try interpreter.runCell(2, control: ExecutionControl(), host: NoFileAccess())
    guard case .shown(let v, nil)? = outputs.last else {
        Issue.record("\(outputs)")
        return
    }
    #expect(ValueText.of(v) == "15.5")
}

@Test func aMissingArgumentOfADirectCallNamesIt() {
    let outcome = run(["fn f(a, b) = a + b\nf(1)"])
    guard case .runtimeError(let error) = outcome else {
        Issue.record("expected an error, got \(describe(outcome))")
        return
    }
    #expect(error.message.contains("needs the argument `b`"))
    #expect(error.location == NotebookFormat.SourceLocation(file: "nb.yaml", line: 3, column: 5))
}

@Test func recursionLimitThroughDirectCallsWithDefaults() {
    let outcome = run(["fn f(n, step = 1) = f(n + step)\nf(0)"])
    guard case .runtimeError(let error) = outcome else {
        Issue.record("expected an error, got \(describe(outcome))")
        return
    }
    #expect(error.message.contains("deeper than 1000"))
    #expect(error.location == NotebookFormat.SourceLocation(file: "nb.yaml", line: 2, column: 25))
}

@Test func theTimeLimitStopsRecursionWithoutLoops() {
    // No loop ticks here: only the per-call polling can stop it (2^40 calls).
    let control = ExecutionControl(timeLimit: 0.2)
    let outcome = run(["fn f(n) = if n == 0 { 0 } else { f(n - 1) + f(n - 1) }\nf(40)"], control: control)
    guard case .runtimeError(let error) = outcome else {
        Issue.record("expected a timeout, got \(describe(outcome))")
        return
    }
    #expect(error.message.contains("timed out after 0."))
}
