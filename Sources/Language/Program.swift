import NotebookFormat
import ReportModel
import Tabular

/// One compiled statement of a cell's top level.
struct CompiledStatement {
    let code: Code
    /// An expression statement (its value may become the cell's last output).
    let isExpression: Bool
}

/// A `{{ expr }}` of a Markdown cell, or the Markdown around it.
enum InlineSegment {
    case markdown(String)
    case expression(Code, SourceLocation)
}

/// A cell after the static checks: what it binds and uses, and its code.
package struct CompiledCell {
    // @unchecked: the closures are immutable after compilation and capture only constants
    // and other compiled code; all run-time state lives in `Interpreter`.
    package let id: String
    package let kind: CellKind
    /// Notebook names the cell binds at its top level, in order of first binding.
    package let bound: [String]
    /// Notebook names the cell reads that come from outside it (earlier cells, params,
    /// data), in order of first use. With `bound`, what `--keep-going` and caching need.
    package let used: [String]
    /// `false` when the cell has static errors (it must not run).
    package let isValid: Bool
    let statements: [CompiledStatement]
    let inline: [InlineSegment]
    let firstError: Diagnostic?
}

/// A whole notebook compiled: global slots and per-cell code.
package struct CompiledNotebook {
    package let cells: [CompiledCell]
    /// The text fields with `{{ }}` values (title, captions, ...), evaluated after the cells.
    let templates: [(field: TextTemplate.Field, inline: [InlineSegment])]
    /// Every notebook-wide name (params, data, names cells bind), in slot order.
    package let globalNames: [String]
    let globalSlots: [String: Int]
    /// Keeps the direct-call targets, and breaks their reference cycles once the program is gone.
    let staticFunctions: StaticFunctionOwner

    /// Checks a notebook and, when it has no static error, generates its code. A
    /// notebook with static errors gets no code: none of its cells may run.
    static func compile(_ notebook: Notebook, extraBuiltins: [String: Builtin] = [:]) -> (CompiledNotebook, [Diagnostic]) {
        let checked = check(notebook, extraBuiltins: extraBuiltins)
        return (generate(checked), checked.diagnostics)
    }

    /// Code for every cell of a checked notebook (cells with static errors get none).
    /// `numberFunctions: false` leaves number functions (NumberFunctions.swift) to the
    /// general code alone, so tests can compare the two paths.
    static func generate(_ checked: CheckedNotebook, numberFunctions: Bool = true) -> CompiledNotebook {
        var staticFunctions: [String: ResolvedFunction] = [:]
        if !checked.hasErrors {
            for cell in checked.cells {
                for case .function(_, let function, _, true) in cell.statements where checked.staticFunctionNames.contains(function.name) {
                    staticFunctions[function.name] = function
                }
            }
        }
        let generator = CodeGenerator(staticFunctions: staticFunctions, numberFunctions: numberFunctions)
        func segments(_ inline: [ResolvedInline]) -> [InlineSegment] {
            inline.map {
                switch $0 {
                case .markdown(let text): .markdown(text)
                case .expression(let statements, let location): .expression(generator.block(statements), location)
                }
            }
        }
        let templates = checked.hasErrors ? [] : checked.templates.map { (field: $0.field, inline: segments($0.inline)) }
        var cells: [CompiledCell] = []
        for cell in checked.cells {
            var statements: [CompiledStatement] = []
            var inline: [InlineSegment] = []
            if !checked.hasErrors {
                statements = cell.statements.map { CompiledStatement(code: generator.statement($0), isExpression: $0.isExpression) }
                inline = segments(cell.inline)
            }
            cells.append(CompiledCell(id: cell.id, kind: cell.kind, bound: cell.bound, used: cell.used,
                                      isValid: cell.firstError == nil, statements: statements, inline: inline,
                                      firstError: cell.firstError))
        }
        return CompiledNotebook(cells: cells, templates: templates, globalNames: checked.globalNames, globalSlots: checked.globalSlots,
                                staticFunctions: StaticFunctionOwner(generator.staticFunctions.values.map { $0 }))
    }
}

/// A top-level function's code refers to its `StaticFunction` (direct calls, recursion
/// included) and the `StaticFunction` to the code: a reference cycle that leaked every
/// compiled function (found by fuzz/run frontend). The owner lives as long as some copy
/// of the program does; then it clears each `code`, and any function value that outlives
/// the program makes its calls through the ordinary (dynamic) path.
final class StaticFunctionOwner {
    // @unchecked: written only in `deinit`, when no one else can see the functions.
    let functions: [StaticFunction]
    init(_ functions: [StaticFunction]) { self.functions = functions }
    deinit {
        for function in functions { function.clear() }
    }
}

/// The result of compiling a notebook: the program and every static diagnostic.
package struct Compilation {
    package let program: CompiledNotebook
    package let diagnostics: [Diagnostic]

    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Compiles and checks a notebook (`Language.compile(notebook)`).
package func compile(_ notebook: Notebook) -> Compilation {
    let (program, diagnostics) = CompiledNotebook.compile(notebook)
    return Compilation(program: program, diagnostics: diagnostics)
}

// MARK: - Inline expressions

enum InlineSplit: Equatable {
    case text(String)
    /// UTF-8 offsets of the expression between `{{` and `}}`.
    case expression(start: Int, end: Int)
    case unterminated(start: Int)
}

/// Splits Markdown at `{{ … }}`; `\{{` stands for a literal `{{`.
func splitInline(_ text: String) -> [InlineSplit] {
    let bytes = Array(text.utf8)
    var pieces: [InlineSplit] = []
    var buffer: [UInt8] = []
    var i = 0
    func flush() {
        if !buffer.isEmpty { pieces.append(.text(String(decoding: buffer, as: UTF8.self))) }
        buffer = []
    }
    while i < bytes.count {
        if bytes[i] == 92, i + 2 < bytes.count, bytes[i + 1] == 123, bytes[i + 2] == 123 {
            buffer.append(contentsOf: [123, 123])
            i += 3
            continue
        }
        if bytes[i] == 123, i + 1 < bytes.count, bytes[i + 1] == 123 {
            var j = i + 2
            var found = false
            while j + 1 < bytes.count {
                if bytes[j] == 125 && bytes[j + 1] == 125 { found = true; break }
                j += 1
            }
            flush()
            if !found {
                pieces.append(.unterminated(start: i))
                buffer.append(contentsOf: bytes[i...])
                i = bytes.count
                break
            }
            pieces.append(.expression(start: i + 2, end: j))
            i = j + 2
            continue
        }
        buffer.append(bytes[i])
        i += 1
    }
    flush()
    return pieces
}

// MARK: - Interpreter

/// A text's `{{ }}` values evaluated: the pieces (failures as `.error` in place) and the
/// diagnostics of the failures, in order.
package struct InlineResult: Sendable {
    package var pieces: [MarkdownPiece]
    package var errors: [Diagnostic]
}

/// Runs a compiled notebook's cells, holding the notebook-wide names between them. Not
/// Sendable: the Runner compiles and runs a notebook on the one thread (with a large
/// stack) that owns it, so compiled code and frames never cross threads.
package final class Interpreter {
    package let program: CompiledNotebook
    let runtime: Runtime

    package init(program: CompiledNotebook) {
        self.program = program
        runtime = Runtime(globalCount: program.globalNames.count)
    }

    /// Sets a notebook-wide name (params and data before the first cell). A name the
    /// program never mentions is ignored.
    package func setGlobal(_ name: String, _ value: Value) {
        guard let slot = program.globalSlots[name] else { return }
        runtime.globals[slot] = value
    }

    /// The current value of a notebook-wide name (`nil`: unknown or not bound yet).
    package func global(_ name: String) -> Value? {
        guard let slot = program.globalSlots[name] else { return nil }
        return runtime.globals[slot]
    }

    /// Runs a code cell: outputs of `show`/`print` in order, then the value of the last
    /// statement when it is an expression whose value is not null (SPEC §4).
    package func runCell(_ index: Int, control: ExecutionControl, host: any Host) throws(Diagnostic) -> [CellOutput] {
        guard program.cells.indices.contains(index) else { return [] }
        let cell = program.cells[index]
        if let error = cell.firstError { throw error }
        runtime.prepare(control: control, host: host)
        defer { runtime.outputs = [] }
        var last = Value.null
        var lastIsExpression = false
        for statement in cell.statements {
            last = try statement.code(runtime.globals, runtime)
            lastIsExpression = statement.isExpression
        }
        var outputs = runtime.outputs
        if lastIsExpression, !last.isNull {
            outputs.append(.shown(last, caption: nil))
        }
        return outputs
    }

    /// Evaluates a Markdown cell's `{{ }}` expressions where the cell stands. A failing
    /// expression becomes an `.error` piece in place (and its diagnostic in `errors`), so
    /// the rest of the cell still renders; only a static error throws.
    package func renderInline(cell index: Int, control: ExecutionControl, host: any Host) throws(Diagnostic) -> InlineResult {
        guard program.cells.indices.contains(index) else { return InlineResult(pieces: [], errors: []) }
        let cell = program.cells[index]
        if let error = cell.firstError { throw error }
        return evaluate(cell.inline, control: control, host: host)
    }

    /// Evaluates the text fields' `{{ }}` values (after the cells ran), in notebook order.
    package func renderTemplates(control: ExecutionControl, host: any Host) -> [(field: TextTemplate.Field, result: InlineResult)] {
        program.templates.map { (field: $0.field, result: evaluate($0.inline, control: control, host: host)) }
    }

    func evaluate(_ segments: [InlineSegment], control: ExecutionControl, host: any Host) -> InlineResult {
        runtime.prepare(control: control, host: host)
        defer { runtime.outputs = [] }
        var result = InlineResult(pieces: [], errors: [])
        for segment in segments {
            switch segment {
            case .markdown(let text): result.pieces.append(.markdown(text))
            case .expression(let code, let location):
                do throws(Diagnostic) {
                    let value = try code(runtime.globals, runtime)
                    result.pieces.append(.literal(try inlineText(value, at: location)))
                } catch {
                    result.pieces.append(.error(error.message))
                    result.errors.append(error)
                }
            }
        }
        return result
    }

    private func inlineText(_ value: Value, at location: SourceLocation) throws(Diagnostic) -> String {
        switch value {
        case .table, .record, .chart, .function:
            throw Diagnostic.error(.inlineCannotShow(value.typeName), at: location)
        case .list(let list):
            for e in list.elements where !e.isScalar {
                throw Diagnostic.error(.inlineListElement(e.typeName), at: location)
            }
            return value.displayText
        default:
            return value.displayText
        }
    }
}
