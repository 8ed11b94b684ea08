import NotebookFormat
import Tabular

// Element-wise built-ins (SPEC-2 §B): `if_else`, `case`, `coalesce`, the text tests
// `contains_text`, `matches`, `extract`, and the element-wise forms of `upper`, `lower`,
// `trim`, `replace`, `starts_with`, `ends_with` (declared in BuiltinsGeneral.swift, their
// work done here). Like arithmetic (Operators.swift), every argument is a scalar or a
// list; lists must have one length, scalars stand for every element, and a call whose
// arguments are all scalars gives a scalar. The work is done on the lists' contiguous
// storage (`[Double]`, `[Bool]`, `[String]`, `[Int32]` day numbers with a null mask): a scalar is a one-element
// array read with a stride of 0, so one loop serves every mix of scalars and lists.

// MARK: - Lanes: arguments as columns

/// The scalar type an element-wise argument holds (null aside).
enum LaneKind: Equatable {
    case numbers, bools, strings, dates
    /// Only nulls (a null, or a list holding nothing else): fits any kind.
    case null

    var plural: String {
        switch self {
        case .numbers: "numbers"
        case .bools: "bools"
        case .strings: "strings"
        case .dates: "dates"
        case .null: "nulls"
        }
    }
}

/// One argument of an element-wise call: its values in contiguous storage and a stride
/// (0 for a scalar, which stands for every element; 1 for a list).
struct Lane {
    enum Storage {
        case numbers([Double])
        case bools([Bool])
        case strings([String])
        /// Day numbers (`Value.date`).
        case dates([Int32])
        case null
    }
    var storage: Storage
    var nulls: [Bool]?
    var step: Int
    /// Elements when a list (`nil` for a scalar).
    var count: Int?
    var location: SourceLocation
    /// How messages name it: "argument `cond`", "argument 3".
    var name: String

    var kind: LaneKind {
        switch storage {
        case .numbers: .numbers
        case .bools: .bools
        case .strings: .strings
        case .dates: .dates
        case .null: .null
        }
    }

    @inline(__always)
    func isNull(_ i: Int) -> Bool {
        if case .null = storage { return true }
        guard let nulls else { return false }
        return nulls[i &* step]
    }

    /// A value as a lane; anything but a scalar or a list of one scalar type is an error.
    init(_ value: Value, name: String, at location: SourceLocation, in builtin: String,
         expected: String = Lane.anyScalar) throws(Diagnostic) {
        self.location = location
        self.name = name
        nulls = nil
        step = 0
        count = nil
        switch value {
        case .null: storage = .null
        case .number(let x): storage = .numbers([x])
        case .bool(let b): storage = .bools([b])
        case .string(let s): storage = .strings([s])
        case .date(let d): storage = .dates([d])
        case .list(let list):
            step = 1
            count = list.count
            switch list {
            case .numbers(let v, let m): storage = .numbers(v); nulls = m
            case .bools(let v, let m): storage = .bools(v); nulls = m
            case .strings(let v, let m): storage = .strings(v); nulls = m
            case .dates(let v, let m): storage = .dates(v); nulls = m
            case .values(let v):
                guard v.allSatisfy(\.isNull) else {
                    throw Diagnostic.error(.inBuiltin(builtin, .argumentListHolds(name, expected: expected, describeElements(list))), at: location)
                }
                storage = .null
            }
        default:
            throw Diagnostic.error(.inBuiltin(builtin, .argumentMustBe(name, expected: expected, got: value.typeName)), at: location)
        }
    }

    static let anyScalar = "a number, string, bool, date or null, or a list of one of these"
    static let text = "a string or a list of strings"
    static let condition = "a condition (true, false or null, or a list of them)"

    /// What the lane holds, as messages say it ("a string", "a list of numbers").
    var described: String {
        if count == nil {
            switch kind {
            case .numbers: return "a number"
            case .bools: return "a bool"
            case .strings: return "a string"
            case .dates: return "a date"
            case .null: return "null"
            }
        }
        return kind == .null ? "a list of nulls" : "a list of \(kind.plural)"
    }
}

extension Arguments {
    /// Argument `i` (a declared parameter) as a lane.
    func lane(_ i: Int, expected: String = Lane.anyScalar) throws(Diagnostic) -> Lane {
        try Lane(try value(i), name: "argument `\(builtin.parameters[i].name)`", at: locations[i], in: builtin.name, expected: expected)
    }

    /// Extra positional argument `k` as a lane.
    func restLane(_ k: Int, expected: String = Lane.anyScalar) throws(Diagnostic) -> Lane {
        try Lane(rest[k], name: "argument \(k + 1)", at: restLocations[k], in: builtin.name, expected: expected)
    }
}

/// The length every list among `lanes` shares (`nil` when all are scalars); two lists of
/// different lengths are an error at the later one.
func broadcastCount(_ lanes: [Lane], in builtin: String) throws(Diagnostic) -> Int? {
    var first: Lane?
    for lane in lanes {
        guard let n = lane.count else { continue }
        guard let f = first, let m = f.count else { first = lane; continue }
        if n != m {
            throw Diagnostic.error(.inBuiltin(builtin, .laneLengthMismatch(lane.name, n, f.name, m)), at: lane.location)
        }
    }
    return first?.count
}

/// Requires `lane` to hold strings (or nulls).
func requireText(_ lane: Lane, in builtin: String) throws(Diagnostic) {
    switch lane.kind {
    case .strings, .null: return
    default:
        throw Diagnostic.error(.inBuiltin(builtin, .wrongLaneKind(lane.name, expected: Lane.text, found: lane.described)), at: lane.location)
    }
}

/// Requires `lane` to hold bools (or nulls): a condition.
func requireCondition(_ lane: Lane, in builtin: String) throws(Diagnostic) {
    switch lane.kind {
    case .bools, .null: return
    default:
        throw Diagnostic.error(.inBuiltin(builtin, .wrongLaneKind(lane.name, expected: Lane.condition, found: lane.described)), at: lane.location)
    }
}

/// The one kind the value lanes share (nulls fit any); a lane of another kind is an
/// error naming both.
func commonKind(_ lanes: [Lane], in builtin: String, what: String) throws(Diagnostic) -> LaneKind {
    var kind = LaneKind.null
    var decided: Lane?
    for lane in lanes where lane.kind != .null {
        guard let d = decided else { kind = lane.kind; decided = lane; continue }
        if lane.kind != kind {
            throw Diagnostic.error(.inBuiltin(builtin, .lanesOfDifferentTypes(lane.name, lane.described, d.name, d.described, what: what)), at: lane.location)
        }
    }
    return kind
}

// MARK: - Choosing among lanes (if_else, case, coalesce)

/// The result of element-wise choice: element i is element i of `lanes[choice[i]]`, or
/// null where `choice[i]` is negative. One typed pass per lane over `choice` (lanes are
/// few: 2 for `if_else`), each a tight loop over one array; no element is boxed.
func gather(_ lanes: [Lane], kind: LaneKind, choice: [Int32], count n: Int) -> List {
    var outNulls = [Bool](repeating: false, count: n)
    var anyNull = false
    for i in 0..<n where choice[i] < 0 {
        outNulls[i] = true
        anyNull = true
    }
    func pick<T>(placeholder: T, _ values: (Lane) -> [T]?) -> [T] {
        var out = [T](repeating: placeholder, count: n)
        for (k, lane) in lanes.enumerated() {
            let key = Int32(k), step = lane.step
            guard let column = values(lane) else {  // a null lane
                for i in 0..<n where choice[i] == key {
                    outNulls[i] = true
                    anyNull = true
                }
                continue
            }
            if let mask = lane.nulls {
                for i in 0..<n where choice[i] == key {
                    let j = i &* step
                    out[i] = column[j]
                    if mask[j] {
                        outNulls[i] = true
                        anyNull = true
                    }
                }
            } else {
                for i in 0..<n where choice[i] == key { out[i] = column[i &* step] }
            }
        }
        return out
    }
    switch kind {
    case .numbers:
        let values = pick(placeholder: 0.0) { lane in if case .numbers(let v) = lane.storage { v } else { nil } }
        return .numbers(values, nulls: anyNull ? outNulls : nil)
    case .bools:
        let values = pick(placeholder: false) { lane in if case .bools(let v) = lane.storage { v } else { nil } }
        return .bools(values, nulls: anyNull ? outNulls : nil)
    case .strings:
        let values = pick(placeholder: "") { lane in if case .strings(let v) = lane.storage { v } else { nil } }
        return .strings(values, nulls: anyNull ? outNulls : nil)
    case .dates:
        let values = pick(placeholder: Int32(0)) { lane in if case .dates(let v) = lane.storage { v } else { nil } }
        return .dates(values, nulls: anyNull ? outNulls : nil)
    case .null:
        return .values([Value](repeating: .null, count: n))
    }
}

/// A list result, or its one element when every argument was a scalar.
func elementwiseResult(_ list: List, scalar: Bool) -> Value {
    if scalar { return list.count == 1 ? list[0] : .null }
    return .list(list)
}

/// The bools of a condition lane (`[]` for a null lane, which `isNull` reports).
func conditionValues(_ lane: Lane) -> [Bool] {
    if case .bools(let v) = lane.storage { return v }
    return []
}

private func ifElse(_ args: Arguments) throws(Diagnostic) -> Value {
    let name = args.builtin.name
    let cond = try args.lane(0, expected: Lane.condition), a = try args.lane(1), b = try args.lane(2)
    try requireCondition(cond, in: name)
    let count = try broadcastCount([cond, a, b], in: name)
    let kind = try commonKind([a, b], in: name, what: "`a` and `b`")
    let n = count ?? 1
    let values = conditionValues(cond)
    let step = cond.step
    var choice = [Int32](repeating: -1, count: n)
    if !values.isEmpty {
        for i in 0..<n where !cond.isNull(i) { choice[i] = values[i &* step] ? 0 : 1 }
    }
    return elementwiseResult(gather([a, b], kind: kind, choice: choice, count: n), scalar: count == nil)
}

private func caseWhen(_ args: Arguments) throws(Diagnostic) -> Value {
    let name = args.builtin.name
    guard !args.rest.isEmpty else {
        throw args.callError(.caseNeedsAPair)
    }
    guard args.rest.count % 2 == 0 else {
        throw Diagnostic.error(.inBuiltin(name, .lastConditionWithoutValue(argument: args.rest.count)), at: args.restLocations[args.rest.count - 1])
    }
    var conditions: [Lane] = [], values: [Lane] = []
    for k in 0..<args.rest.count {
        let lane = try args.restLane(k, expected: k % 2 == 0 ? Lane.condition : Lane.anyScalar)
        if k % 2 == 0 {
            try requireCondition(lane, in: name)
            conditions.append(lane)
        } else {
            values.append(lane)
        }
    }
    if args.values[0] != nil { values.append(try args.lane(0)) }
    let hasDefault = values.count > conditions.count
    let count = try broadcastCount(conditions + values, in: name)
    let kind = try commonKind(values, in: name, what: "the values (and `default`)")
    let n = count ?? 1
    let fallback: Int32 = hasDefault ? Int32(conditions.count) : -1
    var choice = [Int32](repeating: fallback, count: n)
    var decided = [Bool](repeating: false, count: n)
    for (k, condition) in conditions.enumerated() {
        let bools = conditionValues(condition)
        guard !bools.isEmpty else { continue }  // all null: never true
        let step = condition.step, mask = condition.nulls
        for i in 0..<n where !decided[i] {
            let j = i &* step
            if bools[j] && !(mask?[j] ?? false) {
                choice[i] = Int32(k)
                decided[i] = true
            }
        }
    }
    return elementwiseResult(gather(values, kind: kind, choice: choice, count: n), scalar: count == nil)
}

private func coalesce(_ args: Arguments) throws(Diagnostic) -> Value {
    let name = args.builtin.name
    guard !args.rest.isEmpty else { throw args.callError(.coalesceNeedsAValue) }
    var lanes: [Lane] = []
    for k in 0..<args.rest.count { lanes.append(try args.restLane(k)) }
    let count = try broadcastCount(lanes, in: name)
    let kind = try commonKind(lanes, in: name, what: "the arguments")
    let n = count ?? 1
    var choice = [Int32](repeating: -1, count: n)
    var open = n
    for (k, lane) in lanes.enumerated() where open > 0 {
        if case .null = lane.storage { continue }
        for i in 0..<n where choice[i] < 0 && !lane.isNull(i) {
            choice[i] = Int32(k)
            open -= 1
        }
    }
    return elementwiseResult(gather(lanes, kind: kind, choice: choice, count: n), scalar: count == nil)
}

// MARK: - Text, element by element

/// The strings of a text lane (`[]` for a null lane).
private func strings(_ lane: Lane) -> [String] {
    if case .strings(let v) = lane.storage { return v }
    return []
}

/// Text arguments `indices` as lanes: checked to be strings, with their shared length.
private func textLanes(_ args: Arguments, _ indices: [Int]) throws(Diagnostic) -> (lanes: [Lane], count: Int?) {
    var lanes: [Lane] = []
    for i in indices {
        let lane = try args.lane(i, expected: Lane.text)
        try requireText(lane, in: args.builtin.name)
        lanes.append(lane)
    }
    return (lanes, try broadcastCount(lanes, in: args.builtin.name))
}

/// Element `i` is null in some lane.
@inline(__always)
private func anyNull(_ lanes: [Lane], _ i: Int) -> Bool {
    for lane in lanes where lane.isNull(i) { return true }
    return false
}

/// `f` of the text in argument 0, element by element; null stays null.
func mapText(_ args: Arguments, _ f: (String) -> String) throws(Diagnostic) -> Value {
    let (lanes, count) = try textLanes(args, [0])
    let n = count ?? 1, s = strings(lanes[0])
    var nulls: [Bool]? = nil
    let out = [String](unsafeUninitializedCapacity: n) { buffer, initialized in
        for i in 0..<n {
            if lanes[0].isNull(i) {
                buffer.initializeElement(at: i, to: "")
                if nulls == nil { nulls = [Bool](repeating: false, count: n) }
                nulls?[i] = true
            } else {
                buffer.initializeElement(at: i, to: f(s[i &* lanes[0].step]))
            }
        }
        initialized = n
    }
    return elementwiseResult(.strings(out, nulls: nulls), scalar: count == nil)
}

/// A test of the text in argument 0 against argument 1 (`starts_with`, ...), element by
/// element; null in either gives null.
func testText(_ args: Arguments, _ f: (String, String) -> Bool) throws(Diagnostic) -> Value {
    let (lanes, count) = try textLanes(args, [0, 1])
    let n = count ?? 1, s = strings(lanes[0]), t = strings(lanes[1])
    let sStep = lanes[0].step, tStep = lanes[1].step
    var nulls: [Bool]? = nil
    var out = [Bool](repeating: false, count: n)
    for i in 0..<n {
        if anyNull(lanes, i) {
            if nulls == nil { nulls = [Bool](repeating: false, count: n) }
            nulls?[i] = true
        } else {
            out[i] = f(s[i &* sStep], t[i &* tStep])
        }
    }
    return elementwiseResult(.bools(out, nulls: nulls), scalar: count == nil)
}

/// `contains_text`: a substring test by characters, as `contains` on a string.
func containsText(_ s: String, _ part: String) -> Bool {
    if part.isEmpty { return true }
    if let found = asciiContains(s, part) { return found }
    return s.contains(part)
}

/// The same test on the bytes, when that is sure to agree with the test by
/// characters: both texts ASCII and `part` without CR or LF (the one ASCII pair that is a
/// single character, "\r\n"). `nil` otherwise. The test by characters costs about 2 µs
/// per element; this one a few nanoseconds.
private func asciiContains(_ s: String, _ part: String) -> Bool? {
    var s = s, part = part
    return part.withUTF8 { needle -> Bool? in
        for b in needle where b >= 0x80 || b == 0x0A || b == 0x0D { return nil }
        return s.withUTF8 { haystack -> Bool? in
            for b in haystack where b >= 0x80 { return nil }
            let m = needle.count
            guard haystack.count >= m else { return false }
            let first = needle[0]
            var i = 0
            search: while i <= haystack.count - m {
                defer { i += 1 }
                guard haystack[i] == first else { continue }
                for k in 1..<m where haystack[i + k] != needle[k] { continue search }
                return true
            }
            return false
        }
    }
}

/// `trim`: without leading and trailing white space.
func trimmedText(_ s: String) -> String {
    let start = s.firstIndex { !$0.isWhitespace } ?? s.endIndex
    let end = s.lastIndex { !$0.isWhitespace }.map { s.index(after: $0) } ?? start
    return start < end ? String(s[start..<end]) : ""
}

/// `replace(s, a, b)`, element by element.
func replaceText(_ args: Arguments) throws(Diagnostic) -> Value {
    let (lanes, count) = try textLanes(args, [0, 1, 2])
    let n = count ?? 1
    let s = strings(lanes[0]), a = strings(lanes[1]), b = strings(lanes[2])
    let (sStep, aStep, bStep) = (lanes[0].step, lanes[1].step, lanes[2].step)
    // At most one replacement per `a`'s bytes: a bound on the result's size without
    // scanning (replacing in a loop can grow text exponentially).
    var bound = 0.0
    for i in 0..<n where !anyNull(lanes, i) {
        let aText = a[i &* aStep]
        guard !aText.isEmpty else {
            let which = lanes[1].count == nil ? "" : " (element \(i))"
            throw args.error(1, .emptyTextToReplace(which))
        }
        let sBytes = Double(s[i &* sStep].utf8.count), aBytes = Double(aText.utf8.count), bBytes = Double(b[i &* bStep].utf8.count)
        bound += sBytes + (sBytes / aBytes).rounded(.down) * max(0, bBytes - aBytes)
    }
    try args.reserve(bytes: bound, for: "the replaced text")
    var nulls: [Bool]? = nil
    var out = [String](repeating: "", count: n)
    for i in 0..<n {
        if anyNull(lanes, i) {
            if nulls == nil { nulls = [Bool](repeating: false, count: n) }
            nulls?[i] = true
        } else {
            out[i] = s[i &* sStep].replacing(a[i &* aStep], with: b[i &* bStep])
        }
    }
    return elementwiseResult(.strings(out, nulls: nulls), scalar: count == nil)
}

// MARK: - Regular expressions

/// Compiles each distinct pattern of a lane once (our engine, Tabular's
/// `RegularExpression`: linear time, see docs/language-design.md); an invalid one is an
/// error at the pattern's argument with the engine's reason.
private struct PatternCache {
    /// Bounded: a list of a million distinct patterns does not keep a million matchers.
    private static let capacity = 256
    private var compiled: [String: RegexMatcher] = [:]
    let lane: Lane
    let builtin: String
    /// Capture groups the matchers keep (`extract` needs the first).
    let groups: Int

    init(_ lane: Lane, in builtin: String, groups: Int) {
        self.lane = lane
        self.builtin = builtin
        self.groups = groups
    }

    /// The last pattern and its matcher: a scalar pattern is not hashed per element.
    private var last: (pattern: String, matcher: RegexMatcher)?

    mutating func matcher(_ pattern: String, element i: Int) throws(Diagnostic) -> RegexMatcher {
        if let last, last.pattern == pattern { return last.matcher }
        if let m = compiled[pattern] {
            last = (pattern, m)
            return m
        }
        let m: RegexMatcher
        do {
            m = try RegularExpression(pattern).matcher(groups: groups)
        } catch {
            throw Diagnostic.error(.invalidRegularExpression(builtin, pattern, element: lane.count == nil ? nil : i, error.message), at: lane.location)
        }
        if compiled.count >= PatternCache.capacity { compiled.removeAll(keepingCapacity: true) }
        compiled[pattern] = m
        last = (pattern, m)
        return m
    }
}

/// The shared loop of `matches` and `extract`: `f` of each non-null text with its
/// pattern's matcher and the time-limit poll for long matches; null in either gives
/// null. Polls the time limit between elements, and the matcher polls it within one.
private func eachMatch<T>(_ args: Arguments, placeholder: T, groups: Int,
                          _ f: (String, RegexMatcher, () throws(Diagnostic) -> Void) throws(Diagnostic) -> T?) throws(Diagnostic) -> (values: [T], nulls: [Bool]?, scalar: Bool) {
    let (lanes, count) = try textLanes(args, [0, 1])
    let n = count ?? 1, s = strings(lanes[0]), patterns = strings(lanes[1])
    let sStep = lanes[0].step, pStep = lanes[1].step
    var cache = PatternCache(lanes[1], in: args.builtin.name, groups: groups)
    let control = args.runtime.control, location = args.location
    let poll = { () throws(Diagnostic) in try control.check(at: location) }
    var nulls = [Bool](repeating: false, count: n)
    var anyNullOut = false
    var out = [T](repeating: placeholder, count: n)
    for i in 0..<n {
        try args.runtime.tick(at: args.location)
        if anyNull(lanes, i) {
            nulls[i] = true
            anyNullOut = true
            continue
        }
        let matcher = try cache.matcher(patterns[i &* pStep], element: i)
        if let r = try f(s[i &* sStep], matcher, poll) {
            out[i] = r
        } else {
            nulls[i] = true
            anyNullOut = true
        }
    }
    return (out, anyNullOut ? nulls : nil, count == nil)
}

private func matchesText(_ args: Arguments) throws(Diagnostic) -> Value {
    let (values, nulls, scalar) = try eachMatch(args, placeholder: false, groups: 0) { s, matcher, poll throws(Diagnostic) in
        try matcher.matches(s, poll: poll)
    }
    return elementwiseResult(.bools(values, nulls: nulls), scalar: scalar)
}

private func extractText(_ args: Arguments) throws(Diagnostic) -> Value {
    let (values, nulls, scalar) = try eachMatch(args, placeholder: "", groups: 1) { s, matcher, poll throws(Diagnostic) -> String? in
        guard let ranges = try matcher.firstMatch(in: s, poll: poll) else { return nil }
        if ranges.count < 2 { return ranges.first.flatMap { $0 }.map { RegexMatcher.text($0, of: s) } }
        return ranges[1].map { RegexMatcher.text($0, of: s) }
    }
    return elementwiseResult(.strings(values, nulls: nulls), scalar: scalar)
}

// MARK: - The registry's entries

let conditionalBuiltins: [Builtin] = [
    Builtin(name: "if_else", group: .conditionals, parameters: [p("cond"), p("a"), p("b")],
            doc: "Per element: `a` where `cond` is true, `b` where it is false, null where it is null. "
                + "Scalars stand for every element, as in arithmetic; `a` and `b` must be of one type (null fits any). "
                + "Both `a` and `b` are computed in full, so to avoid a division by zero divide by `if_else(x == 0, null, x)`.",
            examples: [("if_else([1, 5, null] >= 3, \"meets\", \"short\")", "[\"short\", \"meets\", null]"),
                       ("if_else([true, false], [1, 2], 0)", "[1, 0]"),
                       ("if_else(2 > 1, \"yes\", \"no\")", "\"yes\"")]) { args throws(Diagnostic) in
        try ifElse(args)
    },
    Builtin(name: "case", group: .conditionals, parameters: [p("default", .absent, namedOnly: true)],
            variadic: p("c1, v1, c2, v2, "),
            doc: "Per element, the value after the first true condition (a null condition counts as not true, as in SQL's CASE); "
                + "when none is true, `default` (null when it is left out). Scalars stand for every element; the values must be of one type.",
            examples: [("case([5, 15, 25] < 10, \"low\", [5, 15, 25] < 20, \"mid\", default: \"high\")", "[\"low\", \"mid\", \"high\"]"),
                       ("case([1, null, 3] > 2, \"big\")", "[null, null, \"big\"]")]) { args throws(Diagnostic) in
        try caseWhen(args)
    },
    Builtin(name: "coalesce", group: .conditionals, parameters: [], variadic: p("values"),
            doc: "Per element, the first of the arguments that is not null (null when all are). Scalars stand for every element; the arguments must be of one type.",
            examples: [("coalesce([1, null, null], [9, 2, null], 0)", "[1, 2, 0]"),
                       ("coalesce(null, \"n/a\")", "\"n/a\"")]) { args throws(Diagnostic) in
        try coalesce(args)
    },
]

let textTestBuiltins: [Builtin] = [
    Builtin(name: "contains_text", group: .strings, parameters: [p("s"), p("part")],
            doc: "Whether `s` holds the text `part`, per element of a list of strings (null gives null). "
                + "For a column, this is the per-row test: `contains` asks whether a list holds a value.",
            examples: [("contains_text([\"FY2024 incl. SACO\", \"FY2024\", null], \"incl.\")", "[true, false, null]"),
                       ("contains_text(\"budget\", \"dge\")", "true")]) { args throws(Diagnostic) in
        try testText(args, containsText)
    },
    Builtin(name: "matches", group: .strings, parameters: [p("s"), p("regex")],
            doc: "Whether the regular expression matches anywhere in `s` (anchor it with `^…$` to match the whole text), per element; null gives null. "
                + "Matching takes time proportional to the pattern's size times the text's length (no backtracking), and it matches by Unicode scalar: "
                + "`.` is one scalar, so `\"e\\u{301}\"` (e and a combining accent, one character for `len`) is two, and a precomposed `é` in the pattern does not match it. "
                + "Syntax (the leftmost match; among alternatives and repetitions, the first that leads to a match, as in Perl, Python and Swift): "
                + "literal characters; `.` any scalar but a newline; `^` `$` (also `\\A` `\\z`) the start and end of the text (not of lines); `\\b` `\\B` a word boundary and its opposite; "
                + "classes `[abc]` `[^a-z]` with ranges and escapes (`]` first or `\\]` is literal, `-` first or last is literal); "
                + "`\\d` `\\w` `\\s` and their opposites `\\D` `\\W` `\\S`, ASCII only (`[0-9]`, `[0-9A-Za-z_]`, space, tab, CR, LF, VT, FF); "
                + "groups `(…)` (capturing, numbered by their `(`), `(?<name>…)` (capturing; the name is not used), `(?:…)`; alternation `|`; "
                + "`* + ? {n} {n,} {n,m}` (counts up to 1000) and their lazy forms `*? +? ?? {n,m}?`; "
                + "`(?i)` (case-insensitive for the rest of its group, simple one-to-one case mapping), `(?-i)`, `(?i:…)`; "
                + "escapes `\\n \\t \\r \\f \\v`, `\\xHH`, `\\x{H…}`, and a backslash before any other punctuation for the character itself (`\\. \\* \\\\ \\( \\[ \\{ \\| \\/`). "
                + "Refused with an error naming the construct: back-references (`\\1`, `\\k<name>`), look-ahead and look-behind (`(?=` `(?!` `(?<=` `(?<!`), atomic groups `(?>…)`, "
                + "possessive quantifiers (`*+`), inline options other than `i`, `\\p{…}`, nested and POSIX classes, unknown escapes such as `\\Z`, a `{` that is not a repetition (write `\\{`), "
                + "a quantifier after another or after nothing, and a pattern above 10,000 instructions once its counts are expanded. "
                + "In a string literal each backslash is written twice (`\"\\\\d+\"`). A long match stops at the cell's time limit.",
            examples: [("matches([\"FY2024\", \"2024\", \"fy24\"], \"^FY\\\\d{4}$\")", "[true, false, false]"),
                       ("matches(\"Japan (SIPRI)\", \"(?i)sipri\")", "true")]) { args throws(Diagnostic) in
        try matchesText(args)
    },
    Builtin(name: "extract", group: .strings, parameters: [p("s"), p("regex")],
            doc: "The text of the first capture group `(…)` of the first match of the regular expression in `s` (the whole match when it has no group), "
                + "per element; null when it does not match (or the group took no part). Syntax as in `matches`. "
                + "One difference from Perl: when a repeated group that can match empty (`(a|)*`) ends with an empty iteration, it keeps the text of the iteration before.",
            examples: [("extract([\"FY2024\", \"n/a\", \"FY2025 est.\"], \"FY(\\\\d+)\")", "[\"2024\", null, \"2025\"]"),
                       ("extract(\"¥8.7 trillion\", \"[0-9.]+\")", "\"8.7\"")]) { args throws(Diagnostic) in
        try extractText(args)
    },
]

// MARK: - `where` refuses a whole-table bool

/// `where`'s condition gave one value (a bool or null) for the whole table instead of
/// one per row: usually a list function such as `contains(column, x)`, which asks
/// whether the column holds `x`. Keeping every row or none on that value would be a
/// silently wrong table, so it is an error, whatever the table's size (also for one row,
/// and also for a literal `true`/`false`: the table itself, or `head(t, 0)`, say that).
func wholeTableCondition(_ value: Value, at location: SourceLocation) -> Diagnostic {
    let gave = value.isNull ? "null" : "`\(value.displayText)`"
    return .error(.inBuiltin("where", .conditionForWholeTable(gave)), at: location)
}
