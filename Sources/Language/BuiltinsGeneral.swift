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

/// Hashable stand-in for scalar values (`unique`).
private enum ScalarKey: Hashable {
    case null, number(Double), bool(Bool), string(String), date(Int32)
}

/// Sort order for `sort`: numbers or strings, nulls last, stable.
private func sortedIndices(_ list: List, descending: Bool, _ args: Arguments) throws(Diagnostic) -> [Int] {
    let n = list.count
    var indices = Array(0..<n)
    func order<T: Comparable>(_ values: [T], _ nulls: [Bool]?) -> [Int] {
        let present = indices.filter { !(nulls?[$0] ?? false) }
        let missing = indices.filter { nulls?[$0] ?? false }
        // Swift's sort is not guaranteed stable: break ties by position.
        let sorted = present.sorted { a, b in
            if values[a] == values[b] { return a < b }
            return descending ? values[a] > values[b] : values[a] < values[b]
        }
        return sorted + missing
    }
    switch list {
    case .numbers(let v, let nulls): indices = order(v, nulls)
    case .strings(let v, let nulls): indices = order(v, nulls)
    case .dates(let v, let nulls): indices = order(v, nulls)
    case .bools(let v, let nulls): indices = order(v.map { $0 ? 1 : 0 }, nulls)
    case .values(let v):
        guard v.allSatisfy(\.isNull) else {
            throw args.error(0, .sortListHolds(describeElements(list)))
        }
    }
    return indices
}

/// The text of a scalar in `join` and `print`: strings as they are, numbers in `number`'s format.
func scalarText(_ v: Value, number: (Double) -> String) -> String {
    switch v {
    case .number(let x): number(x)
    case .string(let s): s
    case .null: ""
    default: v.displayText
    }
}

let listBuiltins: [Builtin] = [
    Builtin(name: "map", group: .lists, parameters: [p("xs"), p("f")], doc: "Applies `f` to each element.",
            examples: [("map([1, 2, 3], x => x * 10)", "[10, 20, 30]")]) { args throws(Diagnostic) in
        let list = try args.list(0), f = try args.function(1)
        var out: [Value] = []
        out.reserveCapacity(list.count)
        for i in 0..<list.count { out.append(try args.call(f, list[i])) }
        try checkNesting(out, what: "the list", at: args.location)
        return .list(List(out))
    },
    Builtin(name: "filter", group: .lists, parameters: [p("xs"), p("f")], doc: "Keeps the elements for which `f` returns true.",
            examples: [("filter([1, 2, 3, 4], x => x > 2)", "[3, 4]")]) { args throws(Diagnostic) in
        if case .table = try args.value(0) { throw args.error(0, .filterOnTable) }
        let list = try args.list(0), f = try args.function(1)
        var keep: [Int] = []
        for i in 0..<list.count {
            let r = try args.call(f, list[i])
            guard case .bool(let b) = r else {
                throw args.error(1, .predicateNotBool(r.typeName, element: i))
            }
            if b { keep.append(i) }
        }
        return .list(list.picking(keep))
    },
    Builtin(name: "reduce", group: .lists, parameters: [p("xs"), p("init"), p("f")], doc: "Folds the list: `f(f(init, x0), x1)`, …",
            examples: [("reduce([1, 2, 3], 0, (acc, x) => acc + x)", "6")]) { args throws(Diagnostic) in
        let list = try args.list(0), f = try args.function(2)
        var acc = try args.value(1)
        for i in 0..<list.count { acc = try args.call(f, [acc, list[i]]) }
        return acc
    },
    Builtin(name: "sort", group: .lists, parameters: [p("xs"), p("desc", .value(.bool(false), text: "false"), namedOnly: true)],
            variadic: p("columns"),
            doc: "Sorts numbers or strings, ascending (or descending with `desc: true` or `sort(xs, true)`); stable; nulls last. "
                + "On a table, `sort(t, \"col\", ...)` sorts the rows by those columns, the first one first; `desc` is one bool or one per column.",
            examples: [("sort([3, 1, 2])", "[1, 2, 3]"), ("sort([\"b\", \"a\"], desc: true)", "[\"b\", \"a\"]"),
                       ("sort(table(k: [\"b\", \"a\", \"b\"], v: [1, 2, 3]), \"k\", \"v\", desc: [false, true]).v", "[2, 3, 1]")]) { args throws(Diagnostic) in
        if case .table(let t) = try args.value(0) { return try sortTable(t, args) }
        let list = try args.list(0)
        return .list(list.picking(try sortedIndices(list, descending: try listSortDescending(args), args)))
    },
    Builtin(name: "reverse", group: .lists, parameters: [p("xs")], doc: "The list (or string) in reverse order.",
            examples: [("reverse([1, 2, 3])", "[3, 2, 1]")]) { args throws(Diagnostic) in
        let v = try args.value(0)
        if case .string(let s) = v { return .string(String(s.reversed())) }
        let list = try args.list(0)
        return .list(list.picking(Array((0..<list.count).reversed())))
    },
    Builtin(name: "unique", group: .lists, parameters: [p("xs")], doc: "Distinct elements in order of first appearance.",
            examples: [("unique([2, 1, 2, 3, 1])", "[2, 1, 3]")]) { args throws(Diagnostic) in
        let list = try args.list(0)
        var seen = Set<ScalarKey>()
        var keep: [Int] = []
        var others: [Value] = []
        for i in 0..<list.count {
            let key: ScalarKey
            switch list[i] {
            case .null: key = .null
            case .number(let x): key = .number(x == 0 ? 0 : x)
            case .bool(let b): key = .bool(b)
            case .string(let s): key = .string(s)
            case .date(let d): key = .date(d)
            case let v:
                if !others.contains(where: { $0.isEqual(to: v) }) {
                    others.append(v)
                    keep.append(i)
                }
                continue
            }
            if seen.insert(key).inserted { keep.append(i) }
        }
        return .list(list.picking(keep))
    },
    Builtin(name: "contains", group: .lists, parameters: [p("xs"), p("v")], doc: "Whether the list holds `v` (whole-value equality), or a string holds the substring `v`.",
            examples: [("contains([1, 2, 3], 2)", "true"), ("contains(\"budget\", \"dge\")", "true")]) { args throws(Diagnostic) in
        let container = try args.value(0), v = try args.value(1)
        if case .string(let s) = container {
            guard case .string(let part) = v else { throw args.typeError(1, expected: "a string", got: v) }
            return .bool(part.isEmpty || s.contains(part))
        }
        let list = try args.list(0)
        for i in 0..<list.count where list[i].isEqual(to: v) { return .bool(true) }
        return .bool(false)
    },
    Builtin(name: "first", group: .lists, parameters: [p("xs")], doc: "The first element; an empty list is an error.",
            examples: [("first([4, 5, 6])", "4")]) { args throws(Diagnostic) in
        let list = try args.list(0)
        guard list.count > 0 else { throw args.error(0, .emptyList) }
        return list[0]
    },
    Builtin(name: "last", group: .lists, parameters: [p("xs")], doc: "The last element; an empty list is an error.",
            examples: [("last([4, 5, 6])", "6")]) { args throws(Diagnostic) in
        let list = try args.list(0)
        guard list.count > 0 else { throw args.error(0, .emptyList) }
        return list[list.count - 1]
    },
    Builtin(name: "slice", group: .lists, parameters: [p("xs"), p("start"), p("end", .absent)],
            doc: "Elements from `start` up to (not including) `end`; negative positions count from the end; positions past either end are clamped. Works on strings too.",
            examples: [("slice([1, 2, 3, 4], 1, 3)", "[2, 3]"), ("slice([1, 2, 3, 4], -2)", "[3, 4]")]) { args throws(Diagnostic) in
        let v = try args.value(0)
        let count: Int
        switch v {
        case .list(let l): count = l.count
        case .string(let s): count = s.count
        default: throw args.typeError(0, expected: "a list or a string", got: v)
        }
        func clamp(_ k: Int) -> Int { k < 0 ? max(0, count + k) : min(k, count) }
        let start = clamp(try args.integer(1))
        let end = args.values[2] == nil ? count : clamp(try args.integer(2))
        let range = start < end ? Array(start..<end) : []
        if case .string(let s) = v {
            let chars = Array(s)
            return .string(String(range.map { chars[$0] }))
        }
        return .list(try args.list(0).picking(range))
    },
    Builtin(name: "concat", group: .lists, parameters: [p("a"), p("b")], doc: "The elements of `a` then those of `b` (or two strings joined).",
            examples: [("concat([1, 2], [3])", "[1, 2, 3]")]) { args throws(Diagnostic) in
        let a = try args.value(0), b = try args.value(1)
        if case .string(let x) = a, case .string(let y) = b {
            try args.reserve(bytes: Double(x.utf8.count) + Double(y.utf8.count), for: "the string")
            return .string(x + y)
        }
        let l = try args.list(0), r = try args.list(1)
        try checkLength(Double(l.count + r.count), at: args.location, what: "the list", control: args.runtime.control)
        if case .numbers(let x, let xn) = l, case .numbers(let y, let yn) = r {
            let mask: [Bool]? = (xn == nil && yn == nil) ? nil : (xn ?? Array(repeating: false, count: x.count)) + (yn ?? Array(repeating: false, count: y.count))
            return .list(.numbers(x + y, nulls: mask))
        }
        return .list(List(l.elements + r.elements))
    },
    Builtin(name: "zip", group: .lists, parameters: [p("a"), p("b")], doc: "Pairs elements: a list of two-element lists; the lists must have the same length.",
            examples: [("zip([1, 2], [\"a\", \"b\"])", "[[1, \"a\"], [2, \"b\"]]")]) { args throws(Diagnostic) in
        let a = try args.list(0), b = try args.list(1)
        guard a.count == b.count else { throw args.callError(.differentLengths(a.count, b.count)) }
        try checkNesting([.list(a), .list(b)], what: "the list of pairs", at: args.location)
        return .list(.values((0..<a.count).map { .list(List([a[$0], b[$0]])) }))
    },
]

let comparisonBuiltins: [Builtin] = [
    Builtin(name: "equal", group: .comparison, parameters: [p("a"), p("b")],
            doc: "Whole-value equality of any two values (lists, records, tables); `equal(x, null)` tests for null.",
            examples: [("equal([1, 2], [1, 2])", "true"), ("equal(null, null)", "true")]) { args throws(Diagnostic) in
        .bool(try args.value(0).isEqual(to: try args.value(1)))
    },
]

let stringBuiltins: [Builtin] = [
    Builtin(name: "str", group: .strings, parameters: [p("x")],
            doc: "Text of a value: numbers as the shortest text that reads back to the same number, no grouping; dates as `YYYY-MM-DD`.",
            examples: [("str(2027)", "\"2027\""), ("str(0.1)", "\"0.1\""), ("str(true)", "\"true\""), ("str(date(2024, 4, 1))", "\"2024-04-01\"")]) { args throws(Diagnostic) in
        let v = try args.value(0)
        switch v {
        case .string: return v
        case .number(let x): return .string(NumberFormat.shortest(x))
        case .date(let d): return .string(CalendarDate.text(d))
        default: return .string(v.literalText)
        }
    },
    Builtin(name: "upper", group: .strings, parameters: [p("s")], doc: "Upper-case text; per element of a list of strings (null gives null).",
            examples: [("upper(\"usa\")", "\"USA\""), ("upper([\"jp\", null])", "[\"JP\", null]")]) { args throws(Diagnostic) in
        try mapText(args) { $0.uppercased() }
    },
    Builtin(name: "lower", group: .strings, parameters: [p("s")], doc: "Lower-case text; per element of a list of strings (null gives null).",
            examples: [("lower(\"NATO\")", "\"nato\"")]) { args throws(Diagnostic) in
        try mapText(args) { $0.lowercased() }
    },
    Builtin(name: "trim", group: .strings, parameters: [p("s")], doc: "The text without leading and trailing white space; per element of a list of strings (null gives null).",
            examples: [("trim(\"  x \")", "\"x\"")]) { args throws(Diagnostic) in
        try mapText(args, trimmedText)
    },
    Builtin(name: "split", group: .strings, parameters: [p("s"), p("sep")], doc: "Splits text at each `sep` (not empty).",
            examples: [("split(\"a,b,,c\", \",\")", "[\"a\", \"b\", \"\", \"c\"]")]) { args throws(Diagnostic) in
        let s = try args.string(0), sep = try args.string(1)
        guard !sep.isEmpty else { throw args.error(1, .emptySeparator) }
        return .list(.strings(s.split(separator: sep, omittingEmptySubsequences: false).map(String.init), nulls: nil))
    },
    Builtin(name: "join", group: .strings,
            parameters: [p("a"), p("b", .absent), p("on", .absent, namedOnly: true), p("how", .absent, namedOnly: true)],
            doc: "`join(xs, [sep])` joins a list's elements into text with `sep` (default none); numbers as `str` writes them, null as nothing. "
                + "`join(a, b, on: \"col\" or [...], [how: \"inner\" | \"left\"])` joins two tables (see Tables).",
            examples: [("join([\"a\", \"b\"], \"-\")", "\"a-b\""), ("join([1, 2.5], \", \")", "\"1, 2.5\""),
                       ("join(table(k: [1, 2], a: [\"x\", \"y\"]), table(k: [2], b: [true]), on: \"k\")", "table(k: [2], a: [\"y\"], b: [true])")]) { args throws(Diagnostic) in
        if case .table = try args.value(0) { return try joinTables(args) }
        let list = try args.list(0), sep = try listJoinSeparator(args)
        var parts: [String] = []
        for i in 0..<list.count {
            let v = list[i]
            guard v.isScalar else { throw args.error(0, .joinElementType(element: i, v.typeName)) }
            parts.append(scalarText(v, number: NumberFormat.shortest))
        }
        return .string(parts.joined(separator: sep))
    },
    Builtin(name: "replace", group: .strings, parameters: [p("s"), p("a"), p("b")], doc: "Replaces every `a` in `s` with `b`; per element when any of them is a list of strings (null gives null).",
            examples: [("replace(\"FY2025\", \"FY\", \"\")", "\"2025\""), ("replace([\"a-b\", \"c\"], \"-\", \"+\")", "[\"a+b\", \"c\"]")]) { args throws(Diagnostic) in
        try replaceText(args)
    },
    Builtin(name: "starts_with", group: .strings, parameters: [p("s"), p("prefix")], doc: "Whether `s` begins with `prefix`; per element when either is a list of strings (null gives null).",
            examples: [("starts_with(\"FY2025\", \"FY\")", "true"), ("starts_with([\"FY2025\", \"CY2025\"], \"FY\")", "[true, false]")]) { args throws(Diagnostic) in
        try testText(args) { $0.hasPrefix($1) }
    },
    Builtin(name: "ends_with", group: .strings, parameters: [p("s"), p("suffix")], doc: "Whether `s` ends with `suffix`; per element when either is a list of strings (null gives null).",
            examples: [("ends_with(\"report.csv\", \".csv\")", "true")]) { args throws(Diagnostic) in
        try testText(args) { $0.hasSuffix($1) }
    },
    Builtin(name: "fmt", group: .strings, parameters: [p("x"), p("pattern")],
            doc: "Formats a number (or each number of a list) with a pattern, as spreadsheets do: `0` digit, `#` optional digit, `,` grouping (or, after the last digit, ÷1,000), `.00` decimals, `%` ×100, a leading `+` forces a sign, `\"…\"` literal text, `;` separates the sections for positive;negative;zero. Every pattern character is listed under [Number patterns](#number-patterns). Formats a date (or each date of a list) with a date pattern: `yyyy` 2024, `yy` 24, `MMMM` April, `MMM` Apr, `MM` 04, `M` 4, `dd` 01, `d` 1, `EEEE` Monday, `EEE` Mon (English names); text in `\"…\"` and a character after `\\` are literal, other characters are copied. A pattern with both date letters and digit placeholders is an error.",
            examples: [("fmt(1234.5, \"#,##0.00\")", "\"1,234.50\""), ("fmt(0.0213, \"0.0%\")", "\"2.1%\""),
                       ("fmt(-1234, \"#,##0;(#,##0)\")", "\"(1,234)\""), ("fmt(0.5, \"+0.00\")", "\"+0.50\""),
                       ("fmt(-0.5, \"+0.00\")", "\"-0.50\""), ("fmt(0, \"+0.0\")", "\"0.0\""),
                       ("fmt(12345678, \"#,##0.0,,\")", "\"12.3\""), ("fmt(12345678, \"$#,##0.0,,\\\"M\\\"\")", "\"$12.3M\""),
                       ("fmt(0, \"#,##0;(#,##0);\\\"–\\\"\")", "\"–\""),
                       ("fmt(date(\"2024-04-01\"), \"d MMM yyyy\")", "\"1 Apr 2024\""),
                       ("fmt(date(\"2024-04-01\"), \"EEE, MMMM d\")", "\"Mon, April 1\""),
                       ("fmt(date(\"2025-03-31\"), \"\\\"FY\\\"yy-MM\")", "\"FY25-03\"")]) { args throws(Diagnostic) in
        let patternText = try args.string(1)
        if let formatted = try formatDates(args, patternText) { return formatted }
        let pattern: NumberPattern
        do throws(NumberPattern.SyntaxError) { pattern = try NumberPattern(patternText) } catch { throw args.error(1, .badPattern(patternText, error.message)) }
        let v = try args.value(0)
        switch v {
        case .number(let x): return .string(pattern.format(x))
        case .null: return .null
        case .list(let list):
            guard let (values, nulls) = list.numeric else {
                throw args.error(0, .needsNumbers("fmt", holds: list))
            }
            return .list(.strings((0..<values.count).map { (nulls?[$0] ?? false) ? "" : pattern.format(values[$0]) }, nulls: nulls))
        default: throw args.typeError(0, expected: "a number", got: v)
        }
    },
]

let recordBuiltins: [Builtin] = [
    Builtin(name: "keys", group: .records, parameters: [p("r")], doc: "A record's keys in order.",
            examples: [("keys({a: 1, b: 2})", "[\"a\", \"b\"]")]) { args throws(Diagnostic) in
        let v = try args.value(0)
        guard case .record(let r) = v else { throw args.typeError(0, expected: "a record", got: v) }
        return .list(r.keys.isEmpty ? .values([]) : .strings(r.keys, nulls: nil))
    },
    Builtin(name: "get", group: .records, parameters: [p("r"), p("key"), p("default", .absent)],
            doc: "The value at `key`, or `default` when the key is missing (without `default`, a missing key is an error).",
            examples: [("get({a: 1}, \"a\")", "1"), ("get({a: 1}, \"b\", 0)", "0")]) { args throws(Diagnostic) in
        let v = try args.value(0)
        guard case .record(let r) = v else { throw args.typeError(0, expected: "a record", got: v) }
        let key = try args.string(1)
        if let found = r[key] { return found }
        if let fallback = args.values[2] { return fallback }
        throw args.error(1, .recordHasNoKey(key, keys: r.keys))
    },
]

// MARK: - Random numbers (splitmix64 seeding, xoshiro256**; the algorithm is stated in the docs)

struct Xoshiro256StarStar {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    init(seed: UInt64) {
        var state = seed
        func splitmix() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    mutating func next() -> UInt64 {
        let result = Xoshiro256StarStar.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = Xoshiro256StarStar.rotl(s.3, 45)
        return result
    }

    /// In [0, 1): the top 53 bits.
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

private func randomSetup(_ args: Arguments) throws(Diagnostic) -> (Int, Xoshiro256StarStar) {
    try checkLength(try args.number(0), at: args.locations[0], what: "the list", control: args.runtime.control)
    let n = try args.integer(0, in: 0...Double(maxListLength))
    let seed = try args.number(3)
    guard seed.rounded() == seed, seed >= 0, seed < 0x1.0p63 else {
        throw args.error(3, .badSeed(seed))
    }
    return (n, Xoshiro256StarStar(seed: UInt64(seed)))
}

let randomBuiltins: [Builtin] = [
    Builtin(name: "random_uniform", group: .random,
            parameters: [p("n"), p("lo", number(0)), p("hi", number(1)), p("seed", namedOnly: true)],
            doc: "`n` reproducible uniform numbers in [`lo`, `hi`). `seed` (required) is a whole number in [0, 2^63). "
                + "The algorithm is fixed, so a seed gives the same numbers on every machine and version: the state `s0…s3` "
                + "is four successive outputs of splitmix64 started at `seed`; each draw is one xoshiro256** output `r`, "
                + "and `u = (r >> 11)·2^-53` (in [0, 1)) gives `lo + (hi − lo)·u`.",
            examples: [("len(random_uniform(3, seed: 1))", "3")]) { args throws(Diagnostic) in
        var (n, generator) = try randomSetup(args)
        let lo = try args.number(1), hi = try args.number(2)
        var out = [Double](repeating: 0, count: n)
        for k in 0..<n { out[k] = lo + (hi - lo) * generator.uniform() }
        return .list(.numbers(out, nulls: nil))
    },
    Builtin(name: "random_normal", group: .random,
            parameters: [p("n"), p("mean", number(0)), p("sd", number(1)), p("seed", namedOnly: true)],
            doc: "`n` reproducible normal numbers: `mean + sd·sqrt(−2·ln(1 − u1))·cos(2π·u2)`, with `u1` then `u2` "
                + "drawn as `random_uniform` draws them (same seeding, two uniforms per value, the pair not cached).",
            examples: [("len(random_normal(3, seed: 1))", "3")]) { args throws(Diagnostic) in
        var (n, generator) = try randomSetup(args)
        let mean = try args.number(1), sd = try args.number(2)
        var out = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let u1 = generator.uniform()
            let u2 = generator.uniform()
            out[k] = mean + sd * (-2 * Glibc_log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        return .list(.numbers(out, nulls: nil))
    },
]

let outputBuiltins: [Builtin] = [
    Builtin(name: "show", group: .output, parameters: [p("x"), p("caption", .absent)],
            doc: "Adds `x` to the cell's outputs, with an optional caption.",
            examples: [("show(42, \"answer\")", "null")]) { args throws(Diagnostic) in
        var caption: String?
        if args.values[1] != nil { caption = try args.string(1) }
        args.runtime.outputs.append(.shown(try args.value(0), caption: caption))
        return .null
    },
    Builtin(name: "print", group: .output, parameters: [], variadic: p("values"),
            doc: "Adds a line of text: the values separated by spaces (numbers in the general format).",
            examples: [("print(\"total\", 1234567)", "null")]) { args throws(Diagnostic) in
        args.runtime.outputs.append(.printed(args.rest.map(\.displayText).joined(separator: " ")))
        return .null
    },
    Builtin(name: "check", group: .output, parameters: [p("cond"), p("message")],
            doc: "Fails the cell with `message` when `cond` is false.",
            examples: [("check(1 < 2, \"order\")", "null")]) { args throws(Diagnostic) in
        let message = try args.string(1)
        let cond = try args.value(0)
        guard case .bool(let ok) = cond else { throw args.typeError(0, expected: "true or false", got: cond) }
        if !ok { throw Diagnostic.error(.checkFailed(message), at: args.location) }
        return .null
    },
]
