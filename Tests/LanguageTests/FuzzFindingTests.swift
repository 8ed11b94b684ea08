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
            code = compilation.program.staticFunctions.functions.first?.code
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
