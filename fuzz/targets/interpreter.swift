// The interpreter on small generated programs. The input bytes steer a generator that
// writes mostly well-formed notebooks (names bound before use, built-ins with plausible
// arguments), so the fuzzer spends its time in the run-time rather than the parser.
// Each cell runs with a 0.2 s time limit and a 256 MiB memory limit.
// Invariants: never crash; a failing cell's error has a position inside a cell; no
// cell runs far past its time limit (10 s for a 0.2 s limit: a missing poll).
import NotebookFormat
@testable import Language
@testable import Render
@testable import Runner
#if canImport(Glibc)
import Glibc
#endif

/// Reads choices from the fuzzer's bytes; past the end every choice is 0 (the simplest).
struct Choices {
    let bytes: [UInt8]
    var at = 0
    mutating func next(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        guard at < bytes.count else { return 0 }
        defer { at += 1 }
        return Int(bytes[at]) % n
    }
    var exhausted: Bool { at >= bytes.count }
}

let builtinNames: [String] = Builtins.all.map(\.name).sorted()

struct Generator {
    var choices: Choices
    var globals: [String] = []
    var locals: [String] = []
    var functions: [String] = []

    static let numbers = ["0", "1", "2", "3", "-1", "0.5", "10", "100", "1e6", "2%", "1e300", "1_000", "-0", "7", "0.1", "1e-320", "255", "65"]
    static let strings = ["\"a\"", "\"\"", "\"x,y\"", "\"<b>\"", "\"\\u{E000}\"", "\"é😀\"", "\"=1+1\"", "\"\\n\"", "\"col\"", "\"a\"", "\"#,##0.00\"", "\"0.0%\""]
    static let columns = ["a", "b", "col"]
    static let binary = ["+", "-", "*", "/", "^", "==", "!=", "<", "<=", ">", ">=", "and", "or", "..", "|>"]

    mutating func pick<T>(_ xs: [T]) -> T { xs[choices.next(xs.count)] }

    mutating func expr(_ depth: Int) -> String {
        if depth <= 0 || choices.exhausted { return atom() }
        switch choices.next(18) {
        case 0, 1: return atom()
        case 2: return "[" + (0..<choices.next(4)).map { _ in expr(depth - 1) }.joined(separator: ", ") + "]"
        case 3: return "{" + (0..<choices.next(3)).map { k in "\(Self.columns[k]): \(expr(depth - 1))" }.joined(separator: ", ") + "}"
        case 4, 5:
            let op = pick(Self.binary)
            if op == "|>" { return "(\(expr(depth - 1)) |> \(pick(builtinNames)))" }
            return "(\(expr(depth - 1)) \(op) \(expr(depth - 1)))"
        case 6: return pick(["-", "not "]) + "(\(expr(depth - 1)))"
        case 7, 8, 9: return call(depth)
        case 10:
            let name = pick(["x", "y"])
            locals.append(name)
            defer { locals.removeLast() }
            return "(\(name) => \(expr(depth - 1)))"
        case 11: return "if \(expr(depth - 1)) { \(expr(depth - 1)) } else { \(expr(depth - 1)) }"
        case 12: return "\(expr(depth - 1))[\(pick(["0", "1", "-1", "2", "100"]))]"
        case 13: return "\(expr(depth - 1)).\(pick(Self.columns))"
        case 14: return "table(" + (0..<(1 + choices.next(3))).map { k in "\(Self.columns[k]): \(expr(depth - 1))" }.joined(separator: ", ") + ")"
        case 15:
            if !functions.isEmpty { return "\(pick(functions))(\(expr(depth - 1)))" }
            return call(depth)
        default:
            return tableExpr(depth)
        }
    }

    /// Table operations with well-formed arguments (column names that exist, column-scope
    /// expressions), so the fuzzer reaches the kernels rather than argument errors.
    mutating func tableExpr(_ depth: Int) -> String {
        let n = pick(["0", "1", "3", "7", "100"])
        let base = pick([
            "table(a: seq(1, \(n)), b: map(seq(1, \(n)), i => str(mod(i, 3))), col: random_uniform(\(n), seed: 1))",
            "table(a: [1, null, 3, 3], b: [\"x\", \"y\", null, \"x\"], col: [true, false, true, null])",
            "table(a: [], b: [], col: [])",
        ])
        var t = base
        for _ in 0..<(1 + choices.next(4)) {
            switch choices.next(14) {
            case 0: t = "with(\(t), c: \(pick(["a * 2", "a + col", "str(a)", "b", "lag(a)", "cumsum(a)", "a > 1", "\(expr(depth - 1))"])))"
            case 1: t = "where(\(t), \(pick(["a > 1", "b == \"x\"", "not col", "a > mean(a)", "\(expr(depth - 1))"])))"
            case 2: t = "group(\(t), by: \(pick(["\"b\"", "[\"b\", \"col\"]", "\"a\"", "[]"])), n: count(a), s: \(pick(["sum(a)", "mean(a)", "max(a)", "median(a)", "stdev(a)", "first(b)", "len(a)"])))"
            case 3: t = "sort(\(t), \(pick(["\"a\"", "\"b\"", "\"col\"", "\"a\", \"b\""])), desc: \(pick(["true", "false"])))"
            case 4: t = "select(\(t), \(pick(["\"a\"", "\"b\", \"a\"", "\"zz\""])))"
            case 5: t = "drop(\(t), \(pick(["\"a\"", "\"col\""])))"
            case 6: t = "rename(\(t), \"a\", \(pick(["\"k\"", "\"b\"", "\"\"", "\"<x>\""])))"
            case 7: t = "join(\(t), \(base), on: \(pick(["\"a\"", "[\"a\", \"b\"]", "\"b\""])), how: \(pick(["\"inner\"", "\"left\""])))"
            case 8: t = "append(\(t), \(t))"
            case 9: t = "head(\(t), \(pick(["0", "2", "-1", "100"])))"
            case 10: t = "tail(\(t), \(pick(["0", "2", "100"])))"
            case 11: t = "format(\(t), a: \(pick(["\"#,##0.00\"", "\"0.0%\"", "\"¥0.0T\"", "\"\\\\0#\"", "\"\""])))"
            case 12: return pick(["line_chart", "bar_chart", "scatter_chart"]) + "(\(t), x: \"a\", y: \(pick(["\"col\"", "\"a\"", "[\"a\", \"col\"]"])), title: \(pick(Self.strings)))"
            default: return pick(["rows", "columns", "len", "first", "show"]) + "(\(t))"
            }
        }
        return t
    }

    mutating func call(_ depth: Int) -> String {
        let name = pick(builtinNames)
        var args = (0..<choices.next(4)).map { _ in expr(depth - 1) }
        if choices.next(3) == 0 { args.append("\(pick(["seed", "by", "desc", "on", "how", "x", "y", "title", "a"])): \(expr(depth - 1))") }
        return "\(name)(\(args.joined(separator: ", ")))"
    }

    mutating func atom() -> String {
        switch choices.next(5) {
        case 0: return pick(Self.numbers)
        case 1: return pick(Self.strings)
        case 2: return pick(["true", "false", "null"])
        default:
            let visible = locals + globals
            return visible.isEmpty ? pick(Self.numbers) : pick(visible)
        }
    }

    mutating func statement() -> String {
        switch choices.next(8) {
        case 0, 1, 2:
            let name = "v\(globals.count)"
            let text = "\(name) = \(expr(3))"
            globals.append(name)
            return text
        case 3:
            let name = "f\(functions.count)"
            locals.append("x")
            let body = expr(3)
            locals.removeLast()
            // Sometimes recursive: the step budget and depth limit must stop it.
            let text = choices.next(2) == 0 ? "fn \(name)(x) = \(body)" : "fn \(name)(x) { if x > 0 { \(name)(x - 1) } else { \(body) } }"
            functions.append(name)
            return text
        case 4:
            locals.append("x")
            defer { locals.removeLast() }
            return "for x in \(expr(2)) { \(pick(["print", "show"]))(\(expr(2))) }"
        case 5: return "check(\(expr(2)), \(pick(Self.strings)))"
        default: return expr(4)
        }
    }

    mutating func cells() -> [(kind: CellKind, text: String)] {
        var result: [(CellKind, String)] = []
        for _ in 0..<(1 + choices.next(4)) {
            if choices.next(4) == 0 {
                result.append((.markdown, "# T\n{{ \(expr(2)) }} and \\{{ x }} {{ \(expr(1)) }}"))
            } else {
                result.append((.code, (0..<(1 + choices.next(5))).map { _ in statement() }.joined(separator: "\n")))
            }
        }
        return result
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInterpreter(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var generator = Generator(choices: Choices(bytes: bytes(data, size)))
    let generated = generator.cells()
    let cells = generated.enumerated().map { k, cell in
        Cell(id: "c\(k)", kind: cell.kind,
             source: SourceText(verbatim: cell.text, file: "nb.yaml", line: 100 * (k + 1), column: 5, continuationColumn: 5),
             location: SourceLocation(file: "nb.yaml", line: 100 * (k + 1) - 1, column: 3))
    }
    let notebook = Notebook(file: "nb.yaml", title: "t", cells: cells)
    if getenv("FUZZ_SHOW") != nil {
        for cell in generated { printError("--- \(cell.kind)\n\(cell.text)\n") }
    }
    onBigStack {
        let compilation = Language.compile(notebook)
        guard !compilation.hasErrors else { return }
        let interpreter = Interpreter(program: compilation.program)
        var reportCells: [ReportCell] = []
        for (index, cell) in generated.enumerated() {
            let control = ExecutionControl(timeLimit: 0.2, memoryLimit: 256 << 20)
            let clock = ContinuousClock()
            let start = clock.now
            do throws(Diagnostic) {
                switch cell.kind {
                case .code:
                    let outputs = try interpreter.runCell(index, control: control, host: NoFileAccess())
                    reportCells.append(ReportBuilder.cell(cells[index], status: .ok, outputs: outputs))
                case .markdown:
                    let pieces = try interpreter.renderInline(cell: index, control: control, host: NoFileAccess())
                    reportCells.append(ReportBuilder.cell(cells[index], status: .ok, markdown: pieces))
                }
            } catch {
                reportCells.append(ReportBuilder.cell(cells[index], status: .error, error: error))
                guard let location = error.location else { violated("a run-time error without a position: \(error)") }
                // Inside some cell: an error in a function points into the cell defining it.
                let inside = generated.enumerated().contains { k, other in
                    let first = 100 * (k + 1)
                    let lines = other.text.split(separator: "\n", omittingEmptySubsequences: false).count
                    return location.line >= first && location.line < first + lines
                }
                if !inside || location.column < 1 { violated("error outside every cell: \(error)") }
            }
            let elapsed = clock.now - start
            // Generous: built-ins work on up to a million elements between two polls, and
            // ASan makes that slow. Past this, something does not poll its time limit.
            if elapsed > .seconds(10) {
                violated("cell \(index) ran \(elapsed) with a 0.2 s limit:\n\(cell.text)")
            }
        }
        // Everything the cells showed, through the report and every output file (charts
        // of whatever data the program made: single points, equal values, nulls, huge numbers).
        let report = ReportBuilder.report(notebook: notebook, parameters: [], cells: reportCells)
        for file in ReportFiles.files(for: report, options: RenderOptions(formats: [.html, .csv, .json, .ipynb], folioVersion: "fuzz")) {
            let text = String(decoding: file.bytes, as: UTF8.self)
            if file.path == "index.html" {
                let findings = HTMLSafety.findings(in: text, allowing: ["style", "meta"])
                if !findings.isEmpty { violated("executable HTML: \(findings)") }
            }
            if file.path.hasSuffix(".svg"), containsNonFiniteNumber(text) {
                violated("a chart with a non-finite coordinate in \(file.path)")
            }
        }
    }
    return 0
}

/// Whether `text` holds `nan` or `inf` as a word, as Swift prints non-finite numbers
/// (not inside a word: `dominant-baseline` is fine — the first version of this check
/// reported it).
func containsNonFiniteNumber(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
    for word in ["nan", "inf"] {
        let w = Array(word.utf8)
        var i = 0
        while i + w.count <= bytes.count {
            if bytes[i..<i + w.count].elementsEqual(w),
               i == 0 || !isLetter(bytes[i - 1]),
               i + w.count == bytes.count || !isLetter(bytes[i + w.count]) {
                return true
            }
            i += 1
        }
    }
    return false
}
