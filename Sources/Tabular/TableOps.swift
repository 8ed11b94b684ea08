/// Row and column operations the table verbs are built from. Pure functions over
/// contiguous storage; no expression evaluation here.

extension Column {
    /// The rows at `rows`, in that order (repeats allowed). A negative index gives a
    /// null, which is how unmatched rows of a left join get their right-hand values.
    /// Indices must be below `count` (callers pass indices they computed).
    package func gather(_ rows: [Int]) -> Column {
        var mask: [Bool]? = nil
        if isNull != nil || rows.contains(where: { $0 < 0 }) {
            let source = isNull
            mask = rows.map { $0 < 0 || (source?[$0] ?? false) }
        }
        switch storage {
        case .number(let values):
            return Column(.number(rows.map { $0 < 0 ? 0 : values[$0] }), isNull: mask)
        case .string(let values):
            return Column(.string(values.gathering(rows)), isNull: mask)
        case .bool(let values):
            return Column(.bool(rows.map { $0 < 0 ? false : values[$0] }), isNull: mask)
        case .date(let values):
            return Column(.date(rows.map { $0 < 0 ? 0 : values[$0] }), isNull: mask)
        }
    }

    /// Rows `range` (clamped to the column).
    package func slice(_ range: Range<Int>) -> Column {
        let r = range.clamped(to: 0..<count)
        let mask = isNull.map { Array($0[r]) }
        switch storage {
        case .number(let values): return Column(.number(Array(values[r])), isNull: mask)
        case .string(let values): return Column(.string(values.slice(r)), isNull: mask)
        case .bool(let values): return Column(.bool(Array(values[r])), isNull: mask)
        case .date(let values): return Column(.date(Array(values[r])), isNull: mask)
        }
    }

    /// A column of `count` nulls of the given type's storage.
    package static func nulls(_ count: Int, like column: Column) -> Column {
        let mask = [Bool](repeating: true, count: count)
        switch column.storage {
        case .number: return Column(.number([Double](repeating: 0, count: count)), isNull: mask)
        case .string: return Column(.string(StringValues(pool: [""], codes: [UInt32](repeating: 0, count: count))), isNull: mask)
        case .bool: return Column(.bool([Bool](repeating: false, count: count)), isNull: mask)
        case .date: return Column(.date([Int32](repeating: 0, count: count)), isNull: mask)
        }
    }

    /// How many values are not null.
    package var nonNullCount: Int {
        guard let isNull else { return count }
        var n = 0
        for null in isNull where !null { n += 1 }
        return n
    }

    /// This column followed by `other`'s rows. Types must match, except that a column
    /// without a single value (all null, or empty) takes the other's type.
    package func appending(_ other: Column) -> Column? {
        let mask: [Bool]? = isNull == nil && other.isNull == nil
            ? nil
            : (isNull ?? [Bool](repeating: false, count: count)) + (other.isNull ?? [Bool](repeating: false, count: other.count))
        switch (storage, other.storage) {
        case (.number(let a), .number(let b)): return Column(.number(a + b), isNull: mask)
        case (.string(let a), .string(let b)): return Column(.string(a.appending(b)), isNull: mask)
        case (.bool(let a), .bool(let b)): return Column(.bool(a + b), isNull: mask)
        case (.date(let a), .date(let b)): return Column(.date(a + b), isNull: mask)
        default:
            if nonNullCount == 0 { return Column.nulls(count, like: other).appending(other) }
            if other.nonNullCount == 0 { return appending(Column.nulls(other.count, like: self)) }
            return nil
        }
    }
}

extension Table {
    /// The rows at `rows`, in that order; negative indices give rows of nulls.
    package func gather(rows: [Int]) -> Table {
        Table(uncheckedNames: names, columns: columns.map { $0.gather(rows) }, rowCount: rows.count,
              display: display)
    }

    /// Rows `range`, clamped to the table.
    package func slice(rows range: Range<Int>) -> Table {
        let r = range.clamped(to: 0..<rowCount)
        return Table(uncheckedNames: names, columns: columns.map { $0.slice(r) }, rowCount: r.count,
                     display: display)
    }

    /// The first `n` rows (all when `n` ≥ the row count, none when `n` ≤ 0).
    package func head(_ n: Int) -> Table {
        slice(rows: 0..<max(0, min(n, rowCount)))
    }

    /// The last `n` rows.
    package func tail(_ n: Int) -> Table {
        slice(rows: max(0, rowCount - max(0, n))..<rowCount)
    }

    /// The index of column `name`, or an error naming the closest existing column.
    package func requireColumn(_ name: String) throws(TableError) -> Int {
        if let index = columnIndex(named: name) { return index }
        throw .missingColumn(name: name, available: names, suggestion: closestName(to: name, in: names))
    }

    /// Columns `selected`, in that order.
    package func selecting(_ selected: [String]) throws(TableError) -> Table {
        var seen = Set<String>()
        var indices: [Int] = []
        for name in selected {
            guard seen.insert(name).inserted else { throw .duplicateColumn(name) }
            indices.append(try requireColumn(name))
        }
        return Table(uncheckedNames: indices.map { names[$0] }, columns: indices.map { columns[$0] },
                     rowCount: rowCount, display: indices.map { display[$0] })
    }

    /// All columns but `dropped` (each must exist).
    package func dropping(_ dropped: [String]) throws(TableError) -> Table {
        var remove = Set<Int>()
        for name in dropped { remove.insert(try requireColumn(name)) }
        let keep = names.indices.filter { !remove.contains($0) }
        return Table(uncheckedNames: keep.map { names[$0] }, columns: keep.map { columns[$0] },
                     rowCount: rowCount, display: keep.map { display[$0] })
    }

    /// Column `old` renamed `new`, in place. Renaming onto another existing column's
    /// name is an error; renaming a column to its own name changes nothing.
    package func renaming(_ old: String, to new: String) throws(TableError) -> Table {
        let index = try requireColumn(old)
        if old == new { return self }
        if columnIndex(named: new) != nil { throw .duplicateColumn(new) }
        var newNames = names
        newNames[index] = new
        return Table(uncheckedNames: newNames, columns: columns, rowCount: rowCount, display: display)
    }

    /// Replaces column `name` in place (keeping its display settings) or adds it at the
    /// end. Its length must be the row count, unless the table has no columns yet.
    package func setting(_ name: String, to column: Column) throws(TableError) -> Table {
        if !columns.isEmpty, column.count != rowCount {
            throw .lengthMismatch(column: name, expected: rowCount, actual: column.count)
        }
        var newNames = names, newColumns = columns, settings = display
        if let index = columnIndex(named: name) {
            newColumns[index] = column
        } else {
            newNames.append(name)
            newColumns.append(column)
            settings.append(.plain)
        }
        return Table(uncheckedNames: newNames, columns: newColumns, rowCount: column.count, display: settings)
    }

    /// This table's rows then `other`'s. Both must have the same column names (in any
    /// order; the result has this table's order and display settings) and each column the
    /// same type, except that a column without values takes the other's type.
    package func appending(_ other: Table) throws(TableError) -> Table {
        let missing = names.filter { other.columnIndex(named: $0) == nil }
        let extra = other.names.filter { columnIndex(named: $0) == nil }
        if !missing.isEmpty || !extra.isEmpty {
            throw .columnsDiffer(missingInSecond: missing, extraInSecond: extra)
        }
        var result: [Column] = []
        for (name, column) in zip(names, columns) {
            guard let otherIndex = other.columnIndex(named: name) else { continue }  // checked above
            let otherColumn = other.columns[otherIndex]
            guard let joined = column.appending(otherColumn) else {
                throw .appendTypeMismatch(column: name, first: column.typeName, second: otherColumn.typeName)
            }
            result.append(joined)
        }
        return Table(uncheckedNames: names, columns: result, rowCount: rowCount + other.rowCount,
                     display: display)
    }
}
