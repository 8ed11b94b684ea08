import NotebookFormat

// Number functions: a top-level `fn` whose body is arithmetic, comparisons, `if`/`else`
// and calls of number functions over its parameters, globals and number literals
// (`fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }`). Such a function also
// gets a number tree (Sites.swift) over its arguments as plain `Double`s: a call pushes
// its arguments onto the runtime's number stack and runs that tree, with no frame, no
// `Value` and no error path. As in every number tree, a number that is not finite
// means "not this path": an argument or global that is not a number, a result too large,
// a division by zero, a call too deep, a time limit reached. The caller then runs the general code
// for the whole call, which gives the value or the error the language defines (the
// number path has no side effects, so running the call again changes nothing).

/// A number function's body as a number tree over its arguments (one captured reference
/// for `StaticFunction`, which holds it unretained on the call path).
final class NumberBody {
    let run: NumberCode

    init(run: @escaping NumberCode) {
        self.run = run
    }
}

/// Which top-level `fn`s are number functions (see the top of this file).
enum NumberFunctionAnalysis {
    /// The most parameters a number function may have (rows of the number stack).
    static let maxParameters = 8

    /// The names among `functions` (the static functions and their resolved code) whose
    /// bodies are number trees calling only number functions, each with all its
    /// arguments: every name is assumed one, and names that call a function that is not
    /// are dropped until none is.
    static func numberFunctions(_ functions: [String: ResolvedFunction]) -> Set<String> {
        var names = Set(functions.compactMap { name, function in
            function.parameterNames.count <= maxParameters && !function.capturesFrame ? name : nil
        })
        var changed = true
        while changed {
            changed = false
            for name in names {
                guard let function = functions[name], let body = bodyExpression(function),
                      isNumberExpression(body, parameterCount: function.parameterNames.count, functions: functions, numberFunctions: names)
                else {
                    names.remove(name)
                    changed = true
                    continue
                }
            }
        }
        return names
    }

    /// The body when it is a single expression.
    static func bodyExpression(_ function: ResolvedFunction) -> ResolvedExpr? {
        guard function.body.count == 1, case .expression(let e) = function.body[0] else { return nil }
        return e
    }

    /// Whether `e` can be a number function's tree (mirrors `CodeGenerator.numberOperand`).
    static func isNumberExpression(_ e: ResolvedExpr, parameterCount: Int, functions: [String: ResolvedFunction],
                                   numberFunctions: Set<String>) -> Bool {
        func check(_ e: ResolvedExpr) -> Bool {
            switch e.kind {
            case .constant(.number):
                return true
            case .local(_, 0, let slot, _):
                return slot < parameterCount
            case .global:
                return true
            case .unary(.negate, let operand):
                return check(operand)
            case .binary(let op, let l, let r, _):
                guard op.isArithmeticOnNumbers || op.isComparison else { return false }
                return check(l) && check(r)
            case .ifElse(let condition, let thenBlock, let otherwise):
                guard case .binary(let op, _, _, _) = condition.kind, op.isComparison, check(condition),
                      thenBlock.count == 1, case .expression(let a) = thenBlock[0],
                      let otherwise, otherwise.count == 1, case .expression(let b) = otherwise[0] else { return false }
                return check(a) && check(b)
            case .call(let call):
                guard numberCallTarget(call, functions: functions, numberFunctions: numberFunctions) != nil else { return false }
                return call.arguments.allSatisfy(check)
            default:
                return false
            }
        }
        // A comparison is only a number tree as an `if` condition (its value is a bool).
        if case .binary(let op, _, _, _) = e.kind, op.isComparison { return false }
        return check(e)
    }

    /// The name of the number function `call` calls with all its arguments, unnamed.
    static func numberCallTarget(_ call: ResolvedCall, functions: [String: ResolvedFunction],
                                 numberFunctions: Set<String>) -> String? {
        guard let (name, _) = call.direct, numberFunctions.contains(name), let function = functions[name],
              function.parameterNames.count == call.arguments.count, call.labels.allSatisfy({ $0 == nil }) else { return nil }
        if case .column = call.callee.kind { return nil }
        return name
    }
}

extension BinaryOperator {
    /// `+ - * /`, the operators of number trees.
    var isArithmeticOnNumbers: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide: true
        default: false
        }
    }

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }
}

/// `n + c` (and `n - c`) on a local or an argument, as one operand: the argument of
/// `f(n - 1)` is computed in the call, without a subtree call.
struct StepLeaf<Base: NumberLeaf>: NumberLeaf {
    let base: Base
    let step: Double
    // No check here: a call checks its arguments' finiteness (`NumberCallOne`).
    @inline(__always) func value(_ f: Frame, _ rt: Runtime) -> Double { base.value(f, rt) + step }
}

/// `if a OP b { x } else { y }` in a number tree, specialised per comparison (`T`); the
/// operands are read by a switch (well predicted: each `if` has one shape).
final class NumberIf<T: NumberTest> {
    let left: NumberOperand
    let right: NumberOperand
    let thenValue: NumberOperand
    let elseValue: NumberOperand

    init(left: NumberOperand, right: NumberOperand, thenValue: NumberOperand, elseValue: NumberOperand) {
        self.left = left
        self.right = right
        self.thenValue = thenValue
        self.elseValue = elseValue
    }

    @inline(__always)
    func run(_ f: Frame, _ rt: Runtime) -> Double {
        let x = left.value(f, rt)
        let y = right.value(f, rt)
        if !x.isFinite || !y.isFinite { return .nan }
        return T.test(x, y) ? thenValue.value(f, rt) : elseValue.value(f, rt)
    }
}

/// A call of a number function with one argument (`A`: its operand's kind).
final class NumberCallOne<A: NumberLeaf> {
    let function: StaticFunction
    /// The global slot of the function's name (the call checks its `fn` has run).
    let globalSlot: Int
    let argument: A

    init(function: StaticFunction, globalSlot: Int, argument: A) {
        self.function = function
        self.globalSlot = globalSlot
        self.argument = argument
    }

    @inline(__always)
    func run(_ f: Frame, _ rt: Runtime) -> Double {
        guard let body = function.numberBody, rt.globals.isBound(globalSlot) else { return .nan }
        let x = argument.value(f, rt)
        if !x.isFinite { return .nan }
        return rt.callNumber(body, count: 1, f) { $0.initialize(to: x) }
    }
}

/// A call of a number function with any number of arguments.
final class NumberCallMany {
    let function: StaticFunction
    let globalSlot: Int
    let arguments: [NumberOperand]

    init(function: StaticFunction, globalSlot: Int, arguments: [NumberOperand]) {
        self.function = function
        self.globalSlot = globalSlot
        self.arguments = arguments
    }

    func run(_ f: Frame, _ rt: Runtime) -> Double {
        guard let body = function.numberBody, rt.globals.isBound(globalSlot) else { return .nan }
        let count = arguments.count
        // The arguments are computed into the row above the stack's top, which is taken
        // first: calls among the arguments use the rows above it.
        guard let row = rt.reserveNumberRow(count) else { return .nan }
        defer { rt.releaseNumberRow(row, count) }
        for i in 0..<count {
            let x = arguments[i].value(f, rt)
            if !x.isFinite { return .nan }
            (row + i).initialize(to: x)
        }
        return rt.callNumber(body, row: row, f)
    }
}

/// A direct call of a number function from general code: the arguments are evaluated as
/// values once; when they are all numbers the number path runs, and when its number is
/// not finite (or an argument is not a number) the ordinary direct call runs with the
/// same values.
final class NumberEntrySite {
    let function: StaticFunction
    let globalSlot: Int
    let arguments: [CodeBox]
    let dynamic: Code
    let location: SourceLocation

    init(function: StaticFunction, globalSlot: Int, arguments: [CodeBox], dynamic: @escaping Code, location: SourceLocation) {
        self.function = function
        self.globalSlot = globalSlot
        self.arguments = arguments
        self.dynamic = dynamic
        self.location = location
    }

    /// One argument, without an array of values.
    func runOne(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        guard let code = function.code, function.parameterCount == 1, rt.globals.isBound(globalSlot) else { return try dynamic(f, rt) }
        let value = try arguments[0].run(f, rt)
        if case .number(let x) = value, let body = function.numberBody {
            let z = rt.callNumber(body, count: 1, f) { $0.initialize(to: x) }
            if z.isFinite { return .number(z) }
        }
        return try callDirect(code, given: 1, rt, at: location) { slots in slots.initialize(to: value) }
    }

    func run(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        let count = arguments.count
        guard let code = function.code, function.parameterCount == count, rt.globals.isBound(globalSlot) else { return try dynamic(f, rt) }
        var values: [Value] = []
        values.reserveCapacity(count)
        for box in arguments { values.append(try box.run(f, rt)) }
        if let body = function.numberBody, let row = rt.reserveNumberRow(count) {
            var allNumbers = true
            for i in 0..<count {
                guard case .number(let x) = values[i] else { allNumbers = false; break }
                (row + i).initialize(to: x)
            }
            let z = allNumbers ? rt.callNumber(body, row: row, f) : .nan
            rt.releaseNumberRow(row, count)
            if z.isFinite { return .number(z) }
        }
        return try callDirect(code, given: count, rt, at: location) { slots in
            for i in 0..<count { (slots + i).initialize(to: values[i]) }
        }
    }
}

extension Runtime {
    /// Rows of the number stack: `numberStackCapacity` doubles, allocated with the
    /// runtime; a call that would pass the end says NaN (the general path takes it).
    static let numberStackCapacity = 8192

    /// Takes `count` doubles at the number stack's top; nil when the stack is full.
    @inline(__always)
    func reserveNumberRow(_ count: Int) -> UnsafeMutablePointer<Double>? {
        let top = counters.pointee.numberTop
        guard top &+ count <= Runtime.numberStackCapacity, !counters.pointee.numberPathClosed else { return nil }
        counters.pointee.numberTop = top &+ count
        return numberStack + top
    }

    @inline(__always)
    func releaseNumberRow(_ row: UnsafeMutablePointer<Double>, _ count: Int) {
        counters.pointee.numberTop &-= count
    }

    /// Calls a number function whose `count` arguments `fill` writes at the stack's top.
    @inline(__always)
    func callNumber(_ body: Unmanaged<NumberBody>, count: Int, _ f: Frame, _ fill: (UnsafeMutablePointer<Double>) -> Void) -> Double {
        guard let row = reserveNumberRow(count) else { return .nan }
        fill(row)
        let z = callNumber(body, row: row, f)
        counters.pointee.numberTop &-= count
        return z
    }

    /// Runs a number function on the arguments in `row`: call depth, native stack room
    /// and time limit are checked as for any call (`enterCall`), but a call that may not
    /// go on says NaN instead of throwing; the general path then meets the same limit
    /// and raises its error.
    /// `f`, the caller's frame, is handed on unread (a number function reads only its
    /// arguments, globals and constants).
    @inline(__always)
    func callNumber(_ body: Unmanaged<NumberBody>, row: UnsafeMutablePointer<Double>, _ f: Frame) -> Double {
        let counters = self.counters
        let depth = counters.pointee.depth &+ 1
        let ticks = counters.pointee.ticks &+ 1
        counters.pointee.ticks = ticks
        // The native stack is checked on every eighth call (a number call's frames are
        // small; eight of them fit many times in the reserve below the limit), the
        // execution control at the usual interval.
        if depth > Runtime.maxCallDepth || ticks & 7 == 0 {
            guard numberCallMayGoOn(depth: depth) else { return .nan }
        }
        counters.pointee.depth = depth
        let callerArguments = counters.pointee.numberArguments
        counters.pointee.numberArguments = row
        let z = body._withUnsafeGuaranteedRef { $0.run(f, self) }
        counters.pointee.numberArguments = callerArguments
        counters.pointee.depth = depth &- 1
        return z
    }

    /// Argument `i` of the number function running.
    @inline(__always)
    func numberArgument(_ i: Int) -> Double {
        counters.pointee.numberArguments[i]
    }

    /// The rare part of `callNumber`: false when the call is too deep, the native stack
    /// too low, or the execution control says stop.
    @inline(never)
    func numberCallMayGoOn(depth: Int) -> Bool {
        if depth > Runtime.maxCallDepth { return false }
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        if here < counters.pointee.stackLimit { return false }
        if counters.pointee.ticks & (Runtime.tickInterval - 1) == 0 {
            do throws(Diagnostic) {
                try control.check(at: SourceLocation(file: "", line: 0, column: 0)) // the error is dropped
            } catch {
                // No number call runs again in this cell: the general code, which takes
                // over, must reach its own poll (the number path's calls would otherwise
                // take every polling tick) and raise the error there.
                counters.pointee.numberPathClosed = true
                return false
            }
        }
        return true
    }
}
