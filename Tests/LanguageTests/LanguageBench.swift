import Foundation
import NotebookFormat
import Testing
import Language

/// Timings for bench/language/*.folio; runs only with FOLIO_BENCH set (see bench/language/run).
/// Uses only the public API so it also builds in release mode.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["FOLIO_BENCH"] != nil))
struct LanguageBench {
    @Test func programs() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("bench/language")
        let only = ProcessInfo.processInfo.environment["FOLIO_BENCH_ONLY"]
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".folio") && (only == nil || $0.hasPrefix(only ?? "")) }.sorted()
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let cell = Cell(id: "bench", kind: .code, source: SourceText(verbatim: text, file: file),
                            location: NotebookFormat.SourceLocation(file: file, line: 1, column: 1))
            let notebook = Notebook(file: file, title: file, cells: [cell])
            #expect(!check(notebook).hasErrors)
            // All runs on one thread with a large stack, each on a fresh interpreter: the
            // first run is "cold" (fresh memory), the best of the others "warm".
            let box = ResultBox()
            let thread = Thread {
                // Compiled on the thread that runs it: compiled code is not Sendable.
                let compilation = compile(notebook)
                for run in 0..<4 {
                    let interpreter = Interpreter(program: compilation.program)
                    let start = ContinuousClock.now
                    do {
                        let outputs = try interpreter.runCell(0, control: ExecutionControl(), host: NoFileAccess())
                        box.summary = outputs.last.map { "\($0)".prefix(60).description } ?? "no output"
                    } catch {
                        box.summary = "error: \(error)"
                    }
                    let (s, atto) = (ContinuousClock.now - start).components
                    let seconds = Double(s) + Double(atto) / 1e18
                    if run == 0 { box.cold = seconds } else { box.warm = min(box.warm, seconds) }
                }
                box.done.signal()
            }
            thread.stackSize = 64 << 20
            thread.start()
            box.done.wait()
            let summary = box.summary
            print("bench \(file): cold \(String(format: "%.3f", box.cold))s, warm \(String(format: "%.3f", box.warm))s  (\(summary))")
        }
    }
}

private final class ResultBox: @unchecked Sendable {
    var cold = 0.0
    var warm = Double.infinity
    var summary = ""
    let done = DispatchSemaphore(value: 0)
}
