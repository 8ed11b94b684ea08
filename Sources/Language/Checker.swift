import NotebookFormat
import Suggestions
import Tabular

// The static checks: every cell is parsed, every name resolved to a slot (or found
// unbound, used before its binding, bound in a later cell), every built-in call's
// arguments bound to its parameters. The result is every diagnostic of the notebook and
// the resolved tree (ResolvedTree.swift); no code is generated here, so `folio check`
// stops after this file.

/// Checks a notebook: all its static errors, not only the first, and the resolved tree.
/// Params and data names are predefined globals the Runner fills in before cell 1.
package func check(_ notebook: Notebook) -> CheckedNotebook {
    check(notebook, extraBuiltins: [:])
}

/// `extraBuiltins`: built-ins beyond the registry (tests of the column-scope mechanism).
func check(_ notebook: Notebook, extraBuiltins: [String: Builtin]) -> CheckedNotebook {
    let context = CheckContext(notebook: notebook)
    context.extraBuiltins = extraBuiltins
    var seen: [String: SourceLocation] = [:]
    for (name, location) in notebook.params.map({ ($0.name, $0.location) }) + notebook.data.map({ ($0.name, $0.location) }) {
        if Builtins.reserves(name) {
            context.diagnostics.append(.error(.builtinNameTaken(name), at: location))
        }
        if let first = seen[name] {
            context.diagnostics.append(.error(.definedTwiceInHeader(name), at: location,
                                              notes: [Diagnostic(.note, .firstDefinedHere, at: first)]))
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
            let pieces = parseInline(cell.source, context: context)
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
        context.staticFunctions.insert(name)
    }

    // Pass 2: resolve in notebook order.
    var cells: [CheckedCell] = []
    for (index, cell) in notebook.cells.enumerated() {
        let errorsBefore = context.diagnostics.count
        let checker = CellChecker(context: context, source: cell.source, cellIndex: index, cellAssigned: assigned[index])
        var statements: [ResolvedStmt] = []
        var inline: [ResolvedInline] = []
        switch cell.kind {
        case .code:
            statements = parsed[index].map(checker.statement)
        case .markdown:
            checker.inline = true
            for piece in inlineParsed[index] {
                if let text = piece.text {
                    inline.append(.markdown(text))
                } else {
                    inline.append(.expression(piece.statements.map(checker.statement), cell.source.location(utf8Offset: piece.start)))
                }
            }
        }
        let firstError = context.diagnostics[errorsBefore...].first { $0.severity == .error }
        cells.append(CheckedCell(id: cell.id, kind: cell.kind, bound: checker.bound, used: checker.used,
                                 statements: statements, inline: inline, firstError: firstError))
    }
    // Pass 3: the text fields with `{{ }}` (title, captions, ...), evaluated after every
    // cell ran: any notebook name can be read there.
    var templates: [CheckedTemplate] = []
    for template in notebook.templates {
        let parsedPieces = parseInline(template.text, context: context)
        let checker = CellChecker(context: context, source: template.text, cellIndex: notebook.cells.count, cellAssigned: [])
        checker.inline = true
        let inline: [ResolvedInline] = parsedPieces.map { piece in
            if let text = piece.text { return .markdown(text) }
            return .expression(piece.statements.map(checker.statement), template.text.location(utf8Offset: piece.start))
        }
        templates.append(CheckedTemplate(field: template.field, inline: inline))
    }
    return CheckedNotebook(diagnostics: context.diagnostics.sortedByLocation(), cells: cells, templates: templates,
                           globalNames: context.globalNames, globalSlots: context.globalSlots,
                           staticFunctionNames: context.staticFunctions)
}

/// A text's `{{ }}` pieces parsed (`text` for the Markdown between them); syntax errors
/// reported at their place in the file.
private func parseInline(_ source: SourceText, context: CheckContext) -> [(text: String?, statements: [Stmt], start: Int)] {
    var pieces: [(text: String?, statements: [Stmt], start: Int)] = []
    for piece in splitInline(source.text) {
        switch piece {
        case .text(let s): pieces.append((s, [], 0))
        case .expression(let start, let end):
            let (statements, errors) = Parser.parse(source.text, start: start, end: end)
            for e in errors {
                context.diagnostics.append(.error(e.message, at: source.location(utf8Offset: e.offset)))
            }
            if statements.isEmpty && errors.isEmpty {
                context.diagnostics.append(.error(.emptyInline, at: source.location(utf8Offset: start)))
            }
            pieces.append((nil, statements, start))
        case .unterminated(let start):
            context.diagnostics.append(.error(.unclosedInline, at: source.location(utf8Offset: start)))
        }
    }
    return pieces
}

/// Local variables of one function or lambda body.
final class Scope {
    let parent: Scope?
    var slots: [String: Int] = [:]
    /// Names assigned so far, in source order (a use before the first assignment is an error).
    var defined: Set<String> = []
    var count = 0
    /// Whether code in this body may keep a reference to its frame beyond the call (a
    /// lambda, a nested `fn`, or a column-scope argument closes over it).
    var capturesFrame = false

    init(parent: Scope?, names: [String]) {
        self.parent = parent
        for name in names where slots[name] == nil {
            slots[name] = count
            count += 1
        }
    }
}

enum Resolution {
    case local(depth: Int, slot: Int)
    case global(Int)
    case builtin(Builtin)
    case unknown
}

/// Names every statement list assigns (assignments, `fn`, loop variables), walking
/// `if`/`for` bodies (they open no scope) but not function or lambda bodies.
func assignedNames(_ statements: [Stmt]) -> [(name: String, range: SourceRange)] {
    var out: [(String, SourceRange)] = []
    func walk(_ e: Expr) {
        switch e.kind {
        case .number, .string, .bool, .null, .name, .notebookName, .invalid, .lambda: break
        case .list(let items): items.forEach(walk)
        case .record(let fields): fields.forEach { walk($0.value) }
        case .unary(_, let a): walk(a)
        case .binary(_, let a, let b, _): walk(a); walk(b)
        case .call(let callee, let args): walk(callee); args.forEach { walk($0.value) }
        case .member(let base, _, _): walk(base)
        case .index(let base, let i): walk(base); walk(i)
        case .ifElse(let c, let t, let o):
            walk(c)
            statementsWalk(t)
            if let o { statementsWalk(o) }
        case .forLoop(let v, let vr, let seq, let body):
            walk(seq)
            out.append((v, vr))
            statementsWalk(body)
        }
    }
    func statementsWalk(_ statements: [Stmt]) {
        for s in statements {
            switch s {
            case .assign(let name, let range, let value):
                walk(value)
                out.append((name, range))
            case .function(let decl): out.append((decl.name, decl.nameRange))
            case .expression(let e): walk(e)
            }
        }
    }
    statementsWalk(statements)
    return out
}

/// What the checks of the whole notebook share: global slots and which names are bound.
final class CheckContext {
    let notebook: Notebook
    var globalSlots: [String: Int] = [:]
    var globalNames: [String] = []
    /// Globals that have a binding at this point of the notebook (in source order).
    var defined: Set<String> = []
    /// The first cell binding each name.
    var firstBinder: [String: Int] = [:]
    var diagnostics: [Diagnostic] = []
    /// Functions whose only binding in the notebook is one top-level `fn` statement.
    var staticFunctions: Set<String> = []
    /// Built-ins beyond the registry (tests of the column-scope mechanism).
    var extraBuiltins: [String: Builtin] = [:]

    init(notebook: Notebook) {
        self.notebook = notebook
    }

    func slot(for name: String) -> Int {
        if let slot = globalSlots[name] { return slot }
        globalSlots[name] = globalNames.count
        globalNames.append(name)
        return globalNames.count - 1
    }
}

/// Checks one cell (code, or the `{{ }}` expressions of a Markdown cell) and resolves it.
final class CellChecker {
    let context: CheckContext
    let source: SourceText
    let cellIndex: Int
    /// Everything the cell binds at its top level.
    let cellAssigned: Set<String>
    var scope: Scope?
    /// > 0 while checking an argument evaluated with table columns in scope.
    var columnScopeDepth = 0
    var inline = false
    private(set) var bound: [String] = []
    private(set) var used: [String] = []
    private var usedSet: Set<String> = []
    private var boundSoFar: Set<String> = []

    init(context: CheckContext, source: SourceText, cellIndex: Int, cellAssigned: Set<String>) {
        self.context = context
        self.source = source
        self.cellIndex = cellIndex
        self.cellAssigned = cellAssigned
    }

    func location(_ offset: Int) -> SourceLocation {
        source.location(utf8Offset: offset)
    }

    /// Records a static error; returns the diagnostic for an `.invalid` node.
    @discardableResult
    func report(_ message: Diagnostic.Message, at offset: Int) -> Diagnostic {
        let diagnostic = Diagnostic.error(message, at: location(offset))
        context.diagnostics.append(diagnostic)
        return diagnostic
    }

    func invalid(_ message: Diagnostic.Message, at offset: Int) -> ResolvedExpr {
        let diagnostic = report(message, at: offset)
        return ResolvedExpr(.invalid(diagnostic), at: location(offset))
    }

    private func noteUse(_ name: String) {
        let external = scope == nil ? !boundSoFar.contains(name) : !cellAssigned.contains(name)
        if external, usedSet.insert(name).inserted { used.append(name) }
    }

    private func noteBind(_ name: String) {
        context.defined.insert(name)
        if boundSoFar.insert(name).inserted { bound.append(name) }
    }

    // MARK: Names

    func resolve(_ name: String) -> Resolution {
        var depth = 0
        var current = scope
        while let s = current {
            if let slot = s.slots[name] { return .local(depth: depth, slot: slot) }
            depth += 1
            current = s.parent
        }
        if let slot = context.globalSlots[name] { return .global(slot) }
        if let builtin = Builtins.byName[name] ?? context.extraBuiltins[name] { return .builtin(builtin) }
        return .unknown
    }

    /// Every name visible here, for suggestions.
    func knownNames() -> [String] {
        var names = Array(context.defined) + Array(cellAssigned)
        var current = scope
        while let s = current {
            names.append(contentsOf: s.slots.keys)
            current = s.parent
        }
        return names
    }

    func checkBindable(_ name: String, at offset: Int) {
        if Builtins.reserves(name) {
            report(.builtinNameTaken(name), at: offset)
        }
    }

    func name(_ name: String, range: SourceRange) -> ResolvedExpr {
        let loc = location(range.start)
        let resolution = resolve(name)
        if case .local(let depth, let slot) = resolution {
            if depth == 0, let scope, !scope.defined.contains(name) {
                return invalid(.usedBeforeAssigned(name), at: range.start)
            }
            return ResolvedExpr(.local(name: name, depth: depth, slot: slot, plain: depth == 0 && columnScopeDepth == 0), at: loc)
        }
        if columnScopeDepth > 0 {
            // A column of the table shadows notebook names; decided at run time.
            var fallback: ResolvedExpr?
            if case .global(let slot) = resolution {
                noteUse(name)
                fallback = ResolvedExpr(.global(name: name, slot: slot), at: loc)
            } else if case .builtin(let b) = resolution {
                fallback = ResolvedExpr(.builtin(b), at: loc)
            }
            return ResolvedExpr(.column(name: name, fallback: fallback), at: loc)
        }
        switch resolution {
        case .local: return invalid(.internalError("unreachable"), at: range.start)
        case .global(let slot):
            return global(name, slot: slot, range: range)
        case .builtin(let b):
            return ResolvedExpr(.builtin(b), at: loc)
        case .unknown:
            let candidates = knownNames() + Builtins.all.map(\.name)
            return invalid(.unknownName(name, candidates: candidates), at: range.start)
        }
    }

    /// A read of the notebook-level `name` (global slot `slot`), bound by this point.
    func global(_ name: String, slot: Int, range: SourceRange) -> ResolvedExpr {
        if !context.defined.contains(name) && !(scope != nil && cellAssigned.contains(name)) {
            if let later = context.firstBinder[name], later > cellIndex {
                let id = context.notebook.cells[later].id
                return invalid(.definedInLaterCell(name, cell: id), at: range.start)
            }
            return invalid(.usedBeforeAssigned(name), at: range.start)
        }
        noteUse(name)
        return ResolvedExpr(.global(name: name, slot: slot), at: location(range.start))
    }

    /// `@name`: the notebook-level name, skipping locals and table columns.
    func notebookName(_ name: String, range: SourceRange) -> ResolvedExpr {
        if let slot = context.globalSlots[name] { return global(name, slot: slot, range: range) }
        if let builtin = Builtins.byName[name] ?? context.extraBuiltins[name] {
            return ResolvedExpr(.builtin(builtin), at: location(range.start))
        }
        return invalid(.unknownNotebookName(name, candidates: Array(context.defined) + Array(cellAssigned)), at: range.start)
    }

    /// Where an assignment to `name` stores: a global slot or a local one (records the
    /// binding for the static checks).
    func assignmentTarget(_ name: String) -> AssignTarget {
        if let scope, let slot = scope.slots[name] {
            scope.defined.insert(name)
            return AssignTarget(global: false, slot: slot)
        }
        let slot = context.slot(for: name)
        noteBind(name)
        return AssignTarget(global: true, slot: slot)
    }

    // MARK: Statements

    func block(_ statements: [Stmt]) -> [ResolvedStmt] {
        statements.map(statement)
    }

    func statement(_ statement: Stmt) -> ResolvedStmt {
        switch statement {
        case .expression(let e):
            return .expression(expression(e))
        case .assign(let name, let range, let valueExpr):
            if inline { return .invalid(report(.inlineCannotAssign(name), at: range.start)) }
            checkBindable(name, at: range.start)
            let value = expression(valueExpr)
            return .assign(assignmentTarget(name), value)
        case .function(let decl):
            if inline { return .invalid(report(.inlineCannotDefineFunction, at: decl.range.start)) }
            checkBindable(decl.name, at: decl.nameRange.start)
            let target = assignmentTarget(decl.name) // bound before the body: recursion
            scope?.capturesFrame = true
            let topLevel = scope == nil
            let function = function(name: decl.name, parameters: decl.parameters, body: decl.body, at: decl.nameRange.start)
            return .function(target, function, isTopLevel: topLevel,
                             isStatic: topLevel && context.staticFunctions.contains(decl.name))
        }
    }

    func function(name: String, parameters: [ParameterDecl], body: [Stmt], at offset: Int) -> ResolvedFunction {
        for p in parameters { checkBindable(p.name, at: p.range.start) }
        let locals = parameters.map(\.name) + assignedNames(body).map(\.name)
        let outer = scope
        let inner = Scope(parent: outer, names: locals)
        scope = inner
        defer { scope = outer }
        var defaults: [ResolvedExpr?] = []
        for p in parameters {
            defaults.append(p.defaultValue.map(expression))
            inner.defined.insert(p.name)
        }
        let resolvedBody = block(body)
        return ResolvedFunction(name: name, parameterNames: parameters.map(\.name), defaults: defaults,
                                slotCount: inner.count, body: resolvedBody, location: location(offset),
                                capturesFrame: inner.capturesFrame)
    }

    // MARK: Expressions

    func expression(_ e: Expr) -> ResolvedExpr {
        let loc = location(e.range.start)
        switch e.kind {
        case .invalid:
            return ResolvedExpr(.invalid(Diagnostic.error(.invalidExpression, at: loc)), at: loc)
        case .number(let x):
            return ResolvedExpr(.constant(.number(x)), at: loc)
        case .string(let s):
            return ResolvedExpr(.constant(.string(s)), at: loc)
        case .bool(let b):
            return ResolvedExpr(.constant(.bool(b)), at: loc)
        case .null:
            return ResolvedExpr(.constant(.null), at: loc)
        case .name(let name):
            return self.name(name, range: e.range)
        case .notebookName(let name):
            return notebookName(name, range: e.range)
        case .list(let items):
            if let constants = constantValues(items) {
                return ResolvedExpr(.constant(.list(List(constants))), at: loc)
            }
            return ResolvedExpr(.list(items.map(expression)), at: loc)
        case .record(let fields):
            return ResolvedExpr(.record(keys: fields.map(\.key), values: fields.map { expression($0.value) }), at: loc)
        case .unary(let op, let operand):
            return ResolvedExpr(.unary(op, expression(operand)), at: loc)
        case .binary(let op, let l, let r, let opRange):
            let left = expression(l)
            let right = expression(r)
            return ResolvedExpr(.binary(op, left, right, operatorLocation: location(opRange.start)), at: loc)
        case .call(let callee, let arguments):
            return call(callee, arguments, range: e.range)
        case .member(let base, let name, let nameRange):
            return ResolvedExpr(.member(expression(base), name, nameLocation: location(nameRange.start)), at: loc)
        case .index(let base, let index):
            let b = expression(base)
            return ResolvedExpr(.index(b, expression(index)), at: loc)
        case .ifElse(let condition, let thenBlock, let otherwise):
            let c = expression(condition)
            let t = block(thenBlock)
            let o = otherwise.map(block)
            return ResolvedExpr(.ifElse(condition: c, then: t, otherwise: o), at: loc)
        case .forLoop(let variable, let variableRange, let sequence, let body):
            return forLoop(variable, variableRange, sequence, body, at: loc)
        case .lambda(let parameters, let body):
            scope?.capturesFrame = true
            let function = function(name: "lambda", parameters: parameters, body: [.expression(body)], at: e.range.start)
            return ResolvedExpr(.lambda(function), at: loc)
        }
    }

    func constantValues(_ items: [Expr]) -> [Value]? {
        var values: [Value] = []
        for item in items {
            switch item.kind {
            case .number(let x): values.append(.number(x))
            case .string(let s): values.append(.string(s))
            case .bool(let b): values.append(.bool(b))
            case .null: values.append(.null)
            default: return nil
            }
        }
        return values
    }

    func forLoop(_ variable: String, _ variableRange: SourceRange, _ sequenceExpr: Expr, _ body: [Stmt],
                 at loc: SourceLocation) -> ResolvedExpr {
        checkBindable(variable, at: variableRange.start)
        if inline { return invalid(.inlineCannotAssignLoopVariable(variable), at: variableRange.start) }
        // The sequence is checked before the loop variable is bound (where the `for` stands),
        // the body after.
        let sequence = expression(sequenceExpr)
        let target = assignmentTarget(variable)
        let resolvedBody = block(body)
        return ResolvedExpr(.forLoop(variable: target, sequence: sequence, body: resolvedBody), at: loc)
    }

    // MARK: Calls

    func call(_ calleeExpr: Expr, _ arguments: [Argument], range: SourceRange) -> ResolvedExpr {
        let loc = location(calleeExpr.range.start)
        if case .notebookName(let name) = calleeExpr.kind, context.globalSlots[name] == nil,
           let builtin = Builtins.byName[name] ?? context.extraBuiltins[name] {
            return builtinCall(builtin, arguments, at: calleeExpr.range.start)
        }
        // `str.contains(…)`: another tool's method on a built-in, which has no members.
        if case .member(let base, let method, _) = calleeExpr.kind, case .name(let baseName) = base.kind,
           case .builtin = resolve(baseName), let folio = OtherTools.folioName(for: baseName + "." + method) {
            for a in arguments { _ = expression(a.value) }
            return invalid(.otherToolsMethod(baseName + "." + method, folio: folio), at: calleeExpr.range.start)
        }
        if case .name(let name) = calleeExpr.kind {
            switch resolve(name) {
            case .builtin(let builtin):
                return builtinCall(builtin, arguments, at: calleeExpr.range.start)
            case .unknown:
                let candidates = knownNames() + Builtins.all.map(\.name)
                for a in arguments { _ = expression(a.value) }
                return invalid(.unknownFunction(name, candidates: candidates), at: calleeExpr.range.start)
            default:
                break
            }
        }
        let callee = expression(calleeExpr)
        let resolvedArguments = arguments.map { expression($0.value) }
        let labels = arguments.map(\.label)
        var direct: (String, Int)?
        if case .global(let name, let slot) = callee.kind, context.staticFunctions.contains(name),
           labels.allSatisfy({ $0 == nil }) {
            direct = (name, slot)
        }
        return ResolvedExpr(.call(ResolvedCall(callee: callee, arguments: resolvedArguments, labels: labels, direct: direct)), at: loc)
    }

    func builtinCall(_ builtin: Builtin, _ arguments: [Argument], at offset: Int) -> ResolvedExpr {
        let targets: [ArgumentTarget]
        switch bindArguments(builtin, labels: arguments.map(\.label)) {
        case .success(let t): targets = t
        case .failure(let error):
            for a in arguments { _ = expression(a.value) }
            switch error {
            case .duplicate(_, let i), .unknownName(_, let i):
                return invalid(Diagnostic.Message(error.message(builtin)), at: arguments[i].labelRange?.start ?? arguments[i].value.range.start)
            case .tooMany(let i):
                if builtin.name == "where", arguments.count == 3 {
                    // numpy's `where(cond, a, b)`.
                    return invalid(.whereWithThreeArguments, at: offset)
                }
                return invalid(Diagnostic.Message(error.message(builtin)), at: arguments[i].value.range.start)
            case .missing:
                return invalid(Diagnostic.Message(error.message(builtin)), at: offset)
            }
        }
        var resolved: [ResolvedArgument] = []
        for (argument, target) in zip(arguments, targets) {
            switch target {
            case .parameter(let i):
                if builtin.parameters[i].columnScope {
                    scope?.capturesFrame = true
                    columnScopeDepth += 1
                    resolved.append(.lazy(i, expression(argument.value)))
                    columnScopeDepth -= 1
                } else {
                    resolved.append(.value(i, expression(argument.value)))
                }
            case .variadic:
                resolved.append(.rest(expression(argument.value)))
            case .namedRest(let name):
                if builtin.namedRest?.columnScope == true {
                    scope?.capturesFrame = true
                    columnScopeDepth += 1
                    let value = expression(argument.value)
                    resolved.append(.lazyNamed(name, value, columnScopeInfo(argument.value)))
                    columnScopeDepth -= 1
                } else {
                    resolved.append(.named(name, expression(argument.value)))
                }
            }
        }
        return ResolvedExpr(.builtinCall(builtin, resolved), at: location(offset))
    }
}
