import NotebookFormat
import Tabular

// Code generation: the resolved tree (ResolvedTree.swift) becomes closures over the
// current frame and the runtime, once; evaluation never walks a tree. Every decision of
// the static checks is already made, so this file only chooses the fastest closure shape
// for each node (specialised sites in Sites.swift, calls in Calls.swift).

/// Generates the code of a checked notebook's cells. The `StaticFunction`s are shared by
/// every cell: a direct call may be generated before the `fn` it calls (mutual recursion).
final class CodeGenerator {
    /// One per name bound only by a single top-level `fn`.
    let staticFunctions: [String: StaticFunction]
    /// The static functions that are number functions (NumberFunctions.swift), with their code.
    let numberFunctions: [String: ResolvedFunction]
    let numberFunctionNames: Set<String>

    /// `functions`: the resolved code of each name bound only by a single top-level `fn`;
    /// `numberFunctions`: whether those that can be get a number tree.
    init(staticFunctions functions: [String: ResolvedFunction], numberFunctions enabled: Bool = true) {
        var statics: [String: StaticFunction] = [:]
        for name in functions.keys { statics[name] = StaticFunction() }
        staticFunctions = statics
        let numberNames = enabled ? NumberFunctionAnalysis.numberFunctions(functions) : []
        numberFunctionNames = numberNames
        numberFunctions = functions.filter { numberNames.contains($0.key) }
        // Every number function's tree, before any code that calls it is generated.
        for (name, function) in numberFunctions {
            guard let body = NumberFunctionAnalysis.bodyExpression(function), let known = statics[name],
                  let operand = numberOperand(body, inNumberFunction: true) else { continue }
            if case .tree(let tree) = operand {
                known.define(numberBody: NumberBody(run: tree))
            } else {
                known.define(numberBody: NumberBody { f, rt in operand.value(f, rt) }) // `fn half() = 0.5`
            }
        }
    }

    // MARK: Statements

    func block(_ statements: [ResolvedStmt]) -> Code {
        // Closures are never taken out of arrays: an array stores them at the generic
        // calling convention, and each call would then go through a reabstraction thunk.
        switch statements.count {
        case 0: return { _, _ in .null }
        case 1: return statement(statements[0])
        case 2:
            let a = statement(statements[0])
            let b = statement(statements[1])
            return { f, rt throws(Diagnostic) in
                _ = try a(f, rt)
                return try b(f, rt)
            }
        default:
            let boxes = statements.map { CodeBox(run: statement($0)) }
            return { f, rt throws(Diagnostic) in
                var result = Value.null
                for box in boxes { result = try box.run(f, rt) }
                return result
            }
        }
    }

    func statement(_ statement: ResolvedStmt) -> Code {
        switch statement {
        case .expression(let e):
            return expression(e)
        case .assign(let target, let valueExpr):
            if case .tree(let tree)? = numberOperand(valueExpr) {
                // Arithmetic on numbers: the number goes straight into the slot.
                let general = AssignSite(value: generalExpression(valueExpr), slot: target.slot)
                let generalCode: Code = target.global
                    ? { f, rt throws(Diagnostic) in try general.runGlobal(f, rt) }
                    : { f, rt throws(Diagnostic) in try general.runLocal(f, rt) }
                let site = NumberAssignSite(tree: tree, general: generalCode, slot: target.slot)
                if target.global { return { f, rt throws(Diagnostic) in try site.runGlobal(f, rt) } }
                return { f, rt throws(Diagnostic) in try site.runLocal(f, rt) }
            }
            let site = AssignSite(value: expression(valueExpr), slot: target.slot)
            if target.global { return { f, rt throws(Diagnostic) in try site.runGlobal(f, rt) } }
            return { f, rt throws(Diagnostic) in try site.runLocal(f, rt) }
        case .function(let target, let resolved, let topLevel, let isStatic):
            let store = assignment(target)
            let code = function(resolved)
            if isStatic, let known = staticFunctions[resolved.name] { known.define(code) }
            return { f, rt in
                store(f, rt, .function(FunctionValue(user: code, captured: topLevel ? nil : f, name: code.name)))
                return .null
            }
        case .invalid(let diagnostic):
            return { _, _ throws(Diagnostic) in throw diagnostic }
        }
    }

    /// Code that stores a value into an assignment's target.
    func assignment(_ target: AssignTarget) -> (Frame, Runtime, Value) -> Void {
        let slot = target.slot
        if target.global { return { _, rt, v in rt.globals[slot] = v } }
        return { f, _, v in f[slot] = v }
    }

    func function(_ resolved: ResolvedFunction) -> FunctionCode {
        let defaults = resolved.defaults.map { $0.map { CodeBox(run: expression($0)) } }
        let body = block(resolved.body)
        return FunctionCode(name: resolved.name, parameterNames: resolved.parameterNames, defaults: defaults,
                            slotCount: resolved.slotCount, body: body, location: resolved.location,
                            reusesFrames: !resolved.capturesFrame && resolved.slotCount < Runtime.pooledSlotCounts,
                            closuresCaptureFrame: resolved.capturesFrame)
    }

    // MARK: Number trees

    /// `e` as an operand of a number tree (Sites.swift): a local (an argument in a number
    /// function's body), a global, a number literal, `+ - * /` and negation over such
    /// operands, an `if` on a comparison of two of them, or a call of a number function;
    /// nil for anything else (other calls and operators, names of enclosing frames),
    /// which the tree leaves to the general code.
    func numberOperand(_ e: ResolvedExpr, inNumberFunction: Bool = false) -> NumberOperand? {
        switch e.kind {
        case .constant(.number(let x)):
            return .constant(x)
        case .local(_, 0, let slot, _):
            return inNumberFunction ? .argument(slot) : .local(slot)
        case .global(_, let slot):
            return .global(slot)
        case .unary(.negate, let operandExpr):
            guard let operand = numberOperand(operandExpr, inNumberFunction: inNumberFunction) else { return nil }
            func negation<L: NumberLeaf>(_ leaf: L) -> NumberOperand {
                let site = NumberNegation(operand: leaf)
                return .tree { f, rt in site.run(f, rt) }
            }
            switch operand {
            case .local(let slot): return negation(LocalLeaf(slot: slot))
            case .argument(let i): return negation(ArgumentLeaf(index: i))
            case .global(let slot): return negation(GlobalLeaf(slot: slot))
            case .constant(let x): return negation(ConstantLeaf(x: x))
            case .tree(let code): return negation(TreeLeaf(code: code))
            }
        case .binary(let op, let l, let r, _):
            guard let left = numberOperand(l, inNumberFunction: inNumberFunction),
                  let right = numberOperand(r, inNumberFunction: inNumberFunction) else { return nil }
            switch op {
            case .add: return .tree(numberNode(NumberAdd.self, left, right))
            case .subtract: return .tree(numberNode(NumberSubtract.self, left, right))
            case .multiply: return .tree(numberNode(NumberMultiply.self, left, right))
            case .divide: return .tree(numberNode(NumberDivide.self, left, right))
            default: return nil
            }
        case .ifElse(let condition, let thenBlock, let otherwise):
            guard case .binary(let op, let l, let r, _) = condition.kind,
                  thenBlock.count == 1, case .expression(let thenExpr) = thenBlock[0],
                  let otherwise, otherwise.count == 1, case .expression(let elseExpr) = otherwise[0],
                  let left = numberOperand(l, inNumberFunction: inNumberFunction),
                  let right = numberOperand(r, inNumberFunction: inNumberFunction),
                  let thenValue = numberOperand(thenExpr, inNumberFunction: inNumberFunction),
                  let elseValue = numberOperand(elseExpr, inNumberFunction: inNumberFunction) else { return nil }
            func make<T: NumberTest>(_: T.Type) -> NumberOperand {
                let site = NumberIf<T>(left: left, right: right, thenValue: thenValue, elseValue: elseValue)
                return .tree { f, rt in site.run(f, rt) }
            }
            switch op {
            case .equal: return make(NumberEqual.self)
            case .notEqual: return make(NumberNotEqual.self)
            case .less: return make(NumberLess.self)
            case .lessEqual: return make(NumberLessEqual.self)
            case .greater: return make(NumberGreater.self)
            case .greaterEqual: return make(NumberGreaterEqual.self)
            default: return nil
            }
        case .call(let call):
            return numberCall(call, inNumberFunction: inNumberFunction)
        default:
            return nil
        }
    }

    /// A call of a number function as a number-tree operand.
    func numberCall(_ call: ResolvedCall, inNumberFunction: Bool) -> NumberOperand? {
        guard NumberFunctionAnalysis.numberCallTarget(call, functions: numberFunctions, numberFunctions: numberFunctionNames) != nil,
              let (name, globalSlot) = call.direct, let known = staticFunctions[name] else { return nil }
        var arguments: [NumberOperand] = []
        for argument in call.arguments {
            guard let operand = numberOperand(argument, inNumberFunction: inNumberFunction) else { return nil }
            arguments.append(operand)
        }
        guard arguments.count == 1 else {
            let site = NumberCallMany(function: known, globalSlot: globalSlot, arguments: arguments)
            return .tree { f, rt in site.run(f, rt) }
        }
        func one<A: NumberLeaf>(_ leaf: A) -> NumberOperand {
            let site = NumberCallOne(function: known, globalSlot: globalSlot, argument: leaf)
            return .tree { f, rt in site.run(f, rt) }
        }
        if case .binary(let op, let l, let r, _) = call.arguments[0].kind, op == .add || op == .subtract,
           let y = r.numberConstant, case .local(_, 0, let slot, _) = l.kind {
            // `f(n - 1)`: the step is taken in the call, without a subtree call.
            let step = op == .add ? y : -y
            return inNumberFunction ? one(StepLeaf(base: ArgumentLeaf(index: slot), step: step))
                                    : one(StepLeaf(base: LocalLeaf(slot: slot), step: step))
        }
        switch arguments[0] {
        case .local(let slot): return one(LocalLeaf(slot: slot))
        case .argument(let i): return one(ArgumentLeaf(index: i))
        case .global(let slot): return one(GlobalLeaf(slot: slot))
        case .constant(let x): return one(ConstantLeaf(x: x))
        case .tree(let code): return one(TreeLeaf(code: code))
        }
    }

    /// A node for `Op`, specialised for its operands' kinds (left, then right).
    func numberNode<Op: NumberOperation>(_ op: Op.Type, _ left: NumberOperand, _ right: NumberOperand) -> NumberCode {
        switch left {
        case .local(let slot): return numberNode(op, LocalLeaf(slot: slot), right)
        case .argument(let i): return numberNode(op, ArgumentLeaf(index: i), right)
        case .global(let slot): return numberNode(op, GlobalLeaf(slot: slot), right)
        case .constant(let x): return numberNode(op, ConstantLeaf(x: x), right)
        case .tree(let code): return numberNode(op, TreeLeaf(code: code), right)
        }
    }

    func numberNode<Op: NumberOperation, L: NumberLeaf>(_ op: Op.Type, _ left: L, _ right: NumberOperand) -> NumberCode {
        switch right {
        case .local(let slot): return numberNode(op, left, LocalLeaf(slot: slot))
        case .argument(let i): return numberNode(op, left, ArgumentLeaf(index: i))
        case .global(let slot): return numberNode(op, left, GlobalLeaf(slot: slot))
        case .constant(let x): return numberNode(op, left, ConstantLeaf(x: x))
        case .tree(let code): return numberNode(op, left, TreeLeaf(code: code))
        }
    }

    func numberNode<Op: NumberOperation, L: NumberLeaf, R: NumberLeaf>(_: Op.Type, _ left: L, _ right: R) -> NumberCode {
        let site = NumberNode<Op, L, R>(left: left, right: right)
        return { f, rt in site.run(f, rt) }
    }

    // MARK: Expressions

    func expression(_ e: ResolvedExpr) -> Code {
        if case .binary = e.kind, case .tree(let tree)? = numberOperand(e) {
            // Arithmetic on numbers: a number tree, the general code when its number is not finite.
            let site = NumberExpressionSite(tree: tree, general: generalExpression(e))
            return { f, rt throws(Diagnostic) in try site.run(f, rt) }
        }
        return generalExpression(e)
    }

    /// `e`'s code without a number tree at its root.
    func generalExpression(_ e: ResolvedExpr) -> Code {
        let loc = e.location
        switch e.kind {
        case .invalid(let diagnostic):
            return { _, _ throws(Diagnostic) in throw diagnostic }
        case .constant(let v):
            return { _, _ in v }
        case .local(let name, let depth, let slot, _):
            let read = NameRead(name: name, slot: slot, depth: depth, location: loc)
            switch depth {
            case 0: return { f, _ throws(Diagnostic) in try read.local(f) }
            default: return { f, _ throws(Diagnostic) in try read.outer(f) }
            }
        case .global(let name, let slot):
            let read = NameRead(name: name, slot: slot, depth: 0, location: loc)
            return { _, rt throws(Diagnostic) in try read.global(rt) }
        case .builtin(let b):
            let value = Value.function(FunctionValue(builtin: b))
            return { _, _ in value }
        case .column(let name, let fallbackExpr):
            let fallback = fallbackExpr.map(expression)
            return { f, rt throws(Diagnostic) in
                if let scope = rt.columnScopes.last {
                    if let i = scope.names.firstIndex(of: name) { return scope.values[i] }
                    if let fallback { return try fallback(f, rt) }
                    throw Diagnostic.error(.notAColumnNorName(name, columns: scope.names), at: loc)
                }
                if let fallback { return try fallback(f, rt) }
                throw Diagnostic.error(.unknownName(name), at: loc)
            }
        case .list(let items):
            let boxes = items.map { CodeBox(run: expression($0)) }
            return { f, rt throws(Diagnostic) in
                var values: [Value] = []
                values.reserveCapacity(boxes.count)
                for box in boxes { values.append(try box.run(f, rt)) }
                try checkNesting(values, what: "the list", at: loc)
                return .list(List(values))
            }
        case .record(let keys, let values):
            let boxes = values.map { CodeBox(run: expression($0)) }
            return { f, rt throws(Diagnostic) in
                var values: [Value] = []
                values.reserveCapacity(boxes.count)
                for box in boxes { values.append(try box.run(f, rt)) }
                try checkNesting(values, what: "the record", at: loc)
                return .record(Record(keys: keys, values: values))
            }
        case .unary(let op, let operandExpr):
            let operand = expression(operandExpr)
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
        case .binary(let op, let l, let r, let operatorLocation):
            return binary(op, l, r, at: operatorLocation)
        case .call(let call):
            return self.call(call, at: loc)
        case .builtinCall(let builtin, let arguments):
            return builtinCall(builtin, arguments, at: loc)
        case .member(let baseExpr, let name, let nameLoc):
            let base = expression(baseExpr)
            return { f, rt throws(Diagnostic) in
                try Access.member(try base(f, rt), name, at: nameLoc)
            }
        case .index(let baseExpr, let indexExpr):
            let base = expression(baseExpr)
            let index = expression(indexExpr)
            let indexLoc = indexExpr.location
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
            return ifElse(conditionExpr, thenBlock, otherwise)
        case .forLoop(let variable, let sequenceExpr, let body):
            return forLoop(variable, sequenceExpr, body, at: loc)
        case .lambda(let resolved):
            let code = function(resolved)
            return { f, _ in .function(FunctionValue(user: code, captured: f, name: "lambda")) }
        }
    }

    func binary(_ op: BinaryOperator, _ l: ResolvedExpr, _ r: ResolvedExpr, at loc: SourceLocation) -> Code {
        let left = expression(l)
        let right = expression(r)
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
            if let slot = l.plainLocalSlot, let y = r.numberConstant, op == .add || op == .subtract {
                // `n - 1` on a local: no closure call and no copy for the operand.
                let sign = op == .add ? 1.0 : -1.0
                return { f, rt throws(Diagnostic) in
                    if case .number(let x)? = f[slot] {
                        let z = x + sign * y
                        if z.isFinite { return .number(z) }
                    }
                    return try Operators.arithmetic(op, try left(f, rt), .number(y), at: loc)
                }
            }
            if let y = r.numberConstant, op != .power {
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

    /// Comparison closures specialized per operator (`T`) and operand shape.
    func comparison<T: NumberTest>(_: T.Type, _ op: BinaryOperator, _ l: ResolvedExpr, _ r: ResolvedExpr,
                                   _ left: @escaping Code, _ right: @escaping Code, at loc: SourceLocation) -> Code {
        if let y = r.numberConstant {
            let local = l.plainLocalSlot
            let site = ComparisonSite<T>(op: op, left: left, right: right, location: loc, constant: y, slot: local ?? 0)
            if local != nil { return { f, rt throws(Diagnostic) in try site.localToConstant(f, rt) } }
            return { f, rt throws(Diagnostic) in try site.toConstant(f, rt) }
        }
        let site = ComparisonSite<T>(op: op, left: left, right: right, location: loc)
        return { f, rt throws(Diagnostic) in try site.general(f, rt) }
    }

    /// The number comparison of `local OP constant`, for the `if` fast paths.
    private func localTest(_ e: ResolvedExpr) -> (op: BinaryOperator, slot: Int, constant: Double)? {
        guard case .binary(let op, let l, let r, _) = e.kind, let y = r.numberConstant, let slot = l.plainLocalSlot else { return nil }
        return (op, slot, y)
    }

    /// An `if` condition as a closure returning a Swift `Bool`: `n < 2` on a local runs
    /// without building a `Value`.
    func condition(_ e: ResolvedExpr) -> Predicate {
        let conditionLoc = e.location
        let code = expression(e)
        let general: Predicate = { f, rt throws(Diagnostic) in
            switch try code(f, rt) {
            case .bool(let b): return b
            case let v:
                let what = v.isNull ? "it is null" : "it is \(article(v.typeName))"
                throw Diagnostic.error(.conditionNotBool(what), at: conditionLoc)
            }
        }
        guard let (op, slot, y) = localTest(e) else { return general }
        func make<T: NumberTest>(_: T.Type) -> Predicate {
            return { f, rt throws(Diagnostic) in
                if case .number(let x)? = f[slot] { return T.test(x, y) }
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

    func ifElse(_ conditionExpr: ResolvedExpr, _ thenBlock: [ResolvedStmt], _ otherwise: [ResolvedStmt]?) -> Code {
        let condition = condition(conditionExpr)
        let thenCode = block(thenBlock)
        let elseCode = block(otherwise ?? [])
        if let (op, slot, y) = localTest(conditionExpr) {
            // `if n < 2 { ... }`: the test runs inside the `if`, no predicate call.
            var onlyLocal: Int?
            if thenBlock.count == 1, case .expression(let thenExpr) = thenBlock[0] { onlyLocal = thenExpr.plainLocalSlot }
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
    }

    func forLoop(_ variable: AssignTarget, _ sequenceExpr: ResolvedExpr, _ body: [ResolvedStmt], at loc: SourceLocation) -> Code {
        let store = assignment(variable)
        if case .binary(.range, let lowExpr, let highExpr, let rangeLoc) = sequenceExpr.kind {
            let low = expression(lowExpr)
            let high = expression(highExpr)
            let bodyCode = block(body)
            if body.count == 1, case .assign(let target, let valueExpr) = body[0],
               case .tree(let tree)? = numberOperand(valueExpr) {
                // `for i in a..b { name = arithmetic }`: the tree runs in the loop itself.
                let site = NumberLoopSite(counter: variable, target: target, tree: tree, body: bodyCode, low: low, high: high,
                                          rangeLocation: rangeLoc, location: loc)
                return { f, rt throws(Diagnostic) in try site.run(f, rt) }
            }
            // A counted loop: the range is never built as a list. The counter is written
            // into its slot in place (`setNumber`), without a store closure.
            let slot = variable.slot
            if variable.global {
                return { f, rt throws(Diagnostic) in
                    let (a, b) = try Operators.rangeBounds(try low(f, rt), try high(f, rt), at: rangeLoc)
                    if a > b { return .null }
                    for i in a...b {
                        rt.globals.setNumber(Double(i), at: slot)
                        _ = try bodyCode(f, rt)
                        try rt.tick(at: loc)
                    }
                    return .null
                }
            }
            return { f, rt throws(Diagnostic) in
                let (a, b) = try Operators.rangeBounds(try low(f, rt), try high(f, rt), at: rangeLoc)
                if a > b { return .null }
                for i in a...b {
                    f.setNumber(Double(i), at: slot)
                    _ = try bodyCode(f, rt)
                    try rt.tick(at: loc)
                }
                return .null
            }
        }
        let sequence = expression(sequenceExpr)
        let sequenceLoc = sequenceExpr.location
        let bodyCode = block(body)
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
                throw Diagnostic.error(.forNeedsList(value.typeName), at: sequenceLoc)
            }
            return .null
        }
    }

    // MARK: Calls

    func call(_ call: ResolvedCall, at loc: SourceLocation) -> Code {
        var callee = expression(call.callee)
        if case .column(let name, let fallback?) = call.callee.kind {
            callee = shadowedCallee(name, fallback: expression(fallback), at: call.callee.location)
        }
        let codes = call.arguments.map { CodeBox(run: expression($0)) }
        let argumentLocations = call.arguments.map(\.location)
        let dynamic = dynamicCall(callee, codes, call.labels, argumentLocations, at: loc)
        guard let (name, slot) = call.direct, let known = staticFunctions[name] else { return dynamic }
        if NumberFunctionAnalysis.numberCallTarget(call, functions: numberFunctions, numberFunctions: numberFunctionNames) != nil {
            // A number function: its number tree when the arguments are numbers.
            let site = NumberEntrySite(function: known, globalSlot: slot, arguments: codes, dynamic: dynamic, location: loc)
            if codes.count == 1 { return { f, rt throws(Diagnostic) in try site.runOne(f, rt) } }
            return { f, rt throws(Diagnostic) in try site.run(f, rt) }
        }
        // A direct call: the function is known; only check that its `fn` has run. The
        // arguments are evaluated first, then written into a fresh frame (`callDirect`).
        switch codes.count {
        case 1:
            let a0 = codes[0].run
            if case .binary(let op, let l, let r, _) = call.arguments[0].kind, op == .add || op == .subtract,
               let y = r.numberConstant, let local = l.plainLocalSlot {
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
                guard let function = known.code, known.parameterCount >= 2, rt.globals.isBound(slot) else { return try dynamic(f, rt) }
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
                guard let function = known.code, known.parameterCount >= count, rt.globals.isBound(slot) else { return try dynamic(f, rt) }
                var values: [Value] = []
                values.reserveCapacity(count)
                for i in 0..<count { values.append(try codes[i].run(f, rt)) }
                return try callDirect(function, given: count, rt, at: loc) { slots in
                    for i in 0..<count { (slots + i).initialize(to: values[i]) }
                }
            }
        }
    }

    /// The callee `name(…)` inside a column-scope argument, where the table has a column
    /// `name` and the notebook a `name` too: the column wins, and calling it says why.
    func shadowedCallee(_ name: String, fallback: @escaping Code, at loc: SourceLocation) -> Code {
        return { f, rt throws(Diagnostic) in
            guard let scope = rt.columnScopes.last, let i = scope.names.firstIndex(of: name) else { return try fallback(f, rt) }
            let column = scope.values[i]
            if case .function = column { return column }
            throw Diagnostic.error(.shadowedByColumn(name, notebookKind: "function"), at: loc,
                                   notes: [Diagnostic(.note, .notAFunction(column.typeName), at: loc)])
        }
    }

    /// An error a built-in raised at one of its arguments that is a column shadowing a
    /// notebook name (`map(xs, usd_rank)` with a column `usd_rank`): the error says so.
    func explainingShadows(_ code: @escaping Code, _ arguments: [ResolvedArgument]) -> Code {
        let shadows: [(name: String, location: SourceLocation)] = arguments.compactMap {
            guard case .value(_, let e) = $0, case .column(let name, .some) = e.kind else { return nil }
            return (name, e.location)
        }
        guard !shadows.isEmpty else { return code }
        return { f, rt throws(Diagnostic) in
            do throws(Diagnostic) {
                return try code(f, rt)
            } catch {
                guard let shadow = shadows.first(where: { $0.location == error.location }),
                      let scope = rt.columnScopes.last, scope.names.contains(shadow.name) else { throw error }
                throw Diagnostic.error(.shadowedByColumn(shadow.name, notebookKind: "value"), at: error.location,
                                       notes: [Diagnostic(.note, Diagnostic.Message(error.message), at: error.location)])
            }
        }
    }

    func dynamicCall(_ callee: @escaping Code, _ codes: [CodeBox], _ labels: [String?], _ argumentLocations: [SourceLocation],
                     at loc: SourceLocation) -> Code {
        if labels.allSatisfy({ $0 == nil }) {
            func notAFunction(_ v: Value) -> Diagnostic {
                .error(.notAFunction(v.typeName), at: loc)
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
                        frame[0] = try a0(f, rt)
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
                        frame[0] = try a0(f, rt)
                        frame[1] = try a1(f, rt)
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
                        for i in 0..<count { frame[i] = try boxes[i].run(f, rt) }
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
                throw Diagnostic.error(.notAFunction(calleeValue.typeName), at: loc)
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

    func builtinCall(_ builtin: Builtin, _ arguments: [ResolvedArgument], at loc: SourceLocation) -> Code {
        explainingShadows(plainBuiltinCall(builtin, arguments, at: loc), arguments)
    }

    func plainBuiltinCall(_ builtin: Builtin, _ arguments: [ResolvedArgument], at loc: SourceLocation) -> Code {
        var template: [Value?] = builtin.parameters.map {
            if case .value(let v, _) = $0.defaultValue { return v }
            return nil
        }
        var locationTemplate = [SourceLocation](repeating: loc, count: builtin.parameters.count)
        enum Generated {
            case value(Int, Code)
            case lazy(Int, Code, SourceLocation)
            case rest(Code, SourceLocation)
            case named(String, Code, SourceLocation)
            case lazyNamed(String, Code, SourceLocation, ColumnScopeInfo)
        }
        var generated: [Generated] = []
        for argument in arguments {
            switch argument {
            case .value(let i, let e):
                locationTemplate[i] = e.location
                generated.append(.value(i, expression(e)))
            case .lazy(let i, let e):
                locationTemplate[i] = e.location
                generated.append(.lazy(i, expression(e), e.location))
                template[i] = nil
            case .rest(let e):
                generated.append(.rest(expression(e), e.location))
            case .named(let name, let e):
                generated.append(.named(name, expression(e), e.location))
            case .lazyNamed(let name, let e, let info):
                generated.append(.lazyNamed(name, expression(e), e.location, info))
            }
        }
        let values = template
        let locations = locationTemplate
        let implementation = builtin.implementation
        let generatedArguments = generated // a `let`: a captured `var` would be boxed and access-checked
        if generatedArguments.count == 1, case .value(let i, let code) = generatedArguments[0] {
            return { f, rt throws(Diagnostic) in
                var args = Arguments(runtime: rt, builtin: builtin, location: loc, values: values, locations: locations)
                args.values[i] = try code(f, rt)
                return try implementation(&args)
            }
        }
        return { f, rt throws(Diagnostic) in
            var args = Arguments(runtime: rt, builtin: builtin, location: loc, values: values, locations: locations)
            for item in generatedArguments {
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
