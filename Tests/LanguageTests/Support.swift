import NotebookFormat
import Tabular
@testable import Language

/// The files registry examples may read (`read_csv("spending.csv")`); any other path
/// is refused as without file access.
struct ExampleFiles: Host {
    static let files = ["spending.csv": "year,country,value\n2024,NO,1.5\n2024,SE,2\n2025,NO,\n"]

    func readCSV(path: String, at location: SourceLocation) throws(Diagnostic) -> Table {
        guard let text = ExampleFiles.files[path] else { return try NoFileAccess().readCSV(path: path, at: location) }
        do throws(CSV.ReadError) { return try CSV.read(Array(text.utf8)) } catch {
            throw Diagnostic.error("\(path): \(error.message)", at: location)
        }
    }
}

/// A one-cell (or several-cell) notebook from code strings, as a YAML file would give it:
/// cell k's text starts at line `10 * k + 2`, column 5, and continues at column 5.
func notebook(_ cells: [String], ids: [String]? = nil, params: [Parameter] = [], markdown: Set<Int> = []) -> Notebook {
    let built = cells.enumerated().map { k, text in
        Cell(id: ids?[k] ?? "cell-\(k + 1)", kind: markdown.contains(k) ? .markdown : .code,
             source: SourceText(verbatim: text, file: "nb.yaml", line: 10 * k + 2, column: 5, continuationColumn: 5),
             location: SourceLocation(file: "nb.yaml", line: 10 * k + 1, column: 3))
    }
    return Notebook(file: "nb.yaml", title: "t", params: params, cells: built)
}

enum RunResult {
    case value(Value)
    case staticErrors([Diagnostic])
    case runtimeError(Diagnostic)
}

/// Compiles and runs cells in order; the result of the last cell's last expression.
/// `numberFunctions: false`: number functions run as general code only (NumberFunctionTests).
func run(_ cells: [String], control: ExecutionControl = ExecutionControl(), numberFunctions: Bool = true) -> RunResult {
    let checked = check(notebook(cells))
    if checked.hasErrors { return .staticErrors(checked.diagnostics) }
    let interpreter = Interpreter(program: CompiledNotebook.generate(checked, numberFunctions: numberFunctions))
    var last = Value.null
    for index in cells.indices {
        do {
            let outputs = try interpreter.runCell(index, control: control, host: ExampleFiles())
            last = .null
            if case .shown(let v, nil)? = outputs.last { last = v }
        } catch {
            return .runtimeError(error)
        }
    }
    return .value(last)
}

/// The value of the last expression of `source` (a single cell), or a failure text.
func eval(_ source: String) -> Value? {
    if case .value(let v) = run([source]) { return v }
    return nil
}

func describe(_ result: RunResult) -> String {
    switch result {
    case .value(let v): return "value \(ValueText.of(v))"
    case .staticErrors(let d): return "static " + d.map(\.description).joined(separator: " | ")
    case .runtimeError(let d): return "runtime \(d.description)"
    }
}

/// Evaluates `code` (language source) and compares its value, as `ValueText` writes it,
/// with `expected`, written in that text: `[1, null]`, `{a: "x"}`, `table(a: [1, 2])`.
/// The comparison never calls the language's own equality or display code.
func sameValue(_ code: String, _ expected: String) -> (Bool, String) {
    let a = run([code])
    guard case .value(let x) = a else { return (false, "\(describe(a)) vs \(expected)") }
    let text = ValueText.of(x)
    return (text == expected, "\(text) vs \(expected)")
}

/// Evaluates two programs and compares their values' `ValueText`s (for expectations that
/// are themselves computed, such as a fast path against a general one).
func sameResult(_ code: String, _ other: String) -> (Bool, String) {
    let a = run([code]), b = run([other])
    guard case .value(let x) = a, case .value(let y) = b else { return (false, "\(describe(a)) vs \(describe(b))") }
    let (p, q) = (ValueText.of(x), ValueText.of(y))
    return (p == q, "\(p) vs \(q)")
}
