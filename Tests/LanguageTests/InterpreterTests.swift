import Foundation
import NotebookFormat
import ReportModel
import Testing
@testable import Language

@Test func outputsComeInOrderThenTheLastValue() throws {
    let compilation = compile(notebook(["show(1, \"first\")\nprint(\"n =\", 2)\nx = 3\nx + 1"]))
    #expect(compilation.diagnostics.isEmpty)
    let interpreter = Interpreter(program: compilation.program)
    let outputs = try interpreter.runCell(0, control: ExecutionControl(), host: NoFileAccess())
    #expect(outputs.count == 3)
    guard outputs.count == 3, case .shown(.number(1), "first") = outputs[0], case .printed(let text) = outputs[1],
          case .shown(.number(4), nil) = outputs[2] else {
        Issue.record("\(outputs)")
        return
    }
    #expect(text == "n = 2")
    #expect(interpreter.global("x").map(ValueText.of) == "3")
}

@Test func anAssignmentOrNullLastStatementAddsNoOutput() throws {
    let compilation = compile(notebook(["x = 3", "if false { 1 }"]))
    let interpreter = Interpreter(program: compilation.program)
    #expect(try interpreter.runCell(0, control: ExecutionControl(), host: NoFileAccess()).isEmpty)
    #expect(try interpreter.runCell(1, control: ExecutionControl(), host: NoFileAccess()).isEmpty)
}

@Test func laterCellsSeeRebindings() {
    guard case .value(let v) = run(["x = 1", "x = x + 10", "x * 2"]) else {
        Issue.record("failed")
        return
    }
    #expect(ValueText.of(v) == "22")
}

@Test func functionsCannotRebindNotebookNames() {
    guard case .value(let v) = run(["n = 1\nfn bump() { n = n0 + 1; n }\nn0 = 5", "[bump(), n]"]) else {
        Issue.record("failed")
        return
    }
    #expect(ValueText.of(v) == "[6, 1]")
}

@Test func closuresSeeTheirFrame() {
    let code = """
    fn counter_from(start) {
      step = 2
      x => start + step * x
    }
    f = counter_from(10)
    g = counter_from(100)
    [f(1), g(1)]
    """
    guard case .value(let v) = run([code]) else {
        Issue.record("failed")
        return
    }
    #expect(ValueText.of(v) == "[12, 102]")
}

@Test func inlineExpressionsBecomeLiteralPieces() throws {
    let compilation = compile(notebook(["total = 1234\nnames = [\"a\", \"b\"]", "Total: {{ total }}, names {{names}}, \\{{ kept }}, ok {{ 1 < 2 }}{{ null }}."], markdown: [1]))
    #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics)")
    let interpreter = Interpreter(program: compilation.program)
    _ = try interpreter.runCell(0, control: ExecutionControl(), host: NoFileAccess())
    let pieces = try interpreter.renderInline(cell: 1, control: ExecutionControl(), host: NoFileAccess()).pieces
    #expect(pieces.count == 8, "\(pieces)")
    #expect(pieces.first == .markdown("Total: "))
    #expect(pieces.contains(.literal("a, b")))
    #expect(pieces.contains(MarkdownPiece.markdown(", {{ kept }}, ok ")))
    #expect(pieces.contains(.literal("true")))
    #expect(pieces.contains(.literal("")))
    #expect(pieces.last == .markdown("."))
    #expect(compilation.program.cells[1].used == ["total", "names"])
}

@Test func inlineErrorsArePositioned() {
    let nb = notebook(["{{ x + }} and {{ nowhere }} and {{ y = 2 }} and {{ for i in [1] { } }} and {{ open"], markdown: [0])
    let errors = compile(nb).diagnostics
    #expect(errors.count == 5, "\(errors.map(\.description))")
    #expect(errors.first?.location == NotebookFormat.SourceLocation(file: "nb.yaml", line: 2, column: 12))
    #expect(errors.contains { $0.message.contains("unknown name `nowhere`") && $0.location?.column == 22 })
}

@Test func inlineTableOrRecordIsAnErrorInPlace() throws {
    let compilation = compile(notebook(["r = {a: 1}", "see {{ r }} and {{ 1 + 1 }} and {{ [1][5] }}."], markdown: [1]))
    let interpreter = Interpreter(program: compilation.program)
    _ = try interpreter.runCell(0, control: ExecutionControl(), host: NoFileAccess())
    let result = try interpreter.renderInline(cell: 1, control: ExecutionControl(), host: NoFileAccess())
    // Each failure stays in its place; the value between them is still evaluated.
    #expect(result.errors.count == 2, "\(result.errors)")
    #expect(result.pieces.count == 7, "\(result.pieces)")
    guard result.pieces.count == 7, case .error(let message) = result.pieces[1] else {
        Issue.record("expected an error piece, got \(result.pieces)")
        return
    }
    #expect(message == result.errors[0].message)
    #expect(result.pieces[3] == .literal("2"))
    #expect(result.pieces.last == .markdown("."))
    #expect(result.errors[0].location?.column ?? 0 < result.errors[1].location?.column ?? 0)
}

@Test func timeLimitStopsAnEndlessLoopWithElapsedTime() {
    let control = ExecutionControl(timeLimit: 0.2)
    let result = run(["s = 0\nfor i in 1..1000000000000 { s = s + 1 }"], control: control)
    guard case .runtimeError(let error) = result else {
        Issue.record("expected a timeout, got \(describe(result))")
        return
    }
    #expect(error.message.contains("timed out after 0."))
    #expect(error.location == NotebookFormat.SourceLocation(file: "nb.yaml", line: 3, column: 5))
}

@Test func cancellationFromAnotherThreadStopsTheCell() {
    let control = ExecutionControl()
    let cancel = Thread { Thread.sleep(forTimeInterval: 0.1); control.cancel() }
    cancel.start()
    let result = run(["fn spin(n) = if n > 0 { spin(n - 1) } else { 0 }\nfor i in 1..1000000000000 { spin(10) }"], control: control)
    guard case .runtimeError(let error) = result else {
        Issue.record("expected cancellation, got \(describe(result))")
        return
    }
    #expect(error.message.contains("cancelled"))
}

/// Runs `body` on a thread with a 512 KiB stack and waits for it.
private func onSmallStack(_ body: @escaping @Sendable () -> Void) {
    onThread(stackSize: 512 * 1024, body)
}

private func onThread(stackSize: Int, _ body: @escaping @Sendable () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        body()
        done.signal()
    }
    thread.stackSize = stackSize
    thread.start()
    done.wait()
}

private final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

@Test func deepRecursionOnASmallStackIsACleanError() {
    let outcome = Box<String>("not run")
    onSmallStack {
        let result = run(["fn down(n) = if n == 0 { 0 } else { 1 + down(n - 1) }\ndown(900)", "down(5000)"])
        outcome.value = describe(result)
    }
    // 900 calls fit the call limit; whether they fit 512 KiB depends on the build, but
    // either way the result is a value or a clean error, never a crash.
    #expect(outcome.value.contains("recursion"), "\(outcome.value)")
}

@Test func recursionWithinTheLimitWorksOnALargeStack() {
    // The Runner runs cells on a thread with a large stack (debug builds use big frames).
    let outcome = Box<String>("not run")
    onThread(stackSize: 64 << 20) {
        outcome.value = describe(run(["fn down(n) = if n == 0 { 0 } else { 1 + down(n - 1) }\ndown(990)"]))
    }
    #expect(outcome.value == "value 990" || outcome.value == "value 990.0", "\(outcome.value)")
}

@Test func reusedFramesDoNotLeakValuesBetweenCalls() {
    // `g` cannot capture its frame (frames are reused); `h` makes a closure (frames kept).
    let code = """
    fn g(n, acc = 0) {
      if n == 0 { acc } else {
        t = n * 2
        g(n - 1, acc + t)
      }
    }
    fn h(n) {
      k = n * 10
      x => x + k
    }
    adders = map([1, 2, 3], h)
    [g(10), adders[0](1), adders[2](1), g(3)]
    """
    guard case .value(let v) = run([code]) else {
        Issue.record("failed")
        return
    }
    #expect(ValueText.of(v) == "[110, 11, 31, 12]")
}

@Test func manyInterpretersComeAndGo() {
    let compilation = compile(notebook(["fn f(n) = if n < 2 { n } else { f(n - 1) + f(n - 2) }\nf(12)"]))
    for _ in 0..<20 {
        let interpreter = Interpreter(program: compilation.program)
        let outputs = try? interpreter.runCell(0, control: ExecutionControl(), host: NoFileAccess())
        guard case .shown(.number(144), nil)? = outputs?.last else {
            Issue.record("wrong result")
            return
        }
    }
}
