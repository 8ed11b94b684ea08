import NotebookFormat
import Tabular
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A number default; its docs text does not depend on the number formatter.
private func number(_ x: Double) -> ParameterDefault {
    .value(.number(x), text: x.rounded() == x && abs(x) < 1e15 ? String(Int(x)) : "\(x)")
}

/// Applies a scalar function to a number, each number of a list (nulls stay null), or null.
func mapNumbers(_ args: Arguments, _ i: Int, _ f: (Double) throws(Diagnostic) -> Double) throws(Diagnostic) -> Value {
    let v = try args.value(i)
    func checked(_ x: Double) throws(Diagnostic) -> Double {
        let r = try f(x)
        guard r.isFinite else {
            throw args.error(i, .notFinite(for: x))
        }
        return r
    }
    switch v {
    case .number(let x): return .number(try checked(x))
    case .null: return .null
    case .list(let list):
        guard let (values, nulls) = list.numeric else {
            throw args.error(i, .numberOrNumbersHolds(args.builtin.parameters[i].name, describeElements(list)))
        }
        var out = [Double](repeating: 0, count: values.count)
        for k in 0..<values.count where !(nulls?[k] ?? false) { out[k] = try checked(values[k]) }
        return .list(.numbers(out, nulls: nulls))
    default:
        throw args.typeError(i, expected: "a number or a list of numbers", got: v)
    }
}

/// Element-wise over two arguments with broadcast (pow, mod).
func zipNumbers(_ args: Arguments, _ f: (Double, Double) throws(Diagnostic) -> Double) throws(Diagnostic) -> Value {
    let a = try args.value(0), b = try args.value(1)
    func one(_ x: Value, _ y: Value) throws(Diagnostic) -> Value {
        switch (x, y) {
        case (.number(let u), .number(let w)):
            let r = try f(u, w)
            guard r.isFinite else { throw args.callError(.notFiniteFor(u, w)) }
            return .number(r)
        case (.null, .number), (.number, .null), (.null, .null): return .null
        default: throw args.callError(.needsTwoNumbers(x.typeName, y.typeName))
        }
    }
    switch (a, b) {
    case (.list(let l), .list(let r)):
        guard l.count == r.count else { throw args.callError(.differentLengths(l.count, r.count)) }
        return .list(List(try (0..<l.count).map { k throws(Diagnostic) in try one(l[k], r[k]) }))
    case (.list(let l), _): return .list(List(try l.elements.map { e throws(Diagnostic) in try one(e, b) }))
    case (_, .list(let r)): return .list(List(try r.elements.map { e throws(Diagnostic) in try one(a, e) }))
    default: return try one(a, b)
    }
}

/// Rounds half away from zero on the shortest decimal text of `x`, as a spreadsheet does
/// (`1.005` → `1.01`); never returns -0.
func roundDecimal(_ x: Double, digits: Int) -> Double {
    NumberFormat.roundHalfAwayFromZero(x, digits: digits)
}

/// The non-null numbers of an aggregate's list argument.
func aggregateInput(_ args: Arguments, _ i: Int = 0) throws(Diagnostic) -> [Double] {
    let v = try args.value(i)
    guard case .list(let list) = v else {
        throw args.typeError(i, expected: "a list", got: v)
    }
    guard let (values, nulls) = list.numeric else {
        throw args.error(i, .needsListOfNumbers(args.builtin.name, holds: list))
    }
    guard let nulls else { return values }
    var out: [Double] = []
    out.reserveCapacity(values.count)
    for k in 0..<values.count where !nulls[k] { out.append(values[k]) }
    return out
}

func checkedSum(_ values: [Double], _ args: Arguments) throws(Diagnostic) -> Double {
    // Compensated, as Tabular's grouped kernels: `group(..., s: sum(v))` must not depend
    // on whether the kernel or a per-group evaluation computed it.
    let s = Aggregates.sum(values)
    guard s.isFinite else { throw args.callError(.tooLargeToRepresent("the sum")) }
    return s
}

/// Numbers of `min`/`max`: one list, or several numbers (lists are flattened).
/// `min`/`max`'s values: numbers, or dates (day numbers) when the arguments hold dates.
private enum ExtremaInput {
    case numbers([Double])
    case dates([Int32])
}

/// The non-null values of `min`/`max`'s arguments (scalars and lists, flattened): all
/// numbers or all dates; mixing the two is an error at the first argument of the other kind.
private func extremaInput(_ args: Arguments) throws(Diagnostic) -> ExtremaInput {
    var numbers: [Double] = [], dates: [Int32] = []
    let all = [try args.value(0)] + args.rest
    for (k, v) in all.enumerated() {
        let location = k == 0 ? args.locations[0] : args.restLocations[k - 1]
        let before = (numbers.count, dates.count)
        switch v {
        case .number(let x): numbers.append(x)
        case .date(let d): dates.append(d)
        case .null: break
        case .list(.dates(let values, let nulls)):
            for i in 0..<values.count where !(nulls?[i] ?? false) { dates.append(values[i]) }
        case .list(let list):
            guard let (values, nulls) = list.numeric else {
                throw Diagnostic.error(.needsNumbers(args.builtin.name, holds: list), at: location)
            }
            for i in 0..<values.count where !(nulls?[i] ?? false) { numbers.append(values[i]) }
        default:
            throw Diagnostic.error(.needsNumbersOrLists(args.builtin.name, v.typeName), at: location)
        }
        if (numbers.count > before.0 && !dates.isEmpty) || (dates.count > before.1 && !numbers.isEmpty) {
            throw Diagnostic.error(.extremaMixesNumbersAndDates(args.builtin.name), at: location)
        }
    }
    if !dates.isEmpty { return .dates(dates) }
    guard !numbers.isEmpty else { throw args.callError(.noNumbersToTake(args.builtin.name)) }
    return .numbers(numbers)
}

let mathBuiltins: [Builtin] = [
    Builtin(name: "abs", group: .math, parameters: [p("x")], doc: "Absolute value; element-wise on lists.",
            examples: [("abs(-2.5)", "2.5"), ("abs([-1, 2])", "[1, 2]")]) { args throws(Diagnostic) in
        try mapNumbers(args, 0) { Swift.abs($0) }
    },
    Builtin(name: "sqrt", group: .math, parameters: [p("x")], doc: "Square root; a negative number is an error.",
            examples: [("sqrt(16)", "4")]) { args throws(Diagnostic) in
        try mapNumbers(args, 0) { x throws(Diagnostic) in
            if x < 0 { throw args.error(0, .squareRootOfNegative(x)) }
            return x.squareRoot()
        }
    },
    Builtin(name: "exp", group: .math, parameters: [p("x")], doc: "e raised to `x`.",
            examples: [("exp(0)", "1")]) { args throws(Diagnostic) in
        try mapNumbers(args, 0) { Glibc_exp($0) }
    },
    Builtin(name: "log", group: .math, parameters: [p("x")], doc: "Natural logarithm; `x` must be positive.",
            examples: [("log(1)", "0")]) { args throws(Diagnostic) in
        try mapNumbers(args, 0) { x throws(Diagnostic) in
            if x <= 0 { throw args.error(0, .logarithmOfNonPositive(x)) }
            return Glibc_log(x)
        }
    },
    Builtin(name: "log10", group: .math, parameters: [p("x")], doc: "Base-10 logarithm; `x` must be positive.",
            examples: [("log10(1000)", "3")]) { args throws(Diagnostic) in
        try mapNumbers(args, 0) { x throws(Diagnostic) in
            if x <= 0 { throw args.error(0, .logarithmOfNonPositive(x)) }
            return Glibc_log10(x)
        }
    },
    Builtin(name: "floor", group: .math, parameters: [p("x")], doc: "Largest whole number not above `x`.",
            examples: [("floor(-2.5)", "-3")]) { args throws(Diagnostic) in
        try mapNumbers(args, 0) { $0.rounded(.down) }
    },
    Builtin(name: "ceil", group: .math, parameters: [p("x")], doc: "Smallest whole number not below `x`.",
            examples: [("ceil(2.1)", "3")]) { args throws(Diagnostic) in
        try mapNumbers(args, 0) { $0.rounded(.up) }
    },
    Builtin(name: "round", group: .math, parameters: [p("x"), p("digits", number(0))],
            doc: "Rounds half away from zero on the shortest decimal text of `x`, as a spreadsheet does; negative `digits` round to tens, hundreds, ...",
            examples: [("round(2.5)", "3"), ("round(-2.5)", "-3"), ("round(1.005, 2)", "1.01"), ("round(1234, -2)", "1200")]) { args throws(Diagnostic) in
        let digits = try args.integer(1, in: -308...308)
        return try mapNumbers(args, 0) { roundDecimal($0, digits: digits) }
    },
    Builtin(name: "min", group: .math, parameters: [p("xs")], variadic: p("more"),
            doc: "Smallest number of a list, or of several arguments (lists are flattened, nulls skipped); of dates, the earliest date.",
            examples: [("min([3, 1, 2])", "1"), ("min(4, 2, 8)", "2"),
                       ("min([date(\"2025-12-26\"), null, date(\"2024-12-27\")])", "date(\"2024-12-27\")")]) { args throws(Diagnostic) in
        switch try extremaInput(args) {
        case .numbers(let v): .number(v.min() ?? 0)
        case .dates(let v): .date(v.min() ?? 0)
        }
    },
    Builtin(name: "max", group: .math, parameters: [p("xs")], variadic: p("more"),
            doc: "Largest number of a list, or of several arguments (lists are flattened, nulls skipped); of dates, the latest date.",
            examples: [("max([3, 1, 2])", "3"), ("max(4, 2, 8)", "8"),
                       ("max(date(\"2024-04-01\"), date(2025, 3, 31))", "date(\"2025-03-31\")")]) { args throws(Diagnostic) in
        switch try extremaInput(args) {
        case .numbers(let v): .number(v.max() ?? 0)
        case .dates(let v): .date(v.max() ?? 0)
        }
    },
    Builtin(name: "pow", group: .math, parameters: [p("a"), p("b")], doc: "`a` raised to `b` (the same as `a ^ b`).",
            examples: [("pow(2, 10)", "1024")]) { args throws(Diagnostic) in
        try zipNumbers(args) { Glibc_pow($0, $1) }
    },
    Builtin(name: "mod", group: .math, parameters: [p("a"), p("b")],
            doc: "Remainder of `a / b` with the sign of `b` (as a spreadsheet's MOD); `b` = 0 is an error.",
            examples: [("mod(7, 3)", "1"), ("mod(-1, 3)", "2")]) { args throws(Diagnostic) in
        try zipNumbers(args) { a, b throws(Diagnostic) in
            if b == 0 { throw args.callError(.divisionByZero("mod \(NumberFormat.general(a)) by 0")) }
            let r = a - b * (a / b).rounded(.down)
            return r
        }
    },
]

let aggregateBuiltins: [Builtin] = [
    Builtin(name: "sum", group: .aggregates, parameters: [p("xs")], doc: "Sum of a list's numbers (nulls skipped; empty is 0).",
            examples: [("sum([1, 2, null, 3])", "6")]) { args throws(Diagnostic) in
        .number(try checkedSum(try aggregateInput(args), args))
    },
    Builtin(name: "mean", group: .aggregates, parameters: [p("xs")], doc: "Arithmetic mean (nulls skipped); an empty list is an error.",
            examples: [("mean([1, 2, 3, null])", "2")]) { args throws(Diagnostic) in
        let values = try aggregateInput(args)
        guard !values.isEmpty else { throw args.callError(.noNumbersToAverage) }
        return .number(try checkedSum(values, args) / Double(values.count))
    },
    Builtin(name: "median", group: .aggregates, parameters: [p("xs")], doc: "Middle value (mean of the two middle ones for an even count; nulls skipped).",
            examples: [("median([3, 1, 4, 2])", "2.5")]) { args throws(Diagnostic) in
        let values = try aggregateInput(args).sorted()
        guard !values.isEmpty else { throw args.callError(.noNumbers) }
        let m = values.count / 2
        return .number(values.count % 2 == 1 ? values[m] : values[m - 1] / 2 + values[m] / 2)
    },
    Builtin(name: "quantile", group: .aggregates, parameters: [p("xs"), p("q")],
            doc: "The `q`-quantile, 0 ≤ q ≤ 1, interpolating linearly between the two nearest ranks (numpy's default, a spreadsheet's PERCENTILE.INC; nulls skipped). `q` may be a list.",
            examples: [("quantile([1, 2, 3, 4, 5], 0.25)", "2"), ("quantile([10, 20], [0, 0.5, 1])", "[10, 15, 20]")]) { args throws(Diagnostic) in
        let values = try aggregateInput(args).sorted()
        guard !values.isEmpty else { throw args.callError(.noNumbers) }
        func at(_ q: Double) throws(Diagnostic) -> Double {
            guard q >= 0, q <= 1 else { throw args.error(1, .quantileOutOfRange(q)) }
            let rank = q * Double(values.count - 1)
            let low = Int(rank.rounded(.down))
            let high = min(low + 1, values.count - 1)
            let fraction = rank - Double(low)
            return fraction == 0 ? values[low] : values[low] + (values[high] - values[low]) * fraction
        }
        switch try args.value(1) {
        case .number(let q):
            return .number(try at(q))
        case .list(let list):
            guard let (qs, nulls) = list.numeric, nulls == nil else {
                throw args.error(1, .quantileType)
            }
            var out: [Double] = []
            out.reserveCapacity(qs.count)
            for q in qs { out.append(try at(q)) }
            return .list(.numbers(out, nulls: nil))
        case let other:
            throw args.typeError(1, expected: "a number or a list of numbers", got: other)
        }
    },
    Builtin(name: "stdev", group: .aggregates, parameters: [p("xs")], doc: "Sample standard deviation (n − 1; nulls skipped); needs two numbers.",
            examples: [("stdev([2, 4, 4, 4, 5, 5, 7, 9])", "2.138089935299395")]) { args throws(Diagnostic) in
        let values = try aggregateInput(args)
        guard values.count >= 2 else { throw args.callError(.stdevNeedsTwo(values.count)) }
        _ = try checkedSum(values, args)
        let r = Aggregates.stdev(values) ?? 0  // safe: two or more values checked above
        guard r.isFinite else { throw args.callError(.tooLargeToRepresent("the result")) }
        return .number(r)
    },
    Builtin(name: "count", group: .aggregates, parameters: [p("xs")], doc: "Number of non-null elements of a list.",
            examples: [("count([1, null, 3])", "2")]) { args throws(Diagnostic) in
        let list = try args.list(0)
        switch list {
        case .numbers(_, let n), .bools(_, let n), .strings(_, let n), .dates(_, let n):
            return .number(Double(list.count - (n?.filter { $0 }.count ?? 0)))
        case .values(let v):
            return .number(Double(v.filter { !$0.isNull }.count))
        }
    },
    Builtin(name: "len", group: .aggregates, parameters: [p("x")], doc: "Length of a list, a string (characters) or a table (rows).",
            examples: [("len([1, null, 3])", "3"), ("len(\"año\")", "3")]) { args throws(Diagnostic) in
        let v = try args.value(0)
        switch v {
        case .list(let l): return .number(Double(l.count))
        case .string(let s): return .number(Double(s.count))
        case .table(let t): return .number(Double(t.rowCount))
        case .record(let r): return .number(Double(r.keys.count))
        default: throw args.typeError(0, expected: "a list, a string or a table", got: v)
        }
    },
]

let seriesBuiltins: [Builtin] = [
    Builtin(name: "seq", group: .series, parameters: [p("from"), p("to"), p("by", number(1))],
            doc: "Numbers from `from` to `to` inclusive, `by` apart (negative `by` counts down).",
            examples: [("seq(1, 5)", "[1, 2, 3, 4, 5]"), ("seq(0, 1, 0.25)", "[0, 0.25, 0.5, 0.75, 1]"), ("seq(3, 1, -1)", "[3, 2, 1]")]) { args throws(Diagnostic) in
        let from = try args.number(0), to = try args.number(1), by = try args.number(2)
        guard by != 0 else { throw args.error(2, .mustNotBeZero("by")) }
        let steps = ((to - from) / by).rounded(.down)
        // A tiny tolerance so that 0..1 by 0.1 includes 1.
        let span = (to - from) / by
        let count = span < 0 ? 0 : (span - steps > 1 - 1e-9 ? steps + 2 : steps + 1)
        try checkLength(count, at: args.location, what: "the sequence", control: args.runtime.control)
        let n = Int(count)
        return .list(.numbers([Double](unsafeUninitializedCapacity: n) { buffer, c in
            adviseHugePages(buffer)
            for k in 0..<n { buffer[k] = from + Double(k) * by }
            c = n
        }, nulls: nil))
    },
    Builtin(name: "linspace", group: .series, parameters: [p("a"), p("b"), p("n")],
            doc: "`n` evenly spaced numbers from `a` to `b` inclusive.",
            examples: [("linspace(0, 1, 5)", "[0, 0.25, 0.5, 0.75, 1]")]) { args throws(Diagnostic) in
        let a = try args.number(0), b = try args.number(1)
        try checkLength(try args.number(2), at: args.locations[2], what: "the list", control: args.runtime.control)
        let n = try args.integer(2, in: 1...Double(maxListLength))
        if n == 1 { return .list(.numbers([a], nulls: nil)) }
        let step = (b - a) / Double(n - 1)
        return .list(.numbers((0..<n).map { k in k == n - 1 ? b : a + Double(k) * step }, nulls: nil))
    },
    Builtin(name: "grow", group: .series, parameters: [p("start"), p("rate"), p("n")],
            doc: "`n` + 1 values `start·(1 + rate)^k` for k = 0…n.",
            examples: [("round(grow(100, 10%, 2), 2)", "[100, 110, 121]")]) { args throws(Diagnostic) in
        let start = try args.number(0), rate = try args.number(1)
        try checkLength(try args.number(2) + 1, at: args.locations[2], what: "the list", control: args.runtime.control)
        let n = try args.integer(2, in: 0...Double(maxListLength - 1))
        var out: [Double] = []
        out.reserveCapacity(n + 1)
        for k in 0...n {
            let v = start * Glibc_pow(1 + rate, Double(k))
            guard v.isFinite else { throw args.callError(.tooLargeToRepresent("the value at step \(k)")) }
            out.append(v)
        }
        return .list(.numbers(out, nulls: nil))
    },
    Builtin(name: "cagr", group: .series, parameters: [p("first"), p("last"), p("periods")],
            doc: "Compound annual growth rate: `(last / first)^(1 / periods) − 1`.",
            examples: [("round(cagr(100, 121, 2), 6)", "0.1")]) { args throws(Diagnostic) in
        let first = try args.number(0), last = try args.number(1), periods = try args.number(2)
        guard first != 0 else { throw args.error(0, .mustNotBeZero("first")) }
        guard periods > 0 else { throw args.error(2, .mustBePositive("periods", periods)) }
        guard last / first >= 0 else { throw args.callError(.sameSignNeeded("first", "last")) }
        let r = Glibc_pow(last / first, 1 / periods) - 1
        guard r.isFinite else { throw args.callError(.resultNotFinite) }
        return .number(r)
    },
    Builtin(name: "cumsum", group: .series, parameters: [p("xs")], doc: "Running total; a null stays null and does not reset the total.",
            examples: [("cumsum([1, 2, 3])", "[1, 3, 6]")]) { args throws(Diagnostic) in
        let (values, nulls) = try args.numbers(0)
        var total = 0.0
        var out = [Double](repeating: 0, count: values.count)
        for k in 0..<values.count where !(nulls?[k] ?? false) {
            total += values[k]
            out[k] = total
        }
        guard total.isFinite else { throw args.callError(.tooLargeToRepresent("the running total")) }
        return .list(.numbers(out, nulls: nulls))
    },
    Builtin(name: "diff", group: .series, parameters: [p("xs")], doc: "Difference to the previous element; the first is null.",
            examples: [("diff([1, 4, 9])", "[null, 3, 5]")]) { args throws(Diagnostic) in
        let (values, nulls) = try args.numbers(0)
        let n = values.count
        var out = [Double](repeating: 0, count: n)
        var mask = [Bool](repeating: false, count: n)
        for k in 0..<n {
            if k == 0 || (nulls?[k] ?? false) || (nulls?[k - 1] ?? false) { mask[k] = true; continue }
            out[k] = values[k] - values[k - 1]
        }
        return .list(.numbers(out, nulls: normalized(mask)))
    },
    Builtin(name: "pct_change", group: .series, parameters: [p("xs")], doc: "Relative change to the previous element (`x[i] / x[i-1] − 1`); the first is null.",
            examples: [("pct_change([100, 110, 99])", "[null, 0.10000000000000009, -0.09999999999999998]")]) { args throws(Diagnostic) in
        let (values, nulls) = try args.numbers(0)
        let n = values.count
        var out = [Double](repeating: 0, count: n)
        var mask = [Bool](repeating: false, count: n)
        for k in 0..<n {
            if k == 0 || (nulls?[k] ?? false) || (nulls?[k - 1] ?? false) { mask[k] = true; continue }
            guard values[k - 1] != 0 else { throw args.error(0, .divisionByZeroElement(k - 1)) }
            out[k] = values[k] / values[k - 1] - 1
        }
        return .list(.numbers(out, nulls: normalized(mask)))
    },
    Builtin(name: "lag", group: .series, parameters: [p("xs"), p("k", number(1))],
            doc: "The list shifted `k` places later, null-padded at the start (negative `k` shifts earlier, padding the end).",
            examples: [("lag([1, 2, 3])", "[null, 1, 2]"), ("lag([1, 2, 3], 2)", "[null, null, 1]")]) { args throws(Diagnostic) in
        let list = try args.list(0)
        let k = try args.integer(1, in: -Double(maxListLength)...Double(maxListLength))
        let n = list.count
        let elements = list.elements
        var out = [Value](repeating: .null, count: n)
        for i in 0..<n {
            let source = i - k
            if source >= 0 && source < n { out[i] = elements[source] }
        }
        if case .values = List(out), list.numeric != nil {
            // Keep a numeric list numeric even when the shift leaves only nulls.
            return .list(.numbers([Double](repeating: 0, count: n), nulls: n == 0 ? nil : out.map(\.isNull)))
        }
        return .list(List(out))
    },
    Builtin(name: "interp", group: .series, parameters: [p("x"), p("xs"), p("ys")],
            doc: "Linear interpolation of `x` (a number or list) in the points (`xs`, `ys`); `xs` must increase and `x` lie within them.",
            examples: [("interp(2.5, [1, 2, 3], [10, 20, 30])", "25")]) { args throws(Diagnostic) in
        let (xs, xn) = try args.numbers(1), (ys, yn) = try args.numbers(2)
        guard xs.count == ys.count else { throw args.callError(.differentLengthsNamed("xs", "ys", xs.count, ys.count)) }
        guard xs.count >= 1, xn == nil, yn == nil else { throw args.callError(.nonEmptyWithoutNulls("xs", "ys")) }
        for k in 1..<max(1, xs.count) where xs[k] <= xs[k - 1] {
            throw args.error(1, .mustIncreaseStrictly("xs", element: k, xs[k], after: xs[k - 1]))
        }
        return try mapNumbers(args, 0) { x throws(Diagnostic) in
            guard let lo = xs.first, let hi = xs.last, x >= lo, x <= hi else {
                throw args.error(0, .outsideRange(x, of: "xs", xs.first ?? 0, xs.last ?? 0))
            }
            var low = 0, high = xs.count - 1
            while high - low > 1 {
                let mid = (low + high) / 2
                if xs[mid] <= x { low = mid } else { high = mid }
            }
            if xs[low] == x || low == high { return ys[low] }
            let t = (x - xs[low]) / (xs[high] - xs[low])
            return ys[low] + t * (ys[high] - ys[low])
        }
    },
]

// Thin wrappers so the libm functions are unambiguous next to the built-ins' names.
@inline(__always) func Glibc_exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func Glibc_log(_ x: Double) -> Double { log(x) }
@inline(__always) func Glibc_log10(_ x: Double) -> Double { log10(x) }
@inline(__always) func Glibc_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
