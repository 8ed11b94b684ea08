import NotebookFormat
import Tabular

// Dates and fiscal periods (SPEC-2 §C). A date is a calendar day (no time of day, no
// time zone): `Value.date` holds days since 1970-01-01, a list of dates is a contiguous
// `[Int32]` with a null mask, and the calendar arithmetic is Tabular's `CalendarDate`.
// Every function works element-wise on lists with scalars broadcast, as arithmetic
// does. Decisions: docs/tables.md ("Dates").

/// Dates or numbers of one argument: one value (`isList` false: index 0 serves every
/// element) or a list.
private struct Broadcast<T> {
    var values: [T]
    var nulls: [Bool]?
    var isList: Bool

    @inline(__always) func index(_ i: Int) -> Int { isList ? i : 0 }
    @inline(__always) func isNull(_ i: Int) -> Bool { nulls?[index(i)] ?? false }
    @inline(__always) func value(_ i: Int) -> T { values[index(i)] }
}

private let dateExpected = "a date or a list of dates"
private let numberExpected = "a number or a list of numbers"

extension Arguments {
    /// Argument `i` as dates: a date, null, or a list of dates (nulls allowed).
    fileprivate func dates(_ i: Int) throws(Diagnostic) -> Broadcast<Int32> {
        let v = try value(i)
        switch v {
        case .date(let d): return Broadcast(values: [d], nulls: nil, isList: false)
        case .null: return Broadcast(values: [0], nulls: [true], isList: false)
        case .list(.dates(let days, let nulls)): return Broadcast(values: days, nulls: nulls, isList: true)
        case .list(let l) where l.numeric != nil && l.elements.allSatisfy(\.isNull):
            return Broadcast(values: [Int32](repeating: 0, count: l.count), nulls: [Bool](repeating: true, count: l.count), isList: true)
        case .list(let l):
            throw error(i, .argumentType(builtin.parameters[i].name, expected: dateExpected, got: "list of \(describeElements(l))"))
        case .string:
            throw error(i, Diagnostic.Message(Diagnostic.Message.argumentType(builtin.parameters[i].name, expected: dateExpected, got: v.typeName).text
                + "; make one with `date(\"2024-04-01\")`"))
        default:
            throw typeError(i, expected: dateExpected, got: v)
        }
    }

    /// Argument `i` as numbers: a number, null, or a list of numbers (nulls allowed).
    fileprivate func numberColumn(_ i: Int) throws(Diagnostic) -> Broadcast<Double> {
        let v = try value(i)
        switch v {
        case .number(let x): return Broadcast(values: [x], nulls: nil, isList: false)
        case .null: return Broadcast(values: [0], nulls: [true], isList: false)
        case .list(let l):
            guard let (values, nulls) = l.numeric else {
                throw error(i, .argumentType(builtin.parameters[i].name, expected: numberExpected, got: "list of \(describeElements(l))"))
            }
            return Broadcast(values: values, nulls: nulls, isList: true)
        default:
            throw typeError(i, expected: numberExpected, got: v)
        }
    }

    /// The common length of the list arguments (`nil`: all are single values); lists of
    /// different lengths are an error at the later one.
    fileprivate func broadcastCount(_ lists: [(isList: Bool, count: Int, argument: Int)]) throws(Diagnostic) -> Int? {
        var length: Int? = nil
        for list in lists where list.isList {
            if let length, length != list.count {
                throw error(list.argument, .differentLengths(length, list.count))
            }
            length = list.count
        }
        return length
    }

    /// A whole number of days or months (element `element` of argument `i`).
    fileprivate func wholeAmount(_ x: Double, _ i: Int, element: Int?) throws(Diagnostic) -> Int {
        guard x.rounded() == x else {
            var e = error(i, .mustBeWhole(builtin.parameters[i].name, x))
            if let element { e.message += " (element \(element))" }
            throw e
        }
        // Past ±10,000 years in days, every result is outside the calendar.
        guard abs(x) <= 4_000_000 else { throw callError(.dateOutOfRange(element: element)) }
        return Int(x)
    }

    /// `start_month:` (1–12) and `named_by:` of the fiscal functions, at `i` and `i + 1`.
    fileprivate func fiscalConvention(_ i: Int) throws(Diagnostic) -> (startMonth: Int, namedBy: CalendarDate.FiscalNaming) {
        let month = try number(i)
        guard month.rounded() == month, month >= 1, month <= 12 else { throw error(i, .badStartMonth(month)) }
        let naming = try string(i + 1)
        guard let namedBy = CalendarDate.FiscalNaming(rawValue: naming) else { throw error(i + 1, .badFiscalNaming(naming)) }
        return (Int(month), namedBy)
    }
}

/// One date or a list of dates, from per-element results.
private func dateResult(_ days: [Int32], _ nulls: [Bool]?, isList: Bool) -> Value {
    if !isList { return nulls?.first == true ? .null : .date(days.first ?? 0) }
    return .list(.dates(days, nulls: normalized(nulls)))
}

/// One number or a list of numbers, from per-element results.
private func numberResult(_ values: [Double], _ nulls: [Bool]?, isList: Bool) -> Value {
    if !isList { return nulls?.first == true ? .null : .number(values.first ?? 0) }
    return .list(.numbers(values, nulls: normalized(nulls)))
}

/// `year(d)` and the other parts of a date: a number per date.
private func datePart(_ args: Arguments, _ part: (Int32) -> Int) throws(Diagnostic) -> Value {
    let d = try args.dates(0)
    let out = [Double](unsafeUninitializedCapacity: d.values.count) { buffer, count in
        for i in 0..<d.values.count { buffer[i] = Double(part(d.values[i])) }
        count = d.values.count
    }
    return numberResult(out, d.nulls, isList: d.isList)
}

/// `add_days(d, n)`, `add_months(d, n)`: a date per element; `shift` gives nil outside
/// the calendar.
private func shiftDates(_ args: Arguments, _ shift: (Int32, Int) -> Int32?) throws(Diagnostic) -> Value {
    let d = try args.dates(0), n = try args.numberColumn(1)
    let length = try args.broadcastCount([(d.isList, d.values.count, 0), (n.isList, n.values.count, 1)])
    let count = length ?? 1
    var out = [Int32](repeating: 0, count: count)
    var nulls: [Bool]? = nil
    for i in 0..<count {
        if d.isNull(i) || n.isNull(i) {
            if nulls == nil { nulls = [Bool](repeating: false, count: count) }
            nulls?[i] = true
            continue
        }
        let element = length == nil ? nil : i
        let amount = try args.wholeAmount(n.value(i), 1, element: element)
        guard let day = shift(d.value(i), amount) else { throw args.callError(.dateOutOfRange(element: element)) }
        out[i] = day
    }
    return dateResult(out, nulls, isList: length != nil)
}

/// `date(text)` per element.
private func parseDates(_ args: Arguments) throws(Diagnostic) -> Value {
    let v = try args.value(0)
    switch v {
    case .null, .date, .list(.dates): return v
    case .string(let s):
        guard let day = CalendarDate.parse(s) else { throw args.error(0, .notADate(s)) }
        return .date(day)
    case .list(.strings(let texts, let nulls)):
        var out = [Int32](repeating: 0, count: texts.count)
        for i in texts.indices where !(nulls?[i] ?? false) {
            guard let day = CalendarDate.parse(texts[i]) else { throw args.error(0, .notADate(texts[i], element: i)) }
            out[i] = day
        }
        return .list(.dates(out, nulls: nulls))
    case .list(let l) where l.elements.allSatisfy(\.isNull):
        return .list(.dates([Int32](repeating: 0, count: l.count), nulls: normalized([Bool](repeating: true, count: l.count))))
    default:
        throw args.typeError(0, expected: "a \"YYYY-MM-DD\" string (or a list of them), or a year with `month` and `day`", got: v)
    }
}

/// `date(year, month, day)` per element.
private func composeDates(_ args: Arguments) throws(Diagnostic) -> Value {
    let y = try args.numberColumn(0), m = try args.numberColumn(1), d = try args.numberColumn(2)
    let length = try args.broadcastCount([(y.isList, y.values.count, 0), (m.isList, m.values.count, 1), (d.isList, d.values.count, 2)])
    let count = length ?? 1
    var out = [Int32](repeating: 0, count: count)
    var nulls: [Bool]? = nil
    for i in 0..<count {
        if y.isNull(i) || m.isNull(i) || d.isNull(i) {
            if nulls == nil { nulls = [Bool](repeating: false, count: count) }
            nulls?[i] = true
            continue
        }
        let (yx, mx, dx) = (y.value(i), m.value(i), d.value(i))
        var day: Int32? = nil
        if let year = Int(exactly: yx), let month = Int(exactly: mx), let dayOfMonth = Int(exactly: dx) {
            day = CalendarDate.day(year: year, month: month, day: dayOfMonth)
        }
        guard let day else {
            // The first part at fault: the month when it is outside 1–12, else the day,
            // else the year.
            let at = !(1...12).contains(mx) || Int(exactly: mx) == nil ? 1 : (Int(exactly: yx) != nil && (CalendarDate.minYear...CalendarDate.maxYear).contains(Int(yx)) ? 2 : 0)
            throw args.error(at, .notADate(year: yx, month: mx, day: dx, element: length == nil ? nil : i))
        }
        out[i] = day
    }
    return dateResult(out, nulls, isList: length != nil)
}

/// `fiscal_start` / `fiscal_end` of fiscal years `fy`.
private func fiscalBound(_ args: Arguments, end: Bool) throws(Diagnostic) -> Value {
    let fy = try args.numberColumn(0)
    let (startMonth, namedBy) = try args.fiscalConvention(1)
    var out = [Int32](repeating: 0, count: fy.values.count)
    for i in fy.values.indices where !(fy.nulls?[i] ?? false) {
        let x = fy.values[i]
        let element = fy.isList ? i : nil
        guard x.rounded() == x else {
            var e = args.error(0, .mustBeWhole("fy", x))
            if let element { e.message += " (element \(element))" }
            throw e
        }
        let year = abs(x) < 1e6 ? Int(x) : 0
        let day = end ? CalendarDate.fiscalEnd(year, startMonth: startMonth, namedBy: namedBy)
            : CalendarDate.fiscalStart(year, startMonth: startMonth, namedBy: namedBy)
        guard let day else { throw args.error(0, .dateOutOfRange(element: element)) }
        out[i] = day
    }
    return dateResult(out, fy.nulls, isList: fy.isList)
}

private let startDefault = ParameterDefault.value(.string("start"), text: "\"start\"")

let dateBuiltins: [Builtin] = [
    Builtin(name: "date", group: .dates, parameters: [p("x"), p("month", .absent), p("day", .absent)],
            doc: "A date (a calendar day: no time of day, no time zone) from `\"YYYY-MM-DD\"` text, or from a year, month and day; per element of lists. An impossible date is an error naming it. A date shows as `2024-04-01`; `fmt` takes date patterns (see below).",
            examples: [("date(\"2024-04-01\")", "date(\"2024-04-01\")"), ("date(2024, 4, 1)", "date(\"2024-04-01\")"),
                       ("date([\"2024-04-01\", null])", "[date(\"2024-04-01\"), null]"),
                       ("date(2025, [1, 2], 1)", "[date(\"2025-01-01\"), date(\"2025-02-01\")]")],
            shadowable: true) { args throws(Diagnostic) in
        switch (args.values[1], args.values[2]) {
        case (nil, nil): return try parseDates(args)
        case (.some, .some): return try composeDates(args)
        default: throw args.callError(.dateArguments)
        }
    },
    Builtin(name: "year", group: .dates, parameters: [p("d")], doc: "The calendar year of a date (per element of a list of dates).",
            examples: [("year(date(\"2024-04-01\"))", "2024")], shadowable: true) { args throws(Diagnostic) in
        try datePart(args, CalendarDate.year)
    },
    Builtin(name: "month", group: .dates, parameters: [p("d")], doc: "The month of a date, 1 (January) to 12.",
            examples: [("month(date(\"2024-04-01\"))", "4")], shadowable: true) { args throws(Diagnostic) in
        try datePart(args, CalendarDate.month)
    },
    Builtin(name: "day", group: .dates, parameters: [p("d")], doc: "The day of the month of a date, 1 to 31.",
            examples: [("day(date(\"2024-04-01\"))", "1")], shadowable: true) { args throws(Diagnostic) in
        try datePart(args, CalendarDate.dayOfMonth)
    },
    Builtin(name: "quarter", group: .dates, parameters: [p("d")], doc: "The calendar quarter of a date, 1 (January–March) to 4.",
            examples: [("quarter(date(\"2024-04-01\"))", "2"), ("quarter(date(\"2024-12-31\"))", "4")], shadowable: true) { args throws(Diagnostic) in
        try datePart(args, CalendarDate.quarter)
    },
    Builtin(name: "weekday", group: .dates, parameters: [p("d")], doc: "The day of the week as ISO 8601 numbers it: 1 = Monday … 7 = Sunday.",
            examples: [("weekday(date(\"2024-04-01\"))", "1"), ("weekday(date(\"2024-04-07\"))", "7")], shadowable: true) { args throws(Diagnostic) in
        try datePart(args, CalendarDate.weekday)
    },
    Builtin(name: "add_days", group: .dates, parameters: [p("d"), p("n")],
            doc: "The date `n` days after `d` (before, for a negative `n`); per element of lists. `d + n` is an error: say which unit.",
            examples: [("add_days(date(\"2024-02-28\"), 1)", "date(\"2024-02-29\")"), ("add_days(date(\"2024-01-01\"), -1)", "date(\"2023-12-31\")")],
            shadowable: true) { args throws(Diagnostic) in
        try shiftDates(args) { d, n in
            let day = Int(d) + n
            return CalendarDate.inRange(day) ? Int32(truncatingIfNeeded: day) : nil
        }
    },
    Builtin(name: "add_months", group: .dates, parameters: [p("d"), p("n")],
            doc: "The date `n` calendar months after `d`, the day clamped to the end of a shorter month (so January 31 plus one month is the last day of February).",
            examples: [("add_months(date(\"2024-01-31\"), 1)", "date(\"2024-02-29\")"), ("add_months(date(\"2024-04-01\"), -12)", "date(\"2023-04-01\")")],
            shadowable: true) { args throws(Diagnostic) in
        try shiftDates(args, CalendarDate.addingMonths)
    },
    Builtin(name: "days_between", group: .dates, parameters: [p("a"), p("b")],
            doc: "Days from `a` to `b` (`b - a`, which `b - a` also gives): negative when `b` is earlier.",
            examples: [("days_between(date(\"2024-01-01\"), date(\"2024-12-31\"))", "365"), ("date(\"2024-04-01\") - date(\"2024-03-01\")", "31")],
            shadowable: true) { args throws(Diagnostic) in
        let a = try args.dates(0), b = try args.dates(1)
        let length = try args.broadcastCount([(a.isList, a.values.count, 0), (b.isList, b.values.count, 1)])
        let count = length ?? 1
        var out = [Double](repeating: 0, count: count)
        var nulls: [Bool]? = nil
        for i in 0..<count {
            if a.isNull(i) || b.isNull(i) {
                if nulls == nil { nulls = [Bool](repeating: false, count: count) }
                nulls?[i] = true
            } else {
                out[i] = Double(Int(b.value(i)) - Int(a.value(i)))
            }
        }
        return numberResult(out, nulls, isList: length != nil)
    },
    Builtin(name: "fiscal_year", group: .dates,
            parameters: [p("d"), p("start_month", namedOnly: true), p("named_by", startDefault, namedOnly: true)],
            doc: "The fiscal year holding `d`, for years that start on the first of `start_month`. `named_by: \"start\"` names a year by the calendar year it starts in (Japan: April to March, FY2024 = April 2024 – March 2025); `\"end\"` by the year it ends in (US federal: October to September, FY2025 = October 2024 – September 2025).",
            examples: [("fiscal_year(date(\"2025-03-31\"), start_month: 4)", "2024"),
                       ("fiscal_year(date(\"2025-04-01\"), start_month: 4)", "2025"),
                       ("fiscal_year(date(\"2024-10-01\"), start_month: 10, named_by: \"end\")", "2025")],
            shadowable: true) { args throws(Diagnostic) in
        let (startMonth, namedBy) = try args.fiscalConvention(1)
        return try datePart(args) { CalendarDate.fiscalYear($0, startMonth: startMonth, namedBy: namedBy) }
    },
    Builtin(name: "fiscal_start", group: .dates,
            parameters: [p("fy"), p("start_month", namedOnly: true), p("named_by", startDefault, namedOnly: true)],
            doc: "The first day of fiscal year `fy` (conventions as in `fiscal_year`).",
            examples: [("fiscal_start(2024, start_month: 4)", "date(\"2024-04-01\")"),
                       ("fiscal_start(2025, start_month: 10, named_by: \"end\")", "date(\"2024-10-01\")")],
            shadowable: true) { args throws(Diagnostic) in
        try fiscalBound(args, end: false)
    },
    Builtin(name: "fiscal_end", group: .dates,
            parameters: [p("fy"), p("start_month", namedOnly: true), p("named_by", startDefault, namedOnly: true)],
            doc: "The last day of fiscal year `fy` (conventions as in `fiscal_year`).",
            examples: [("fiscal_end(2024, start_month: 4)", "date(\"2025-03-31\")"),
                       ("fiscal_end(2025, start_month: 10, named_by: \"end\")", "date(\"2025-09-30\")")],
            shadowable: true) { args throws(Diagnostic) in
        try fiscalBound(args, end: true)
    },
]

extension List {
    /// A list of dates (nulls allowed).
    var isDates: Bool {
        if case .dates = self { return true }
        return false
    }
}

extension Value {
    /// A date or a list of dates as a list of `count` dates (a single date repeated).
    func asDates(count: Int) -> List {
        switch self {
        case .date(let d): .dates([Int32](repeating: d, count: count), nulls: nil)
        case .list(let l): l
        default: .dates([Int32](repeating: 0, count: count), nulls: [Bool](repeating: true, count: count))
        }
    }
}

/// `fmt(x, pattern)` when the pattern is a date pattern or `x` holds dates; nil when it
/// is a number pattern for numbers (the caller formats those). The one place where `fmt`
/// chooses between the two kinds of pattern.
func formatDates(_ args: Arguments, _ patternText: String) throws(Diagnostic) -> Value? {
    let v = try args.value(0)
    let holdsDates: Bool
    switch v {
    case .date, .list(.dates): holdsDates = true
    default: holdsDates = false
    }
    switch PatternKind(patternText) {
    case .mixed(let run):
        throw args.error(1, .badPattern(patternText, "it mixes the date field '\(run)' with digit placeholders ('0', '#'); put literal text in \"…\""))
    case .number:
        guard holdsDates else { return nil }
        // A date pattern's own syntax error (an unclosed quote) says more than the kind.
        do throws(DatePattern.SyntaxError) { _ = try DatePattern(patternText) } catch {
            if error.isUnterminated { throw args.error(1, .badPattern(patternText, error.message)) }
        }
        throw args.error(1, .patternKindMismatch(patternText, valueType: "date"))
    case .date:
        break
    }
    let pattern: DatePattern
    do throws(DatePattern.SyntaxError) { pattern = try DatePattern(patternText) } catch { throw args.error(1, .badPattern(patternText, error.message)) }
    switch v {
    case .date(let d): return .string(pattern.format(d))
    case .null: return .null
    case .list(.dates(let days, let nulls)):
        return .list(.strings((0..<days.count).map { (nulls?[$0] ?? false) ? "" : pattern.format(days[$0]) }, nulls: nulls))
    case .list(let l) where l.elements.allSatisfy(\.isNull):
        return .list(.strings([String](repeating: "", count: l.count), nulls: normalized([Bool](repeating: true, count: l.count))))
    case .number, .list(.numbers):
        throw args.error(1, .patternKindMismatch(patternText, valueType: "number"))
    default:
        throw args.typeError(0, expected: "a number or a date (or a list of them)", got: v)
    }
}

/// Whether `format(t, col: pattern)` is about dates: a date column, or a pattern that
/// is not a number pattern (the date check then names what is wrong).
func formatsDates(_ column: Tabular.Column, _ pattern: String) -> Bool {
    if case .date = column.storage { return true }
    return PatternKind(pattern) != .number
}

/// `format`'s check of a date pattern for column `column`, which holds `typeName`s.
func checkDatePattern(_ pattern: String, column: String, holds typeName: String, at location: SourceLocation) throws(Diagnostic) {
    func fail(_ message: Diagnostic.Message) -> Diagnostic { .error(.inBuiltin("format", message), at: location) }
    switch PatternKind(pattern) {
    case .mixed(let run):
        throw fail(.badPattern(pattern, "it mixes the date field '\(run)' with digit placeholders ('0', '#'); put literal text in \"…\"", column: column))
    case .number:
        throw fail(.patternKindMismatch(pattern, valueType: typeName, column: column))
    case .date:
        do throws(DatePattern.SyntaxError) { _ = try DatePattern(pattern) } catch { throw fail(.badPattern(pattern, error.message, column: column)) }
        guard typeName == "date" else { throw fail(.patternKindMismatch(pattern, valueType: typeName, column: column)) }
    }
}
