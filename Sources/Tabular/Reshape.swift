// Reshaping kernels (SPEC-2 §B): `pivot_wider`, `pivot_longer`, `cross`, `distinct`, and
// the scatter step of a grouped `with`. Whole-column work: group codes, index arrays and
// gathers; no expression evaluation here.

/// A reshape that cannot be done with the table it was given. Row numbers are 0-based
/// (the Language module shows them 1-based, with the values that clash).
package enum ReshapeError: Error, Sendable, Equatable {
    /// `pivot_wider`: rows `first` < `second` give a value for the same cell.
    case duplicateCell(first: Int, second: Int)
    /// The result would have more cells (`pivot_wider`) or rows (`pivot_longer`, `cross`)
    /// than the caller allows; counted before anything is built.
    case tooLarge(count: Int, limit: Int)
    /// A result column name that is already taken (by a kept column or another new one).
    case nameClash(String)
    /// `pivot_longer`: `column` holds `type`s where the first listed column with values,
    /// `first`, holds `firstType`s.
    case typeMismatch(column: String, type: String, first: String, firstType: String)
    /// `cross`: column names in both tables.
    case sharedColumns([String])
}

extension Column {
    /// Row `row`'s value as the language's `str` writes it: numbers as the shortest
    /// round-trip text, bools `true`/`false`, null `null` (a `pivot_wider` column name).
    package func text(at row: Int) -> String {
        if isNull(at: row) { return "null" }
        switch storage {
        case .number(let values): return NumberFormat.shortest(values[row])
        case .string(let values): return values[row]
        case .bool(let values): return values[row] ? "true" : "false"
        case .date(let values): return CalendarDate.text(values[row])
        }
    }
}

extension Table {
    /// `pivot_wider`: one row per distinct combination of the `id` columns (in order of
    /// first appearance), those columns first (in the order given); then one column per
    /// distinct value of column `namesFrom` (in order of first appearance, named by
    /// `Column.text(at:)`) holding column `valuesFrom`'s value for that id and name, null
    /// where no row gives one. The new columns keep `valuesFrom`'s display format.
    /// - Parameter maxCells: more new cells (ids × names) than this is `.tooLarge`.
    package func pivotWider(namesFrom: Int, valuesFrom: Int, id: [Int], maxCells: Int = Int.max) throws(ReshapeError) -> Table {
        let grouping = groupRows(by: id)
        let nameCodes = columns[namesFrom].keyCodes()
        let ids = grouping.groupCount, names = nameCodes.distinctCount
        let (cells, overflow) = ids.multipliedReportingOverflow(by: names)
        if overflow || cells > maxCells { throw .tooLarge(count: overflow ? Int.max : cells, limit: maxCells) }

        // Each new column's name, from the first row holding its value.
        var firstRowOfName = [Int](repeating: -1, count: names)
        for (row, code) in nameCodes.codes.enumerated() where firstRowOfName[Int(code)] < 0 {
            firstRowOfName[Int(code)] = row
        }
        let newNames = firstRowOfName.map { columns[namesFrom].text(at: $0) }
        var taken = Set(id.map { self.names[$0] })
        for name in newNames where !taken.insert(name).inserted { throw .nameClash(name) }

        // The source row of each cell, name-major so that each new column is one slice.
        var cellRow = [Int](repeating: -1, count: cells)
        let groupOfRow = grouping.groupOfRow
        try cellRow.withUnsafeMutableBufferPointer { (slots) throws(ReshapeError) in
            for row in 0..<rowCount {
                let slot = Int(nameCodes.codes[row]) * ids + Int(groupOfRow[row])
                if slots[slot] >= 0 { throw .duplicateCell(first: slots[slot], second: row) }
                slots[slot] = row
            }
        }
        var resultNames = id.map { self.names[$0] }
        var resultColumns = id.map { columns[$0].gather(grouping.firstRows) }
        var formats = id.map { display[$0] }
        let values = columns[valuesFrom]
        for j in 0..<names {
            resultNames.append(newNames[j])
            resultColumns.append(values.gather(Array(cellRow[(j * ids)..<((j + 1) * ids)])))
            formats.append(ColumnDisplay(format: display[valuesFrom].format)) // the values' format, not their name's label
        }
        return Table(uncheckedNames: resultNames, columns: resultColumns, rowCount: ids, display: formats)
    }

    /// `pivot_longer`: each of the columns `cols` becomes rows. The other columns are
    /// repeated (in their order), then `namesTo` holds the listed column's name and
    /// `valuesTo` its value; rows by original row, then in `cols` order. The listed
    /// columns must share a type, except that a column without a single value takes the
    /// others' type (as in `append`). `valuesTo` keeps the listed columns' display format
    /// when they all have the same one.
    /// - Parameter maxRows: more result rows than this is `.tooLarge`.
    package func pivotLonger(_ cols: [Int], namesTo: String, valuesTo: String, maxRows: Int = Int.max) throws(ReshapeError) -> Table {
        let listed = Set(cols)
        let kept = names.indices.filter { !listed.contains($0) }
        var taken = Set(kept.map { names[$0] })
        for name in [namesTo, valuesTo] where !taken.insert(name).inserted { throw .nameClash(name) }

        // The type: the first listed column that has a value sets it.
        let typed = cols.first { columns[$0].nonNullCount > 0 } ?? cols.first
        var sources: [Column] = []
        for c in cols {
            let column = columns[c]
            if let typed, column.typeName != columns[typed].typeName {
                guard column.nonNullCount == 0 else {
                    throw .typeMismatch(column: names[c], type: column.typeName, first: names[typed], firstType: columns[typed].typeName)
                }
                sources.append(Column.nulls(rowCount, like: columns[typed]))
            } else {
                sources.append(column)
            }
        }
        let k = cols.count, n = rowCount
        let (total, overflow) = n.multipliedReportingOverflow(by: k)
        if overflow || total > maxRows { throw .tooLarge(count: overflow ? Int.max : total, limit: maxRows) }

        // Kept columns: each row repeated k times.
        var repeated = [Int](repeating: 0, count: total)
        repeated.withUnsafeMutableBufferPointer { out in
            var i = 0
            for r in 0..<n {
                for _ in 0..<k { out[i] = r; i += 1 }
            }
        }
        var resultColumns = kept.map { columns[$0].gather(repeated) }
        var formats = kept.map { display[$0] }
        // Names: a dictionary-encoded column whose pool is the listed names.
        var nameCodes = [UInt32](repeating: 0, count: total)
        nameCodes.withUnsafeMutableBufferPointer { out in
            guard k > 0 else { return }
            for i in 0..<total { out[i] = UInt32(truncatingIfNeeded: i % k) }
        }
        resultColumns.append(Column(.string(StringValues(pool: cols.map { names[$0] }, codes: nameCodes))))
        formats.append(.plain)
        resultColumns.append(Column.interleaving(sources, rows: n))
        let listedFormats = cols.map { display[$0].format }
        formats.append(ColumnDisplay(format: listedFormats.allSatisfy { $0 == listedFormats.first } ? listedFormats.first ?? nil : nil))
        return Table(uncheckedNames: kept.map { names[$0] } + [namesTo, valuesTo], columns: resultColumns,
                     rowCount: total, display: formats)
    }

    /// `cross`: every row of this table with every row of `other` (this table's order
    /// outer); columns this table's then `other`'s, which must not share a name.
    /// - Parameter maxRows: more result rows than this is `.tooLarge`.
    package func crossed(with other: Table, maxRows: Int = Int.max) throws(ReshapeError) -> Table {
        let otherNames = Set(other.names)
        let shared = names.filter { otherNames.contains($0) }
        if !shared.isEmpty { throw .sharedColumns(shared) }
        let n = rowCount, m = other.rowCount
        let (total, overflow) = n.multipliedReportingOverflow(by: m)
        if overflow || total > maxRows { throw .tooLarge(count: overflow ? Int.max : total, limit: maxRows) }
        var left = [Int](repeating: 0, count: total), right = [Int](repeating: 0, count: total)
        left.withUnsafeMutableBufferPointer { l in
            right.withUnsafeMutableBufferPointer { r in
                var i = 0
                for a in 0..<n {
                    for b in 0..<m { l[i] = a; r[i] = b; i += 1 }
                }
            }
        }
        return Table(uncheckedNames: names + other.names,
                     columns: columns.map { $0.gather(left) } + other.columns.map { $0.gather(right) },
                     rowCount: total, display: display + other.display)
    }

    /// `distinct`: the first row of each distinct combination of the columns `keys`
    /// (all columns when empty), in table order; every column is kept. Nulls equal nulls.
    package func distinctRows(by keys: [Int]) -> Table {
        guard !names.isEmpty else { return self }
        let grouping = groupRows(by: keys.isEmpty ? Array(names.indices) : keys)
        return grouping.groupCount == rowCount ? self : gather(rows: grouping.firstRows)
    }
}

extension Column {
    /// Row `r` of the result holds, at `r * k + j`, row `r` of `columns[j]` (`k` columns
    /// of `rows` rows, one storage type).
    static func interleaving(_ columns: [Column], rows n: Int) -> Column {
        let k = columns.count
        let total = n * k
        var mask: [Bool]? = nil
        if columns.contains(where: { $0.isNull != nil }) {
            var m = [Bool](repeating: false, count: total)
            for (j, column) in columns.enumerated() {
                guard let isNull = column.isNull else { continue }
                for r in 0..<n where isNull[r] { m[r * k + j] = true }
            }
            mask = m
        }
        guard let first = columns.first else { return .numbers([]) }
        switch first.storage {
        case .number:
            let out = [Double](unsafeUninitializedCapacity: total) { out, count in
                for (j, column) in columns.enumerated() {
                    guard case .number(let values) = column.storage else { continue }  // one type (caller)
                    values.withUnsafeBufferPointer { v in
                        for r in 0..<n { out[r * k + j] = v[r] }
                    }
                }
                count = total
            }
            return Column(.number(out), isNull: mask)
        case .bool:
            var out = [Bool](repeating: false, count: total)
            for (j, column) in columns.enumerated() {
                guard case .bool(let values) = column.storage else { continue }
                for r in 0..<n { out[r * k + j] = values[r] }
            }
            return Column(.bool(out), isNull: mask)
        case .date:
            var out = [Int32](repeating: 0, count: total)
            for (j, column) in columns.enumerated() {
                guard case .date(let values) = column.storage else { continue }
                for r in 0..<n { out[r * k + j] = values[r] }
            }
            return Column(.date(out), isNull: mask)
        case .string:
            // One pool: the columns' pools end to end; codes offset into it.
            var pool: [String] = []
            var codes = [UInt32](repeating: 0, count: total)
            for (j, column) in columns.enumerated() {
                guard case .string(let values) = column.storage else { continue }
                let offset = pool.count
                pool += values.pool
                codes.withUnsafeMutableBufferPointer { out in
                    if let own = values.codes {
                        for r in 0..<n { out[r * k + j] = UInt32(truncatingIfNeeded: offset + Int(own[r])) }
                    } else {
                        for r in 0..<n { out[r * k + j] = UInt32(truncatingIfNeeded: offset + r) }
                    }
                }
            }
            guard pool.count <= Int(UInt32.max) else {
                // Beyond 4-byte codes: plain strings (never met in practice).
                var strings = [String](repeating: "", count: total)
                for (j, column) in columns.enumerated() {
                    guard case .string(let values) = column.storage else { continue }
                    for r in 0..<n { strings[r * k + j] = values[r] }
                }
                return Column(.string(StringValues(strings)), isNull: mask)
            }
            return Column(.string(StringValues(pool: pool, codes: codes).compactedIfSparse()), isNull: mask)
        }
    }
}

/// A column assembled from one piece per group, each piece written at its group's rows
/// (the last step of a grouped `with`). The first piece with a value sets the type;
/// pieces without a value fit any type.
package struct ScatteredColumn {
    private enum Values {
        case none
        case numbers([Double])
        case strings([String])
        case bools([Bool])
        case dates([Int32])
    }

    private var values = Values.none
    private var isNull: [Bool]
    package let count: Int
    /// The type set so far (`nil` while no piece had a value).
    package private(set) var typeName: String?

    package init(count: Int) {
        self.count = count
        isNull = [Bool](repeating: false, count: count)
    }

    /// Writes `piece` (one value per row of `rows`) at `rows`. Returns false, writing
    /// nothing, when its type differs from the earlier pieces'.
    package mutating func place(_ piece: Column, at rows: ArraySlice<Int>) -> Bool {
        precondition(piece.count == rows.count, "a piece has one value per row")  // safe: the caller checks lengths
        if piece.nonNullCount == 0 {
            for r in rows { isNull[r] = true }
            return true
        }
        if let typeName, typeName != piece.typeName { return false }
        if let mask = piece.isNull {
            for (i, r) in rows.enumerated() where mask[i] { isNull[r] = true }
        }
        switch piece.storage {
        case .number(let source):
            var out: [Double]
            if case .numbers(let existing) = values { out = existing } else { out = [Double](repeating: 0, count: count) }
            values = .none  // keep `out` uniquely referenced
            for (i, r) in rows.enumerated() { out[r] = source[i] }
            values = .numbers(out)
        case .string(let source):
            var out: [String]
            if case .strings(let existing) = values { out = existing } else { out = [String](repeating: "", count: count) }
            values = .none
            for (i, r) in rows.enumerated() { out[r] = source[i] }
            values = .strings(out)
        case .bool(let source):
            var out: [Bool]
            if case .bools(let existing) = values { out = existing } else { out = [Bool](repeating: false, count: count) }
            values = .none
            for (i, r) in rows.enumerated() { out[r] = source[i] }
            values = .bools(out)
        case .date(let source):
            var out: [Int32]
            if case .dates(let existing) = values { out = existing } else { out = [Int32](repeating: 0, count: count) }
            values = .none
            for (i, r) in rows.enumerated() { out[r] = source[i] }
            values = .dates(out)
        }
        typeName = piece.typeName
        return true
    }

    /// The assembled column; a number column of nulls when no piece had a value.
    package func column() -> Column {
        switch values {
        case .none: return .numbers([Double](repeating: 0, count: count), isNull: isNull)
        case .numbers(let v): return .numbers(v, isNull: isNull)
        case .strings(let v): return .strings(v, isNull: isNull)
        case .bools(let v): return .bools(v, isNull: isNull)
        case .dates(let v): return .dates(v, isNull: isNull)
        }
    }
}
