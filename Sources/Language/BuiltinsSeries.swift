import NotebookFormat
import Tabular

// Series built-ins on lists (and so on columns inside `with`): ranks, rolling windows,
// running extremes and product, `lead`, `fill_forward`. The loops are Tabular's kernels
// over contiguous storage (Ranking.swift, Windows.swift, Series.swift).

private let falseDefault = ParameterDefault.value(.bool(false), text: "false")

/// The quoted names of the tie methods, "`"min"`, `"dense"`, `"average"` or `"first"`".
private let tieMethodNames: String = {
    let names = RankTies.allCases.map { "`\"\($0.rawValue)\"`" }
    return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
}()

/// The elements of `list` at `range`, in the list's own storage.
private func window(_ list: List, _ range: Range<Int>) -> List {
    func part(_ mask: [Bool]?) -> [Bool]? { normalized(mask.map { Array($0[range]) }) }
    switch list {
    case .numbers(let v, let nulls): return .numbers(Array(v[range]), nulls: part(nulls))
    case .bools(let v, let nulls): return .bools(Array(v[range]), nulls: part(nulls))
    case .strings(let v, let nulls): return .strings(Array(v[range]), nulls: part(nulls))
    case .dates(let v, let nulls): return .dates(Array(v[range]), nulls: part(nulls))
    case .values(let v): return .values(Array(v[range]))
    }
}

/// The null mask of any list (nil: no nulls).
private func nullMask(_ list: List) -> [Bool]? {
    switch list {
    case .numbers(_, let nulls), .bools(_, let nulls), .strings(_, let nulls), .dates(_, let nulls): return nulls
    case .values(let v): return normalized(v.map(\.isNull))
    }
}

/// `rank(xs, desc:, ties:)`.
private func rank(_ args: Arguments) throws(Diagnostic) -> Value {
    let list = try args.list(0)
    let descending = try args.bool(1)
    let tiesName = try args.string(2)
    guard let ties = RankTies(rawValue: tiesName) else {
        throw args.error(2, .unknownTieMethod(tiesName, known: tieMethodNames))
    }
    let column: Column
    if let c = list.column {
        column = c
    } else if let (values, nulls) = list.numeric {
        column = .numbers(values, isNull: nulls)  // empty or all null
    } else {
        throw args.error(0, .rankableListHolds(describeElements(list)))
    }
    let ranked = column.ranks(descending: descending, ties: ties)
    guard case .number(let out) = ranked.storage else { return .list(.numbers([], nulls: nil)) }  // safe: ranks are numbers
    return .list(.numbers(out, nulls: ranked.isNull))
}

/// `rolling(xs, n, f, partial:)`.
private func rolling(_ args: Arguments) throws(Diagnostic) -> Value {
    let list = try args.list(0)
    let size = try args.number(1)
    guard size >= 1, size.rounded() == size else {
        throw args.error(1, .badWindowSize(size))
    }
    let n = size > Double(maxListLength) ? maxListLength : Int(size)
    let f = try args.function(2)
    let partial = try args.bool(3)
    let count = list.count
    let first = partial ? 0 : min(n - 1, count)

    // A built-in aggregate passed by name: one of Tabular's kernels, no call per window.
    if let builtin = f.builtin, let aggregate = Aggregate(rawValue: builtin.name) {
        let values: [Double], nulls: [Bool]?
        if let numeric = list.numeric {
            (values, nulls) = numeric
        } else if aggregate == .count {
            (values, nulls) = ([Double](repeating: 0, count: count), nullMask(list))
        } else {
            throw args.error(0, .seriesNeedsNumbers(builtin.name, describeElements(list)))
        }
        let (out, mask) = Windows.rolling(aggregate, values, isNull: nulls, window: n, partial: partial)
        for i in 0..<out.count where !out[i].isFinite {
            throw args.callError(.tooLargeToRepresent("the \(builtin.name) of the window ending at element \(i)"))
        }
        return .list(.numbers(out, nulls: mask))
    }

    // Any other function: called with each window.
    var out = [Value](repeating: .null, count: count)
    for i in first..<max(first, count) {
        out[i] = try args.call(f, .list(window(list, max(0, i - n + 1)..<(i + 1))))
    }
    try checkNesting(out, what: "the list", at: args.location)
    return .list(List(out))
}

/// `cummax`, `cummin`, `cumprod`.
private func running(_ kind: Series.Running, _ args: Arguments) throws(Diagnostic) -> Value {
    let (values, nulls) = try args.numbers(0)
    let out = Series.running(kind, values, isNull: nulls)
    if let i = out.firstIndex(where: { !$0.isFinite }) {
        throw args.callError(.runningProductTooLarge(atElement: i))
    }
    return .list(.numbers(out, nulls: nulls))
}

/// `lead(xs, k)`: element `i + k` at position `i`.
private func lead(_ args: Arguments) throws(Diagnostic) -> Value {
    let list = try args.list(0)
    let k = try args.integer(1, in: -Double(maxListLength)...Double(maxListLength))
    switch list {
    case .numbers(let v, let nulls):
        let (out, mask) = Series.shift(v, isNull: nulls, by: -k, placeholder: 0)
        return .list(.numbers(out, nulls: mask))
    case .bools(let v, let nulls):
        let (out, mask) = Series.shift(v, isNull: nulls, by: -k, placeholder: false)
        return .list(.bools(out, nulls: mask))
    case .strings(let v, let nulls):
        let (out, mask) = Series.shift(v, isNull: nulls, by: -k, placeholder: "")
        return .list(.strings(out, nulls: mask))
    case .dates(let v, let nulls):
        let (out, mask) = Series.shift(v, isNull: nulls, by: -k, placeholder: 0)
        return .list(.dates(out, nulls: mask))
    case .values(let v):
        let (out, _) = Series.shift(v, isNull: nil, by: -k, placeholder: .null)
        return .list(.values(out))
    }
}

/// `fill_forward(xs)`.
private func fillForward(_ args: Arguments) throws(Diagnostic) -> Value {
    switch try args.list(0) {
    case .numbers(let v, let nulls):
        let (out, mask) = Series.fillForward(v, isNull: nulls)
        return .list(.numbers(out, nulls: mask))
    case .bools(let v, let nulls):
        let (out, mask) = Series.fillForward(v, isNull: nulls)
        return .list(.bools(out, nulls: mask))
    case .strings(let v, let nulls):
        let (out, mask) = Series.fillForward(v, isNull: nulls)
        return .list(.strings(out, nulls: mask))
    case .dates(let v, let nulls):
        let (out, mask) = Series.fillForward(v, isNull: nulls)
        return .list(.dates(out, nulls: mask))
    case .values(let v):
        let (out, _) = Series.fillForward(v, isNull: normalized(v.map(\.isNull)))
        return .list(List(out))
    }
}

let windowBuiltins: [Builtin] = [
    Builtin(name: "rank", group: .series,
            parameters: [p("xs"), p("desc", falseDefault, namedOnly: true), p("ties", .value(.string("min"), text: "\"min\""), namedOnly: true)],
            doc: "1-based rank of each element: numbers by value, strings by Unicode code point order (as `sort`), false before true; "
                + "`desc: true` ranks the largest first. A null stays null and takes no rank. Equal values share ranks by `ties`: "
                + "`\"min\"` (1, 2, 2, 4), `\"dense\"` (1, 2, 2, 3), `\"average\"` (1, 2.5, 2.5, 4) or `\"first\"` (in order of appearance: 1, 2, 3, 4). "
                + "Inside `with`, ranks a column: `with(t, r: rank(spend, desc: true))`.",
            examples: [("rank([30, 10, 20, 10])", "[4, 1, 3, 1]"),
                       ("rank([30, 10, 20, 10], ties: \"dense\")", "[3, 1, 2, 1]"),
                       ("rank([30, 10, 20, 10], ties: \"average\")", "[4, 1.5, 3, 1.5]"),
                       ("rank([30, 10, 20, 10], ties: \"first\")", "[4, 1, 3, 2]"),
                       ("rank([5, null, 9], desc: true)", "[2, null, 1]"),
                       ("rank([\"b\", \"a\", \"c\"])", "[2, 1, 3]")]) { args throws(Diagnostic) in
        try rank(args)
    },
    Builtin(name: "rolling", group: .series, parameters: [p("xs"), p("n"), p("f"), p("partial", falseDefault, namedOnly: true)],
            doc: "`f` (a function of a list) over the window of the last `n` elements ending at each position; the window includes nulls "
                + "as null. The first `n − 1` positions are null, unless `partial: true` gives them the shorter windows. "
                + "The built-in aggregates passed by name (`sum mean median min max stdev count`) skip nulls and run in one pass "
                + "(`median` and `stdev` window by window); a window with no numbers gives null for them (0 for `sum`, as `sum([])`). "
                + "`sum` and `mean` are exact: the correctly rounded sum of each window's numbers, with no drift along the list. "
                + "`n` must be a whole number of at least 1.",
            examples: [("rolling([1, 2, 3, 4, 5], 3, mean)", "[null, null, 2, 3, 4]"),
                       ("rolling([1, null, 3, 4], 2, sum, partial: true)", "[1, 1, 3, 7]"),
                       ("rolling([4, 1, 3, 2], 2, max)", "[null, 4, 3, 3]"),
                       ("rolling([1, 2, 4, 8], 2, w => last(w) - first(w))", "[null, 1, 2, 4]")]) { args throws(Diagnostic) in
        try rolling(args)
    },
    Builtin(name: "cummax", group: .series, parameters: [p("xs")],
            doc: "Running maximum; a null stays null and the maximum carries over it.",
            examples: [("cummax([1, 3, 2, null, 5])", "[1, 3, 3, null, 5]")]) { args throws(Diagnostic) in
        try running(.max, args)
    },
    Builtin(name: "cummin", group: .series, parameters: [p("xs")],
            doc: "Running minimum; a null stays null and the minimum carries over it.",
            examples: [("cummin([3, null, 1, 2])", "[3, null, 1, 1]")]) { args throws(Diagnostic) in
        try running(.min, args)
    },
    Builtin(name: "cumprod", group: .series, parameters: [p("xs")],
            doc: "Running product; a null stays null and the product carries over it. Growth factors to an index: `cumprod(1 + rates)`.",
            examples: [("cumprod([1, 2, null, 3, 4])", "[1, 2, null, 6, 24]")]) { args throws(Diagnostic) in
        try running(.product, args)
    },
    Builtin(name: "lead", group: .series, parameters: [p("xs"), p("k", .value(.number(1), text: "1"))],
            doc: "The value `k` places later, null past the end: the mirror of `lag` (negative `k` looks back). Works on lists of any element type.",
            examples: [("lead([1, 2, 3])", "[2, 3, null]"), ("lead([\"a\", \"b\", \"c\"], 2)", "[\"c\", null, null]")]) { args throws(Diagnostic) in
        try lead(args)
    },
    Builtin(name: "fill_forward", group: .series, parameters: [p("xs")],
            doc: "Each null replaced by the last non-null before it; nulls before the first value stay null. Works on lists of any element type.",
            examples: [("fill_forward([null, 1, null, null, 4, null])", "[null, 1, 1, 1, 4, 4]")]) { args throws(Diagnostic) in
        try fillForward(args)
    },
]
