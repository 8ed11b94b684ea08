import NotebookFormat
import Testing
@testable import Language

/// Findings of the fuzzers (fuzz/run frontend|interpreter), kept as regression tests.
@Suite struct LanguageFuzzFindingTests {
    /// fuzz frontend, 2026-11-25, LeakSanitizer on a seed from the tests:
    /// `fn down(n) = if n == 0 { 0 } else { 1 + down(n - 1) }`. A top-level function's
    /// direct call refers to its `StaticFunction`, which refers to the code: every
    /// compiled function leaked. The program's owner now breaks the cycle.
    @Test func compiledRecursiveFunctionsAreFreedWithTheProgram() {
        weak var code: FunctionCode?
        do {
            let compilation = compile(notebook(["fn down(n) = if n == 0 { 0 } else { 1 + down(n - 1) }\ndown(5)"]))
            #expect(!compilation.hasErrors)
            code = compilation.program.staticFunctions.functions.first?.owner
            #expect(code != nil)
        }
        #expect(code == nil)
    }

    /// …and a function value that outlives its program still runs (the calls take the
    /// ordinary path once the direct one is gone).
    @Test func aFunctionStillRunsWhileItsInterpreterLives() throws {
        let interpreter: Interpreter
        do {
            let compilation = compile(notebook(["fn down(n) = if n == 0 { 0 } else { 1 + down(n - 1) }", "down(30)"]))
            interpreter = Interpreter(program: compilation.program)
        }
        _ = try interpreter.runCell(0, control: ExecutionControl(), host: NoFileAccess())
        let outputs = try interpreter.runCell(1, control: ExecutionControl(), host: NoFileAccess())
        guard case .shown(let value, _)? = outputs.last else { Issue.record("no output"); return }
        #expect(value.isEqual(to: .number(30)))
    }
}

@Suite struct LanguageLeakFindingTests {
    /// fuzz interpreter, 2026-11-25, LeakSanitizer: `v0 = (x => x)` at the top level. A
    /// notebook's function captures the globals frame that holds it; the interpreter's
    /// globals were never freed. The runtime empties them when it goes.
    @Test func notebookFunctionsAreFreedWithTheInterpreter() throws {
        weak var function: FunctionValue?
        do {
            let compilation = compile(notebook(["g = x => x + 1\nh = x => g(x)"]))
            let interpreter = Interpreter(program: compilation.program)
            _ = try interpreter.runCell(0, control: ExecutionControl(), host: NoFileAccess())
            if case .function(let f)? = interpreter.global("h") { function = f }
            #expect(function != nil)
        }
        #expect(function == nil)
    }
}

/// Found while hardening (not by a fuzzer): `for i in 1..1000000 { xs = [xs] }` built a
/// value a million levels deep, and freeing, showing or comparing it overflowed the
/// stack (a segmentation fault of folio). Wrapping past 1,000 levels is now an error.
@Suite struct NestingLimitTests {
    @Test(arguments: [
        "xs = []\nfor i in 1..100000 { xs = [xs] }\n1",
        "r = {a: 1}\nfor i in 1..100000 { r = {a: r} }\n1",
        "xs = [1]\nfor i in 1..100000 { xs = map([1], x => xs) }\n1",
        "xs = [1]\nfor i in 1..100000 { xs = zip(xs, xs) }\n1",
        "xs = []\nfor i in 1..100000 { xs = [1, {k: [xs]}] }\n1",
    ])
    func wrappingWithoutEndIsAnError(code: String) {
        guard case .runtimeError(let error) = run([code]) else { Issue.record("no error: \(code)"); return }
        #expect(error.message.contains("more than 1000 levels deep"), "\(error)")
        #expect(error.location?.line == 3, "\(error)")
    }

    @Test func sharedStructureIsMeasuredInLinearTime() {
        // A DAG 900 levels deep with 2^900 paths: the walk remembers what it saw.
        let clock = ContinuousClock()
        let start = clock.now
        let result = run(["xs = [1]\nfor i in 1..900 { xs = [xs, xs] }\nlen(xs)"])
        #expect(clock.now - start < .seconds(5))
        guard case .value(let v) = result else { Issue.record("\(describe(result))"); return }
        #expect(v.isEqual(to: .number(2)))
    }

    @Test func ordinaryNestingIsUntouched() {
        let (same, detail) = sameValue("{a: [1, {b: [[2]]}], c: zip([1], [\"x\"])}", "{a: [1, {b: [[2]]}], c: [[1, \"x\"]]}")
        #expect(same, "\(detail)")
    }
}
