import NotebookFormat
import Tabular

// Table verbs (SPEC §3 "Tables"): building tables, reading them, and the verbs
// `with`, `where`, `group`, `sort`, `select`, `drop`, `rename`, `join`, `append`,
// `format`. The row work is done by Tabular's kernels; this file binds arguments,
// checks them, and turns every misuse into a positioned diagnostic.

/// A column-scope argument that is exactly `AGG(name)` (`sum(value)`), with AGG one of
/// Tabular's aggregates and `name` not a local variable: `group` computes it for all
/// groups at once with `Grouping.aggregate` when `name` is a column of the table.
struct SimpleAggregate: Sendable, Equatable {
    let aggregate: Aggregate
    let column: String
}

/// What the compiler knows about a column-scope argument expression.
struct ColumnScopeInfo: Sendable {
    /// Set when the expression is exactly `AGG(name)` (`sum(value)`): `group` may then
    /// use Tabular's grouped kernel instead of evaluating it once per group.
    var simpleAggregate: SimpleAggregate? = nil
    /// Every name written in the expression (nested lambdas included): the only columns
    /// it can read. `nil`: unknown, all columns.
    var names: Set<String>? = nil
}

extension LazyArgument {
    var simpleAggregate: SimpleAggregate? { info.simpleAggregate }
}

extension CellChecker {
    func columnScopeInfo(_ e: Expr) -> ColumnScopeInfo {
        ColumnScopeInfo(simpleAggregate: simpleAggregate(e), names: writtenNames(e))
    }

    /// Recognises `AGG(name)` (see `SimpleAggregate`) at compile time.
    func simpleAggregate(_ e: Expr) -> SimpleAggregate? {
        guard case .call(let callee, let arguments) = e.kind, case .name(let function) = callee.kind,
              let aggregate = Aggregate(rawValue: function), case .builtin = resolve(function),
              arguments.count == 1, arguments[0].label == nil,
              case .name(let column) = arguments[0].value.kind else { return nil }
        // A local variable (a function parameter) wins over a column: not a column read.
        if case .local = resolve(column) { return nil }
        return SimpleAggregate(aggregate: aggregate, column: column)
    }
}

/// Every identifier used as a name anywhere in `e` (an over-approximation of the names
/// it reads: parameters and local assignments are included too, which is harmless).
func writtenNames(_ e: Expr) -> Set<String> {
    var names = Set<String>()
    func expr(_ e: Expr) {
        switch e.kind {
        case .number, .string, .bool, .null, .invalid, .notebookName: break // `@x` is never a column
        case .name(let n): names.insert(n)
        case .list(let items): items.forEach(expr)
        case .record(let fields): fields.forEach { expr($0.value) }
        case .unary(_, let a): expr(a)
        case .binary(_, let a, let b, _): expr(a); expr(b)
        case .call(let callee, let arguments): expr(callee); arguments.forEach { expr($0.value) }
        case .member(let base, _, _): expr(base)
        case .index(let base, let i): expr(base); expr(i)
        case .ifElse(let c, let t, let o): expr(c); block(t); o.map(block)
        case .forLoop(_, _, let sequence, let body): expr(sequence); block(body)
        case .lambda(let parameters, let body):
            parameters.forEach { $0.defaultValue.map(expr) }
            expr(body)
        }
    }
    func block(_ statements: [Stmt]) {
        for s in statements {
            switch s {
            case .assign(_, _, let value): expr(value)
            case .function(let decl):
                decl.parameters.forEach { $0.defaultValue.map(expr) }
                block(decl.body)
            case .expression(let e): expr(e)
            }
        }
    }
    expr(e)
    return names
}

// MARK: - Argument helpers

extension Arguments {
    func table(_ i: Int) throws(Diagnostic) -> Table {
        let v = try value(i)
        guard case .table(let t) = v else { throw typeError(i, expected: "a table", got: v) }
        return t
    }

    /// A `TableError` from a kernel as a diagnostic at argument `i` (the call when `nil`).
    func tableError(_ error: TableError, at i: Int?) -> Diagnostic {
        .error(.inBuiltin(builtin.name, error), at: i.map { locations[$0] } ?? location)
    }

    /// Column `name` of `t`, or a diagnostic at `location` naming the closest column.
    func columnIndex(_ t: Table, _ name: String, at location: SourceLocation) throws(Diagnostic) -> Int {
        do throws(TableError) {
            return try t.requireColumn(name)
        } catch {
            throw Diagnostic.error(.inBuiltin(builtin.name, error), at: location)
        }
    }

    /// Column names given as one string or a list of strings (`by:`, `on:`).
    func names(_ i: Int) throws(Diagnostic) -> [String] {
        let v = try value(i)
        switch v {
        case .string(let s): return [s]
        case .list(.strings(let names, nil)): return names
        case .list(let l) where l.isEmpty: return []
        default:
            throw typeError(i, expected: "a column name or a list of column names", got: v)
        }
    }

    /// Column names given positionally (`select(t, "a", "b")`): strings, or lists of strings.
    func restNames() throws(Diagnostic) -> [(name: String, location: SourceLocation)] {
        var out: [(String, SourceLocation)] = []
        for (v, loc) in zip(rest, restLocations) {
            switch v {
            case .string(let s): out.append((s, loc))
            case .list(.strings(let names, nil)): out += names.map { ($0, loc) }
            case .list(let l) where l.isEmpty: break
            default:
                throw Diagnostic.error(.inBuiltin(builtin.name, .columnNameType(v.typeName)), at: loc)
            }
        }
        return out
    }
}

/// Converts a value to a column of a table being built.
enum ColumnBuilder {
    /// `value` as a column named `name`: a list of one scalar type, or a scalar repeated
    /// `rows` times (once when `rows` is `nil`). A list must have `rows` elements when
    /// `rows` is given. `what` names the verb in messages.
    static func column(_ value: Value, name: String, rows: Int?, what: String, at location: SourceLocation) throws(Diagnostic) -> Column {
        switch value {
        case .list(let list):
            if let rows, list.count != rows {
                throw Diagnostic.error(.inBuiltin(what, .columnLengthMismatch(name, values: list.count, rows: rows)), at: location)
            }
            if let column = list.column { return column }
            guard case .values(let elements) = list, elements.allSatisfy(\.isNull) else {
                throw Diagnostic.error(.inBuiltin(what, .columnMixedTypes(name, describeElements(list))), at: location)
            }
            // All null (or empty): a number column of nulls, which `append`/`join` let take another type.
            return .numbers([Double](repeating: 0, count: elements.count), isNull: [Bool](repeating: true, count: elements.count))
        case .number(let x): return .numbers([Double](repeating: x, count: rows ?? 1))
        case .string(let s): return .strings([String](repeating: s, count: rows ?? 1))
        case .bool(let b): return .bools([Bool](repeating: b, count: rows ?? 1))
        case .date(let d): return .dates([Int32](repeating: d, count: rows ?? 1))
        case .null:
            let n = rows ?? 1
            return .numbers([Double](repeating: 0, count: n), isNull: [Bool](repeating: true, count: n))
        default:
            throw Diagnostic.error(.inBuiltin(what, .columnValueType(name, value.typeName)), at: location)
        }
    }
}

/// Each column of `t` as a list value, for column-scope arguments.
private func columnValues(_ t: Table) -> [Value] {
    t.columns.map { .list(List($0)) }
}

/// "the group where year = 1990, country = \"Japan\"" (from the group's first row), for
/// error messages; "the only group" when there are no key columns.
func describeGroup(_ t: Table, keys: [Int], row: Int) -> String {
    guard !keys.isEmpty else { return "the only group (`by` names no column)" }
    return "the group where " + keys.map { k in "\(t.names[k]) = \(List(t.columns[k])[row].literalText)" }.joined(separator: ", ")
}

// MARK: - Verbs

private func tableConstructor(_ args: Arguments) throws(Diagnostic) -> Value {
    if let records = args.values[0] {
        guard args.named.isEmpty else {
            throw args.callError(.recordsOrColumns)
        }
        return .table(try tableFromRecords(records, args))
    }
    // Scalars broadcast to the longest list; all scalars make one row.
    var rows: Int?
    for (_, v, _) in args.named {
        if case .list(let l) = v { rows = max(rows ?? 0, l.count) }
    }
    var seen = Set<String>()
    var names: [String] = [], columns: [Column] = []
    for (name, v, loc) in args.named {
        guard seen.insert(name).inserted else { throw Diagnostic.error(.inBuiltin("table", .columnGivenTwice(name)), at: loc) }
        names.append(name)
        columns.append(try ColumnBuilder.column(v, name: name, rows: rows ?? 1, what: "table", at: loc))
    }
    return .table(Table(uncheckedNames: names, columns: columns, rowCount: columns.first?.count ?? 0))
}

private func tableFromRecords(_ value: Value, _ args: Arguments) throws(Diagnostic) -> Table {
    guard case .list(let list) = value else { throw args.typeError(0, expected: "a list of records", got: value) }
    var records: [Record] = []
    records.reserveCapacity(list.count)
    for i in 0..<list.count {
        guard case .record(let r) = list[i] else {
            throw args.error(0, .tableNeedsRecords(element: i, list[i].typeName))
        }
        records.append(r)
    }
    guard let first = records.first else { return .empty }
    let keys = first.keys
    let keySet = Set(keys)
    for (i, r) in records.enumerated() where r.keys.count != keys.count || Set(r.keys) != keySet {
        let missing = keys.filter { r[$0] == nil }, extra = r.keys.filter { !keySet.contains($0) }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("lacks \(missing.map { "`\($0)`" }.joined(separator: ", "))") }
        if !extra.isEmpty { parts.append("has extra \(extra.map { "`\($0)`" }.joined(separator: ", "))") }
        if parts.isEmpty { parts.append("repeats a key") }
        throw args.error(0, .recordKeysDiffer(keys, record: i, parts))
    }
    var columns: [Column] = []
    for (k, key) in keys.enumerated() {
        var values: [Value] = []
        values.reserveCapacity(records.count)
        for r in records {
            // Same key order as the first record is the common case: no lookup.
            values.append(r.keys[k] == key ? r.values[k] : (r[key] ?? .null))
        }
        columns.append(try ColumnBuilder.column(.list(List(values)), name: key, rows: records.count, what: "table", at: args.locations[0]))
    }
    return Table(uncheckedNames: keys, columns: columns, rowCount: records.count)
}

private func withColumns(_ args: Arguments) throws(Diagnostic) -> Value {
    if args.values[1] != nil { return try groupedWith(args) }  // BuiltinsReshape.swift
    var t = try args.table(0)
    for (name, lazy) in args.lazyNamed {
        let v = try lazy.evaluate(t.names, columnValues(t))
        let rows: Int? = t.names.isEmpty ? nil : t.rowCount
        let column = try ColumnBuilder.column(v, name: name, rows: rows, what: "with", at: lazy.location)
        do throws(TableError) {
            t = try t.setting(name, to: column)
        } catch {
            throw Diagnostic.error(.inBuiltin("with", error), at: lazy.location)
        }
    }
    return .table(t)
}

private func whereRows(_ args: Arguments) throws(Diagnostic) -> Value {
    let t = try args.table(0)
    guard let lazy = args.lazy[1] else { throw args.missing(1) }
    let v = try lazy.evaluate(t.names, columnValues(t))
    func bad(_ what: String) -> Diagnostic {
        .error(.inBuiltin("where", .conditionNotBools(what)), at: lazy.location)
    }
    switch v {
    case .bool, .null: throw wholeTableCondition(v, at: lazy.location)
    case .list(let list):
        guard list.count == t.rowCount else {
            throw Diagnostic.error(.inBuiltin("where", .conditionLengthMismatch(list.count, rows: t.rowCount)), at: lazy.location)
        }
        switch list {
        case .bools(let keep, let nulls):
            var rows: [Int] = []
            rows.reserveCapacity(keep.count)
            if let nulls {
                for i in 0..<keep.count where keep[i] && !nulls[i] { rows.append(i) }
            } else {
                for i in 0..<keep.count where keep[i] { rows.append(i) }
            }
            return .table(rows.count == t.rowCount ? t : t.gather(rows: rows))
        case .values(let elements) where elements.allSatisfy(\.isNull):
            return .table(t.head(0))  // null conditions drop their rows
        default:
            throw bad("a list of \(describeElements(list))")
        }
    default:
        throw bad(article(v.typeName))
    }
}

/// The `by` columns of `group` and grouped `with` (argument 1): their names and indexes,
/// each named once.
func groupKeys(_ t: Table, _ args: Arguments) throws(Diagnostic) -> (names: [String], keys: [Int]) {
    let byNames = try args.names(1)
    var keys: [Int] = []
    for name in byNames {
        let k = try args.columnIndex(t, name, at: args.locations[1])
        if keys.contains(k) { throw args.error(1, .columnTwiceInBy(name)) }
        keys.append(k)
    }
    return (byNames, keys)
}

private func groupRows(_ args: Arguments) throws(Diagnostic) -> Value {
    let t = try args.table(0)
    let (byNames, keys) = try groupKeys(t, args)
    let grouping = t.groupRows(by: keys)
    var names = byNames
    var columns = keys.map { t.columns[$0].gather(grouping.firstRows) }
    var display = keys.map { t.display[$0] }  // the `by` columns keep their display settings
    // Every column as a list, for an expression over a group holding every row; made
    // on first use (a text column becomes a `[String]` here, 16 bytes a row).
    var allColumns: [Value]? = nil
    // `sum` and `mean` of the same column share one pass over it.
    var sumsOfColumn: [Int: GroupSums] = [:]
    for (name, lazy) in args.lazyNamed {
        guard !names.contains(name) else {
            throw Diagnostic.error(.inBuiltin("group", .resultColumnTwice(name)), at: lazy.location)
        }
        let column: Column
        if let simple = lazy.simpleAggregate, let index = t.columnIndex(named: simple.column) {
            column = try groupedKernel(simple, t.columns[index], grouping, t, keys, at: lazy.location,
                                       sums: &sumsOfColumn[index])
        } else {
            column = try groupedExpression(name, lazy, grouping, t, keys, &allColumns, args)
        }
        names.append(name)
        columns.append(column)
        display.append(.plain)
    }
    return .table(Table(uncheckedNames: names, columns: columns, rowCount: grouping.groupCount, display: display))
}

/// `AGG(column)` for every group at once. Same results and errors as evaluating the
/// aggregate built-in on each group's values (see docs/tables.md).
func groupedKernel(_ simple: SimpleAggregate, _ column: Column, _ grouping: Grouping, _ t: Table, _ keys: [Int],
                           at location: SourceLocation) throws(Diagnostic) -> Column {
    var sums: GroupSums? = nil
    return try groupedKernel(simple, column, grouping, t, keys, at: location, sums: &sums)
}

/// `groupedKernel`, with `sums` holding the column's `GroupSums` once `sum` or `mean`
/// made them (for the next of the two over the same column).
func groupedKernel(_ simple: SimpleAggregate, _ column: Column, _ grouping: Grouping, _ t: Table, _ keys: [Int],
                   at location: SourceLocation, sums: inout GroupSums?) throws(Diagnostic) -> Column {
    let function = simple.aggregate.rawValue
    if case .date(let days) = column.storage, simple.aggregate == .min || simple.aggregate == .max {
        // The earliest or latest date of each group (nulls skipped), as `min`/`max` of its list.
        let members = grouping.members(), earliest = simple.aggregate == .min
        var out = [Int32](repeating: 0, count: grouping.groupCount)
        for g in 0..<grouping.groupCount {
            var best: Int32?
            for r in members.rows(ofGroup: g) where !column.isNull(at: r) {
                best = best.map { earliest ? Swift.min($0, days[r]) : Swift.max($0, days[r]) } ?? days[r]
            }
            guard let best else {
                throw Diagnostic.error(.groupHasNoDates(function, column: simple.column, group: describeGroup(t, keys: keys, row: grouping.firstRows[g])), at: location)
            }
            out[g] = best
        }
        return .dates(out)
    }
    let result: Column
    do throws(TableError) {
        if simple.aggregate == .sum || simple.aggregate == .mean {
            let shared: GroupSums
            if let known = sums {
                shared = known
            } else {
                shared = try grouping.sums(column, for: simple.aggregate)
                sums = shared
            }
            result = try grouping.aggregate(column, simple.aggregate, sums: shared)
        } else {
            result = try grouping.aggregate(column, simple.aggregate)
        }
    } catch {
        throw Diagnostic.error(.aggregateNeedsNumbers(function, column: simple.column, holding: column.typeName), at: location)
    }
    guard case .number(let values) = result.storage else { return result }
    if let nulls = result.isNull, let g = nulls.firstIndex(of: true) {
        let what = simple.aggregate == .stdev ? "fewer than two numbers" : "no numbers"
        throw Diagnostic.error(.inBuiltin(function, .groupHasTooFewNumbers(column: simple.column, what, group: describeGroup(t, keys: keys, row: grouping.firstRows[g]))), at: location)
    }
    for (g, x) in values.enumerated() where !x.isFinite {
        throw Diagnostic.error(.inBuiltin(function, .tooLargeToRepresent("the result for \(describeGroup(t, keys: keys, row: grouping.firstRows[g]))")), at: location)
    }
    return result
}

/// Any aggregate expression: evaluated once per group with the group's rows bound to
/// the column names; each result must be a single value.
private func groupedExpression(_ name: String, _ lazy: LazyArgument, _ grouping: Grouping, _ t: Table, _ keys: [Int],
                               _ allColumns: inout [Value]?, _ args: Arguments) throws(Diagnostic) -> Column {
    var results: [Value] = []
    results.reserveCapacity(grouping.groupCount)
    // Only the columns the expression names are sliced per group; the others are bound
    // to null (never read), so messages still list every column.
    let used = t.names.map { lazy.info.names?.contains($0) ?? true }
    let members = grouping.members()
    for g in 0..<grouping.groupCount {
        let rows = Array(members.rows(ofGroup: g))
        let slices: [Value]
        if rows.count == t.rowCount {
            if allColumns == nil { allColumns = columnValues(t) }
            slices = allColumns ?? []
        } else {
            slices = t.columns.indices.map { used[$0] ? .list(List(t.columns[$0].gather(rows))) : .null }
        }
        let v: Value
        do throws(Diagnostic) {
            v = try lazy.evaluate(t.names, slices)
        } catch {
            var e = error
            if !keys.isEmpty { e.message += " (in \(describeGroup(t, keys: keys, row: grouping.firstRows[g])))" }
            throw e
        }
        guard v.isScalar else {
            var what = article(v.typeName)
            if case .list(let l) = v { what += " of \(l.count)" }
            throw Diagnostic.error(.inBuiltin("group", .groupExpressionNotScalar(name, gave: what)), at: lazy.location)
        }
        results.append(v)
        try args.runtime.tick(at: lazy.location)
    }
    return try ColumnBuilder.column(.list(List(results)), name: name, rows: grouping.groupCount, what: "group", at: lazy.location)
}

/// `sort(t, "col", ..., [desc: bool or [bool, ...]])`, called by the `sort` built-in.
func sortTable(_ t: Table, _ args: Arguments) throws(Diagnostic) -> Value {
    let columns = try args.restNames()
    guard !columns.isEmpty else { throw args.callError(.sortNeedsColumns) }
    var descending: [Bool]
    let descValue = try args.value(1)
    switch descValue {
    case .bool(let b): descending = [Bool](repeating: b, count: columns.count)
    case .list(.bools(let flags, nil)):
        guard flags.count == columns.count else {
            throw args.error(1, .descCountMismatch(flags.count, columns: columns.count))
        }
        descending = flags
    default:
        throw args.typeError(1, expected: "true or false (or a list of them, one per column)", got: descValue)
    }
    var keys: [(column: Int, descending: Bool)] = []
    for (k, c) in columns.enumerated() {
        keys.append((try args.columnIndex(t, c.name, at: c.location), descending[k]))
    }
    return .table(t.gather(rows: t.sortPermutation(keys: keys)))
}

/// `sort(xs, true)` (positional `desc`) or `sort(xs, desc: true)`.
func listSortDescending(_ args: Arguments) throws(Diagnostic) -> Bool {
    guard let extra = args.rest.first else { return try args.bool(1) }
    guard args.rest.count == 1, case .bool(let b) = extra else {
        throw Diagnostic.error(.sortListExtraArgument, at: args.restLocations[0])
    }
    return b
}

/// The separator of `join(xs, [sep])`.
func listJoinSeparator(_ args: Arguments) throws(Diagnostic) -> String {
    for i in 2...3 where args.values[i] != nil {
        throw args.error(i, .joinArgumentOnList(args.builtin.parameters[i].name))
    }
    guard args.values[1] != nil else { return "" }
    let v = try args.value(1)
    guard case .string(let s) = v else { throw args.typeError(1, expected: "a string (the separator)", got: v) }
    return s
}

/// `join(a, b, on: ..., [how: ...])`, called by the `join` built-in.
func joinTables(_ args: Arguments) throws(Diagnostic) -> Value {
    let a = try args.table(0)
    guard args.values[1] != nil else { throw args.callError(.joinNeedsSecondTable) }
    let b = try args.table(1)
    guard args.values[2] != nil else { throw args.callError(.joinNeedsKeys) }
    let on = try args.names(2)
    var kind = JoinKind.inner
    if args.values[3] != nil {
        let how = try args.value(3)
        guard case .string(let text) = how, let k = JoinKind(rawValue: text) else {
            throw args.error(3, .joinHow(how.literalText))
        }
        kind = k
    }
    for name in on {
        for (table, which) in [(a, "first"), (b, "second")] where table.columnIndex(named: name) == nil {
            throw Diagnostic.error(.inBuiltin("join", .joinKeyMissing(name, in: which, columns: table.names)), at: args.locations[2])
        }
    }
    do throws(TableError) {
        return .table(try a.joined(b, on: on, kind: kind, maxRows: joinRowLimit(a, b, control: args.runtime.control)))
    } catch {
        if case .tooManyRows(let rows, _) = error {
            try checkLength(Double(rows), at: args.location, what: "the joined table")
            throw args.callError(.joinTooLarge(rows: rows, limit: Double(args.runtime.control.memoryLimit ?? 0)))
        }
        throw args.tableError(error, at: nil)
    }
}

/// The most rows a join's result may have: the list-length limit, and what fits in the
/// memory left under the run's limit (the row indices and each column's values).
private func joinRowLimit(_ a: Table, _ b: Table, control: ExecutionControl) -> Int {
    var limit = maxListLength
    if let memoryLimit = control.memoryLimit, let used = MemoryUse.residentBytes() {
        let bytesPerRow = 16 + 8 * (a.columns.count + b.columns.count)
        limit = min(limit, max(0, memoryLimit - used) / bytesPerRow)
    }
    return limit
}

/// `head`/`tail` of a table or a list.
private func ends(_ args: Arguments, last: Bool) throws(Diagnostic) -> Value {
    let n = try args.integer(1, in: 0...9.0e15)
    let v = try args.value(0)
    switch v {
    case .table(let t): return .table(last ? t.tail(n) : t.head(n))
    case .list(let l):
        let k = min(n, l.count)
        return .list(l.picking(last ? Array((l.count - k)..<l.count) : Array(0..<k)))
    default: throw args.typeError(0, expected: "a table or a list", got: v)
    }
}

let tableBuiltins: [Builtin] = [
    Builtin(name: "table", group: .tables, parameters: [p("records", .absent)], namedRest: p("col"),
            doc: "A table from named columns (lists; single values are repeated to the longest list's length, and all single values make one row), "
                + "or from a list of records (the first record's keys are the columns; every record must have the same keys). "
                + "A column's values must be of one type (nulls allowed).",
            examples: [("table(year: [2024, 2025], country: \"NO\")", "table(year: [2024, 2025], country: [\"NO\", \"NO\"])"),
                       ("table([{a: 1, b: \"x\"}, {a: 2, b: null}]).b", "[\"x\", null]")]) { args throws(Diagnostic) in
        try tableConstructor(args)
    },
    Builtin(name: "read_csv", group: .tables, parameters: [p("path")],
            doc: "Reads a CSV file (path relative to the notebook's folder, which it must stay inside). "
                + "A column whose non-empty fields all read as numbers is numeric, all `true`/`false` is bool, else text; empty fields are null. "
                + "(In the examples, `spending.csv` is `year,country,value` with rows `2024,NO,1.5`, `2024,SE,2` and `2025,NO,`.)",
            examples: [("columns(read_csv(\"spending.csv\"))", "[\"year\", \"country\", \"value\"]"),
                       ("read_csv(\"spending.csv\").value", "[1.5, 2, null]")]) { args throws(Diagnostic) in
        .table(try args.runtime.host.readCSV(path: try args.string(0), at: args.locations[0]))
    },
    Builtin(name: "columns", group: .tables, parameters: [p("t")], doc: "A table's column names in order.",
            examples: [("columns(table(year: [2024], value: [1.5]))", "[\"year\", \"value\"]")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        return .list(t.names.isEmpty ? .values([]) : .strings(t.names, nulls: nil))
    },
    Builtin(name: "rows", group: .tables, parameters: [p("t")],
            doc: "The rows as a list of records (`t[i]` is one row). `t.col` or `t[\"col\"]` is a column as a list.",
            examples: [("rows(table(a: [1, 2], b: \"x\"))", "[{a: 1, b: \"x\"}, {a: 2, b: \"x\"}]")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        let lists = t.columns.map { List($0) }
        return .list(.values((0..<t.rowCount).map { row in .record(Record(keys: t.names, values: lists.map { $0[row] })) }))
    },
    Builtin(name: "head", group: .tables, parameters: [p("t"), p("n", .value(.number(5), text: "5"))],
            doc: "The first `n` rows of a table (or elements of a list); all of them when there are fewer.",
            examples: [("head(table(a: 1..10), 2).a", "[1, 2]")]) { args throws(Diagnostic) in
        try ends(args, last: false)
    },
    Builtin(name: "tail", group: .tables, parameters: [p("t"), p("n", .value(.number(5), text: "5"))],
            doc: "The last `n` rows of a table (or elements of a list).",
            examples: [("tail(table(a: 1..10), 2).a", "[9, 10]"), ("tail([1, 2, 3], 5)", "[1, 2, 3]")]) { args throws(Diagnostic) in
        try ends(args, last: true)
    },
    Builtin(name: "with", group: .tables, parameters: [p("t"), p("by", .absent, namedOnly: true)], namedRest: p("col", columnScope: true),
            doc: "Adds columns (at the end) or replaces them (in place). Each expression sees the table's columns as lists by name; "
                + "a single value is repeated for every row; later columns see earlier ones. "
                + "With `by` (a column name or a list), each expression is evaluated once per group of rows with equal `by` values, "
                + "seeing the group's rows (in table order), and its value goes back on those rows: a single value is repeated over the group, "
                + "a list must have one value per row of the group. The table keeps its rows and their order.",
            examples: [("with(table(a: [1, 2]), b: a * 10, c: b + 1, a: 0)", "table(a: [0, 0], b: [10, 20], c: [11, 21])"),
                       ("with(table(k: [\"a\", \"b\", \"a\"], v: [1, 2, 3]), by: \"k\", total: sum(v), running: cumsum(v))",
                        "table(k: [\"a\", \"b\", \"a\"], v: [1, 2, 3], total: [4, 2, 4], running: [1, 2, 4])")]) { args throws(Diagnostic) in
        try withColumns(args)
    },
    Builtin(name: "where", group: .tables, parameters: [p("t"), p("predicate", columnScope: true)],
            doc: "Keeps the rows where the condition (seeing the columns by name) is true; a null drops the row. "
                + "The condition must give one bool per row: one bool for the whole table (such as `contains(column, x)`, which asks whether the list holds `x`) is an error; test each row with `contains_text`, `matches`, a comparison or `map`.",
            examples: [("where(table(a: [1, 2, 3, null]), a >= 2).a", "[2, 3]")]) { args throws(Diagnostic) in
        try whereRows(args)
    },
    Builtin(name: "group", group: .tables, parameters: [p("t"), p("by")], namedRest: p("agg", columnScope: true),
            doc: "One row per distinct value of the `by` column(s) (null is a value), in order of first appearance; columns: the `by` columns, "
                + "then each named aggregate, computed with the group's rows of each column bound to its name. An aggregate must give one value per group.",
            examples: [("group(table(k: [\"a\", \"b\", \"a\"], v: [1, 2, 3]), by: \"k\", total: sum(v), n: count(v))",
                        "table(k: [\"a\", \"b\"], total: [4, 2], n: [2, 1])")]) { args throws(Diagnostic) in
        try groupRows(args)
    },
    Builtin(name: "select", group: .tables, parameters: [p("t")], variadic: p("col"),
            doc: "The named columns, in that order (names may also come as a list).",
            examples: [("columns(select(table(a: 1, b: 2, c: 3), \"c\", \"a\"))", "[\"c\", \"a\"]")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        var selected: [String] = []
        for c in try args.restNames() {
            _ = try args.columnIndex(t, c.name, at: c.location)
            if selected.contains(c.name) { throw Diagnostic.error(.inBuiltin("select", .columnNamedTwice(c.name)), at: c.location) }
            selected.append(c.name)
        }
        do throws(TableError) { return .table(try t.selecting(selected)) } catch { throw args.tableError(error, at: nil) }
    },
    Builtin(name: "drop", group: .tables, parameters: [p("t")], variadic: p("col"),
            doc: "The table without the named columns (each must exist).",
            examples: [("columns(drop(table(a: 1, b: 2, c: 3), \"b\"))", "[\"a\", \"c\"]")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        let dropped = try args.restNames()
        for c in dropped { _ = try args.columnIndex(t, c.name, at: c.location) }
        do throws(TableError) { return .table(try t.dropping(dropped.map(\.name))) } catch { throw args.tableError(error, at: nil) }
    },
    Builtin(name: "rename", group: .tables, parameters: [p("t"), p("old"), p("new")],
            doc: "Column `old` renamed `new`, in place; `new` must not be another column's name.",
            examples: [("columns(rename(table(a: 1, b: 2), \"a\", \"x\"))", "[\"x\", \"b\"]")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        let old = try args.string(1), new = try args.string(2)
        _ = try args.columnIndex(t, old, at: args.locations[1])
        do throws(TableError) { return .table(try t.renaming(old, to: new)) } catch { throw args.tableError(error, at: 2) }
    },
    Builtin(name: "append", group: .tables, parameters: [p("a"), p("b")],
            doc: "The rows of `a` then those of `b`; both need the same column names (any order; the result has `a`'s) and types.",
            examples: [("append(table(a: 1, b: \"x\"), table(b: \"y\", a: 2)).a", "[1, 2]")]) { args throws(Diagnostic) in
        let a = try args.table(0), b = try args.table(1)
        do throws(TableError) { return .table(try a.appending(b)) } catch { throw args.tableError(error, at: 1) }
    },
]
