import NotebookFormat
import Tabular
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The largest list the language builds (SPEC §2); checked before allocating.
let maxListLength = 100_000_000

func checkLength(_ n: Double, at location: SourceLocation, what: String) throws(Diagnostic) {
    if n > Double(maxListLength) {
        throw Diagnostic.error(.tooManyElements(what, n), at: location)
    }
}

/// Asks the kernel to back a large new buffer with huge pages before it is written:
/// one page fault per 2 MiB instead of per 4 KiB (what numpy does for big arrays).
@inline(__always)
func adviseHugePages<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
    #if os(Linux)
    let bytes = buffer.count * MemoryLayout<T>.stride
    guard bytes >= 8 << 20, let base = buffer.baseAddress else { return }
    let huge = 2 << 20
    let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
    let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
    if end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) {
        _ = madvise(pointer, end - start, 14) // MADV_HUGEPAGE
    }
    #endif
}

/// Sets bit 63 of the result when `x` is NaN or ±infinity, without a branch, so the
/// finiteness check folds into vector loops.
@inline(__always)
func nonFiniteBit(_ x: Double) -> UInt64 {
    ((x.bitPattern & 0x7FF0_0000_0000_0000) &+ 0x0010_0000_0000_0000) & 0x8000_0000_0000_0000
}

/// Operator semantics (SPEC §2): element-wise over lists with scalar broadcast, null
/// propagation, and an error instead of NaN, infinity or a type mix-up.
enum Operators {
    // MARK: Scalars

    @inline(__always)
    static func scalar(_ op: BinaryOperator, _ x: Double, _ y: Double, at location: SourceLocation) throws(Diagnostic) -> Double {
        let r: Double
        switch op {
        case .add: r = x + y
        case .subtract: r = x - y
        case .multiply: r = x * y
        case .divide:
            if y == 0 { throw divisionByZero(x, at: location) }
            r = x / y
        case .power: r = pow(x, y)
        default: r = .nan
        }
        if !r.isFinite { throw nonFinite(op, x, y, at: location) }
        return r
    }

    static func divisionByZero(_ x: Double, at location: SourceLocation) -> Diagnostic {
        .error(.divisionByZero("\(NumberFormat.general(x)) / 0"), at: location)
    }

    static func nonFinite(_ op: BinaryOperator, _ x: Double, _ y: Double, at location: SourceLocation) -> Diagnostic {
        let text = "\(NumberFormat.general(x)) \(op.rawValue) \(NumberFormat.general(y))"
        if op == .divide, y == 0 { return divisionByZero(x, at: location) }
        let result = x.isNaN || y.isNaN ? "not a number" : (op == .power && x < 0 ? "not a real number" : "too large to represent")
        return .error(.nonFiniteResult(text, result), at: location)
    }

    // MARK: Arithmetic

    static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceLocation) throws(Diagnostic) -> Value {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return .number(try scalar(op, x, y, at: location))
        case (.null, .number), (.number, .null), (.null, .null):
            return .null
        case (.date(let x), .date(let y)) where op == .subtract:
            return .number(Double(Int(x) - Int(y)))
        case (.null, .date), (.date, .null):
            guard op == .subtract || op == .add else { break }
            return .null
        case (.list(let l), .list(let r)) where op == .subtract && l.isDates && r.isDates:
            guard l.count == r.count else {
                throw Diagnostic.error(.differentLengths(l.count, r.count, in: op.rawValue), at: location)
            }
            return .list(dayDifferences(l, r))
        case (.list(let l), .date), (.date, .list(let l)):
            if op == .subtract, l.isDates { return .list(dayDifferences(a.asDates(count: l.count), b.asDates(count: l.count))) }
        case (.string(let x), .string(let y)) where op == .add:
            return .string(x + y)
        case (.list(let l), .list(let r)):
            guard l.count == r.count else {
                throw Diagnostic.error(.differentLengths(l.count, r.count, in: op.rawValue), at: location)
            }
            if let ln = l.numeric, let rn = r.numeric {
                return .list(try vector(op, ln.values, ln.nulls, rn.values, rn.nulls, scalarLeft: nil, scalarRight: nil, at: location))
            }
            return .list(List(try (0..<l.count).map { i throws(Diagnostic) in try arithmetic(op, l[i], r[i], at: location) }))
        case (.list(let l), .number(let y)):
            if let ln = l.numeric {
                return .list(try vector(op, ln.values, ln.nulls, [], nil, scalarLeft: nil, scalarRight: y, at: location))
            }
            return .list(List(try l.elements.map { e throws(Diagnostic) in try arithmetic(op, e, b, at: location) }))
        case (.number(let x), .list(let r)):
            if let rn = r.numeric {
                return .list(try vector(op, [], nil, rn.values, rn.nulls, scalarLeft: x, scalarRight: nil, at: location))
            }
            return .list(List(try r.elements.map { e throws(Diagnostic) in try arithmetic(op, a, e, at: location) }))
        case (.list(let l), _) where b.isScalar:
            return .list(List(try l.elements.map { e throws(Diagnostic) in try arithmetic(op, e, b, at: location) }))
        case (_, .list(let r)) where a.isScalar:
            return .list(List(try r.elements.map { e throws(Diagnostic) in try arithmetic(op, a, e, at: location) }))
        default:
            break
        }
        return try arithmeticMismatch(op, a, b, at: location)
    }

    /// `b - a` between dates of two lists (or a list and a date): days, as numbers.
    static func dayDifferences(_ l: List, _ r: List) -> List {
        guard case .dates(let x, let xn) = l, case .dates(let y, let yn) = r else { return .values([]) }  // safe: callers check
        return .numbers((0..<x.count).map { Double(Int(x[$0]) - Int(y[$0])) }, nulls: mergeMasks(xn, yn, count: x.count))
    }

    /// The error for operands `op` does not take (after the element-wise cases).
    static func arithmeticMismatch(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceLocation) throws(Diagnostic) -> Value {
        switch (a, b) {
        case (.list(let l), _) where b.isScalar:
            return .list(List(try l.elements.map { e throws(Diagnostic) in try arithmetic(op, e, b, at: location) }))
        case (_, .list(let r)) where a.isScalar:
            return .list(List(try r.elements.map { e throws(Diagnostic) in try arithmetic(op, a, e, at: location) }))
        default:
            if a.typeName == "date" || b.typeName == "date" {
                throw Diagnostic.error(.dateArithmetic(op.rawValue, a.typeName, b.typeName), at: location)
            }
            if op == .add, case .string = a, !b.isNull {
                throw Diagnostic.error(.cannotConcatenate(b.typeName, stringFirst: true), at: location)
            }
            if op == .add, case .string = b, !a.isNull {
                throw Diagnostic.error(.cannotConcatenate(a.typeName, stringFirst: false), at: location)
            }
            throw Diagnostic.error(.operatorNeedsNumbers(op.rawValue, a.typeName, b.typeName), at: location)
        }
    }

    /// The element-wise kernel: one tight loop per operator, the non-finite check folded
    /// in as a bit-or; the slow search for the offending element only runs on failure.
    static func vector(_ op: BinaryOperator, _ a: [Double], _ an: [Bool]?, _ b: [Double], _ bn: [Bool]?,
                       scalarLeft: Double?, scalarRight: Double?, at location: SourceLocation) throws(Diagnostic) -> List {
        let n = scalarLeft == nil ? a.count : b.count
        var out = [Double](repeating: 0, count: 0)
        let bad: UInt64 = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                var flag: UInt64 = 0
                out = [Double](unsafeUninitializedCapacity: n) { buffer, count in
                    adviseHugePages(buffer)
                    switch op {
                    case .add: flag = kernel(pa, pb, scalarLeft, scalarRight, buffer, n) { $0 + $1 }
                    case .subtract: flag = kernel(pa, pb, scalarLeft, scalarRight, buffer, n) { $0 - $1 }
                    case .multiply: flag = kernel(pa, pb, scalarLeft, scalarRight, buffer, n) { $0 * $1 }
                    case .divide: flag = kernel(pa, pb, scalarLeft, scalarRight, buffer, n) { $0 / $1 }
                    default: flag = kernel(pa, pb, scalarLeft, scalarRight, buffer, n) { pow($0, $1) }
                    }
                    count = n
                }
                return flag
            }
        }
        let nulls = mergeMasks(an, bn, count: n)
        if bad != 0 {
            for i in 0..<n where !out[i].isFinite && !(nulls?[i] ?? false) {
                let x = scalarLeft ?? a[i], y = scalarRight ?? b[i]
                var diagnostic = nonFinite(op, x, y, at: location)
                diagnostic.message += " at element \(i)"
                throw diagnostic
            }
        }
        return .numbers(out, nulls: nulls)
    }

    /// One loop per operand shape; `f` is inlined, the finiteness flag is a bit-or.
    @inline(__always)
    static func kernel(_ pa: UnsafeBufferPointer<Double>, _ pb: UnsafeBufferPointer<Double>, _ scalarLeft: Double?, _ scalarRight: Double?,
                       _ out: UnsafeMutableBufferPointer<Double>, _ n: Int, _ f: (Double, Double) -> Double) -> UInt64 {
        var bad: UInt64 = 0
        if let x = scalarLeft {
            for i in 0..<n { let r = f(x, pb[i]); out[i] = r; bad |= nonFiniteBit(r) }
        } else if let y = scalarRight {
            for i in 0..<n { let r = f(pa[i], y); out[i] = r; bad |= nonFiniteBit(r) }
        } else {
            for i in 0..<n { let r = f(pa[i], pb[i]); out[i] = r; bad |= nonFiniteBit(r) }
        }
        return bad
    }

    static func mergeMasks(_ a: [Bool]?, _ b: [Bool]?, count: Int) -> [Bool]? {
        switch (a, b) {
        case (nil, nil): return nil
        case (let m?, nil), (nil, let m?): return m
        case (let x?, let y?): return normalized((0..<count).map { x[$0] || y[$0] })
        }
    }

    // MARK: Comparison

    static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceLocation) throws(Diagnostic) -> Value {
        switch (a, b) {
        case (.number(let x), .number(let y)): return .bool(compareScalars(op, x, y))
        case (.null, _) where b.isScalar, (_, .null) where a.isScalar: return .null
        case (.string(let x), .string(let y)): return .bool(compareScalars(op, x, y))
        case (.date(let x), .date(let y)): return .bool(compareScalars(op, x, y))
        case (.list(.dates(let x, let xn)), .list(.dates(let y, let yn))) where x.count == y.count:
            return .list(.bools(compareVectors(op, x.map(Double.init), y.map(Double.init)), nulls: mergeMasks(xn, yn, count: x.count)))
        case (.list(.dates(let x, let xn)), .date(let y)):
            return .list(.bools(compareVectorScalar(op, x.map(Double.init), Double(y)), nulls: xn))
        case (.date(let x), .list(.dates(let y, let yn))):
            return .list(.bools(compareVectorScalar(op.flipped, y.map(Double.init), Double(x)), nulls: yn))
        case (.bool(let x), .bool(let y)):
            guard op == .equal || op == .notEqual else {
                throw Diagnostic.error(.cannotOrderBools(op.rawValue), at: location)
            }
            return .bool((x == y) == (op == .equal))
        case (.list(let l), .list(let r)):
            guard l.count == r.count else {
                throw Diagnostic.error(.differentLengths(l.count, r.count, in: op.rawValue), at: location)
            }
            if case .numbers(let x, let xn) = l, case .numbers(let y, let yn) = r {
                return .list(.bools(compareVectors(op, x, y), nulls: mergeMasks(xn, yn, count: x.count)))
            }
            return .list(List(try (0..<l.count).map { i throws(Diagnostic) in try compare(op, l[i], r[i], at: location) }))
        case (.list(let l), .number(let y)):
            if case .numbers(let x, let xn) = l {
                return .list(.bools(compareVectorScalar(op, x, y), nulls: xn))
            }
            return .list(List(try l.elements.map { e throws(Diagnostic) in try compare(op, e, b, at: location) }))
        case (.number(let x), .list(let r)):
            if case .numbers(let y, let yn) = r {
                return .list(.bools(compareVectorScalar(op.flipped, y, x), nulls: yn))
            }
            return .list(List(try r.elements.map { e throws(Diagnostic) in try compare(op, a, e, at: location) }))
        case (.list(let l), _) where b.isScalar:
            return .list(List(try l.elements.map { e throws(Diagnostic) in try compare(op, e, b, at: location) }))
        case (_, .list(let r)) where a.isScalar:
            return .list(List(try r.elements.map { e throws(Diagnostic) in try compare(op, a, e, at: location) }))
        default:
            if case .date = a, case .string = b { throw Diagnostic.error(.dateWithString(op.rawValue), at: location) }
            if case .string = a, case .date = b { throw Diagnostic.error(.dateWithString(op.rawValue), at: location) }
            let hint = (op == .equal || op == .notEqual) ? " (use `equal(a, b)` to compare whole values)" : ""
            throw Diagnostic.error(.cannotCompare(a.typeName, b.typeName, op.rawValue, hint: hint), at: location)
        }
    }

    @inline(__always)
    static func compareScalars<T: Comparable>(_ op: BinaryOperator, _ x: T, _ y: T) -> Bool {
        switch op {
        case .equal: x == y
        case .notEqual: x != y
        case .less: x < y
        case .lessEqual: x <= y
        case .greater: x > y
        default: x >= y
        }
    }

    static func compareVectors(_ op: BinaryOperator, _ x: [Double], _ y: [Double]) -> [Bool] {
        let n = x.count
        return [Bool](unsafeUninitializedCapacity: n) { out, count in
            switch op {
            case .equal: for i in 0..<n { out[i] = x[i] == y[i] }
            case .notEqual: for i in 0..<n { out[i] = x[i] != y[i] }
            case .less: for i in 0..<n { out[i] = x[i] < y[i] }
            case .lessEqual: for i in 0..<n { out[i] = x[i] <= y[i] }
            case .greater: for i in 0..<n { out[i] = x[i] > y[i] }
            default: for i in 0..<n { out[i] = x[i] >= y[i] }
            }
            count = n
        }
    }

    static func compareVectorScalar(_ op: BinaryOperator, _ x: [Double], _ y: Double) -> [Bool] {
        let n = x.count
        return [Bool](unsafeUninitializedCapacity: n) { out, count in
            switch op {
            case .equal: for i in 0..<n { out[i] = x[i] == y }
            case .notEqual: for i in 0..<n { out[i] = x[i] != y }
            case .less: for i in 0..<n { out[i] = x[i] < y }
            case .lessEqual: for i in 0..<n { out[i] = x[i] <= y }
            case .greater: for i in 0..<n { out[i] = x[i] > y }
            default: for i in 0..<n { out[i] = x[i] >= y }
            }
            count = n
        }
    }

    // MARK: Logic

    /// `and`/`or` once both sides are known (the compiler short-circuits scalar bools).
    static func logical(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceLocation) throws(Diagnostic) -> Value {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return .bool(op == .and ? (x && y) : (x || y))
        case (.null, .bool), (.bool, .null), (.null, .null): return .null
        case (.list(let l), .list(let r)):
            guard l.count == r.count else {
                throw Diagnostic.error(.differentLengths(l.count, r.count, in: op.rawValue), at: location)
            }
            if case .bools(let x, let xn) = l, case .bools(let y, let yn) = r {
                let out = op == .and ? zip(x, y).map { $0 && $1 } : zip(x, y).map { $0 || $1 }
                return .list(.bools(out, nulls: mergeMasks(xn, yn, count: x.count)))
            }
            return .list(List(try (0..<l.count).map { i throws(Diagnostic) in try logical(op, l[i], r[i], at: location) }))
        case (.list(let l), .bool), (.list(let l), .null):
            return .list(List(try l.elements.map { e throws(Diagnostic) in try logical(op, e, b, at: location) }))
        case (.bool, .list(let r)), (.null, .list(let r)):
            return .list(List(try r.elements.map { e throws(Diagnostic) in try logical(op, a, e, at: location) }))
        default:
            throw Diagnostic.error(.operatorNeedsBools(op.rawValue, a.typeName, b.typeName), at: location)
        }
    }

    static func not(_ a: Value, at location: SourceLocation) throws(Diagnostic) -> Value {
        switch a {
        case .bool(let x): return .bool(!x)
        case .null: return .null
        case .list(.bools(let v, let nulls)): return .list(.bools(v.map { !$0 }, nulls: nulls))
        case .list(let l) where l.elements.allSatisfy({ if case .bool = $0 { true } else { $0.isNull } }):
            return .list(List(try l.elements.map { e throws(Diagnostic) in try not(e, at: location) }))
        default:
            throw Diagnostic.error(.notNeedsBool(a.typeName), at: location)
        }
    }

    static func negate(_ a: Value, at location: SourceLocation) throws(Diagnostic) -> Value {
        switch a {
        case .number(let x): return .number(-x)
        case .null: return .null
        case .list(let l):
            if let n = l.numeric { return .list(.numbers(n.values.map { -$0 }, nulls: n.nulls)) }
            throw Diagnostic.error(.needsNumbers("-", holds: l), at: location)
        default:
            throw Diagnostic.error(.negateNeedsNumber(a.typeName), at: location)
        }
    }

    // MARK: Range

    static func range(_ a: Value, _ b: Value, at location: SourceLocation, control: ExecutionControl) throws(Diagnostic) -> Value {
        let (low, high) = try rangeBounds(a, b, at: location)
        if low > high { return .list(.numbers([], nulls: nil)) }
        try checkLength(Double(high) - Double(low) + 1, at: location, what: "the range", control: control)
        return .list(.numbers((low...high).map(Double.init), nulls: nil))
    }

    static func rangeBounds(_ a: Value, _ b: Value, at location: SourceLocation) throws(Diagnostic) -> (Int, Int) {
        guard case .number(let x) = a, case .number(let y) = b else {
            throw Diagnostic.error(.rangeNeedsNumbers(a.typeName, b.typeName), at: location)
        }
        guard x.rounded() == x, y.rounded() == y, abs(x) < 9e15, abs(y) < 9e15 else {
            throw Diagnostic.error(.rangeNeedsWholeNumbers(x, y), at: location)
        }
        return (Int(x), Int(y))
    }
}

extension BinaryOperator {
    /// The operator with its operands swapped (`a < b` is `b > a`).
    var flipped: BinaryOperator {
        switch self {
        case .less: .greater
        case .lessEqual: .greaterEqual
        case .greater: .less
        case .greaterEqual: .lessEqual
        default: self
        }
    }
}

extension Value {
    var isScalar: Bool {
        switch self {
        case .null, .number, .bool, .string, .date: true
        default: false
        }
    }
}
