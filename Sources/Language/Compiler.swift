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
    let defaults: [CodeBox?]
    let parameterCount: Int
    let slotCount: Int
    let body: Code
    let location: SourceLocation
    /// No closure can keep this function's frame, so a finished call's frame goes back to
    /// the runtime's free list (calls are LIFO, frames are reused without a uniqueness test).
    let reusesFrames: Bool
    /// The body makes closures over its frame (lambdas, local `fn`s, column-scope
    /// arguments): a finished call's frame goes through `releaseFrame`, which frees it
    /// when only its own closures keep it (a local self-referring lambda is a cycle).
    let closuresCaptureFrame: Bool

    init(name: String, parameterNames: [String], defaults: [CodeBox?], slotCount: Int, body: @escaping Code, location: SourceLocation,
         reusesFrames: Bool = false, closuresCaptureFrame: Bool = false) {
        self.reusesFrames = reusesFrames
        self.closuresCaptureFrame = closuresCaptureFrame
        self.name = name
        self.parameterNames = parameterNames
        self.defaults = defaults
        self.parameterCount = parameterNames.count
        self.slotCount = slotCount
        self.body = body
        self.location = location
    }
}

/// Compiled code in a struct, so arrays and optionals of it keep the closure at its
/// natural calling convention (a bare closure in a generic container is called through
/// a reabstraction thunk).
struct CodeBox {
    let run: Code
}

/// A comparison of two numbers, as a type so closures specialize per operator.
protocol NumberTest {
    static func test(_ x: Double, _ y: Double) -> Bool
}

enum NumberEqual: NumberTest { @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x == y } }
enum NumberNotEqual: NumberTest { @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x != y } }
enum NumberLess: NumberTest { @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x < y } }
enum NumberLessEqual: NumberTest { @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x <= y } }
enum NumberGreater: NumberTest { @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x > y } }
enum NumberGreaterEqual: NumberTest { @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x >= y } }

/// The code of a function bound by a single top-level `fn`, filled in when that
/// statement is compiled (call sites may be compiled before it: mutual recursion).
final class StaticFunction {
    // Written once at compile time, read on every call: no dynamic exclusivity tracking.
    /// Keeps the code alive for `code`.
    @exclusivity(unchecked) private(set) var owner: FunctionCode?
    /// The code without reference counting: a call reads it as a guaranteed reference
    /// (a strong read would retain and release it on every call).
    @exclusivity(unchecked) private(set) var code: Unmanaged<FunctionCode>?
    @exclusivity(unchecked) private(set) var parameterCount = 0

    func define(_ function: FunctionCode) {
        owner = function
        code = Unmanaged.passUnretained(function)
        parameterCount = function.parameterCount
    }

    /// Breaks the cycle code → direct call → this (`StaticFunctionOwner`); calls made
    /// afterwards take the ordinary path. `code` goes first: it must never outlive `owner`.
    func clear() {
        code = nil
        parameterCount = 0
        owner = nil
    }
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
    /// Functions whose only binding in the notebook is one top-level `fn` statement.
    var staticFunctions: [String: StaticFunction] = [:]
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
                    throw Diagnostic.error("`\(name)` is neither a column of the table (its columns: \(columns)) nor a bound name"
                                           + suggestionSuffix(name, scope.names), at: loc)
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
        let value = Value.function(FunctionValue(builtin: b))
        return { _, _ in value }
    }

    func localRead(_ name: String, depth: Int, slot: Int, at loc: SourceLocation) -> Code {
        let read = NameRead(name: name, slot: slot, depth: depth, location: loc)
        switch depth {
        case 0: return { f, _ throws(Diagnostic) in try read.local(f) }
        default: return { f, _ throws(Diagnostic) in try read.outer(f) }
        }
    }

    func globalRead(_ name: String, slot: Int, at loc: SourceLocation) -> Code {
        let read = NameRead(name: name, slot: slot, depth: 0, location: loc)
        return { _, rt throws(Diagnostic) in try read.global(rt) }
    }

    /// Code that stores a value into `name` in the current scope.
    func assignment(_ name: String, range: SourceRange) -> (Frame, Runtime, Value) -> Void {
        let (global, slot) = assignmentTarget(name)
        if global { return { _, rt, v in rt.globals.slots[slot] = v } }
        return { f, _, v in f.slots[slot] = v }
    }

    /// Where an assignment to `name` stores: a global slot or a local one (records the
    /// binding for the static checks).
    func assignmentTarget(_ name: String) -> (global: Bool, slot: Int) {
        if let scope, let slot = scope.slots[name] {
            scope.defined.insert(name)
            return (false, slot)
        }
        let slot = context.slot(for: name)
        noteBind(name)
        return (true, slot)
    }

    // MARK: Statements

    func compileBlock(_ statements: [Stmt]) -> Code {
        // Closures are never taken out of arrays: an array stores them at the generic
        // calling convention, and each call would then go through a reabstraction thunk.
        switch statements.count {
        case 0: return { _, _ in .null }
        case 1: return compileStatement(statements[0])
        case 2:
            let a = compileStatement(statements[0])
            let b = compileStatement(statements[1])
            return { f, rt throws(Diagnostic) in
                _ = try a(f, rt)
                return try b(f, rt)
            }
        default:
            let boxes = statements.map { CodeBox(run: compileStatement($0)) }
            return { f, rt throws(Diagnostic) in
                var result = Value.null
                for box in boxes { result = try box.run(f, rt) }
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
            let (global, slot) = assignmentTarget(name)
            let site = AssignSite(value: value, slot: slot)
            if global { return { f, rt throws(Diagnostic) in try site.runGlobal(f, rt) } }
            return { f, rt throws(Diagnostic) in try site.runLocal(f, rt) }
        case .function(let decl):
            if inline { return report("an inline expression cannot define a function", at: decl.range.start) }
            checkBindable(decl.name, at: decl.nameRange.start)
            let store = assignment(decl.name, range: decl.nameRange) // bound before the body: recursion
            scope?.capturesFrame = true
            let code = compileFunction(name: decl.name, parameters: decl.parameters, body: decl.body, at: decl.nameRange.start)
            let topLevel = scope == nil
            if topLevel, let known = context.staticFunctions[decl.name] { known.define(code) }
            return { f, rt in
                store(f, rt, .function(FunctionValue(user: code, captured: topLevel ? nil : f, name: code.name)))
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
        var defaults: [CodeBox?] = []
        for p in parameters {
            defaults.append(p.defaultValue.map { CodeBox(run: compile($0)) })
            inner.defined.insert(p.name)
        }
        let bodyCode = compileBlock(body)
        return FunctionCode(name: name, parameterNames: parameters.map(\.name), defaults: defaults,
                            slotCount: inner.count, body: bodyCode, location: location(offset),
                            reusesFrames: !inner.capturesFrame && inner.count < Runtime.pooledSlotCounts,
                            closuresCaptureFrame: inner.capturesFrame)
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
            let boxes = items.map { CodeBox(run: compile($0)) }
            return { f, rt throws(Diagnostic) in
                var values: [Value] = []
                values.reserveCapacity(boxes.count)
                for box in boxes { values.append(try box.run(f, rt)) }
                try checkNesting(values, what: "the list", at: loc)
                return .list(List(values))
            }
        case .record(let fields):
            let keys = fields.map(\.key)
            let boxes = fields.map { CodeBox(run: compile($0.value)) }
            return { f, rt throws(Diagnostic) in
                var values: [Value] = []
                values.reserveCapacity(boxes.count)
                for box in boxes { values.append(try box.run(f, rt)) }
                try checkNesting(values, what: "the record", at: loc)
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
            let condition = compileCondition(conditionExpr)
            let thenCode = compileBlock(thenBlock)
            let elseCode = compileBlock(otherwise ?? [])
            if case .binary(let op, let l, let r, _) = conditionExpr.kind, case .number(let y) = r.kind,
               let slot = plainLocalSlot(l) {
                // `if n < 2 { ... }`: the test runs inside the `if`, no predicate call.
                var onlyLocal: Int?
                if thenBlock.count == 1, case .expression(let thenExpr) = thenBlock[0] { onlyLocal = plainLocalSlot(thenExpr) }
                let thenLocal = onlyLocal // a `let`: a captured `var` is boxed and access-checked
                func make<T: NumberTest>(_: T.Type) -> Code {
                    let site = LocalTestIf<T>(slot: slot, constant: y, condition: condition, thenCode: thenCode, elseCode: elseCode,
                                              thenLocal: thenLocal)
                    return { f, rt throws(Diagnostic) in try site.run(f, rt) }
                }
                switch op {
                case .equal: return make(NumberEqual.self)
                case .notEqual: return make(NumberNotEqual.self)
                case .less: return make(NumberLess.self)
                case .lessEqual: return make(NumberLessEqual.self)
                case .greater: return make(NumberGreater.self)
                case .greaterEqual: return make(NumberGreaterEqual.self)
                default: break
                }
            }
            return { f, rt throws(Diagnostic) in
                try condition(f, rt) ? try thenCode(f, rt) : try elseCode(f, rt)
            }
        case .forLoop(let variable, let variableRange, let sequenceExpr, let body):
            return compileFor(variable, variableRange, sequenceExpr, body, at: loc)
        case .lambda(let parameters, let bodyExpr):
            scope?.capturesFrame = true
            let code = compileFunction(name: "lambda", parameters: parameters, body: [.expression(bodyExpr)], at: e.range.start)
            return { f, _ in .function(FunctionValue(user: code, captured: f, name: "lambda")) }
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
            return { f, rt throws(Diagnostic) in try Operators.range(try left(f, rt), try right(f, rt), at: loc, control: rt.control) }
        case .equal: return comparison(NumberEqual.self, op, l, r, left, right, at: loc)
        case .notEqual: return comparison(NumberNotEqual.self, op, l, r, left, right, at: loc)
        case .less: return comparison(NumberLess.self, op, l, r, left, right, at: loc)
        case .lessEqual: return comparison(NumberLessEqual.self, op, l, r, left, right, at: loc)
        case .greater: return comparison(NumberGreater.self, op, l, r, left, right, at: loc)
        case .greaterEqual: return comparison(NumberGreaterEqual.self, op, l, r, left, right, at: loc)
        case .add, .subtract, .multiply, .divide, .power:
            if let slot = plainLocalSlot(l), case .number(let y) = r.kind, op == .add || op == .subtract {
                // `n - 1` on a local: no closure call and no copy for the operand.
                let sign = op == .add ? 1.0 : -1.0
                return { f, rt throws(Diagnostic) in
                    if case .number(let x)? = f.slots[slot] {
                        let z = x + sign * y
                        if z.isFinite { return .number(z) }
                    }
                    return try Operators.arithmetic(op, try left(f, rt), .number(y), at: loc)
                }
            }
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
            let site = ArithmeticSite(op: op, left: left, right: right, location: loc)
            switch op {
            case .add: return { f, rt throws(Diagnostic) in try site.run(f, rt) { $0 + $1 } }
            case .subtract: return { f, rt throws(Diagnostic) in try site.run(f, rt) { $0 - $1 } }
            case .multiply: return { f, rt throws(Diagnostic) in try site.run(f, rt) { $0 * $1 } }
            default:
                return { f, rt throws(Diagnostic) in
                    try Operators.arithmetic(op, try left(f, rt), try right(f, rt), at: loc)
                }
            }
        }
    }

    /// The slot of a name that is a plain, already-assigned local of the current function.
    func plainLocalSlot(_ e: Expr) -> Int? {
        guard columnScopeDepth == 0, case .name(let name) = e.kind, let scope, scope.defined.contains(name),
              let slot = scope.slots[name] else { return nil }
        return slot
    }

    typealias Predicate = (Frame, Runtime) throws(Diagnostic) -> Bool

    /// An `if` condition as a closure returning a Swift `Bool`: `n < 2` on a local runs
    /// without building a `Value`.
    func compileCondition(_ e: Expr) -> Predicate {
        let conditionLoc = location(e.range.start)
        let code = compile(e)
        let general: Predicate = { f, rt throws(Diagnostic) in
            switch try code(f, rt) {
            case .bool(let b): return b
            case let v:
                let what = v.isNull ? "it is null" : "it is \(article(v.typeName))"
                throw Diagnostic.error("the condition of `if` must be true or false, but \(what)", at: conditionLoc)
            }
        }
        guard case .binary(let op, let l, let r, _) = e.kind, case .number(let y) = r.kind, let slot = plainLocalSlot(l) else {
            return general
        }
        func make<T: NumberTest>(_: T.Type) -> Predicate {
            return { f, rt throws(Diagnostic) in
                if case .number(let x)? = f.slots[slot] { return T.test(x, y) }
                return try general(f, rt)
            }
        }
        switch op {
        case .equal: return make(NumberEqual.self)
        case .notEqual: return make(NumberNotEqual.self)
        case .less: return make(NumberLess.self)
        case .lessEqual: return make(NumberLessEqual.self)
        case .greater: return make(NumberGreater.self)
        case .greaterEqual: return make(NumberGreaterEqual.self)
        default: return general
        }
    }

    /// Comparison closures specialized per operator (`T`) and operand shape.
    func comparison<T: NumberTest>(_: T.Type, _ op: BinaryOperator, _ l: Expr, _ r: Expr, _ left: @escaping Code, _ right: @escaping Code,
                                   at loc: SourceLocation) -> Code {
        if case .number(let y) = r.kind {
            let local = plainLocalSlot(l)
            let site = ComparisonSite<T>(op: op, left: left, right: right, location: loc, constant: y, slot: local ?? 0)
            if local != nil { return { f, rt throws(Diagnostic) in try site.localToConstant(f, rt) } }
            return { f, rt throws(Diagnostic) in try site.toConstant(f, rt) }
        }
        let site = ComparisonSite<T>(op: op, left: left, right: right, location: loc)
        return { f, rt throws(Diagnostic) in try site.general(f, rt) }
    }

    func compileFor(_ variable: String, _ variableRange: SourceRange, _ sequenceExpr: Expr, _ body: [Stmt], at loc: SourceLocation) -> Code {
        checkBindable(variable, at: variableRange.start)
        if inline { return report("an inline expression cannot assign the loop variable `\(variable)`", at: variableRange.start) }
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
        let codes = arguments.map { CodeBox(run: compile($0.value)) }
        let labels = arguments.map(\.label)
        let argumentLocations = arguments.map { location($0.value.range.start) }
        let dynamic = compileDynamicCall(callee, codes, labels, argumentLocations, at: loc)
        guard case .name(let name) = calleeExpr.kind, case .global(let slot) = resolve(name),
              let known = context.staticFunctions[name], labels.allSatisfy({ $0 == nil }) else {
            return dynamic
        }
        // A direct call: the function is known; only check that its `fn` has run. The
        // arguments are evaluated first, then written into a fresh frame (`callDirect`).
        switch codes.count {
        case 1:
            let a0 = codes[0].run
            if case .binary(let op, let l, let r, _) = arguments[0].value.kind, op == .add || op == .subtract,
               case .number(let y) = r.kind, let local = plainLocalSlot(l) {
                // `f(n - 1)`: the argument is computed here, without a closure call.
                let site = DirectCallSite(known: known, globalSlot: slot, argument: a0, dynamic: dynamic, location: loc,
                                          local: local, step: op == .add ? y : -y)
                return { f, rt throws(Diagnostic) in try site.runLocalStep(f, rt) }
            }
            let site = DirectCallSite(known: known, globalSlot: slot, argument: a0, dynamic: dynamic, location: loc)
            return { f, rt throws(Diagnostic) in try site.runOne(f, rt) }
        case 2:
            let a0 = codes[0].run, a1 = codes[1].run
            return { f, rt throws(Diagnostic) in
                guard let function = known.code, known.parameterCount >= 2, isBound(rt.globals.slots + slot) else { return try dynamic(f, rt) }
                let first = try a0(f, rt)
                let second = try a1(f, rt)
                return try callDirect(function, given: 2, rt, at: loc) { slots in
                    slots.initialize(to: first)
                    (slots + 1).initialize(to: second)
                }
            }
        default:
            let count = codes.count
            return { f, rt throws(Diagnostic) in
                guard let function = known.code, known.parameterCount >= count, isBound(rt.globals.slots + slot) else { return try dynamic(f, rt) }
                var values: [Value] = []
                values.reserveCapacity(count)
                for i in 0..<count { values.append(try codes[i].run(f, rt)) }
                return try callDirect(function, given: count, rt, at: loc) { slots in
                    for i in 0..<count { (slots + i).initialize(to: values[i]) }
                }
            }
        }
    }

    func compileDynamicCall(_ callee: @escaping Code, _ codes: [CodeBox], _ labels: [String?], _ argumentLocations: [SourceLocation],
                            at loc: SourceLocation) -> Code {
        if labels.allSatisfy({ $0 == nil }) {
            func notAFunction(_ v: Value) -> Diagnostic {
                .error("this is \(article(v.typeName)), not a function; it cannot be called", at: loc)
            }
            // Fast paths by arity: arguments go straight into the callee's frame.
            switch codes.count {
            case 0:
                return { f, rt throws(Diagnostic) in
                    let calleeValue = try callee(f, rt)
                    guard case .function(let function) = calleeValue else { throw notAFunction(calleeValue) }
                    if let code = function.code {
                        let frame = rt.makeFrame(code, parent: function.captured)
                        return try callUser(code, consume frame, given: 0, rt, at: loc)
                    }
                    return try rt.call(function, [], at: loc)
                }
            case 1:
                let a0 = codes[0].run
                return { f, rt throws(Diagnostic) in
                    let calleeValue = try callee(f, rt)
                    guard case .function(let function) = calleeValue else { throw notAFunction(calleeValue) }
                    if let code = function.code, code.parameterCount >= 1 {
                        let frame = rt.makeFrame(code, parent: function.captured)
                        frame.slots[0] = try a0(f, rt)
                        return try callUser(code, consume frame, given: 1, rt, at: loc)
                    }
                    return try rt.call(function, [try a0(f, rt)], at: loc, argumentLocations: argumentLocations)
                }
            case 2:
                let a0 = codes[0].run, a1 = codes[1].run
                return { f, rt throws(Diagnostic) in
                    let calleeValue = try callee(f, rt)
                    guard case .function(let function) = calleeValue else { throw notAFunction(calleeValue) }
                    if let code = function.code, code.parameterCount >= 2 {
                        let frame = rt.makeFrame(code, parent: function.captured)
                        frame.slots[0] = try a0(f, rt)
                        frame.slots[1] = try a1(f, rt)
                        return try callUser(code, consume frame, given: 2, rt, at: loc)
                    }
                    return try rt.call(function, [try a0(f, rt), try a1(f, rt)], at: loc, argumentLocations: argumentLocations)
                }
            default:
                let boxes = codes
                let count = boxes.count
                return { f, rt throws(Diagnostic) in
                    let calleeValue = try callee(f, rt)
                    guard case .function(let function) = calleeValue else { throw notAFunction(calleeValue) }
                    if let code = function.code, code.parameterCount >= count {
                        let frame = rt.makeFrame(code, parent: function.captured)
                        for i in 0..<count { frame.slots[i] = try boxes[i].run(f, rt) }
                        return try callUser(code, consume frame, given: count, rt, at: loc)
                    }
                    var values: [Value] = []
                    values.reserveCapacity(count)
                    for box in boxes { values.append(try box.run(f, rt)) }
                    return try rt.call(function, values, at: loc, argumentLocations: argumentLocations)
                }
            }
        }
        return { f, rt throws(Diagnostic) in
            let calleeValue = try callee(f, rt)
            guard case .function(let function) = calleeValue else {
                throw Diagnostic.error("this is \(article(calleeValue.typeName)), not a function; it cannot be called", at: loc)
            }
            var positional: [Value] = []
            var named: [(String, Value)] = []
            for (i, box) in codes.enumerated() {
                let v = try box.run(f, rt)
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
            case lazyNamed(String, Code, SourceLocation, ColumnScopeInfo)
        }
        var compiled: [Compiled] = []
        for (argument, target) in zip(arguments, targets) {
            let argLoc = location(argument.value.range.start)
            switch target {
            case .parameter(let i):
                locationTemplate[i] = argLoc
                if builtin.parameters[i].columnScope {
                    scope?.capturesFrame = true
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
                    scope?.capturesFrame = true
                    columnScopeDepth += 1
                    compiled.append(.lazyNamed(name, compile(argument.value), argLoc, columnScopeInfo(argument.value)))
                    columnScopeDepth -= 1
                } else {
                    compiled.append(.named(name, compile(argument.value), argLoc))
                }
            }
        }
        let values = template
        let locations = locationTemplate
        let implementation = builtin.implementation
        let compiledArguments = compiled // a `let`: a captured `var` would be boxed and access-checked
        if compiledArguments.count == 1, case .value(let i, let code) = compiledArguments[0] {
            return { f, rt throws(Diagnostic) in
                var args = Arguments(runtime: rt, builtin: builtin, location: loc, values: values, locations: locations)
                args.values[i] = try code(f, rt)
                return try implementation(&args)
            }
        }
        return { f, rt throws(Diagnostic) in
            var args = Arguments(runtime: rt, builtin: builtin, location: loc, values: values, locations: locations)
            for item in compiledArguments {
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
                case .lazyNamed(let name, let code, let argLoc, let info):
                    args.lazyNamed.append((name, LazyArgument(location: argLoc, info: info) { names, columns throws(Diagnostic) in
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
    /// A one-argument call without building an argument array (`map`, `filter`).
    @inline(__always)
    func call(_ function: FunctionValue, _ argument: Value, at location: SourceLocation) throws(Diagnostic) -> Value {
        if let code = function.code, code.parameterCount >= 1 {
            let frame = makeFrame(code, parent: function.captured)
            frame.slots[0] = argument
            return try callUser(code, consume frame, given: 1, self, at: location)
        }
        return try call(function, [argument], at: location)
    }
}

/// Whether a slot holds a value (a pattern match, so the value is not copied out).
@inline(__always)
func isBound(_ slot: UnsafeMutablePointer<Value?>) -> Bool {
    if case .none = slot.pointee { return false }
    return true
}

/// Runs a user function whose first `given` parameters are already in `frame`: fills
/// defaults, then checks depth, stack and time before running the body. The caller hands
/// over its reference (`consume`): a frame closures captured is checked for a cycle at the
/// end, which needs to see every reference to it.
@inline(__always)
func callUser(_ code: FunctionCode, _ frame: consuming Frame, given: Int, _ rt: Runtime, at loc: SourceLocation) throws(Diagnostic) -> Value {
    if code.closuresCaptureFrame { return try callCapturing(code, consume frame, given: given, rt, at: loc) }
    if given < code.parameterCount {
        for i in given..<code.parameterCount {
            guard let d = code.defaults[i] else {
                throw Diagnostic.error("`\(code.name)` needs the argument `\(code.parameterNames[i])`", at: loc)
            }
            frame.slots[i] = try d.run(frame, rt)
        }
    }
    try rt.enterCall(at: loc)
    defer { rt.leaveCall() }
    let result = try code.body(frame, rt)
    if code.reusesFrames { rt.reuse(frame) }
    return result
}

/// `callUser` for a function whose closures may capture its frame (never pooled): after
/// the call, returned or failed, the frame goes to `releaseFrame`. Out of line, so the
/// pooled calls' inlined path does not grow.
@inline(never)
func callCapturing(_ code: FunctionCode, _ frame: consuming Frame, given: Int, _ rt: Runtime, at loc: SourceLocation) throws(Diagnostic) -> Value {
    let result: Value
    do {
        result = try runBody(code, frame, given: given, rt, at: loc)
    } catch {
        releaseFrame(consume frame)
        throw error
    }
    releaseFrame(consume frame)
    return result
}

/// Drops the last outside reference to a finished call's frame (`frame`, moved in), first
/// breaking the cycle a closure stored in one of its own slots makes with it
/// (`g = x => g(x)`: the frame holds `g`, `g` captures the frame).
///
/// The frame and those closures are an island — nothing else can reach them — when every
/// closure in its slots that captured it is referenced only by those slots, and the
/// frame, once those closures' links to it are cut, only by `frame`. Then the links stay
/// cut and everything is freed. Otherwise something outside still uses the frame (a
/// closure that escaped: returned, stored in a list or record, captured by an inner frame
/// that is alive) and everything is put back as it was. Cycles through lists or records
/// in the slots, or through an inner call's frame that stays alive, are left as they are.
///
/// Uniqueness is asked of the objects themselves (`isKnownUniquelyReferenced`), never of
/// a copy that is still alive: each closure is moved out of its slots into `held`, one
/// reference per closure, and `frame` is owned here.
@inline(never)
func releaseFrame(_ frame: consuming Frame) {
    let count = frame.head.pointee.count
    let slots = frame.slots
    // Each closure over this frame found in a slot, once, with the slots that held it.
    var held: [(function: FunctionValue, slots: [Int])] = []
    for i in 0..<count {
        guard case .function(let function)? = slots[i], function.captured === frame else { continue }
        if let j = held.firstIndex(where: { $0.function === function }) {
            held[j].slots.append(i)
        } else {
            held.append((function, [i]))
        }
        slots[i] = nil
    }
    if held.isEmpty { return }
    var island = true
    for j in held.indices where !isKnownUniquelyReferenced(&held[j].function) {
        island = false
        break
    }
    if island {
        for entry in held { entry.function.captured = nil }
        if isKnownUniquelyReferenced(&frame) {
            return // the closures die with `held`, the frame with `frame`
        }
    }
    for entry in held {
        entry.function.captured = frame
        for i in entry.slots { slots[i] = .function(entry.function) }
    }
}

/// Reading a name: a local of this frame (`depth` 0), of an enclosing one, or a global.
/// One object per read, so the closure captures a single reference (see `DirectCallSite`).
final class NameRead {
    let name: String
    let slot: Int
    let depth: Int
    let location: SourceLocation

    init(name: String, slot: Int, depth: Int, location: SourceLocation) {
        self.name = name
        self.slot = slot
        self.depth = depth
        self.location = location
    }

    @inline(__always)
    func local(_ f: Frame) throws(Diagnostic) -> Value {
        if let v = f.slots[slot] { return v }
        throw unset()
    }

    func outer(_ f: Frame) throws(Diagnostic) -> Value {
        var frame = f
        for _ in 0..<depth {
            guard let parent = frame.parent else { throw Diagnostic.error("internal error: missing frame for `\(name)`", at: location) }
            frame = parent
        }
        if let v = frame.slots[slot] { return v }
        throw unset()
    }

    @inline(__always)
    func global(_ rt: Runtime) throws(Diagnostic) -> Value {
        if let v = rt.globals.slots[slot] { return v }
        throw unsetGlobal()
    }

    @inline(never)
    func unset() -> Diagnostic {
        .error("`\(name)` has no value here (it is assigned only on a path that did not run)", at: location)
    }

    @inline(never)
    func unsetGlobal() -> Diagnostic {
        .error("`\(name)` has no value here (it is assigned only on a path that did not run, or in a cell that failed)", at: location)
    }
}

/// A comparison, specialized per operator (`T`) and operand shape; one captured reference.
final class ComparisonSite<T: NumberTest> {
    let op: BinaryOperator
    let left: Code
    let right: Code
    let location: SourceLocation
    /// The right operand when it is a number literal.
    let constant: Double
    /// The left operand's local slot when it is a plain local.
    let slot: Int

    init(op: BinaryOperator, left: @escaping Code, right: @escaping Code, location: SourceLocation, constant: Double = 0, slot: Int = 0) {
        self.op = op
        self.left = left
        self.right = right
        self.location = location
        self.constant = constant
        self.slot = slot
    }

    /// `n < 2` with `n` a local.
    @inline(__always)
    func localToConstant(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        if case .number(let x)? = f.slots[slot] { return .bool(T.test(x, constant)) }
        return try Operators.compare(op, try left(f, rt), .number(constant), at: location)
    }

    /// `e < 2`.
    @inline(__always)
    func toConstant(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        let a = try left(f, rt)
        if case .number(let x) = a { return .bool(T.test(x, constant)) }
        return try Operators.compare(op, a, .number(constant), at: location)
    }

    @inline(__always)
    func general(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        let a = try left(f, rt)
        let b = try right(f, rt)
        if case .number(let x) = a, case .number(let y) = b { return .bool(T.test(x, y)) }
        return try Operators.compare(op, a, b, at: location)
    }
}

/// `name = value` as a statement (its value is null); one captured reference.
final class AssignSite {
    let value: Code
    let slot: Int

    init(value: @escaping Code, slot: Int) {
        self.value = value
        self.slot = slot
    }

    @inline(__always)
    func runLocal(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        f.slots[slot] = try value(f, rt)
        return .null
    }

    @inline(__always)
    func runGlobal(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        rt.globals.slots[slot] = try value(f, rt)
        return .null
    }
}

/// `a + b` (also `-`, `*`) of two general operands, its parts in one object: the closure
/// captures a single reference (see `DirectCallSite`).
final class ArithmeticSite {
    let op: BinaryOperator
    let left: Code
    let right: Code
    let location: SourceLocation

    init(op: BinaryOperator, left: @escaping Code, right: @escaping Code, location: SourceLocation) {
        self.op = op
        self.left = left
        self.right = right
        self.location = location
    }

    @inline(__always)
    func run(_ f: Frame, _ rt: Runtime, _ number: (Double, Double) -> Double) throws(Diagnostic) -> Value {
        let a = try left(f, rt)
        let b = try right(f, rt)
        if case .number(let x) = a, case .number(let y) = b {
            let z = number(x, y)
            if z.isFinite { return .number(z) }
        }
        return try Operators.arithmetic(op, a, b, at: location)
    }
}

/// A direct call with one argument, its parts in one object: the closure captures a single
/// reference. (A closure with many captures is called through a forwarding thunk that
/// loads every capture on every call.)
final class DirectCallSite {
    let known: StaticFunction
    /// The global slot of the function's name (the call checks its `fn` has run).
    let globalSlot: Int
    let argument: Code
    /// The general call, when the function is not bound yet.
    let dynamic: Code
    let location: SourceLocation
    /// `f(n ± c)`: the local slot of `n` and the signed constant.
    let local: Int
    let step: Double

    init(known: StaticFunction, globalSlot: Int, argument: @escaping Code, dynamic: @escaping Code, location: SourceLocation,
         local: Int = 0, step: Double = 0) {
        self.known = known
        self.globalSlot = globalSlot
        self.argument = argument
        self.dynamic = dynamic
        self.location = location
        self.local = local
        self.step = step
    }

    @inline(__always)
    func runOne(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        guard let function = known.code, known.parameterCount >= 1, isBound(rt.globals.slots + globalSlot) else { return try dynamic(f, rt) }
        let value = try argument(f, rt)
        return try callDirect(function, given: 1, rt, at: location) { slots in slots.initialize(to: value) }
    }

    /// `f(n - 1)`: the argument is computed here, without a closure call.
    @inline(__always)
    func runLocalStep(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        guard let function = known.code, known.parameterCount >= 1, isBound(rt.globals.slots + globalSlot) else { return try dynamic(f, rt) }
        if case .number(let x)? = f.slots[local] {
            let z = x + step
            if z.isFinite {
                return try callDirect(function, given: 1, rt, at: location) { slots in slots.initialize(to: .number(z)) }
            }
        }
        let value = try argument(f, rt)
        return try callDirect(function, given: 1, rt, at: location) { slots in slots.initialize(to: value) }
    }
}

/// `if n < 2 { ... } else { ... }` with `n` a local: the test runs inside the `if`, with no
/// predicate call; one captured reference (see `DirectCallSite`).
final class LocalTestIf<T: NumberTest> {
    let slot: Int
    let constant: Double
    /// The general condition, when the local is not a number.
    let condition: CellCompiler.Predicate
    let thenCode: Code
    let elseCode: Code
    /// The then-block is just this local.
    let thenLocal: Int?

    init(slot: Int, constant: Double, condition: @escaping CellCompiler.Predicate, thenCode: @escaping Code, elseCode: @escaping Code,
         thenLocal: Int?) {
        self.slot = slot
        self.constant = constant
        self.condition = condition
        self.thenCode = thenCode
        self.elseCode = elseCode
        self.thenLocal = thenLocal
    }

    @inline(__always)
    func run(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        let test: Bool
        if case .number(let x)? = f.slots[slot] { test = T.test(x, constant) } else { test = try condition(f, rt) }
        guard test else { return try elseCode(f, rt) }
        if let thenLocal {
            // A number is rebuilt rather than copied (no outlined copy call).
            if case .number(let x)? = f.slots[thenLocal] { return .number(x) }
            if let v = f.slots[thenLocal] { return v }
        }
        return try thenCode(f, rt)
    }
}

/// A direct call of a known user function (a single top-level `fn`) without reference
/// counting: the `StaticFunction` keeps the code alive and the frame is held as an
/// unmanaged reference from `Runtime.takeFrame` to `Runtime.giveBack`, so both are used as
/// guaranteed references (a strong local would cost two atomic retains and two releases
/// per call). `fill` initializes the first `given` slots of the fresh frame (all nil).
@inline(__always)
func callDirect(_ function: Unmanaged<FunctionCode>, given: Int, _ rt: Runtime, at loc: SourceLocation,
                _ fill: (UnsafeMutablePointer<Value?>) -> Void) throws(Diagnostic) -> Value {
    // `_withUnsafeGuaranteedRef` rethrows untyped errors; the diagnostic is cast back
    // below (only on the error path: a local `Diagnostic?` would be copied through value
    // witnesses on every call).
    do {
        return try function._withUnsafeGuaranteedRef { code throws -> Value in
            let entry = rt.takeFrame(code)
            do {
                let value = try entry._withUnsafeGuaranteedRef { frame throws -> Value in
                    fill(frame.slots)
                    return try runBody(code, frame, given: given, rt, at: loc)
                }
                if code.reusesFrames {
                    rt.giveBack(entry)
                } else if code.closuresCaptureFrame {
                    releaseFrame(entry.takeRetainedValue())
                } else {
                    entry.release()
                }
                return value
            } catch {
                if code.closuresCaptureFrame { releaseFrame(entry.takeRetainedValue()) } else { entry.release() }
                throw error
            }
        }
    } catch let error as Diagnostic {
        throw error
    } catch {
        throw unexpected(error, at: loc)
    }
}

@inline(never)
func unexpected(_ error: any Error, at loc: SourceLocation) -> Diagnostic {
    Diagnostic.error("internal error: \(error)", at: loc)
}

@inline(never)
func missingArgument(_ code: FunctionCode, _ i: Int, at loc: SourceLocation) -> Diagnostic {
    Diagnostic.error("`\(code.name)` needs the argument `\(code.parameterNames[i])`", at: loc)
}

/// Fills missing arguments from their defaults, checks depth, stack and time, and runs
/// the body of `code` in `frame`.
@inline(__always)
func runBody(_ code: FunctionCode, _ frame: Frame, given: Int, _ rt: Runtime, at loc: SourceLocation) throws(Diagnostic) -> Value {
    if given < code.parameterCount {
        for i in given..<code.parameterCount {
            guard let d = code.defaults[i] else { throw missingArgument(code, i, at: loc) }
            frame.slots[i] = try d.run(frame, rt)
        }
    }
    try rt.enterCall(at: loc)
    defer { rt.leaveCall() }
    return try code.body(frame, rt)
}

extension Runtime {
    /// Calls a function value with evaluated arguments (built-ins calling back, and call
    /// sites that name arguments).
    func call(_ function: FunctionValue, _ positional: [Value], named: [(String, Value)] = [], at location: SourceLocation,
              argumentLocations: [SourceLocation] = []) throws(Diagnostic) -> Value {
        if let code = function.code, named.isEmpty, positional.count <= code.parameterCount {
            let frame = makeFrame(code, parent: function.captured)
            for (i, v) in positional.enumerated() { frame.slots[i] = v }
            return try callUser(code, consume frame, given: positional.count, self, at: location)
        }
        if let code = function.code {
            let count = code.parameterNames.count
            guard positional.count <= count else {
                throw Diagnostic.error("`\(code.name)` takes \(count) argument\(count == 1 ? "" : "s"), but \(positional.count) were given", at: location)
            }
            let frame = makeFrame(code, parent: function.captured)
            do throws(Diagnostic) {
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
                    frame.slots[i] = try d.run(frame, self) // a default may be a closure over the frame
                }
            } catch {
                if code.closuresCaptureFrame { releaseFrame(consume frame) }
                throw error
            }
            return try callUser(code, consume frame, given: count, self, at: location)
        }
        guard let builtin = function.builtin else {
            throw Diagnostic.error("internal error: a function with no code", at: location)
        }
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
