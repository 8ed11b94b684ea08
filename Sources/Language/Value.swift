import NotebookFormat
import ReportModel
import Tabular

/// A value of the language (SPEC §2). Numbers and bools are unboxed; big payloads are
/// boxed (`indirect`) so a `Value` stays two words and copies cheaply.
package enum Value: Sendable {
    case null
    case number(Double)
    case bool(Bool)
    case string(String)
    /// A calendar day: days since 1970-01-01 (Tabular's `CalendarDate`), no time, no zone.
    case date(Int32)
    indirect case list(List)
    indirect case record(Record)
    case function(FunctionValue)
    indirect case table(Table)
    /// What a chart built-in returns (ReportModel's `Chart`, which Render draws).
    indirect case chart(Chart)

    /// The type's name as messages say it.
    package var typeName: String {
        switch self {
        case .null: "null"
        case .number: "number"
        case .bool: "bool"
        case .string: "string"
        case .date: "date"
        case .list: "list"
        case .record: "record"
        case .function: "function"
        case .table: "table"
        case .chart: "chart"
        }
    }

    /// A parameter's value (SPEC §1: number, string, bool, or list of those).
    package init(_ parameter: ParamValue) {
        switch parameter {
        case .number(let x): self = .number(x)
        case .string(let s): self = .string(s)
        case .bool(let b): self = .bool(b)
        case .list(let items): self = .list(List(items.map(Value.init)))
        }
    }

    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// A list. Homogeneous lists keep their elements contiguous and unboxed, with nulls in a
/// separate mask (`nulls[i]` true means element i is null; the slot holds a placeholder).
package enum List: Sendable {
    case numbers([Double], nulls: [Bool]?)
    case bools([Bool], nulls: [Bool]?)
    case strings([String], nulls: [Bool]?)
    /// Day numbers (`Value.date`).
    case dates([Int32], nulls: [Bool]?)
    /// Mixed or nested elements (lists of lists, records, functions, all-null lists).
    case values([Value])

    package static let empty = List.values([])

    /// Builds the most compact storage for `elements`.
    package init(_ elements: [Value]) {
        var numbers = 0, bools = 0, strings = 0, dates = 0, nulls = 0
        for element in elements {
            switch element {
            case .number: numbers += 1
            case .bool: bools += 1
            case .string: strings += 1
            case .date: dates += 1
            case .null: nulls += 1
            default: self = .values(elements); return
            }
        }
        let count = elements.count
        let mask: [Bool]? = nulls > 0 ? elements.map(\.isNull) : nil
        if count == 0 || nulls == count {
            self = .values(elements)
        } else if numbers + nulls == count {
            self = .numbers(elements.map { if case .number(let x) = $0 { x } else { 0 } }, nulls: mask)
        } else if bools + nulls == count {
            self = .bools(elements.map { if case .bool(let b) = $0 { b } else { false } }, nulls: mask)
        } else if strings + nulls == count {
            self = .strings(elements.map { if case .string(let s) = $0 { s } else { "" } }, nulls: mask)
        } else if dates + nulls == count {
            self = .dates(elements.map { if case .date(let d) = $0 { d } else { 0 } }, nulls: mask)
        } else {
            self = .values(elements)
        }
    }

    package var count: Int {
        switch self {
        case .numbers(let v, _): v.count
        case .bools(let v, _): v.count
        case .strings(let v, _): v.count
        case .dates(let v, _): v.count
        case .values(let v): v.count
        }
    }

    package var isEmpty: Bool { count == 0 }

    /// Element `i` (0-based, in range).
    package subscript(i: Int) -> Value {
        switch self {
        case .numbers(let v, let nulls): nulls?[i] == true ? .null : .number(v[i])
        case .bools(let v, let nulls): nulls?[i] == true ? .null : .bool(v[i])
        case .strings(let v, let nulls): nulls?[i] == true ? .null : .string(v[i])
        case .dates(let v, let nulls): nulls?[i] == true ? .null : .date(v[i])
        case .values(let v): v[i]
        }
    }

    /// All elements boxed as values (for generic code paths).
    package var elements: [Value] {
        if case .values(let v) = self { return v }
        return (0..<count).map { self[$0] }
    }

    /// Numbers and null mask when every element is a number or null.
    var numeric: (values: [Double], nulls: [Bool]?)? {
        switch self {
        case .numbers(let v, let nulls): return (v, nulls)
        case .values(let v):
            // Only all-null (or empty) lists land here among homogeneous ones.
            guard v.allSatisfy(\.isNull) else { return nil }
            return ([Double](repeating: 0, count: v.count), v.isEmpty ? nil : [Bool](repeating: true, count: v.count))
        default: return nil
        }
    }

    /// Keeps the elements at `indices` (in that order).
    func picking(_ indices: [Int]) -> List {
        func pickMask(_ nulls: [Bool]?) -> [Bool]? { nulls.map { m in indices.map { m[$0] } } }
        switch self {
        case .numbers(let v, let nulls): return .numbers(indices.map { v[$0] }, nulls: normalized(pickMask(nulls)))
        case .bools(let v, let nulls): return .bools(indices.map { v[$0] }, nulls: normalized(pickMask(nulls)))
        case .strings(let v, let nulls): return .strings(indices.map { v[$0] }, nulls: normalized(pickMask(nulls)))
        case .dates(let v, let nulls): return .dates(indices.map { v[$0] }, nulls: normalized(pickMask(nulls)))
        case .values(let v): return .values(indices.map { v[$0] })
        }
    }

    /// The list as a table column, when its elements are all of one scalar type.
    package var column: Column? {
        switch self {
        case .numbers(let v, let nulls): Column.numbers(v, isNull: nulls)
        case .bools(let v, let nulls): Column.bools(v, isNull: nulls)
        case .strings(let v, let nulls): Column.strings(v, isNull: nulls)
        case .dates(let v, let nulls): Column.dates(v, isNull: nulls)
        case .values: nil
        }
    }

    package init(_ column: Column) {
        switch column.storage {
        case .number(let v): self = .numbers(v, nulls: column.isNull)
        case .bool(let v): self = .bools(v, nulls: column.isNull)
        case .string(let v): self = .strings(v.strings, nulls: column.isNull)
        case .date(let v): self = .dates(v, nulls: column.isNull)
        }
    }
}

/// A mask with no `true` is dropped, so equal lists have equal representations.
func normalized(_ mask: [Bool]?) -> [Bool]? {
    guard let mask, mask.contains(true) else { return nil }
    return mask
}

/// A record: string keys in the order written, each with a value.
package struct Record: Sendable {
    package var keys: [String]
    package var values: [Value]

    package init(keys: [String], values: [Value]) {
        self.keys = keys
        self.values = values
    }

    package subscript(key: String) -> Value? {
        guard let index = keys.firstIndex(of: key) else { return nil }
        return values[index]
    }
}

/// A function value: a user `fn`, a lambda (with the frame it closes over) or a built-in.
///
/// `@unchecked Sendable` (the one left in the package), because `Value` is Sendable and a
/// value may hold a function. Sound because: a function is immutable after creation
/// except for `captured`, and its code and frames are only ever run on the thread that
/// owns the interpreter. Values leave that thread only as a finished notebook's outputs
/// (handed over once, after the thread is done with them), and nothing on the receiving
/// side calls a function value: the report shows it as text. Making `Value` non-Sendable
/// instead would stop outputs from being handed over at all.
package final class FunctionValue: @unchecked Sendable {
    /// A user function or lambda (stored fields rather than an enum payload: a call reads
    /// them without copying a payload).
    let code: FunctionCode?
    /// The frame a lambda or local `fn` closes over. Only `releaseFrame` writes it (it
    /// cuts the link of a closure that dies with its frame), on the interpreter's thread;
    /// unchecked, so the read on every call pays no dynamic exclusivity check.
    @exclusivity(unchecked) var captured: Frame?
    let builtin: Builtin?
    /// `fn` name, built-in name, or `lambda`.
    package let name: String

    init(user code: FunctionCode, captured: Frame?, name: String) {
        self.code = code
        self.captured = captured
        self.builtin = nil
        self.name = name
    }

    init(builtin: Builtin) {
        self.code = nil
        self.captured = nil
        self.builtin = builtin
        self.name = builtin.name
    }
}

// MARK: - Display text

extension Value {
    /// Text for inline expressions, `print` and report display (SPEC §4, the rules of
    /// ReportModel's `DisplayText`): numbers in the general format, strings as they are,
    /// bools `true`/`false`, null as nothing, a list as its elements joined by `, `.
    package var displayText: String {
        switch self {
        case .null: DisplayText.null
        case .number(let x): DisplayText.number(x)
        case .bool(let b): DisplayText.bool(b)
        case .string(let s): s
        case .date(let d): CalendarDate.text(d)
        case .list(let list): DisplayText.list(list.elements.lazy.map(\.displayText))
        case .record(let record): record.description(number: DisplayText.number)
        case .function(let f): "<function \(f.name)>"
        case .table(let t): "<table \(t.rowCount) rows × \(t.names.count) columns>"
        case .chart(let c): "<\(c.kind.rawValue) chart>"
        }
    }

    /// Text that reads like the literal that builds the value: `[1, 2, "a"]`, `{a: 1}`;
    /// numbers as shortest round-trip text. Used by `str` for lists and records.
    package var literalText: String {
        switch self {
        case .null: "null"
        case .number(let x): NumberFormat.shortest(x)
        case .bool(let b): b ? "true" : "false"
        case .string(let s): quoted(s)
        case .date(let d): "date(\"" + CalendarDate.text(d) + "\")"
        case .list(let list): "[" + list.elements.map(\.literalText).joined(separator: ", ") + "]"
        case .record(let record): record.description(number: NumberFormat.shortest)
        case .function(let f): "<function \(f.name)>"
        case .table(let t): "<table \(t.rowCount) rows × \(t.names.count) columns>"
        case .chart(let c): "<\(c.kind.rawValue) chart>"
        }
    }
}

func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

extension Record {
    func description(number: (Double) -> String) -> String {
        let fields = zip(keys, values).map { key, value -> String in
            let text: String
            if case .number(let x) = value { text = number(x) } else { text = value.literalText }
            return "\(key): \(text)"
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

// MARK: - Whole-value equality

extension Value {
    /// `equal(a, b)`: same type and same contents; null equals null; lists, records and
    /// tables compare element by element (records by key order too).
    package func isEqual(to other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.date(let a), .date(let b)): return a == b
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            switch (a, b) {
            case (.numbers(let x, let xn), .numbers(let y, let yn)):
                if xn != yn { return false }
                for i in 0..<x.count where !(xn?[i] ?? false) && x[i] != y[i] { return false }
                return true
            default:
                for i in 0..<a.count where !a[i].isEqual(to: b[i]) { return false }
                return true
            }
        case (.record(let a), .record(let b)):
            return a.keys == b.keys && zip(a.values, b.values).allSatisfy { $0.isEqual(to: $1) }
        case (.table(let a), .table(let b)):
            return a.names == b.names && a.rowCount == b.rowCount && zip(a.columns, b.columns).allSatisfy {
                Value.list(List($0)).isEqual(to: .list(List($1)))
            }
        case (.function(let a), .function(let b)): return a === b
        case (.chart(let a), .chart(let b)): return a == b
        default: return false
        }
    }
}
