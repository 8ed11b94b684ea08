import NotebookFormat

// `folio check`'s column checks: the columns of each `data:` table are known from its
// file's header (read by the Runner), so a column that appears in no header, where a data
// table is used directly, is a static error rather than a run-time one.
//
// How far it goes (docs/cli.md states the same): a table's columns are followed
//   - from a `data:` name (not rebound by any cell),
//   - through the table verbs that keep or set columns in a way known without running:
//     `where sort head tail distinct format label hide append` (same columns), `select`
//     and `drop` with names written as strings, `rename` with two strings, `with` (adds
//     its named columns), `group` (its `by` strings, then its named aggregates), `join`
//     of two known tables on string keys — written as calls or with `|>`,
//   - and through a top-level `name = …` of such a table, in cell order (a name rebound
//     inside `if`/`for`, or bound by `fn`, is no longer followed).
// Inside function bodies and lambdas only `data:` names no cell rebinds are followed.
// Checked: `t.col`, `t["col"]`, the column names given as strings to `select drop sort
// distinct hide rename group(by:) with(by:)` and to the charts (`x`, `y`, `group`,
// `color`, `facet`, `band`, scatter's `label`), and in the expressions of `where`, `with`
// and `group` a name that is neither a column nor bound anywhere in the notebook.
// Anything else — a table from `read_csv`, `table(…)`, a parameter, a function's
// result — is checked when the notebook runs, as before.

/// The columns of a table known before running, and what to call the table in messages.
struct KnownColumns: Equatable {
    var names: [String]
    /// `budgets` (a data table or a name bound to a table derived from one).
    var table: String
    /// The data file its columns come from, for the message.
    var file: String
}

/// Every column error found in `notebook` given the headers of its data tables
/// (data name → column names, in file order; a table whose header is unknown is left out).
package func checkColumns(_ notebook: Notebook, headers: [String: [String]]) -> [Diagnostic] {
    guard !headers.isEmpty else { return [] }
    var parsedCells: [[Stmt]?] = []
    var everBound: Set<String> = Set(notebook.params.map(\.name) + notebook.data.map(\.name))
    var reboundAnywhere: Set<String> = []
    for cell in notebook.cells {
        guard cell.kind == .code else { parsedCells.append(nil); continue }
        let (statements, errors) = Parser.parse(cell.source.text)
        // A cell that does not parse is reported by the checker; its columns are not checked.
        parsedCells.append(errors.isEmpty ? statements : nil)
        for name in allBoundNames(statements) {
            everBound.insert(name)
            reboundAnywhere.insert(name)
        }
    }
    var walker = ColumnWalker(everBound: everBound)
    for source in notebook.data {
        guard let columns = headers[source.name] else { continue }
        let known = KnownColumns(names: columns, table: source.name, file: source.path)
        walker.globals[source.name] = known
        if !reboundAnywhere.contains(source.name) { walker.stable[source.name] = known }
    }
    for (index, cell) in notebook.cells.enumerated() {
        walker.source = cell.source
        switch cell.kind {
        case .code:
            guard let statements = parsedCells[index] else {
                // Unchecked cell: whatever it binds is no longer followed.
                continue
            }
            walker.topLevel(statements)
        case .markdown:
            for case .expression(let start, let end) in splitInline(cell.source.text) {
                let (statements, errors) = Parser.parse(cell.source.text, start: start, end: end)
                if errors.isEmpty { walker.topLevel(statements) }
            }
        }
    }
    return walker.diagnostics
}

/// Every name any statement binds, at any depth: assignments, `fn` names, loop
/// variables, function and lambda parameters and locals.
private func allBoundNames(_ statements: [Stmt]) -> Set<String> {
    var names: Set<String> = []
    func expr(_ e: Expr) {
        switch e.kind {
        case .number, .string, .bool, .null, .name, .notebookName, .invalid: break
        case .list(let items): items.forEach(expr)
        case .record(let fields): fields.forEach { expr($0.value) }
        case .unary(_, let a): expr(a)
        case .binary(_, let a, let b, _): expr(a); expr(b)
        case .call(let callee, let args): expr(callee); args.forEach { expr($0.value) }
        case .member(let base, _, _): expr(base)
        case .index(let base, let i): expr(base); expr(i)
        case .ifElse(let c, let t, let o): expr(c); block(t); o.map(block)
        case .forLoop(let v, _, let seq, let body): names.insert(v); expr(seq); block(body)
        case .lambda(let parameters, let body):
            parameters.forEach { names.insert($0.name); $0.defaultValue.map(expr) }
            expr(body)
        }
    }
    func block(_ statements: [Stmt]) {
        for s in statements {
            switch s {
            case .assign(let name, _, let value): names.insert(name); expr(value)
            case .function(let decl):
                names.insert(decl.name)
                decl.parameters.forEach { names.insert($0.name); $0.defaultValue.map(expr) }
                block(decl.body)
            case .expression(let e): expr(e)
            }
        }
    }
    block(statements)
    return names
}

/// Walks cells in order, following known table columns through bindings and verbs.
private struct ColumnWalker {
    /// Names bound anywhere in the notebook (a column-scope name among them may be bound
    /// when the expression runs, so it is not reported).
    let everBound: Set<String>
    /// Global names holding a table of known columns at this point of the notebook.
    var globals: [String: KnownColumns] = [:]
    /// Data tables no cell rebinds: known inside function bodies and lambdas too.
    var stable: [String: KnownColumns] = [:]
    /// Inside a function body or lambda: its local names (they hide globals), and whether
    /// only `stable` globals may be used.
    var locals: [Set<String>] = []
    /// Columns in scope in a `where`/`with`/`group` expression, innermost last.
    var columnScopes: [KnownColumns] = []
    var source = SourceText(verbatim: "", file: "")
    var diagnostics: [Diagnostic] = []

    init(everBound: Set<String>) {
        self.everBound = everBound
    }

    mutating func report(_ message: Diagnostic.Message, at offset: Int) {
        diagnostics.append(.error(message, at: source.location(utf8Offset: offset)))
    }

    // MARK: statements

    /// A cell's top-level statements: bindings are followed in order.
    mutating func topLevel(_ statements: [Stmt]) {
        for statement in statements {
            switch statement {
            case .assign(let name, _, let value):
                let columns = columnsOf(value)
                check(value)
                // Messages name the table by the name that holds it now.
                globals[name] = columns.map { KnownColumns(names: $0.names, table: name, file: $0.file) }
            case .function(let decl):
                globals[decl.name] = nil
                function(parameters: decl.parameters, body: decl.body)
            case .expression(let e):
                check(e)
            }
        }
    }

    /// Statements inside `if`/`for` (bindings not followed: they may or may not happen)
    /// or in a function body (locals).
    mutating func nested(_ statements: [Stmt]) {
        for statement in statements {
            switch statement {
            case .assign(let name, _, let value):
                check(value)
                if locals.isEmpty { globals[name] = nil }
            case .function(let decl):
                if locals.isEmpty { globals[decl.name] = nil }
                function(parameters: decl.parameters, body: decl.body)
            case .expression(let e):
                check(e)
            }
        }
    }

    mutating func function(parameters: [ParameterDecl], body: [Stmt]) {
        for p in parameters { if let d = p.defaultValue { check(d) } }
        var names = Set(parameters.map(\.name))
        names.formUnion(allBoundNames(body))
        locals.append(names)
        nested(body)
        locals.removeLast()
    }

    // MARK: names

    func isLocal(_ name: String) -> Bool {
        locals.contains { $0.contains(name) }
    }

    /// The columns of the table a name holds, when known.
    func columns(ofName name: String, notebookLevel: Bool) -> KnownColumns? {
        if !notebookLevel {
            if isLocal(name) { return nil }
            // A column of an enclosing `where`/`with`/`group` hides the name.
            if columnScopes.contains(where: { $0.names.contains(name) }) { return nil }
        }
        return locals.isEmpty ? globals[name] : stable[name]
    }

    // MARK: expressions

    /// The columns of the table `e` gives, when known without running.
    func columnsOf(_ e: Expr) -> KnownColumns? {
        switch e.kind {
        case .name(let name): return columns(ofName: name, notebookLevel: false)
        case .notebookName(let name): return columns(ofName: name, notebookLevel: true)
        case .call(let callee, let arguments):
            guard case .name(let function) = callee.kind, !isLocal(function), Builtins.byName[function] != nil,
                  let first = arguments.first, first.label == nil, var table = columnsOf(first.value) else { return nil }
            let rest = arguments.dropFirst()
            let positional = rest.filter { $0.label == nil }
            switch function {
            case "where", "sort", "head", "tail", "distinct", "format", "label", "hide", "append":
                return table
            case "select":
                guard let names = stringList(positional.map(\.value)) else { return nil }
                table.names = names
                return table
            case "drop":
                guard let names = stringList(positional.map(\.value)) else { return nil }
                table.names.removeAll { names.contains($0) }
                return table
            case "rename":
                guard positional.count == 2, let pair = stringList(positional.map(\.value)), pair.count == 2,
                      let at = table.names.firstIndex(of: pair[0]) else { return nil }
                table.names[at] = pair[1]
                return table
            case "with":
                for argument in rest {
                    guard let label = argument.label else { return nil }
                    if label != "by", !table.names.contains(label) { table.names.append(label) }
                }
                return table
            case "group":
                guard let by = rest.first(where: { $0.label == "by" }) ?? positional.first,
                      let keys = stringList([by.value]) else { return nil }
                let aggregates = rest.compactMap { $0.label == "by" ? nil : $0.label }
                guard rest.count == aggregates.count + 1 else { return nil }
                table.names = keys + aggregates
                return table
            case "join":
                guard let other = positional.first.flatMap({ columnsOf($0.value) }),
                      let on = rest.first(where: { $0.label == "on" }), let keys = stringList([on.value]) else { return nil }
                table.names += other.names.filter { !keys.contains($0) }
                return table
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// String literals, or lists of them, flattened; `nil` when any is something else.
    func stringList(_ values: [Expr]) -> [String]? {
        var names: [String] = []
        for value in values {
            switch value.kind {
            case .string(let s): names.append(s)
            case .list(let items):
                for item in items {
                    guard case .string(let s) = item.kind else { return nil }
                    names.append(s)
                }
            default: return nil
            }
        }
        return names
    }

    /// Each string literal (or list of them) among `values` must be a column of `table`.
    mutating func requireColumns(_ values: [Expr], in table: KnownColumns) {
        for value in values {
            let items: [Expr]
            if case .list(let list) = value.kind { items = list } else { items = [value] }
            for item in items {
                if case .string(let name) = item.kind, !table.names.contains(name) {
                    report(.columnNotInHeader(name, table: table.table, file: table.file, columns: table.names), at: item.range.start)
                }
            }
        }
    }

    mutating func check(_ e: Expr) {
        switch e.kind {
        case .number, .string, .bool, .null, .notebookName, .invalid:
            break
        case .name(let name):
            if let scope = columnScopes.last, !scope.names.contains(name), !isLocal(name), !everBound.contains(name),
               Builtins.byName[name] == nil, !columnScopes.contains(where: { $0.names.contains(name) }) {
                report(.notAColumnNorName(name, columns: scope.names), at: e.range.start)
            }
        case .list(let items):
            items.forEach { check($0) }
        case .record(let fields):
            fields.forEach { check($0.value) }
        case .unary(_, let a):
            check(a)
        case .binary(_, let a, let b, _):
            check(a)
            check(b)
        case .member(let base, let name, let nameRange):
            check(base)
            if let table = columnsOf(base), !table.names.contains(name) {
                report(.columnNotInHeader(name, table: table.table, file: table.file, columns: table.names), at: nameRange.start)
            }
        case .index(let base, let index):
            check(base)
            check(index)
            if case .string = index.kind, let table = columnsOf(base) {
                requireColumns([index], in: table)
            }
        case .call(let callee, let arguments):
            call(callee, arguments)
        case .ifElse(let condition, let then, let otherwise):
            check(condition)
            // Names bound in either branch are no longer followed (`nested` clears them).
            nested(then)
            if let otherwise { nested(otherwise) }
        case .forLoop(let variable, _, let sequence, let body):
            check(sequence)
            if locals.isEmpty {
                // The body may run many times: what it binds is unknown from the start.
                for name in allBoundNames(body).union([variable]) { globals[name] = nil }
            }
            nested(body)
        case .lambda(let parameters, let body):
            function(parameters: parameters, body: [.expression(body)])
        }
    }

    mutating func call(_ callee: Expr, _ arguments: [Argument]) {
        guard case .name(let function) = callee.kind, !isLocal(function), Builtins.byName[function] != nil,
              let first = arguments.first, first.label == nil, let table = columnsOf(first.value) else {
            check(callee)
            arguments.forEach { check($0.value) }
            return
        }
        check(first.value)
        let rest = Array(arguments.dropFirst())
        let positional = rest.filter { $0.label == nil }.map(\.value)
        switch function {
        case "select", "drop", "sort", "distinct", "hide":
            requireColumns(positional, in: table)
            rest.forEach { check($0.value) }
        case "rename":
            requireColumns(Array(positional.prefix(1)), in: table)
            rest.forEach { check($0.value) }
        case "where":
            inColumnScope(table) { walker in rest.forEach { walker.check($0.value) } }
        case "with":
            var growing = table
            for argument in rest {
                if argument.label == "by" {
                    requireColumns([argument.value], in: table)
                    check(argument.value)
                    continue
                }
                inColumnScope(growing) { walker in walker.check(argument.value) }
                guard let label = argument.label else { continue }
                if !growing.names.contains(label) { growing.names.append(label) }
            }
        case "group":
            for (index, argument) in rest.enumerated() {
                if argument.label == "by" || (argument.label == nil && index == 0) {
                    requireColumns([argument.value], in: table)
                    check(argument.value)
                } else {
                    inColumnScope(table) { walker in walker.check(argument.value) }
                }
            }
        case "line_chart", "area_chart", "bar_chart", "scatter_chart", "histogram", "waterfall_chart":
            // `x` and `y` (by name, or the first two after the table), and the options that
            // name columns.
            var columnArguments = Array(positional.prefix(function == "histogram" ? 1 : 2))
            let naming: Set<String> = function == "scatter_chart" ? ["x", "y", "group", "color", "facet", "band", "label"]
                : ["x", "y", "group", "color", "facet", "band"]
            columnArguments += rest.filter { $0.label.map(naming.contains) ?? false }.map(\.value)
            requireColumns(columnArguments, in: table)
            rest.forEach { check($0.value) }
        default:
            rest.forEach { check($0.value) }
        }
    }

    mutating func inColumnScope(_ table: KnownColumns, _ body: (inout ColumnWalker) -> Void) {
        columnScopes.append(table)
        body(&self)
        columnScopes.removeLast()
    }
}
