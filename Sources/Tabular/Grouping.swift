/// Rows split into groups by the values of key columns (`group(t, by: ...)`).
///
/// Groups are numbered `0..<groupCount` in order of first appearance. Nulls in a key
/// column form a group of their own (null equals null here), as SQL's GROUP BY does.
package struct Grouping: Sendable, Equatable {
    /// The group of each row (4 bytes a row: the only per-row array a grouping keeps).
    package let groupOfRow: [Int32]
    /// The first row of each group; ascending, since groups are numbered as they appear.
    package let firstRows: [Int]
    /// How many rows each group has.
    package let counts: [Int]

    package var groupCount: Int { counts.count }

    init(groupOfRow: [Int32], groupCount: Int) {
        var counts = [Int](repeating: 0, count: groupCount)
        var firstRows = [Int](repeating: -1, count: groupCount)
        for (i, g) in groupOfRow.enumerated() {
            if counts[Int(g)] == 0 { firstRows[Int(g)] = i }
            counts[Int(g)] += 1
        }
        self.groupOfRow = groupOfRow
        self.firstRows = firstRows
        self.counts = counts
    }

    /// Each group's rows, listed together: built on demand, since the common aggregates
    /// (sum, mean, count) scatter by `groupOfRow` and never need it.
    package func members() -> GroupMembers {
        var offsets = [Int](repeating: 0, count: groupCount + 1)
        for g in 0..<groupCount { offsets[g + 1] = offsets[g] + counts[g] }
        var cursor = Array(offsets.dropLast())
        var rowIndices = [Int](repeating: 0, count: groupOfRow.count)
        for (i, g) in groupOfRow.enumerated() {
            rowIndices[cursor[Int(g)]] = i
            cursor[Int(g)] += 1
        }
        return GroupMembers(rowIndices: rowIndices, offsets: offsets)
    }

    /// `aggregate` of `column` within each group, one value per group, null where it
    /// has no value (the mean of nulls only, the stdev of one value).
    ///
    /// `sums`, when given, is `sums(column, for:)` of this column, made once for several
    /// aggregates: `group(t, by: ..., total: sum(x), average: mean(x))` reads `x` once.
    package func aggregate(_ column: Column, _ aggregate: Aggregate, sums known: GroupSums? = nil) throws(TableError) -> Column {
        if aggregate == .count {
            var result = [Double](repeating: 0, count: groupCount)
            let mask = column.isNull
            for (row, g) in groupOfRow.enumerated() where !(mask?[row] ?? false) { result[Int(g)] += 1 }
            return .numbers(result)
        }
        guard case .number(let values) = column.storage else {
            throw .notNumeric(aggregate: aggregate.rawValue, type: column.typeName)
        }
        let mask = column.isNull
        var result = [Double](repeating: 0, count: groupCount)
        var isNull = [Bool](repeating: false, count: groupCount)
        switch aggregate {
        case .sum, .mean:
            let shared = known ?? sums(values, mask: mask)
            let n = shared.counts
            for g in 0..<groupCount {
                let total = shared.totals[g]
                if aggregate == .sum {
                    result[g] = total
                } else if n[g] == 0 {
                    isNull[g] = true
                } else {
                    result[g] = total / Double(n[g])
                }
            }
        case .min, .max, .median, .stdev, .count:
            var scratch: [Double] = []
            let members = members()
            for g in 0..<groupCount {
                scratch.removeAll(keepingCapacity: true)
                for row in members.rows(ofGroup: g) where !(mask?[row] ?? false) { scratch.append(values[row]) }
                if let value = Aggregates.compute(aggregate, scratch) {
                    result[g] = value
                } else {
                    isNull[g] = true
                }
            }
        }
        return .numbers(result, isNull: isNull)
    }
}

extension Table {
    /// Groups the rows by the values of columns `keyColumns` (indices); see `Grouping`.
    /// With no key columns every row is in one group (none when the table is empty).
    package func groupRows(by keyColumns: [Int]) -> Grouping {
        guard let first = keyColumns.first else {
            return Grouping(groupOfRow: [Int32](repeating: 0, count: rowCount), groupCount: rowCount > 0 ? 1 : 0)
        }
        var codes = columns[first].keyCodes()
        for index in keyColumns.dropFirst() {
            combineKeyCodes(&codes, columns[index])
        }
        return Grouping(groupOfRow: codes.codes, groupCount: codes.distinctCount)
    }
}

/// Each group's compensated sum and count of the non-null values of a number column:
/// the one pass `sum` and `mean` share.
package struct GroupSums: Sendable {
    package let totals: [Double]
    package let counts: [Int]
}

extension Grouping {
    /// `column`'s `GroupSums`; for another type, the error `aggregate` of it gives.
    package func sums(_ column: Column, for aggregate: Aggregate) throws(TableError) -> GroupSums {
        guard case .number(let values) = column.storage else {
            throw .notNumeric(aggregate: aggregate.rawValue, type: column.typeName)
        }
        return sums(values, mask: column.isNull)
    }

    /// One pass scattering into per-group compensated (Neumaier) sums.
    private func sums(_ values: [Double], mask: [Bool]?) -> GroupSums {
        var sums = [Double](repeating: 0, count: groupCount)
        var compensation = [Double](repeating: 0, count: groupCount)
        var n = [Int](repeating: 0, count: groupCount)
        for (row, code) in groupOfRow.enumerated() where !(mask?[row] ?? false) {
            let g = Int(code)
            let x = values[row]
            let t = sums[g] + x
            compensation[g] += abs(sums[g]) >= abs(x) ? (sums[g] - t) + x : (x - t) + sums[g]
            sums[g] = t
            n[g] += 1
        }
        return GroupSums(totals: (0..<groupCount).map { sums[$0] + compensation[$0] }, counts: n)
    }
}

/// The rows of each group together: the rows of group `g` are
/// `rowIndices[offsets[g]..<offsets[g + 1]]`, ascending.
package struct GroupMembers: Sendable, Equatable {
    package let rowIndices: [Int]
    package let offsets: [Int]

    /// The rows of group `g`, in table order.
    package func rows(ofGroup g: Int) -> ArraySlice<Int> {
        rowIndices[offsets[g]..<offsets[g + 1]]
    }

    /// Each group's rows, in table order.
    package var rowsPerGroup: [[Int]] {
        (0..<offsets.count - 1).map { Array(rows(ofGroup: $0)) }
    }
}
