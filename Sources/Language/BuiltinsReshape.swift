import NotebookFormat
import Tabular

// Reshaping verbs (SPEC-2 §B): `pivot_wider`, `pivot_longer`, `cross`, `distinct`, and the
// grouped form of `with` (`with(t, by: cols, name: expr, …)`). The row work is done by
// Tabular's kernels (Reshape.swift, Grouping.swift); this file binds and checks the
// arguments and turns every misuse into a positioned diagnostic.

/// The most rows (or cells) a reshape may build: the list-length limit, and what fits in
/// the memory left under the run's limit at `bytesPerRow`.
private func reshapeLimit(bytesPerRow: Int, control: ExecutionControl) -> Int {
    var limit = maxListLength
    if let memoryLimit = control.memoryLimit, let used = MemoryUse.residentBytes() {
        limit = min(limit, max(0, memoryLimit - used) / max(1, bytesPerRow))
    }
    return limit
}

/// A kernel's `.tooLarge` as the message `join` gives: the list-length limit first, then
/// the memory limit. `what`: "the crossed table would have 4,000,000 rows".
private func tooLarge(_ count: Int, _ noun: String, _ what: String, _ args: Arguments) throws(Diagnostic) -> Diagnostic {
    try checkLength(Double(count), at: args.location, what: what)
    return args.callError(.reshapeOverMemoryLimit(what, count: NumberFormat.general(Double(count)), noun,
                                                  limit: MemoryUse.text(Double(args.runtime.control.memoryLimit ?? 0))))
}

/// "`k` = \"a\", `j` = 1": the values of columns `columns` at `row`, for messages.
private func describeValues(_ t: Table, _ columns: [Int], row: Int) -> String {
    columns.map { "\(t.names[$0]) = \(List(t.columns[$0])[row].literalText)" }.joined(separator: ", ")
}

// MARK: - pivot_wider

private func pivotWider(_ args: Arguments) throws(Diagnostic) -> Value {
    let t = try args.table(0)
    let namesFrom = try args.string(1), valuesFrom = try args.string(2)
    let nameColumn = try args.columnIndex(t, namesFrom, at: args.locations[1])
    let valueColumn = try args.columnIndex(t, valuesFrom, at: args.locations[2])
    guard nameColumn != valueColumn else {
        throw args.error(2, .namesAndValuesFromSame(namesFrom))
    }
    var id: [Int] = []
    if args.values[3] != nil {
        for name in try args.names(3) {
            let k = try args.columnIndex(t, name, at: args.locations[3])
            if k == nameColumn || k == valueColumn {
                throw args.error(3, .pivotColumnAsID(name, role: k == nameColumn ? "names_from" : "values_from"))
            }
            if id.contains(k) { throw args.error(3, .columnTwiceIn(name, "id")) }
            id.append(k)
        }
    } else {
        id = t.names.indices.filter { $0 != nameColumn && $0 != valueColumn }
    }
    do throws(ReshapeError) {
        let limit = reshapeLimit(bytesPerRow: 8 + 9 + 8, control: args.runtime.control)
        return .table(try t.pivotWider(namesFrom: nameColumn, valuesFrom: valueColumn, id: id, maxCells: limit))
    } catch {
        switch error {
        case .duplicateCell(let first, let second):
            let cell = describeValues(t, id + [nameColumn], row: second)
            throw args.error(0, .pivotDuplicateCell(rows: first + 1, second + 1, cell: cell))
        case .nameClash(let name):
            let what = id.contains(where: { t.names[$0] == name })
                ? "the id column `\(name)`"
                : "another value of `\(namesFrom)` with the same text"
            throw args.error(1, .pivotNameClash(namesFrom, name, like: what))
        case .tooLarge(let count, _):
            throw try tooLarge(count, "cells", "the pivoted table", args)
        case .typeMismatch, .sharedColumns:
            throw args.callError(.internalError("unexpected \(error)"))
        }
    }
}

// MARK: - pivot_longer

private func pivotLonger(_ args: Arguments) throws(Diagnostic) -> Value {
    let t = try args.table(0)
    let colNames = try args.names(1)
    guard !colNames.isEmpty else { throw args.error(1, .pivotLongerNeedsColumns) }
    var cols: [Int] = []
    for name in colNames {
        let k = try args.columnIndex(t, name, at: args.locations[1])
        if cols.contains(k) { throw args.error(1, .columnTwiceIn(name, "cols")) }
        cols.append(k)
    }
    let namesTo = try args.string(2), valuesTo = try args.string(3)
    guard namesTo != valuesTo else { throw args.error(3, .namesAndValuesToSame(namesTo)) }
    do throws(ReshapeError) {
        let limit = reshapeLimit(bytesPerRow: 8 * (t.names.count - cols.count + 3), control: args.runtime.control)
        return .table(try t.pivotLonger(cols, namesTo: namesTo, valuesTo: valuesTo, maxRows: limit))
    } catch {
        switch error {
        case .typeMismatch(let column, let type, let first, let firstType):
            throw args.error(1, .pivotColumnsOfDifferentTypes(column, type, first, firstType))
        case .nameClash(let name):
            throw args.error(name == namesTo ? 2 : 3, "the table keeps a column `\(name)`; choose another name for `\(name == namesTo ? "names_to" : "values_to")`")
        case .tooLarge(let count, _):
            throw try tooLarge(count, "rows", "the longer table", args)
        case .duplicateCell, .sharedColumns:
            throw args.callError(.internalError("unexpected \(error)"))
        }
    }
}

// MARK: - cross

private func crossTables(_ args: Arguments) throws(Diagnostic) -> Value {
    let a = try args.table(0), b = try args.table(1)
    do throws(ReshapeError) {
        let limit = reshapeLimit(bytesPerRow: 16 + 8 * (a.names.count + b.names.count), control: args.runtime.control)
        return .table(try a.crossed(with: b, maxRows: limit))
    } catch {
        switch error {
        case .sharedColumns(let names):
            let list = names.map { "`\($0)`" }.joined(separator: ", ")
            throw args.error(1, .sharedColumns(list, count: names.count))
        case .tooLarge(let count, _):
            throw try tooLarge(count, "rows", "the crossed table", args)
        case .duplicateCell, .nameClash, .typeMismatch:
            throw args.callError(.internalError("unexpected \(error)"))
        }
    }
}

// MARK: - distinct

private func distinctRows(_ args: Arguments) throws(Diagnostic) -> Value {
    let t = try args.table(0)
    var keys: [Int] = []
    for c in try args.restNames() {
        let k = try args.columnIndex(t, c.name, at: c.location)
        if keys.contains(k) { throw Diagnostic.error(.inBuiltin("distinct", .columnNamedTwice(c.name)), at: c.location) }
        keys.append(k)
    }
    return .table(t.distinctRows(by: keys))
}

// MARK: - grouped with

/// `with(t, by: cols, name: expr, …)`, called by `with` when `by` is given: each
/// expression is evaluated once per group, with the group's rows of each column bound to
/// its name (in table order); its value goes back on the group's rows (a single value is
/// repeated over the group; a list must have one value per row of the group). The table
/// keeps its rows and their order. `AGG(column)` (`mean(v)`) runs as Tabular's grouped
/// kernel and is spread over each group's rows.
func groupedWith(_ args: Arguments) throws(Diagnostic) -> Value {
    var t = try args.table(0)
    let (byNames, keys) = try groupKeys(t, args)
    let grouping = t.groupRows(by: keys)
    var members: GroupMembers? = nil
    for (name, lazy) in args.lazyNamed {
        if byNames.contains(name) {
            throw Diagnostic.error(.inBuiltin("with", .replacesByColumn(name)), at: lazy.location)
        }
        let column: Column
        if let simple = lazy.simpleAggregate, let index = t.columnIndex(named: simple.column) {
            let perGroup = try groupedKernel(simple, t.columns[index], grouping, t, keys, at: lazy.location)
            column = perGroup.gather(grouping.groupOfRow.map { Int($0) })
        } else {
            if members == nil { members = grouping.members() }
            column = try evaluatePerGroup(name, lazy, grouping, members ?? grouping.members(), t, keys, args)
        }
        do throws(TableError) {
            t = try t.setting(name, to: column)
        } catch {
            throw Diagnostic.error(.inBuiltin("with", error), at: lazy.location)
        }
    }
    return .table(t)
}

/// One expression of a grouped `with`, evaluated for each group and scattered back.
private func evaluatePerGroup(_ name: String, _ lazy: LazyArgument, _ grouping: Grouping, _ members: GroupMembers,
                              _ t: Table, _ keys: [Int], _ args: Arguments) throws(Diagnostic) -> Column {
    var result = ScatteredColumn(count: t.rowCount)
    // Only the columns the expression names are sliced per group; the others are bound
    // to null (never read), so messages still list every column.
    let used = t.names.map { lazy.info.names?.contains($0) ?? true }
    for g in 0..<grouping.groupCount {
        let rows = members.rows(ofGroup: g)
        do throws(Diagnostic) {
            let slices: [Value]
            if rows.count == t.rowCount {
                slices = t.columns.map { .list(List($0)) }
            } else {
                let indices = Array(rows)
                slices = t.columns.indices.map { used[$0] ? .list(List(t.columns[$0].gather(indices))) : .null }
            }
            let v = try lazy.evaluate(t.names, slices)
            if case .list(let list) = v, list.count != rows.count {
                throw Diagnostic.error(.inBuiltin("with", .groupValueCountMismatch(name, values: list.count, rows: rows.count)), at: lazy.location)
            }
            let piece = try ColumnBuilder.column(v, name: name, rows: rows.count, what: "with", at: lazy.location)
            if !result.place(piece, at: rows) {
                throw Diagnostic.error(.inBuiltin("with", .groupTypeMismatch(name, piece.typeName, earlier: result.typeName ?? "")), at: lazy.location)
            }
        } catch {
            var e = error
            if !keys.isEmpty { e.message += " (in \(describeGroup(t, keys: keys, row: grouping.firstRows[g])))" }
            throw e
        }
        try args.runtime.tick(at: lazy.location)
    }
    return result.column()
}

// MARK: - Registry

let reshapeBuiltins: [Builtin] = [
    Builtin(name: "pivot_wider", group: .tables,
            parameters: [p("t"), p("names_from", namedOnly: true), p("values_from", namedOnly: true), p("id", .absent, namedOnly: true)],
            doc: "Long to wide: one row per distinct combination of the `id` columns (default: every column but `names_from` and `values_from`), "
                + "in order of first appearance, then one new column per distinct value of `names_from` (named by `str` of the value, in order of "
                + "first appearance) holding `values_from`'s value for that row and name. A cell no row gives is null; two rows giving the same "
                + "cell are an error naming both. Columns not in `id` are dropped.",
            examples: [("pivot_wider(table(year: [2024, 2024, 2025], country: [\"NO\", \"SE\", \"NO\"], v: [1, 2, 3]), names_from: \"country\", values_from: \"v\")",
                        "table(year: [2024, 2025], NO: [1, 3], SE: [2, null])")]) { args throws(Diagnostic) in
        try pivotWider(args)
    },
    Builtin(name: "pivot_longer", group: .tables,
            parameters: [p("t"), p("cols"), p("names_to", .value(.string("name"), text: "\"name\""), namedOnly: true),
                         p("values_to", .value(.string("value"), text: "\"value\""), namedOnly: true)],
            doc: "Wide to long: each listed column becomes rows. The result has the other columns (repeated, in their order), then `names_to` "
                + "holding the listed column's name, then `values_to` holding its value; rows by original row, then in `cols` order. "
                + "The listed columns must share a type (a column of only nulls fits any).",
            examples: [("pivot_longer(table(k: [\"a\", \"b\"], x: [1, 2], y: [3, null]), cols: [\"x\", \"y\"])",
                        "table(k: [\"a\", \"a\", \"b\", \"b\"], name: [\"x\", \"y\", \"x\", \"y\"], value: [1, 3, 2, null])")]) { args throws(Diagnostic) in
        try pivotLonger(args)
    },
    Builtin(name: "cross", group: .tables, parameters: [p("a"), p("b")],
            doc: "Every row of `a` with every row of `b` (`a`'s order outer): `len(a) * len(b)` rows, `a`'s columns then `b`'s. "
                + "The tables must not share a column name.",
            examples: [("cross(table(k: [\"a\", \"b\"]), table(year: [2024, 2025]))",
                        "table(k: [\"a\", \"a\", \"b\", \"b\"], year: [2024, 2025, 2024, 2025])")]) { args throws(Diagnostic) in
        try crossTables(args)
    },
    Builtin(name: "distinct", group: .tables, parameters: [p("t")], variadic: p("col"),
            doc: "The first row of each distinct combination of the named columns (all columns when none is named; names may also come as a list), "
                + "in table order; every column is kept. Nulls equal each other here.",
            examples: [("distinct(table(k: [\"a\", \"b\", \"a\"], v: [1, 2, 1]))", "table(k: [\"a\", \"b\"], v: [1, 2])"),
                       ("distinct(table(k: [\"a\", \"b\", \"a\"], v: [1, 2, 3]), \"k\")", "table(k: [\"a\", \"b\"], v: [1, 2])")]) { args throws(Diagnostic) in
        try distinctRows(args)
    },
]
