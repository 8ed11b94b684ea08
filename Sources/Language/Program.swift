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
package struct CompiledCell: @unchecked Sendable {
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
package struct CompiledNotebook: @unchecked Sendable {
    package let cells: [CompiledCell]
    /// Every notebook-wide name (params, data, names cells bind), in slot order.
    package let globalNames: [String]
    let globalSlots: [String: Int]
    /// Keeps the direct-call targets, and breaks their reference cycles once the program is gone.
    let staticFunctions: StaticFunctionOwner

    /// Parses and checks every cell (all errors, not only the first), resolving names to
    /// slots. Params and data names are predefined globals the Runner fills in before cell 1.
    package static func compile(_ notebook: Notebook) -> (CompiledNotebook, [Diagnostic]) {
        compile(notebook, extraBuiltins: [:])
    }

    static func compile(_ notebook: Notebook, extraBuiltins: [String: Builtin]) -> (CompiledNotebook, [Diagnostic]) {
        let context = NotebookContext(notebook: notebook)
        context.extraBuiltins = extraBuiltins
        var seen: [String: SourceLocation] = [:]
        for (name, location) in notebook.params.map({ ($0.name, $0.location) }) + notebook.data.map({ ($0.name, $0.location) }) {
            if Builtins.byName[name] != nil {
                context.diagnostics.append(.error("`\(name)` is the name of a built-in function; choose another name", at: location))
            }
            if let first = seen[name] {
                context.diagnostics.append(.error("`\(name)` is defined twice in `params`/`data`", at: location,
                                                  notes: [Diagnostic(.note, "first defined here", at: first)]))
            }
            seen[name] = location
            _ = context.slot(for: name)
            context.defined.insert(name)
        }

        // Pass 1: parse every cell and note which names each binds, so a use before a
        // later cell's binding can say where the name is defined.
        var parsed: [[Stmt]] = []
        var inlineParsed: [[(text: String?, statements: [Stmt], start: Int)]] = []
        var assigned: [Set<String>] = []
        var bindingCount: [String: Int] = [:]
        var topLevelFunctions: Set<String> = []
        for (index, cell) in notebook.cells.enumerated() {
            switch cell.kind {
            case .code:
                let (statements, errors) = Parser.parse(cell.source.text)
                for e in errors {
                    context.diagnostics.append(.error(e.message, at: cell.source.location(utf8Offset: e.offset)))
                }
                let names = assignedNames(statements)
                for (name, _) in names where context.firstBinder[name] == nil {
                    context.firstBinder[name] = index
                }
                for (name, _) in names { bindingCount[name, default: 0] += 1 }
                for case .function(let decl) in statements { topLevelFunctions.insert(decl.name) }
                parsed.append(statements)
                inlineParsed.append([])
                assigned.append(Set(names.map(\.name)))
            case .markdown:
                var pieces: [(String?, [Stmt], Int)] = []
                for piece in splitInline(cell.source.text) {
                    switch piece {
                    case .text(let s): pieces.append((s, [], 0))
                    case .expression(let start, let end):
                        let (statements, errors) = Parser.parse(cell.source.text, start: start, end: end)
                        for e in errors {
                            context.diagnostics.append(.error(e.message, at: cell.source.location(utf8Offset: e.offset)))
                        }
                        if statements.isEmpty && errors.isEmpty {
                            context.diagnostics.append(.error("empty `{{ }}`: write an expression inside", at: cell.source.location(utf8Offset: start)))
                        }
                        pieces.append((nil, statements, start))
                    case .unterminated(let start):
                        context.diagnostics.append(.error("`{{` is not closed by `}}` (write `\\{{` for a literal `{{`)", at: cell.source.location(utf8Offset: start)))
                    }
                }
                parsed.append([])
                inlineParsed.append(pieces)
                assigned.append([])
            }
        }
        for (index, _) in notebook.cells.enumerated() {
            for name in assigned[index].sorted() { _ = context.slot(for: name) }
        }
        // A name bound only by one top-level `fn` always holds that function once bound:
        // calls to it skip the variable lookup.
        for name in topLevelFunctions where bindingCount[name] == 1 && seen[name] == nil {
            context.staticFunctions[name] = StaticFunction()
        }

        // Pass 2: resolve and compile in notebook order.
        var cells: [CompiledCell] = []
        for (index, cell) in notebook.cells.enumerated() {
            let errorsBefore = context.diagnostics.count
            let compiler = CellCompiler(context: context, source: cell.source, cellIndex: index, cellAssigned: assigned[index])
            var statements: [CompiledStatement] = []
            var inline: [InlineSegment] = []
            switch cell.kind {
            case .code:
                for statement in parsed[index] {
                    let isExpression: Bool
                    if case .expression = statement { isExpression = true } else { isExpression = false }
                    statements.append(CompiledStatement(code: compiler.compileStatement(statement), isExpression: isExpression))
                }
            case .markdown:
                compiler.inline = true
                for piece in inlineParsed[index] {
                    if let text = piece.text {
                        inline.append(.markdown(text))
                    } else {
                        inline.append(.expression(compiler.compileBlock(piece.statements), cell.source.location(utf8Offset: piece.start)))
                    }
                }
            }
            let cellErrors = context.diagnostics[errorsBefore...].filter { $0.severity == .error }
            cells.append(CompiledCell(id: cell.id, kind: cell.kind, bound: compiler.bound, used: compiler.used,
                                      isValid: cellErrors.isEmpty, statements: statements, inline: inline,
                                      firstError: cellErrors.first))
        }
        let diagnostics = context.diagnostics.enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            if let la, let lb, la != lb { return la < lb }
            return a.offset < b.offset
        }.map(\.element)
        let program = CompiledNotebook(cells: cells, globalNames: context.globalNames, globalSlots: context.globalSlots,
                                       staticFunctions: StaticFunctionOwner(context.staticFunctions.values.map { $0 }))
        return (program, diagnostics)
    }
}

/// A top-level function's code refers to its `StaticFunction` (direct calls, recursion
/// included) and the `StaticFunction` to the code: a reference cycle that leaked every
/// compiled function (found by fuzz/run frontend). The owner lives as long as some copy
/// of the program does; then it clears each `code`, and any function value that outlives
/// the program makes its calls through the ordinary (dynamic) path.
final class StaticFunctionOwner: @unchecked Sendable {
    // @unchecked: written only in `deinit`, when no one else can see the functions.
    let functions: [StaticFunction]
    init(_ functions: [StaticFunction]) { self.functions = functions }
    deinit {
        for function in functions { function.clear() }
    }
}

/// The result of compiling a notebook: the program and every static diagnostic.
package struct Compilation: Sendable {
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

/// Runs a compiled notebook's cells, holding the notebook-wide names between them.
/// `@unchecked Sendable` so the Runner can hand it to a worker thread (with a large
/// stack); it is not thread-safe: one thread at a time may use it.
package final class Interpreter: @unchecked Sendable {
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
        runtime.globals.slots[slot] = value
    }

    /// The current value of a notebook-wide name (`nil`: unknown or not bound yet).
    package func global(_ name: String) -> Value? {
        guard let slot = program.globalSlots[name] else { return nil }
        return runtime.globals.slots[slot]
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

    /// Evaluates a Markdown cell's `{{ }}` expressions where the cell stands.
    package func renderInline(cell index: Int, control: ExecutionControl, host: any Host) throws(Diagnostic) -> [MarkdownPiece] {
        guard program.cells.indices.contains(index) else { return [] }
        let cell = program.cells[index]
        if let error = cell.firstError { throw error }
        runtime.prepare(control: control, host: host)
        defer { runtime.outputs = [] }
        var pieces: [MarkdownPiece] = []
        for segment in cell.inline {
            switch segment {
            case .markdown(let text): pieces.append(.markdown(text))
            case .expression(let code, let location):
                let value = try code(runtime.globals, runtime)
                pieces.append(.literal(try inlineText(value, at: location)))
            }
        }
        return pieces
    }

    private func inlineText(_ value: Value, at location: SourceLocation) throws(Diagnostic) -> String {
        switch value {
        case .table, .record, .chart, .function:
            throw Diagnostic.error("an inline expression cannot show \(article(value.typeName)); use a code cell", at: location)
        case .list(let list):
            for e in list.elements where !e.isScalar {
                throw Diagnostic.error("an inline list can only hold numbers, strings and bools, not \(article(e.typeName))", at: location)
            }
            return value.displayText
        default:
            return value.displayText
        }
    }
}
