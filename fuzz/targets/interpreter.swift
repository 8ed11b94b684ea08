// The interpreter on small generated programs. The input bytes steer a generator that
// writes mostly well-formed notebooks (names bound before use, built-ins with plausible
// arguments), so the fuzzer spends its time in the run-time rather than the parser.
// Built-in calls follow each built-in's parameter list (required ones given, optional
// ones by name), and the analyst's vocabulary (element-wise conditionals and text tests,
// regular expressions, rank/rolling/cumulative series, reshaping, grouped `with`, `@name`,
// string-named arguments) has generators of its own that mix good and bad arguments
// (wrong types, unknown ties, windows of 0 or 1e300, duplicate pivot cells, clashing
// names, invalid or pathological regular expressions, nulls, empty lists and tables).
// Tables stay small (at most a few hundred rows before `cross`, whose right side has at
// most 3 rows) so no program needs more than the limits allow.
// Each cell runs with a 0.2 s time limit and a 256 MiB memory limit.
// Invariants: never crash; a failing cell's error has a position inside a cell; no
// cell runs far past its time limit (10 s for a 0.2 s limit: a missing poll).
import NotebookFormat
@testable import Language
@testable import Render
@testable import Runner
#if canImport(Glibc)
import Glibc
#endif

/// Reads choices from the fuzzer's bytes; past the end every choice is 0 (the simplest).
struct Choices {
    let bytes: [UInt8]
    var at = 0
    mutating func next(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        guard at < bytes.count else { return 0 }
        defer { at += 1 }
        return Int(bytes[at]) % n
    }
    var exhausted: Bool { at >= bytes.count }
}

let builtinNames: [String] = Builtins.all.map(\.name).sorted()
let builtinsByName: [Builtin] = Builtins.all.sorted { $0.name < $1.name }
/// Built-ins a pipe can call with the piped value alone (one required parameter, not named-only).
let oneArgumentBuiltins: [String] = builtinsByName.filter { b in
    let required = b.parameters.filter(\.isRequired)
    return !b.parameters.isEmpty && required.count <= 1 && !b.parameters[0].namedOnly && required.allSatisfy { !$0.namedOnly }
}.map(\.name)

struct Generator {
    var choices: Choices
    var globals: [String] = []
    var locals: [String] = []
    var functions: [String] = []

    static let numbers = ["0", "1", "2", "3", "-1", "0.5", "10", "100", "1e6", "2%", "1e300", "1_000", "-0", "7", "0.1", "1e-320", "255", "65"]
    static let strings = ["\"a\"", "\"\"", "\"x,y\"", "\"<b>\"", "\"\\u{E000}\"", "\"é😀\"", "\"=1+1\"", "\"\\n\"", "\"col\"", "\"a\"", "\"#,##0.00\"", "\"0.0%\""]
    static let columns = ["a", "b", "col"]
    static let binary = ["+", "-", "*", "/", "^", "==", "!=", "<", "<=", ">", ">=", "and", "or", "..", "|>"]

    mutating func pick<T>(_ xs: [T]) -> T { xs[choices.next(xs.count)] }

    mutating func expr(_ depth: Int) -> String {
        if depth <= 0 || choices.exhausted { return atom() }
        switch choices.next(23) {
        case 0, 1: return atom()
        case 2: return "[" + (0..<choices.next(4)).map { _ in expr(depth - 1) }.joined(separator: ", ") + "]"
        case 3: return "{" + (0..<choices.next(3)).map { k in "\(Self.columns[k]): \(expr(depth - 1))" }.joined(separator: ", ") + "}"
        case 4, 5:
            let op = pick(Self.binary)
            if op == "|>" { return "(\(expr(depth - 1)) |> \(pick(oneArgumentBuiltins)))" }
            return "(\(expr(depth - 1)) \(op) \(expr(depth - 1)))"
        case 6: return "(" + pick(["-", "not "]) + "(\(expr(depth - 1))))"  // parenthesized: `a == not b` does not parse
        case 7, 8, 9: return call(depth)
        case 10:
            let name = pick(["x", "y"])
            locals.append(name)
            defer { locals.removeLast() }
            return "(\(name) => \(expr(depth - 1)))"
        case 11: return "if \(expr(depth - 1)) { \(expr(depth - 1)) } else { \(expr(depth - 1)) }"
        case 12: return "\(expr(depth - 1))[\(pick(["0", "1", "-1", "2", "100"]))]"
        case 13: return "\(expr(depth - 1)).\(pick(Self.columns))"
        case 14: return "table(" + (0..<(1 + choices.next(3))).map { k in "\(Self.columns[k]): \(expr(depth - 1))" }.joined(separator: ", ") + ")"
        case 15:
            if !functions.isEmpty { return "\(pick(functions))(\(expr(depth - 1)))" }
            return call(depth)
        case 16, 17: return tableExpr(depth)
        case 18, 19: return elementwise(depth)
        case 20: return series(depth)
        case 21: return vocabTable(depth)
        default: return notebookName()
        }
    }

    /// Table operations with well-formed arguments (column names that exist, column-scope
    /// expressions), so the fuzzer reaches the kernels rather than argument errors.
    mutating func tableExpr(_ depth: Int) -> String {
        let n = pick(["0", "1", "3", "7", "100"])
        let base = pick([
            "table(a: seq(1, \(n)), b: map(seq(1, \(n)), i => str(mod(i, 3))), col: random_uniform(\(n), seed: 1))",
            "table(a: [1, null, 3, 3], b: [\"x\", \"y\", null, \"x\"], col: [true, false, true, null])",
            "table(a: [], b: [], col: [])",
        ])
        var t = base
        for _ in 0..<(1 + choices.next(4)) {
            switch choices.next(22) {
            case 0: t = "with(\(t), c: \(pick(["a * 2", "a + col", "str(a)", "b", "lag(a)", "cumsum(a)", "a > 1", "\(expr(depth - 1))"])))"
            case 1: t = "where(\(t), \(pick(["a > 1", "b == \"x\"", "not col", "a > mean(a)", "\(expr(depth - 1))"])))"
            case 2: t = "group(\(t), by: \(pick(["\"b\"", "[\"b\", \"col\"]", "\"a\"", "[]"])), n: count(a), s: \(pick(["sum(a)", "mean(a)", "max(a)", "median(a)", "stdev(a)", "first(b)", "len(a)"])))"
            case 3: t = "sort(\(t), \(pick(["\"a\"", "\"b\"", "\"col\"", "\"a\", \"b\""])), desc: \(pick(["true", "false"])))"
            case 4: t = "select(\(t), \(pick(["\"a\"", "\"b\", \"a\"", "\"zz\""])))"
            case 5: t = "drop(\(t), \(pick(["\"a\"", "\"col\""])))"
            case 6: t = "rename(\(t), \"a\", \(pick(["\"k\"", "\"b\"", "\"\"", "\"<x>\""])))"
            case 7: t = "join(\(t), \(base), on: \(pick(["\"a\"", "[\"a\", \"b\"]", "\"b\""])), how: \(pick(["\"inner\"", "\"left\""])))"
            case 8: t = "append(\(t), \(t))"
            case 9: t = "head(\(t), \(pick(["0", "2", "-1", "100"])))"
            case 10: t = "tail(\(t), \(pick(["0", "2", "100"])))"
            case 11: t = "format(\(t), a: \(pick(["\"#,##0.00\"", "\"0.0%\"", "\"¥0.0T\"", "\"\\\\0#\"", "\"\""])))"
            case 14: t = "distinct(\(t)\(pick(["", ", \"b\"", ", [\"a\", \"b\"]", ", \"zz\"", ", []"])))"
            case 15:
                // Grouped `with`: per-group ranks, windows, running values, scalars, lists of the wrong length.
                let by = pick(["\"b\"", "[\"b\", \"col\"]", "\"a\"", "[]", "\"zz\"", "null", "\"col\""])
                let column = pick(["rank(a, ties: \(pick(Self.ties)))", "rank(a, desc: true)", "rolling(a, \(pick(Self.windows)), \(pick(Self.windowFunctions)), partial: true)",
                                   "cumsum(a)", "sum(a)", "fill_forward(a)", "lead(b)", "cummax(a)", "[1, 2]", "a[0]", "len(a)", "if_else(a > 1, \"hi\", \"lo\")",
                                   "a / sum(a)", "rank(col)", "distinct(table(a: a))", "\(expr(depth - 1))"])
                t = "with(\(t), by: \(by), \(pick(["r", "a", "b", "\"Per head\"", "\"\""])): \(column))"
            case 16:
                t = "with(\(t), \(pick(["flag", "\"Per head\"", "\"<script>x</script>\"", "\"a\"", "\" \""])): \(pick(["if_else(a > 1, \"big\", \"small\")", "case(a < 2, \"lo\", a < 3, \"mid\", default: \"hi\")", "coalesce(a, 0)", "coalesce(b, \"n/a\")", "matches(b, \(pick(Self.regexes)))", "extract(b, \(pick(Self.regexes)))", "contains_text(b, \"x\")", "upper(b)", "replace(b, \"x\", \"yy\")", "rank(b, ties: \"dense\")", "rolling(a, 2, sum)", "cumprod(a)", "fill_forward(col)", "a > \(notebookName())", "\(elementwise(depth - 1))"])))"
            case 17: t = "where(\(t), \(pick(["contains_text(b, \"x\")", "matches(b, \"^x$\")", "contains(a, 1)", "true", "null", "starts_with(b, \"y\")", "if_else(a > 1, true, null)", "rank(a) <= 2", "a > \(notebookName())"])))"
            case 18: t = "cross(\(t), \(pick(Self.crossRight)))"
            case 19: t = "pivot_longer(\(t), \(pick(["[\"a\"]", "[\"a\", \"col\"]", "[\"a\", \"b\"]", "[]", "\"a\"", "[\"zz\"]"])), names_to: \(pick(["\"name\"", "\"b\"", "\"value\"", "\"\""])))"
            case 20: t = "pivot_wider(\(t), names_from: \(pick(["\"b\"", "\"a\"", "\"col\"", "\"zz\""])), values_from: \(pick(["\"a\"", "\"col\"", "\"b\""]))\(pick(["", ", id: []", ", id: \"a\"", ", id: [\"b\"]"])))"
            case 12: return pick(["line_chart", "bar_chart", "scatter_chart"]) + "(\(t), x: \"a\", y: \(pick(["\"col\"", "\"a\"", "[\"a\", \"col\"]"])), title: \(pick(Self.strings)))"
            default: return pick(["rows", "columns", "len", "first", "show"]) + "(\(t))"
            }
        }
        return t
    }

    mutating func call(_ depth: Int) -> String {
        // Mostly as the built-in's parameter list asks (a call with the wrong arity is a
        // static error, and one static error anywhere means the program does not run):
        // required parameters in order, optional ones by name, a few extra positional or
        // named arguments where the built-in takes them.
        if choices.next(12) == 0 {
            let name = pick(builtinNames)
            var args = (0..<choices.next(4)).map { _ in expr(depth - 1) }
            if choices.next(3) == 0 { args.append("\(pick(["seed", "by", "desc", "on", "how", "x", "y", "title", "a"])): \(expr(depth - 1))") }
            return "\(name)(\(args.joined(separator: ", ")))"
        }
        let builtin = pick(builtinsByName)
        var positional: [String] = [], named: [String] = []
        for parameter in builtin.parameters {
            if parameter.isRequired {
                if parameter.namedOnly { named.append("\(parameter.name): \(expr(depth - 1))") } else { positional.append(expr(depth - 1)) }
            } else if choices.next(3) == 0 {
                named.append("\(parameter.name): \(expr(depth - 1))")
            }
        }
        if builtin.variadic != nil { for _ in 0..<choices.next(3) { positional.append(expr(depth - 1)) } }
        if builtin.namedRest != nil {
            for k in 0..<choices.next(3) { named.append("\(pick([Self.columns[k], "\"\(Self.columns[k]) x\"", "\"\""])): \(expr(depth - 1))") }
        }
        return "\(builtin.name)(\((positional + named).joined(separator: ", ")))"
    }

    // MARK: The analyst's vocabulary

    static let numberLists = ["[1, null, 3, 3]", "[]", "[null]", "[30, 10, 20, 10]", "[1.5, -0, 1e300, -1e300, 0.1]", "seq(1, 7)",
                              "[2, 2, 2]", "[0, -1, 1e-320, 1e308, 1e308]", "[null, null, 4, null]", "random_uniform(50, seed: 3)"]
    static let stringLists = ["[\"FY2024 incl. SACO\", \"FY2024\", null, \"fy24\"]", "[]", "[null, null]", "[\"a\", \"B \", \" a\", \"\"]",
                              "[\"é😀\", \"e\\u{301}\", \"ß\", \"İ\"]", "[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!\"]", "[\"x,y\", \"<b>\", \"=1+1\"]", "[\"b\", \"a\", \"c\", \"a\"]"]
    static let boolLists = ["[true, false, null]", "[]", "[true]", "[null, null, null]", "[1, 5, null] >= 3", "[false, false, false, true]"]
    /// `(a+)+$` and `(a|aa)*b` on the 28-character "aaaa…!" hung Swift's `Regex` for
    /// hours (finding 12 in docs/RELIABILITY.md); our engine takes linear time, so the
    /// text is back to 28 characters. The seed `extract(["aaaa…!"], "(a+)+$")` is
    /// 00 01 00 06 12 05 02 05 02 10 (one code cell, one statement, `elementwise`, …).
    static let regexes = ["\"^FY\\\\d{4}$\"", "\"(?i)sipri\"", "\"FY(\\\\d+)\"", "\"(a)|b\"", "\"\"", "\"[0-9.]+\"", "\"(?<y>\\\\d+)\"", "\"(x)?y\"",
                          "\"(\"", "\"[a-\"", "\"*\"", "\"(?<=a)b\"", "\"\\\\\"", "\"(?<n>x)(?<n>y)\"", "\"a{2,1}\"", "\"\\\\p{Foo}\"", "\"(a+)+$\"", "\"(a|aa)*b\"", "\"^\"", "\"$\""]
    static let ties = ["\"min\"", "\"dense\"", "\"average\"", "\"first\"", "\"max\"", "\"\"", "1", "null", "[\"min\"]", "\"MIN\""]
    static let windows = ["1", "2", "3", "0", "-1", "1.5", "1e9", "1e300", "null", "\"2\"", "9223372036854775807", "-9223372036854775808", "1e19", "0/0"]
    static let windowFunctions = ["sum", "mean", "median", "min", "max", "stdev", "count", "@mean", "w => last(w) - first(w)", "w => len(w)", "w => w",
                                  "w => null", "first", "x => x[5]", "3", "rank", "cumsum", "(a, b) => a", "w => sum(w) / len(w)"]
    static let offsets = ["1", "-1", "0", "2", "100", "1e18", "-1e19", "9223372036854775807", "-9223372036854775808", "0.5", "null", "\"1\"", "1e300"]
    /// Right-hand sides of `cross`: at most 3 rows, so a chain of them stays small.
    static let crossRight = ["table(k: [1, 2])", "table(a: [9])", "table(k: [], j: [])", "table(year: [2024, 2025, 2026])", "table(b: [\"q\"], k: [null])",
                             "table(\"a b\": [true, false])"]
    /// Small tables for reshaping: duplicate cells, nulls as names, names clashing with
    /// the id columns, mixed types for `pivot_longer`, empty.
    static let reshapeTables: [(text: String, columns: [String])] = [
        ("table(year: [2024, 2024, 2025], country: [\"NO\", \"SE\", \"NO\"], v: [1, 2, 3])", ["year", "country", "v"]),
        ("table(year: [2024, 2024], country: [\"NO\", \"NO\"], v: [1, 2])", ["year", "country", "v"]),
        ("table(k: [\"a\", \"b\", null], x: [1, 2, null], y: [3, null, 5])", ["k", "x", "y"]),
        ("table(k: [], x: [], y: [])", ["k", "x", "y"]),
        ("table(k: [\"a\", \"b\"], x: [\"s\", \"t\"], y: [1, 2])", ["k", "x", "y"]),
        ("table(name: [\"k\", \"value\", \"\", null], k: [1, 2, 3, 4], value: [true, null, false, true])", ["name", "k", "value"]),
        ("table(a: [1.5, null, 1.5], b: [null, null, null], col: [\"x\", \"x\", \"x\"])", ["a", "b", "col"]),
        ("table(k: [1, 1, 2, 2], n: [0.1, 0.2, 0.1, 0.30000000000000004], v: [\"p\", \"q\", \"r\", \"s\"])", ["k", "n", "v"]),
    ]

    /// A list of the given flavour, or (sometimes) anything: the wrong type, a scalar, a name.
    mutating func list(_ pool: [String], _ depth: Int) -> String {
        switch choices.next(8) {
        case 0: return expr(depth - 1)
        case 1: return pick(pool + Self.strings + Self.numbers)
        default: return pick(pool)
        }
    }

    mutating func anyList(_ depth: Int) -> String {
        list(pick([Self.numberLists, Self.stringLists, Self.boolLists]), depth)
    }

    mutating func optionalNamed(_ name: String, _ values: [String]) -> String {
        choices.next(2) == 0 ? "" : ", \(name): \(pick(values))"
    }

    /// Element-wise conditionals and text functions, regular expressions.
    mutating func elementwise(_ depth: Int) -> String {
        switch choices.next(11) {
        case 0: return "if_else(\(list(Self.boolLists, depth)), \(anyList(depth)), \(anyList(depth)))"
        case 1:
            let pairs = (0..<choices.next(4)).map { _ in "\(list(Self.boolLists, depth)), \(anyList(depth))" }
            var args = pairs
            if choices.next(4) == 0 { args.append(anyList(depth)) }  // an odd count: a condition without its value
            if choices.next(2) == 0 { args.append("default: \(anyList(depth))") }
            return "case(\(args.joined(separator: ", ")))"
        case 2: return "coalesce(\((0..<choices.next(4)).map { _ in anyList(depth) }.joined(separator: ", ")))"
        case 3: return "contains_text(\(list(Self.stringLists, depth)), \(list(Self.strings, depth)))"
        case 4: return "matches(\(list(Self.stringLists, depth)), \(list(Self.regexes, depth)))"
        case 5: return "extract(\(list(Self.stringLists, depth)), \(list(Self.regexes, depth)))"
        case 6: return "\(pick(["upper", "lower", "trim"]))(\(list(Self.stringLists, depth)))"
        case 7: return "replace(\(list(Self.stringLists, depth)), \(list(Self.strings, depth)), \(list(Self.strings + Self.stringLists, depth)))"
        case 8: return "\(pick(["starts_with", "ends_with"]))(\(list(Self.stringLists, depth)), \(list(Self.strings + Self.stringLists, depth)))"
        case 9: return "if_else(\(expr(depth - 1)), \(expr(depth - 1)), \(expr(depth - 1)))"
        default: return "case(\(list(Self.boolLists, depth)), \(anyList(depth)), default: \(anyList(depth)))"
        }
    }

    /// Ranks, windows, running values, shifts.
    mutating func series(_ depth: Int) -> String {
        switch choices.next(7) {
        case 0: return "rank(\(anyList(depth))\(optionalNamed("desc", ["true", "false", "null", "1"]))\(optionalNamed("ties", Self.ties)))"
        case 1, 2:
            var f = pick(Self.windowFunctions)
            if !functions.isEmpty && choices.next(4) == 0 { f = pick(functions) }
            return "rolling(\(list(Self.numberLists, depth)), \(list(Self.windows, depth)), \(f)\(optionalNamed("partial", ["true", "false", "null"])))"
        case 3: return "\(pick(["cummax", "cummin", "cumprod"]))(\(list(Self.numberLists, depth)))"
        case 4: return "lead(\(anyList(depth))\(choices.next(2) == 0 ? "" : ", \(pick(Self.offsets))"))"
        case 5: return "lag(\(anyList(depth))\(choices.next(2) == 0 ? "" : ", \(pick(Self.offsets))"))"
        default: return "fill_forward(\(anyList(depth)))"
        }
    }

    mutating func columnName(_ columns: [String]) -> String {
        choices.next(6) == 0 ? pick(["\"zz\"", "\"\"", "1", "null", "[]"]) : "\"\(pick(columns))\""
    }

    /// Reshaping and the new table verbs on small tables, chained a few times.
    mutating func vocabTable(_ depth: Int) -> String {
        let base = pick(Self.reshapeTables)
        var t = base.text
        let columns = base.columns
        for _ in 0..<(1 + choices.next(3)) {
            switch choices.next(9) {
            case 0:
                let id = choices.next(3) == 0 ? ", id: \(pick(["[]", "[\"\(pick(columns))\"]", "\"\(pick(columns))\"", "[\"\(pick(columns))\", \"\(pick(columns))\"]"]))" : ""
                t = "pivot_wider(\(t), names_from: \(columnName(columns)), values_from: \(columnName(columns))\(id))"
            case 1:
                let cols = pick(["[\"\(pick(columns))\"]", "[\"\(pick(columns))\", \"\(pick(columns))\"]", "[]", "\"\(pick(columns))\"", "columns(\(base.text))"])
                t = "pivot_longer(\(t), \(cols)\(optionalNamed("names_to", ["\"name\"", "\"\(pick(columns))\"", "\"\"", "1"]))\(optionalNamed("values_to", ["\"value\"", "\"name\"", "\"\(pick(columns))\""])))"
            case 2: t = "cross(\(t), \(pick(Self.crossRight + [base.text])))"
            case 3: t = "distinct(\(t)\((0..<choices.next(3)).map { _ in ", " + columnName(columns) }.joined()))"
            case 4:
                let c = pick(columns)
                t = "with(\(t), by: \(columnName(columns)), \(pick(["r", "\"Per head\"", c])): \(pick(["rank(\(c)\(optionalNamed("ties", Self.ties)))", "len(\(c))", "rolling(\(c), 2, max, partial: true)", "fill_forward(\(c))", "lead(\(c))", "cummin(\(c))", "coalesce(\(c), \(c))", "[]", "\(expr(depth - 1))"])))"
            case 5: t = "with(\(t), \(pick(["\"Per head\"", "\"\(pick(columns))\"", "\"\"", "\"é 😀\""])): \(pick(["if_else(\(pick(columns)) == null, 0, 1)", "@len(\(pick(columns)))", "\(pick(columns))", "1", "\(elementwise(depth - 1))"])))"
            case 6: t = "where(\(t), \(pick(["true", "contains(\(pick(columns)), 1)", "\(pick(columns)) != null", "rank(\(pick(columns))) == 1", "\(elementwise(depth - 1))"])))"
            case 7: t = "group(\(t), by: \(columnName(columns)), \(pick(["n", "\"n n\""])): count(\(pick(columns))))"
            default: t = "sort(\(t), \(columnName(columns)))"
            }
        }
        return t
    }

    /// `@name`: a notebook name past locals and columns (a global, a function, a
    /// built-in used as a value).
    mutating func notebookName() -> String {
        let names = globals + functions + ["len", "mean", "sum", "rank"]
        return "@" + pick(names)
    }

    mutating func atom() -> String {
        switch choices.next(5) {
        case 0: return pick(Self.numbers)
        case 1: return pick(Self.strings)
        case 2: return pick(["true", "false", "null"])
        default:
            let visible = locals + globals
            return visible.isEmpty ? pick(Self.numbers) : pick(visible)
        }
    }

    mutating func statement() -> String {
        switch choices.next(8) {
        case 0, 1, 2:
            let name = "v\(globals.count)"
            let text = "\(name) = \(expr(3))"
            globals.append(name)
            return text
        case 3:
            let name = "f\(functions.count)"
            locals.append("x")
            let body = expr(3)
            locals.removeLast()
            // Sometimes recursive: the step budget and depth limit must stop it.
            let text = choices.next(2) == 0 ? "fn \(name)(x) = \(body)" : "fn \(name)(x) { if x > 0 { \(name)(x - 1) } else { \(body) } }"
            functions.append(name)
            return text
        case 4:
            let sequence = expr(2)  // before `x` is bound: the loop's own variable is not in scope there
            locals.append("x")
            defer { locals.removeLast() }
            return "for x in \(sequence) { \(pick(["print", "show"]))(\(expr(2))) }"
        case 5: return "check(\(expr(2)), \(pick(Self.strings)))"
        default: return expr(4)
        }
    }

    mutating func cells() -> [(kind: CellKind, text: String)] {
        var result: [(CellKind, String)] = []
        for _ in 0..<(1 + choices.next(4)) {
            if choices.next(4) == 0 {
                result.append((.markdown, "# T\n{{ \(expr(2)) }} and \\{{ x }} {{ \(expr(1)) }}"))
            } else {
                result.append((.code, (0..<(1 + choices.next(5))).map { _ in statement() }.joined(separator: "\n")))
            }
        }
        return result
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInterpreter(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var generator = Generator(choices: Choices(bytes: bytes(data, size)))
    let generated = generator.cells()
    let cells = generated.enumerated().map { k, cell in
        Cell(id: "c\(k)", kind: cell.kind,
             source: SourceText(verbatim: cell.text, file: "nb.yaml", line: 100 * (k + 1), column: 5, continuationColumn: 5),
             location: SourceLocation(file: "nb.yaml", line: 100 * (k + 1) - 1, column: 3))
    }
    let notebook = Notebook(file: "nb.yaml", title: "t", cells: cells)
    let show = getenv("FUZZ_SHOW") != nil
    if show {
        for cell in generated { printError("--- \(cell.kind)\n\(cell.text)\n") }
    }
    onBigStack {
        let compilation = Language.compile(notebook)
        guard !compilation.hasErrors else {
            if show { printError("=== static errors: \(compilation.diagnostics.filter { $0.severity == .error }.map { "\($0)" })\n") }
            return
        }
        let interpreter = Interpreter(program: compilation.program)
        var reportCells: [ReportCell] = []
        for (index, cell) in generated.enumerated() {
            let control = ExecutionControl(timeLimit: 0.2, memoryLimit: 256 << 20)
            let clock = ContinuousClock()
            let start = clock.now
            do throws(Diagnostic) {
                switch cell.kind {
                case .code:
                    let outputs = try interpreter.runCell(index, control: control, host: NoFileAccess())
                    reportCells.append(ReportBuilder.cell(cells[index], status: .ok, outputs: outputs))
                case .markdown:
                    // Inline values that failed come back as errors beside the pieces: each
                    // must have a position inside a cell too (the first is checked below).
                    let inline = try interpreter.renderInline(cell: index, control: control, host: NoFileAccess())
                    if let first = inline.errors.first { throw first }
                    reportCells.append(ReportBuilder.cell(cells[index], status: .ok, markdown: inline.pieces))
                }
            } catch {
                if show { printError("=== cell \(index): \(error)\n") }
                reportCells.append(ReportBuilder.cell(cells[index], status: .error, error: error))
                guard let location = error.location else { violated("a run-time error without a position: \(error)") }
                // Inside some cell: an error in a function points into the cell defining it.
                let inside = generated.enumerated().contains { k, other in
                    let first = 100 * (k + 1)
                    let lines = other.text.split(separator: "\n", omittingEmptySubsequences: false).count
                    return location.line >= first && location.line < first + lines
                }
                if !inside || location.column < 1 { violated("error outside every cell: \(error)") }
            }
            let elapsed = clock.now - start
            // Generous: built-ins work on up to a million elements between two polls, and
            // ASan makes that slow. Past this, something does not poll its time limit.
            if elapsed > .seconds(10) {
                violated("cell \(index) ran \(elapsed) with a 0.2 s limit:\n\(cell.text)")
            }
        }
        // Everything the cells showed, through the report and every output file (charts
        // of whatever data the program made: single points, equal values, nulls, huge numbers).
        let report = ReportBuilder.report(notebook: notebook, parameters: [], cells: reportCells)
        for file in ReportFiles.files(for: report, options: RenderOptions(formats: [.html, .csv, .json, .ipynb], folioVersion: "fuzz")) {
            let text = String(decoding: file.bytes, as: UTF8.self)
            if file.path == "index.html" {
                let findings = HTMLSafety.findings(in: text, allowing: ["style", "meta"])
                if !findings.isEmpty { violated("executable HTML: \(findings)") }
            }
            if file.path.hasSuffix(".svg"), containsNonFiniteNumber(text) {
                violated("a chart with a non-finite coordinate in \(file.path)")
            }
        }
    }
    return 0
}

/// Whether `text` holds `nan` or `inf` as a word, as Swift prints non-finite numbers
/// (not inside a word: `dominant-baseline` is fine — the first version of this check
/// reported it).
func containsNonFiniteNumber(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
    for word in ["nan", "inf"] {
        let w = Array(word.utf8)
        var i = 0
        while i + w.count <= bytes.count {
            if bytes[i..<i + w.count].elementsEqual(w),
               i == 0 || !isLetter(bytes[i - 1]),
               i + w.count == bytes.count || !isLetter(bytes[i + w.count]) {
                return true
            }
            i += 1
        }
    }
    return false
}
