import NotebookFormat
import Tabular

/// Compiled code: a closure over the current frame and the runtime. The checked AST is
/// turned into these once; evaluation never walks the tree.
typealias Code = (Frame, Runtime) throws(Diagnostic) -> Value

/// A user function or lambda after compilation.
final class FunctionCode {
    let name: String
    let parameterNames: [String]
    /// Per parameter; evaluated in the new frame, so a default may use earlier parameters.
    let defaults: [Code?]
    let slotCount: Int
    let body: Code
    let location: SourceLocation

    init(name: String, parameterNames: [String], defaults: [Code?], slotCount: Int, body: @escaping Code, location: SourceLocation) {
        self.name = name
        self.parameterNames = parameterNames
        self.defaults = defaults
        self.slotCount = slotCount
        self.body = body
        self.location = location
    }
}

/// Local variables of one function or lambda body.
final class Scope {
    let parent: Scope?
    var slots: [String: Int] = [:]
    /// Names assigned so far, in source order (a use before the first assignment is an error).
    var defined: Set<String> = []
    var count = 0

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
        case .number, .string, .bool, .null, .name, .invalid, .lambda: break
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

/// What the whole notebook's compilation shares: global slots and the static-check state.
final class NotebookContext {
    let notebook: Notebook
    var globalSlots: [String: Int] = [:]
    var globalNames: [String] = []
    /// Globals that have a binding at this point of the notebook (in source order).
    var defined: Set<String> = []
    /// The first cell binding each name.
    var firstBinder: [String: Int] = [:]
    var diagnostics: [Diagnostic] = []
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

/// Compiles one cell (code, or the `{{ }}` expressions of a Markdown cell) into closures
/// while running the static checks of SPEC §4.
final class CellCompiler {
    let context: NotebookContext
    let source: SourceText
    let cellIndex: Int
    /// Everything the cell binds at its top level.
    let cellAssigned: Set<String>
    var scope: Scope?
    /// > 0 while compiling an argument evaluated with table columns in scope.
    var columnScopeDepth = 0
    var inline = false
    private(set) var bound: [String] = []
    private(set) var used: [String] = []
    private var usedSet: Set<String> = []
    private var boundSoFar: Set<String> = []
    var errorCount = 0

    init(context: NotebookContext, source: SourceText, cellIndex: Int, cellAssigned: Set<String>) {
        self.context = context
        self.source = source
        self.cellIndex = cellIndex
        self.cellAssigned = cellAssigned
    }

    func location(_ offset: Int) -> SourceLocation {
        source.location(utf8Offset: offset)
    }

    /// Records a static error; returns code that throws it (never run: a notebook with
    /// static errors does not run, but the closure keeps compilation total).
    @discardableResult
    func report(_ message: String, at offset: Int) -> Code {
        let diagnostic = Diagnostic.error(message, at: location(offset))
        context.diagnostics.append(diagnostic)
        errorCount += 1
        return { _, _ throws(Diagnostic) in throw diagnostic }
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
        if Builtins.byName[name] != nil {
            report("`\(name)` is the name of a built-in function and cannot be rebound; choose another name", at: offset)
        }
    }

    func compileName(_ name: String, range: SourceRange) -> Code {
        let loc = location(range.start)
        let resolution = resolve(name)
        if case .local(let depth, let slot) = resolution {
            if depth == 0, let scope, !scope.defined.contains(name) {
                return report("`\(name)` is used before it is assigned", at: range.start)
            }
            return localRead(name, depth: depth, slot: slot, at: loc)
        }
        if columnScopeDepth > 0 {
            // A column of the table shadows notebook names; decided at run time.
            var fallback: Code?
            if case .global(let slot) = resolution {
                noteUse(name)
                fallback = globalRead(name, slot: slot, at: loc)
            } else if case .builtin(let b) = resolution {
                fallback = builtinValue(b)
            }
            return { f, rt throws(Diagnostic) in
                if let scope = rt.columnScopes.last {
                    if let i = scope.names.firstIndex(of: name) { return scope.values[i] }
                    if let fallback { return try fallback(f, rt) }
                    let columns = scope.names.map { "`\($0)`" }.joined(separator: ", ")
                    throw Diagnostic.error("`\(name)` is neither a column of the table (its columns: \(columns)) nor a bound name", at: loc)
                }
                if let fallback { return try fallback(f, rt) }
                throw Diagnostic.error("unknown name `\(name)`", at: loc)
            }
        }
        switch resolution {
        case .local: return report("internal: unreachable", at: range.start)
        case .global(let slot):
            if !context.defined.contains(name) && !(scope != nil && cellAssigned.contains(name)) {
                if let later = context.firstBinder[name], later > cellIndex {
                    let id = context.notebook.cells[later].id
                    return report("`\(name)` is defined in cell `\(id)`, which comes after this one", at: range.start)
                }
                return report("`\(name)` is used before it is assigned", at: range.start)
            }
            noteUse(name)
            return globalRead(name, slot: slot, at: loc)
        case .builtin(let b):
            return builtinValue(b)
        case .unknown:
            let candidates = knownNames() + Builtins.all.map(\.name)
            return report("unknown name `\(name)`\(suggestionSuffix(name, candidates))", at: range.start)
        }
    }

    func builtinValue(_ b: Builtin) -> Code {
        let value = Value.function(FunctionValue(.builtin(b), name: b.name))
        return { _, _ in value }
    }

    func localRead(_ name: String, depth: Int, slot: Int, at loc: SourceLocation) -> Code {
        func unset() -> Diagnostic {
            .error("`\(name)` has no value here (it is assigned only on a path that did not run)", at: loc)
        }
        switch depth {
        case 0:
            return { f, _ throws(Diagnostic) in
                if let v = f.slots[slot] { return v }
                throw unset()
            }
        default:
            return { f, _ throws(Diagnostic) in
                var frame = f
                for _ in 0..<depth {
                    guard let parent = frame.parent else { throw Diagnostic.error("internal error: missing frame for `\(name)`", at: loc) }
                    frame = parent
                }
                if let v = frame.slots[slot] { return v }
                throw unset()
            }
        }
    }

    func globalRead(_ name: String, slot: Int, at loc: SourceLocation) -> Code {
        return { _, rt throws(Diagnostic) in
            if let v = rt.globals.slots[slot] { return v }
            throw Diagnostic.error("`\(name)` has no value here (it is assigned only on a path that did not run, or in a cell that failed)", at: loc)
        }
    }

    /// Code that stores a value into `name` in the current scope.
    func assignment(_ name: String, range: SourceRange) -> (Frame, Runtime, Value) -> Void {
        if let scope, let slot = scope.slots[name] {
            scope.defined.insert(name)
            return { f, _, v in f.slots[slot] = v }
        }
        let slot = context.slot(for: name)
        noteBind(name)
        return { _, rt, v in rt.globals.slots[slot] = v }
    }

    // MARK: Statements

    func compileBlock(_ statements: [Stmt]) -> Code {
        let codes = statements.map(compileStatement)
        switch codes.count {
        case 0: return { _, _ in .null }
        case 1: return codes[0]
        case 2:
            let a = codes[0], b = codes[1]
            return { f, rt throws(Diagnostic) in
                _ = try a(f, rt)
                return try b(f, rt)
            }
        default:
            return { f, rt throws(Diagnostic) in
                var result = Value.null
                for code in codes { result = try code(f, rt) }
                return result
            }
        }
    }

    func compileStatement(_ statement: Stmt) -> Code {
        switch statement {
        case .expression(let e):
            return compile(e)
        case .assign(let name, let range, let valueExpr):
            if inline { return report("an inline expression cannot assign `\(name)`", at: range.start) }
            checkBindable(name, at: range.start)
            let value = compile(valueExpr)
            let store = assignment(name, range: range)
            return { f, rt throws(Diagnostic) in
                store(f, rt, try value(f, rt))
                return .null
            }
        case .function(let decl):
            if inline { return report("an inline expression cannot define a function", at: decl.range.start) }
            checkBindable(decl.name, at: decl.nameRange.start)
            let store = assignment(decl.name, range: decl.nameRange) // bound before the body: recursion
            let code = compileFunction(name: decl.name, parameters: decl.parameters, body: decl.body, at: decl.nameRange.start)
            let topLevel = scope == nil
            return { f, rt in
                store(f, rt, .function(FunctionValue(.user(code, captured: topLevel ? nil : f), name: code.name)))
                return .null
            }
        }
    }

    func compileFunction(name: String, parameters: [ParameterDecl], body: [Stmt], at offset: Int) -> FunctionCode {
        for p in parameters { checkBindable(p.name, at: p.range.start) }
        let locals = parameters.map(\.name) + assignedNames(body).map(\.name)
        let outer = scope
        let inner = Scope(parent: outer, names: locals)
        scope = inner
        defer { scope = outer }
        var defaults: [Code?] = []
        for p in parameters {
            defaults.append(p.defaultValue.map(compile))
            inner.defined.insert(p.name)
        }
        let bodyCode = compileBlock(body)
        return FunctionCode(name: name, parameterNames: parameters.map(\.name), defaults: defaults,
                            slotCount: inner.count, body: bodyCode, location: location(offset))
    }

    // MARK: Expressions

    func compile(_ e: Expr) -> Code {
        let loc = location(e.range.start)
        switch e.kind {
        case .invalid:
            return { _, _ throws(Diagnostic) in throw Diagnostic.error("invalid expression", at: loc) }
        case .number(let x):
            let v = Value.number(x)
            return { _, _ in v }
        case .string(let s):
            let v = Value.string(s)
            return { _, _ in v }
        case .bool(let b):
            let v = Value.bool(b)
            return { _, _ in v }
        case .null:
            return { _, _ in .null }
        case .name(let name):
            return compileName(name, range: e.range)
        case .list(let items):
            if let constants = constantValues(items) {
                let v = Value.list(List(constants))
                return { _, _ in v }
            }
            let codes = items.map(compile)
            return { f, rt throws(Diagnostic) in
                var values: [Value] = []
                values.reserveCapacity(codes.count)
                for code in codes { values.append(try code(f, rt)) }
                return .list(List(values))
            }
        case .record(let fields):
            let keys = fields.map(\.key)
            let codes = fields.map { compile($0.value) }
            return { f, rt throws(Diagnostic) in
                var values: [Value] = []
                values.reserveCapacity(codes.count)
                for code in codes { values.append(try code(f, rt)) }
                return .record(Record(keys: keys, values: values))
            }
        case .unary(let op, let operandExpr):
            let operand = compile(operandExpr)
            switch op {
            case .negate:
                return { f, rt throws(Diagnostic) in
                    let v = try operand(f, rt)
                    if case .number(let x) = v { return .number(-x) }
                    return try Operators.negate(v, at: loc)
                }
            case .not:
                return { f, rt throws(Diagnostic) in
                    let v = try operand(f, rt)
                    if case .bool(let b) = v { return .bool(!b) }
                    return try Operators.not(v, at: loc)
                }
            }
        case .binary(let op, let l, let r, let opRange):
            return compileBinary(op, l, r, at: location(opRange.start))
        case .call(let callee, let arguments):
            return compileCall(callee, arguments, range: e.range)
        case .member(let baseExpr, let name, let nameRange):
            let base = compile(baseExpr)
            let nameLoc = location(nameRange.start)
            return { f, rt throws(Diagnostic) in
                try Access.member(try base(f, rt), name, at: nameLoc)
            }
        case .index(let baseExpr, let indexExpr):
            let base = compile(baseExpr)
            let index = compile(indexExpr)
            let indexLoc = location(indexExpr.range.start)
            return { f, rt throws(Diagnostic) in
                let b = try base(f, rt)
                let i = try index(f, rt)
                if case .list(let list) = b, case .number(let x) = i {
                    let n = list.count
                    let k = Int(exactly: x) ?? Int.min
                    if k >= 0 && k < n { return list[k] }
                    if k < 0 && k >= -n { return list[n + k] }
                }
                return try Access.index(b, i, at: indexLoc)
            }
        case .ifElse(let conditionExpr, let thenBlock, let otherwise):
            let condition = compile(conditionExpr)
            let conditionLoc = location(conditionExpr.range.start)
            let thenCode = compileBlock(thenBlock)
            let elseCode = otherwise.map(compileBlock)
            return { f, rt throws(Diagnostic) in
                switch try condition(f, rt) {
                case .bool(true): return try thenCode(f, rt)
                case .bool(false): return try elseCode?(f, rt) ?? .null
                case let v:
                    let what = v.isNull ? "it is null" : "it is \(article(v.typeName))"
                    throw Diagnostic.error("the condition of `if` must be true or false, but \(what)", at: conditionLoc)
                }
            }
        case .forLoop(let variable, let variableRange, let sequenceExpr, let body):
            return compileFor(variable, variableRange, sequenceExpr, body, at: loc)
        case .lambda(let parameters, let bodyExpr):
            let code = compileFunction(name: "lambda", parameters: parameters, body: [.expression(bodyExpr)], at: e.range.start)
            return { f, _ in .function(FunctionValue(.user(code, captured: f), name: "lambda")) }
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

    func compileBinary(_ op: BinaryOperator, _ l: Expr, _ r: Expr, at loc: SourceLocation) -> Code {
        let left = compile(l)
        let right = compile(r)
        switch op {
        case .and, .or:
            let isAnd = op == .and
            return { f, rt throws(Diagnostic) in
                let a = try left(f, rt)
                if case .bool(let x) = a {
                    if x != isAnd { return a } // false and _ / true or _
                    let b = try right(f, rt)
                    if case .bool = b { return b }
                    return try Operators.logical(op, a, b, at: loc)
                }
                return try Operators.logical(op, a, try right(f, rt), at: loc)
            }
        case .range:
            return { f, rt throws(Diagnostic) in try Operators.range(try left(f, rt), try right(f, rt), at: loc) }
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            if case .number(let y) = r.kind {
                return { f, rt throws(Diagnostic) in
                    let a = try left(f, rt)
                    if case .number(let x) = a { return .bool(Operators.compareScalars(op, x, y)) }
                    return try Operators.compare(op, a, .number(y), at: loc)
                }
            }
            return { f, rt throws(Diagnostic) in
                let a = try left(f, rt)
                let b = try right(f, rt)
                if case .number(let x) = a, case .number(let y) = b { return .bool(Operators.compareScalars(op, x, y)) }
                return try Operators.compare(op, a, b, at: loc)
            }
        case .add, .subtract, .multiply, .divide, .power:
            if case .number(let y) = r.kind, op != .power {
                switch op {
                case .add:
                    return { f, rt throws(Diagnostic) in
                        let a = try left(f, rt)
                        if case .number(let x) = a {
                            let z = x + y
                            if z.isFinite { return .number(z) }
                        }
                        return try Operators.arithmetic(op, a, .number(y), at: loc)
                    }
                case .subtract:
                    return { f, rt throws(Diagnostic) in
                        let a = try left(f, rt)
                        if case .number(let x) = a {
                            let z = x - y
                            if z.isFinite { return .number(z) }
                        }
                        return try Operators.arithmetic(op, a, .number(y), at: loc)
                    }
                default:
                    break
                }
            }
            switch op {
            case .add:
                return { f, rt throws(Diagnostic) in
                    let a = try left(f, rt)
                    let b = try right(f, rt)
                    if case .number(let x) = a, case .number(let y) = b {
                        let z = x + y
                        if z.isFinite { return .number(z) }
                    }
                    return try Operators.arithmetic(op, a, b, at: loc)
                }
            case .subtract:
                return { f, rt throws(Diagnostic) in
                    let a = try left(f, rt)
                    let b = try right(f, rt)
                    if case .number(let x) = a, case .number(let y) = b {
                        let z = x - y
                        if z.isFinite { return .number(z) }
                    }
                    return try Operators.arithmetic(op, a, b, at: loc)
                }
            case .multiply:
                return { f, rt throws(Diagnostic) in
                    let a = try left(f, rt)
                    let b = try right(f, rt)
                    if case .number(let x) = a, case .number(let y) = b {
                        let z = x * y
                        if z.isFinite { return .number(z) }
                    }
                    return try Operators.arithmetic(op, a, b, at: loc)
                }
            default:
                return { f, rt throws(Diagnostic) in
                    try Operators.arithmetic(op, try left(f, rt), try right(f, rt), at: loc)
                }
            }
        }
    }

    func compileFor(_ variable: String, _ variableRange: SourceRange, _ sequenceExpr: Expr, _ body: [Stmt], at loc: SourceLocation) -> Code {
        checkBindable(variable, at: variableRange.start)
        // The loop variable is bound before the body is compiled, where the `for` stands.
        if case .binary(.range, let lowExpr, let highExpr, let opRange) = sequenceExpr.kind {
            let low = compile(lowExpr)
            let high = compile(highExpr)
            let rangeLoc = location(opRange.start)
            let store = assignment(variable, range: variableRange)
            let bodyCode = compileBlock(body)
            // A counted loop: the range is never built as a list.
            return { f, rt throws(Diagnostic) in
                let (a, b) = try Operators.rangeBounds(try low(f, rt), try high(f, rt), at: rangeLoc)
                if a > b { return .null }
                for i in a...b {
                    store(f, rt, .number(Double(i)))
                    _ = try bodyCode(f, rt)
                    try rt.tick(at: loc)
                }
                return .null
            }
        }
        let sequence = compile(sequenceExpr)
        let sequenceLoc = location(sequenceExpr.range.start)
        let store = assignment(variable, range: variableRange)
        let bodyCode = compileBlock(body)
        return { f, rt throws(Diagnostic) in
            let value = try sequence(f, rt)
            switch value {
            case .list(let list):
                for i in 0..<list.count {
                    store(f, rt, list[i])
                    _ = try bodyCode(f, rt)
                    try rt.tick(at: loc)
                }
            case .table(let table):
                for row in 0..<table.rowCount {
                    store(f, rt, .record(Access.row(table, row)))
                    _ = try bodyCode(f, rt)
                    try rt.tick(at: loc)
                }
            default:
                throw Diagnostic.error("`for` needs a list (or a table) to loop over, not \(article(value.typeName))", at: sequenceLoc)
            }
            return .null
        }
    }

    // MARK: Calls

    func compileCall(_ calleeExpr: Expr, _ arguments: [Argument], range: SourceRange) -> Code {
        let loc = location(calleeExpr.range.start)
        if case .name(let name) = calleeExpr.kind {
            switch resolve(name) {
            case .builtin(let builtin):
                return compileBuiltinCall(builtin, arguments, at: calleeExpr.range.start)
            case .unknown:
                let candidates = knownNames() + Builtins.all.map(\.name)
                for a in arguments { _ = compile(a.value) }
                return report("unknown function `\(name)`\(suggestionSuffix(name, candidates))", at: calleeExpr.range.start)
            default:
                break
            }
        }
        let callee = compile(calleeExpr)
        let codes = arguments.map { compile($0.value) }
        let labels = arguments.map(\.label)
        let argumentLocations = arguments.map { location($0.value.range.start) }
        if labels.allSatisfy({ $0 == nil }) {
            let count = codes.count
            return { f, rt throws(Diagnostic) in
                let calleeValue = try callee(f, rt)
                guard case .function(let function) = calleeValue else {
                    throw Diagnostic.error("this is \(article(calleeValue.typeName)), not a function; it cannot be called", at: loc)
                }
                if case .user(let code, let captured) = function.kind, count <= code.parameterNames.count {
                    // Fast path: arguments go straight into the callee's frame.
                    let frame = Frame(count: code.slotCount, parent: captured)
                    for i in 0..<count { frame.slots[i] = try codes[i](f, rt) }
                    if count < code.parameterNames.count {
                        for i in count..<code.parameterNames.count {
                            guard let d = code.defaults[i] else {
                                throw Diagnostic.error("`\(code.name)` needs the argument `\(code.parameterNames[i])`", at: loc)
                            }
                            frame.slots[i] = try d(frame, rt)
                        }
                    }
                    try rt.enterCall(at: loc)
                    defer { rt.leaveCall() }
                    return try code.body(frame, rt)
                }
                var values: [Value] = []
                values.reserveCapacity(count)
                for code in codes { values.append(try code(f, rt)) }
                return try rt.call(function, values, named: [], at: loc, argumentLocations: argumentLocations)
            }
        }
        return { f, rt throws(Diagnostic) in
            let calleeValue = try callee(f, rt)
            guard case .function(let function) = calleeValue else {
                throw Diagnostic.error("this is \(article(calleeValue.typeName)), not a function; it cannot be called", at: loc)
            }
            var positional: [Value] = []
            var named: [(String, Value)] = []
            for (i, code) in codes.enumerated() {
                let v = try code(f, rt)
                if let label = labels[i] { named.append((label, v)) } else { positional.append(v) }
            }
            return try rt.call(function, positional, named: named, at: loc, argumentLocations: argumentLocations)
        }
    }

    func compileBuiltinCall(_ builtin: Builtin, _ arguments: [Argument], at offset: Int) -> Code {
        let loc = location(offset)
        let targets: [ArgumentTarget]
        switch bindArguments(builtin, labels: arguments.map(\.label)) {
        case .success(let t): targets = t
        case .failure(let error):
            for a in arguments { _ = compile(a.value) }
            switch error {
            case .duplicate(_, let i), .unknownName(_, let i):
                return report(error.message(builtin), at: arguments[i].labelRange?.start ?? arguments[i].value.range.start)
            case .tooMany(let i):
                return report(error.message(builtin), at: arguments[i].value.range.start)
            case .missing:
                return report(error.message(builtin), at: offset)
            }
        }
        var template: [Value?] = builtin.parameters.map {
            if case .value(let v, _) = $0.defaultValue { return v }
            return nil
        }
        var locationTemplate = [SourceLocation](repeating: loc, count: builtin.parameters.count)
        enum Compiled {
            case value(Int, Code)
            case lazy(Int, Code, SourceLocation)
            case rest(Code, SourceLocation)
            case named(String, Code, SourceLocation)
            case lazyNamed(String, Code, SourceLocation, SimpleAggregate?)
        }
        var compiled: [Compiled] = []
        for (argument, target) in zip(arguments, targets) {
            let argLoc = location(argument.value.range.start)
            switch target {
            case .parameter(let i):
                locationTemplate[i] = argLoc
                if builtin.parameters[i].columnScope {
                    columnScopeDepth += 1
                    compiled.append(.lazy(i, compile(argument.value), argLoc))
                    columnScopeDepth -= 1
                    template[i] = nil
                } else {
                    compiled.append(.value(i, compile(argument.value)))
                }
            case .variadic:
                compiled.append(.rest(compile(argument.value), argLoc))
            case .namedRest(let name):
                if builtin.namedRest?.columnScope == true {
                    columnScopeDepth += 1
                    compiled.append(.lazyNamed(name, compile(argument.value), argLoc, simpleAggregate(argument.value)))
                    columnScopeDepth -= 1
                } else {
                    compiled.append(.named(name, compile(argument.value), argLoc))
                }
            }
        }
        let values = template
        let locations = locationTemplate
        let implementation = builtin.implementation
        if compiled.count == 1, case .value(let i, let code) = compiled[0] {
            return { f, rt throws(Diagnostic) in
                var args = Arguments(runtime: rt, builtin: builtin, location: loc, values: values, locations: locations)
                args.values[i] = try code(f, rt)
                return try implementation(&args)
            }
        }
        return { f, rt throws(Diagnostic) in
            var args = Arguments(runtime: rt, builtin: builtin, location: loc, values: values, locations: locations)
            for item in compiled {
                switch item {
                case .value(let i, let code): args.values[i] = try code(f, rt)
                case .rest(let code, let argLoc):
                    args.rest.append(try code(f, rt))
                    args.restLocations.append(argLoc)
                case .named(let name, let code, let argLoc):
                    args.named.append((name, try code(f, rt), argLoc))
                case .lazy(let i, let code, let argLoc):
                    args.lazy[i] = LazyArgument(location: argLoc) { names, columns throws(Diagnostic) in
                        rt.columnScopes.append((names, columns))
                        defer { rt.columnScopes.removeLast() }
                        return try code(f, rt)
                    }
                case .lazyNamed(let name, let code, let argLoc, let simple):
                    args.lazyNamed.append((name, LazyArgument(location: argLoc, simpleAggregate: simple) { names, columns throws(Diagnostic) in
                        rt.columnScopes.append((names, columns))
                        defer { rt.columnScopes.removeLast() }
                        return try code(f, rt)
                    }))
                }
            }
            return try implementation(&args)
        }
    }
}

// MARK: - Calling function values

extension Runtime {
    /// Calls a function value with evaluated arguments (built-ins calling back, and call
    /// sites that name arguments).
    func call(_ function: FunctionValue, _ positional: [Value], named: [(String, Value)] = [], at location: SourceLocation,
              argumentLocations: [SourceLocation] = []) throws(Diagnostic) -> Value {
        switch function.kind {
        case .user(let code, let captured):
            let count = code.parameterNames.count
            guard positional.count <= count else {
                throw Diagnostic.error("`\(code.name)` takes \(count) argument\(count == 1 ? "" : "s"), but \(positional.count) were given", at: location)
            }
            let frame = Frame(count: code.slotCount, parent: captured)
            var filled = [Bool](repeating: false, count: count)
            for (i, v) in positional.enumerated() {
                frame.slots[i] = v
                filled[i] = true
            }
            for (name, v) in named {
                guard let i = code.parameterNames.firstIndex(of: name) else {
                    throw Diagnostic.error("`\(code.name)` has no parameter named `\(name)`\(suggestionSuffix(name, code.parameterNames))", at: location)
                }
                if filled[i] { throw Diagnostic.error("argument `\(name)` of `\(code.name)` is given twice", at: location) }
                frame.slots[i] = v
                filled[i] = true
            }
            for i in 0..<count where !filled[i] {
                guard let d = code.defaults[i] else {
                    throw Diagnostic.error("`\(code.name)` needs the argument `\(code.parameterNames[i])`", at: location)
                }
                frame.slots[i] = try d(frame, self)
            }
            try enterCall(at: location)
            defer { leaveCall() }
            return try code.body(frame, self)
        case .builtin(let builtin):
            let labels: [String?] = positional.map { _ in nil } + named.map { $0.0 }
            let targets: [ArgumentTarget]
            switch bindArguments(builtin, labels: labels) {
            case .success(let t): targets = t
            case .failure(let error): throw Diagnostic.error(error.message(builtin), at: location)
            }
            var values: [Value?] = builtin.parameters.map {
                if case .value(let v, _) = $0.defaultValue { return v }
                return nil
            }
            var locations = [SourceLocation](repeating: location, count: builtin.parameters.count)
            var args = Arguments(runtime: self, builtin: builtin, location: location, values: [], locations: [])
            let all = positional + named.map { $0.1 }
            for (k, target) in targets.enumerated() {
                let argLoc = k < argumentLocations.count ? argumentLocations[k] : location
                switch target {
                case .parameter(let i):
                    if builtin.parameters[i].columnScope {
                        throw Diagnostic.error("`\(builtin.name)` must be called directly (its `\(builtin.parameters[i].name)` argument is evaluated with the table's columns)", at: location)
                    }
                    values[i] = all[k]
                    locations[i] = argLoc
                case .variadic:
                    args.rest.append(all[k])
                    args.restLocations.append(argLoc)
                case .namedRest(let name):
                    args.named.append((name, all[k], argLoc))
                }
            }
            args.values = values
            args.locations = locations
            try tick(at: location)
            return try builtin.implementation(&args)
        }
    }
}

// MARK: - Member and index access

enum Access {
    static func row(_ table: Table, _ row: Int) -> Record {
        Record(keys: table.names, values: table.columns.map { List($0)[row] })
    }

    static func member(_ base: Value, _ name: String, at location: SourceLocation) throws(Diagnostic) -> Value {
        switch base {
        case .record(let record):
            if let v = record[name] { return v }
            throw Diagnostic.error("the record has no key `\(name)`\(keyList(record.keys))\(suggestionSuffix(name, record.keys))", at: location)
        case .table(let table):
            if let column = table.column(named: name) { return .list(List(column)) }
            throw Diagnostic.error("the table has no column `\(name)`\(keyList(table.names, noun: "columns"))\(suggestionSuffix(name, table.names))", at: location)
        default:
            throw Diagnostic.error("`.\(name)` needs a record or a table, not \(article(base.typeName))", at: location)
        }
    }

    static func keyList(_ keys: [String], noun: String = "keys") -> String {
        keys.isEmpty ? " (it has none)" : " (its \(noun): \(keys.map { "`\($0)`" }.joined(separator: ", ")))"
    }

    /// Resolves a possibly negative index against `count`.
    static func position(_ index: Value, count: Int, what: String, at location: SourceLocation) throws(Diagnostic) -> Int {
        guard case .number(let x) = index else {
            throw Diagnostic.error("an index into \(what) must be a whole number, not \(article(index.typeName))", at: location)
        }
        guard x.rounded() == x else {
            throw Diagnostic.error("an index must be a whole number, not \(NumberFormat.shortest(x))", at: location)
        }
        if x >= 0 && x < Double(count) { return Int(x) }
        if x < 0 && x >= -Double(count) { return count + Int(x) }
        throw Diagnostic.error("index \(NumberFormat.shortest(x)) is out of range for \(what) of \(count) element\(count == 1 ? "" : "s")", at: location)
    }

    static func index(_ base: Value, _ index: Value, at location: SourceLocation) throws(Diagnostic) -> Value {
        switch base {
        case .list(let list):
            return list[try position(index, count: list.count, what: "a list", at: location)]
        case .string(let s):
            let characters = Array(s)
            return .string(String(characters[try position(index, count: characters.count, what: "a string", at: location)]))
        case .record:
            guard case .string(let key) = index else {
                throw Diagnostic.error("a record is indexed by a key string, not \(article(index.typeName))", at: location)
            }
            return try member(base, key, at: location)
        case .table(let table):
            if case .string(let name) = index { return try member(base, name, at: location) }
            let row = try position(index, count: table.rowCount, what: "a table", at: location)
            return .record(self.row(table, row))
        default:
            throw Diagnostic.error("\(article(base.typeName).capitalizedFirst) cannot be indexed", at: location)
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
