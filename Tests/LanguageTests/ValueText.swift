import Tabular
@testable import Language

/// The tests' own text of a value, independent of the code under test: it reads the
/// value's storage directly and calls none of `Value.isEqual`, `literalText`,
/// `displayText`, `List` accessors or `NumberFormat`. Expected values in the tests are
/// written as this text, so a bug in the language's equality or display code cannot make
/// a wrong result look right.
///
/// The text reads like the literal that builds the value: `null`, `true`, `3`, `2.5`,
/// `"a\"b"`, `[1, null]`, `{a: 1, "b c": 2}`, `table(a: [1, 2], b: ["x", "y"])`.
/// A date is `date("2024-04-01")`, its day counted here by a plain walk over the
/// calendar (not Tabular's `CalendarDate`).
/// Numbers: integers below 1e15 as digits; others as Swift's shortest round-trip text
/// with a plain exponent (`1e-7`, `1e+20` → `1e20`); `-0` keeps its sign; `nan`, `inf`.
/// A table with display formats is `format(table(...), col: "pattern")`; functions and
/// charts, which have no literal, are `<function name>` and `<chart …every field…>`.
enum ValueText {
    static func of(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .number(let x): return number(x)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return string(s)
        case .date(let d): return date(d)
        case .list(let list): return "[" + elements(list).joined(separator: ", ") + "]"
        case .record(let record):
            precondition(record.keys.count == record.values.count)
            return "{" + zip(record.keys, record.values).map { "\(key($0)): \(of($1))" }.joined(separator: ", ") + "}"
        case .table(let table): return self.table(table)
        case .function(let f): return "<function \(f.name)>"
        // Every stored field, through the standard library's reflection (so a chart option
        // added later is compared too, with no change here).
        case .chart(let c): return "<chart " + String(describing: c) + ">"
        }
    }

    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return x.sign == .minus ? "-0" : "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        let text = "\(x)" // Swift's shortest round-trip text: "0.1", "1e-05", "1.5e+20"
        guard let e = text.firstIndex(of: "e") else { return text }
        var exponent = text[text.index(after: e)...]
        var sign = ""
        if exponent.first == "-" { sign = "-" }
        if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
        while exponent.count > 1, exponent.first == "0" { exponent = exponent.dropFirst() }
        return text[..<e] + "e" + sign + exponent
    }

    /// `date("YYYY-MM-DD")` of a day number (days since 1970-01-01), by walking years
    /// and months from 1970: slow and obviously right.
    static func date(_ days: Int32) -> String {
        func leap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
        func length(_ y: Int, _ m: Int) -> Int { [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] }
        var rest = Int(days), y = 1970, m = 1
        while rest < 0 { y -= 1; rest += leap(y) ? 366 : 365 }
        while rest >= (leap(y) ? 366 : 365) { rest -= leap(y) ? 366 : 365; y += 1 }
        while rest >= length(y, m) { rest -= length(y, m); m += 1 }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(y)
        return "date(\"" + String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + two(m) + "-" + two(rest + 1) + "\")"
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A record key or column name: bare when it is a name, else a string.
    static func key(_ k: String) -> String {
        let ascii = Array(k.utf8)
        let isName = !ascii.isEmpty && ascii.enumerated().allSatisfy { i, b in
            (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || (i > 0 && b >= 48 && b <= 57)
        }
        return isName ? k : string(k)
    }

    static func elements(_ list: List) -> [String] {
        switch list {
        case .numbers(let v, let nulls): return masked(v.map(number), nulls)
        case .bools(let v, let nulls): return masked(v.map { $0 ? "true" : "false" }, nulls)
        case .strings(let v, let nulls): return masked(v.map(string), nulls)
        case .dates(let v, let nulls): return masked(v.map(date), nulls)
        case .values(let v): return v.map(of)
        }
    }

    static func masked(_ texts: [String], _ nulls: [Bool]?) -> [String] {
        guard let nulls else { return texts }
        precondition(nulls.count == texts.count, "null mask and values differ in length")
        return zip(texts, nulls).map { $1 ? "null" : $0 }
    }

    static func column(_ column: Column) -> [String] {
        switch column.storage {
        case .number(let v): return masked(v.map(number), column.isNull)
        case .bool(let v): return masked(v.map { $0 ? "true" : "false" }, column.isNull)
        case .date(let v): return masked(v.map(date), column.isNull)
        case .string(let v):
            // The pool and codes as stored (not StringValues' own accessors).
            let strings = v.codes.map { codes in codes.map { v.pool[Int($0)] } } ?? v.pool
            return masked(strings.map(string), column.isNull)
        }
    }

    static func table(_ t: Table) -> String {
        let columns = zip(t.names, t.columns).map { name, c in "\(key(name)): [" + column(c).joined(separator: ", ") + "]" }
        let text = "table(" + columns.joined(separator: ", ") + ")"
        // Display settings as the calls that set them: format, then label, then hide.
        let formats = zip(t.names, t.display).compactMap { name, d in d.format.map { "\(key(name)): \(string($0))" } }
        let labels = zip(t.names, t.display).compactMap { name, d in d.label.map { "\(key(name)): \(string($0))" } }
        let hidden = zip(t.names, t.display).compactMap { name, d in d.hidden ? string(name) : nil }
        var out = text
        if !formats.isEmpty { out = "format(" + ([out] + formats).joined(separator: ", ") + ")" }
        if !labels.isEmpty { out = "label(" + ([out] + labels).joined(separator: ", ") + ")" }
        if !hidden.isEmpty { out = "hide(" + ([out] + hidden).joined(separator: ", ") + ")" }
        return out
    }
}
