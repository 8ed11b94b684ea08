import NotebookFormat
import Tabular

// The hot-path "sites" of generated code: each holds the parts of one specialised
// operation (a name read, a comparison, an assignment, arithmetic, a direct call, an
// `if` on a local) in one object, so the closure that runs it captures a single
// reference. Their shapes are the measured fast paths of docs/PERFORMANCE.md.

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

/// An `if` condition as a closure returning a Swift `Bool`.
typealias Predicate = (Frame, Runtime) throws(Diagnostic) -> Bool

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
        if let v = f[slot] { return v }
        throw unset()
    }

    func outer(_ f: Frame) throws(Diagnostic) -> Value {
        var frame = f
        for _ in 0..<depth {
            guard let parent = frame.parent else { throw Diagnostic.error(.internalError("missing frame for `\(name)`"), at: location) }
            frame = parent
        }
        if let v = frame[slot] { return v }
        throw unset()
    }

    @inline(__always)
    func global(_ rt: Runtime) throws(Diagnostic) -> Value {
        if let v = rt.globals[slot] { return v }
        throw unsetGlobal()
    }

    @inline(never)
    func unset() -> Diagnostic {
        .error(.noValueHere(name, failedCell: false), at: location)
    }

    @inline(never)
    func unsetGlobal() -> Diagnostic {
        .error(.noValueHere(name, failedCell: true), at: location)
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
        if case .number(let x)? = f[slot] { return .bool(T.test(x, constant)) }
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
        f[slot] = try value(f, rt)
        return .null
    }

    @inline(__always)
    func runGlobal(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        rt.globals[slot] = try value(f, rt)
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
        guard let function = known.code, known.parameterCount >= 1, rt.globals.isBound(globalSlot) else { return try dynamic(f, rt) }
        let value = try argument(f, rt)
        return try callDirect(function, given: 1, rt, at: location) { slots in slots.initialize(to: value) }
    }

    /// `f(n - 1)`: the argument is computed here, without a closure call.
    @inline(__always)
    func runLocalStep(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        guard let function = known.code, known.parameterCount >= 1, rt.globals.isBound(globalSlot) else { return try dynamic(f, rt) }
        if case .number(let x)? = f[local] {
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
    let condition: Predicate
    let thenCode: Code
    let elseCode: Code
    /// The then-block is just this local.
    let thenLocal: Int?

    init(slot: Int, constant: Double, condition: @escaping Predicate, thenCode: @escaping Code, elseCode: @escaping Code,
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
        if case .number(let x)? = f[slot] { test = T.test(x, constant) } else { test = try condition(f, rt) }
        guard test else { return try elseCode(f, rt) }
        if let thenLocal {
            // A number is rebuilt rather than copied (no outlined copy call).
            if case .number(let x)? = f[thenLocal] { return .number(x) }
            if let v = f[thenLocal] { return v }
        }
        return try thenCode(f, rt)
    }
}

// MARK: Number trees

/// Arithmetic over numbers only, as a closure returning a Swift `Double`: no `Value` is
/// built, copied or tested between the operators. A number that is not finite (NaN, or
/// an infinity) means "not this path": an operand that is not a number (or not set), a
/// result too large, a division by zero. The caller then runs the general code for the same expression, which gives the value
/// or the error the language defines. Safe because such trees have no side effects: they
/// read names and constants, compare, and call number functions (NumberFunctions.swift),
/// nothing else. (One concrete closure type for every tree: a closure type over a generic
/// parameter would be called through a reabstraction thunk.)
typealias NumberCode = (Frame, Runtime) -> Double

/// An operand of a number tree: read in place, or a subtree.
enum NumberOperand {
    case local(Int)
    /// An argument of the number function running (NumberFunctions.swift).
    case argument(Int)
    case global(Int)
    case constant(Double)
    case tree(NumberCode)

    /// The operand's number, by a switch (for nodes not specialised per operand kind).
    @inline(__always)
    func value(_ f: Frame, _ rt: Runtime) -> Double {
        switch self {
        case .local(let slot): f.number(at: slot)
        case .argument(let i): rt.numberArgument(i)
        case .global(let slot): rt.globals.number(at: slot)
        case .constant(let x): x
        case .tree(let code): code(f, rt)
        }
    }
}

/// An operand's kind as a type, so each tree node is specialised for the kinds of its
/// two operands (`NumberNode<Op, L, R>`): a node reads its operands without a switch.
protocol NumberLeaf {
    func value(_ f: Frame, _ rt: Runtime) -> Double
    /// Whether reading this operand calls a subtree (see `NumberNode.run`).
    static var isTree: Bool { get }
}

extension NumberLeaf {
    static var isTree: Bool { false }
}

struct LocalLeaf: NumberLeaf {
    let slot: Int
    @inline(__always) func value(_ f: Frame, _ rt: Runtime) -> Double { f.number(at: slot) }
}

struct ArgumentLeaf: NumberLeaf {
    let index: Int
    @inline(__always) func value(_ f: Frame, _ rt: Runtime) -> Double { rt.numberArgument(index) }
}

struct GlobalLeaf: NumberLeaf {
    let slot: Int
    @inline(__always) func value(_ f: Frame, _ rt: Runtime) -> Double { rt.globals.number(at: slot) }
}

struct ConstantLeaf: NumberLeaf {
    let x: Double
    @inline(__always) func value(_ f: Frame, _ rt: Runtime) -> Double { x }
}

struct TreeLeaf: NumberLeaf {
    let code: NumberCode
    @inline(__always) func value(_ f: Frame, _ rt: Runtime) -> Double { code(f, rt) }
    static var isTree: Bool { true }
}

/// `+ - * /` as types, so each tree node's closure is specialised per operator. Each
/// gives the same number as `Operators.scalar` or, where that raises an error, a number
/// that is not finite. `+ - *` keep an infinity or NaN not finite (none of them turns one
/// into a finite number), so a tree is checked once, where its number is used: at its
/// root, at a comparison, at a call's argument; `/` checks its operands.
protocol NumberOperation {
    static func apply(_ x: Double, _ y: Double) -> Double
}

enum NumberAdd: NumberOperation {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x + y }
}
enum NumberSubtract: NumberOperation {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x - y }
}
enum NumberMultiply: NumberOperation {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x * y }
}
enum NumberDivide: NumberOperation {
    /// Checks its operands itself: `x / inf` is finite, so an overflow below would not
    /// reach the root.
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double {
        guard y != 0, x.isFinite, y.isFinite else { return .nan }
        return x / y
    }
}

/// One operator node of a number tree, specialised per operator and operand kinds; one
/// captured reference.
final class NumberNode<Op: NumberOperation, L: NumberLeaf, R: NumberLeaf> {
    let left: L
    let right: R

    init(left: L, right: R) {
        self.left = left
        self.right = right
    }

    @inline(__always)
    func run(_ f: Frame, _ rt: Runtime) -> Double {
        // A subtree on the right runs first, then the plain operand on the left is read:
        // in `acc = acc + i * 2` the read of `acc` (the loop's dependency chain) then waits
        // for no call and is not spilled across one. Trees have no side effects, so the
        // order changes nothing else.
        if R.isTree && !L.isTree {
            let y = right.value(f, rt)
            return Op.apply(left.value(f, rt), y)
        }
        let x = left.value(f, rt)
        // Two subtrees: once the first says "not finite" the second is not run. A number call that
        // may not go on (time limit, depth) thus ends the whole tree at once.
        if L.isTree && R.isTree && !x.isFinite { return .nan }
        return Op.apply(x, right.value(f, rt))
    }
}

/// A number tree as an expression: its number, or the general code's value when the tree
/// gives a number that is not finite.
final class NumberExpressionSite {
    let tree: NumberCode
    let general: Code

    init(tree: @escaping NumberCode, general: @escaping Code) {
        self.tree = tree
        self.general = general
    }

    @inline(__always)
    func run(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        let z = tree(f, rt)
        if z.isFinite { return .number(z) }
        return try general(f, rt)
    }
}

/// `name = tree` as a statement: the number is written into the slot in place (a number
/// there is overwritten without the destroy call), or the general assignment runs.
final class NumberAssignSite {
    let tree: NumberCode
    let general: Code
    let slot: Int

    init(tree: @escaping NumberCode, general: @escaping Code, slot: Int) {
        self.tree = tree
        self.general = general
        self.slot = slot
    }

    @inline(__always)
    func runLocal(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        let z = tree(f, rt)
        if !z.isFinite { return try general(f, rt) }
        f.setNumber(z, at: slot)
        return .null
    }

    @inline(__always)
    func runGlobal(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        let z = tree(f, rt)
        if !z.isFinite { return try general(f, rt) }
        rt.globals.setNumber(z, at: slot)
        return .null
    }
}

/// `-x` in a number tree.
final class NumberNegation<L: NumberLeaf> {
    let operand: L

    init(operand: L) {
        self.operand = operand
    }

    @inline(__always)
    func run(_ f: Frame, _ rt: Runtime) -> Double {
        -operand.value(f, rt)
    }
}

/// `for i in a..b { name = tree }`: a counted loop whose body is one number assignment
/// runs the tree in the loop itself (no body closure per turn); a turn whose tree gives
/// a number that is not finite runs the body's general code instead. One captured reference.
final class NumberLoopSite {
    let counter: AssignTarget
    let target: AssignTarget
    let tree: NumberCode
    /// The body as compiled normally (the assignment with its own fallback).
    let body: Code
    let low: Code
    let high: Code
    let rangeLocation: SourceLocation
    let location: SourceLocation

    init(counter: AssignTarget, target: AssignTarget, tree: @escaping NumberCode, body: @escaping Code,
         low: @escaping Code, high: @escaping Code, rangeLocation: SourceLocation, location: SourceLocation) {
        self.counter = counter
        self.target = target
        self.tree = tree
        self.body = body
        self.low = low
        self.high = high
        self.rangeLocation = rangeLocation
        self.location = location
    }

    func run(_ f: Frame, _ rt: Runtime) throws(Diagnostic) -> Value {
        let (a, b) = try Operators.rangeBounds(try low(f, rt), try high(f, rt), at: rangeLocation)
        if a > b { return .null }
        let counterFrame = counter.global ? rt.globals : f
        let targetFrame = target.global ? rt.globals : f
        let counterSlot = counter.slot, targetSlot = target.slot
        // After this loop wrote a number into a slot, the slot holds a number until the
        // body's general code runs (the tree and the time check write nothing): then the
        // next number is stored without looking at the slot first.
        var numbersInPlace = false
        // The turns run in runs that end where the execution control is due: the ticks
        // of a run are counted once, after it (the same polls as a tick per turn).
        var i = a
        while true {
            let room = rt.ticksBeforePoll
            // `last` without overflow: `b - i` cannot overflow, as `i <= b`.
            let last = b - i < room ? b : i + (room - 1)
            for k in i...last {
                if numbersInPlace {
                    counterFrame.overwriteNumber(Double(k), at: counterSlot)
                } else {
                    counterFrame.setNumber(Double(k), at: counterSlot)
                }
                let z = tree(f, rt)
                if !z.isFinite {
                    _ = try body(f, rt)
                    numbersInPlace = false
                } else if numbersInPlace {
                    targetFrame.overwriteNumber(z, at: targetSlot)
                } else {
                    targetFrame.setNumber(z, at: targetSlot)
                    numbersInPlace = true
                }
            }
            try rt.tick(count: last - i + 1, at: location)
            if last == b { break }
            i = last + 1
        }
        return .null
    }
}
