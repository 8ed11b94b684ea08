// Sorting (`sort(t, ...)`) and joining (`join(a, b, on:, how:)`).

extension Column {
    /// A per-row sort rank: numbers by value, strings by Unicode code point order (their
    /// UTF-8 bytes; not locale collation, so "B" sorts before "a"), false before true.
    /// Null rows hold 0 and are told apart by the null mask.
    func sortRanks() -> [Double] {
        switch storage {
        case .number(let values):
            return values
        case .bool(let values):
            return values.map { $0 ? 1 : 0 }
        case .date(let values):
            return values.map(Double.init)
        case .string(let values):
            let codes = keyCodes()
            // One representative string per code, then rank the distinct values.
            var representative = [String](repeating: "", count: codes.distinctCount)
            for (row, code) in codes.codes.enumerated() { representative[Int(code)] = values[row] }
            let order = (0..<codes.distinctCount).sorted {
                representative[$0].utf8.lexicographicallyPrecedes(representative[$1].utf8)
            }
            var rankOfCode = [Double](repeating: 0, count: codes.distinctCount)
            for (rank, code) in order.enumerated() { rankOfCode[code] = Double(rank) }
            return codes.codes.map { rankOfCode[Int($0)] }
        }
    }
}

extension Table {
    /// The row order that sorts the table by `keys` (column indices), the first key
    /// first. Stable: rows with equal keys keep their order. Nulls sort last whether
    /// the key is ascending or descending, as in pandas and spreadsheets.
    package func sortPermutation(keys: [(column: Int, descending: Bool)]) -> [Int] {
        struct Key {
            var ranks: [Double]
            var isNull: [Bool]?
            var descending: Bool
        }
        let prepared = keys.map { key in
            Key(ranks: columns[key.column].sortRanks(), isNull: columns[key.column].isNull, descending: key.descending)
        }
        if prepared.count <= 2, let order = Self.sortPermutationPacked(prepared.map { ($0.ranks, $0.isNull, $0.descending) }, rowCount: rowCount) {
            return order
        }
        var order = Array(0..<rowCount)
        order.sort { a, b in
            for key in prepared {
                let nullA = key.isNull?[a] ?? false, nullB = key.isNull?[b] ?? false
                if nullA != nullB { return nullB }  // the non-null one first
                if nullA { continue }
                let x = key.ranks[a], y = key.ranks[b]
                if x != y { return key.descending ? x > y : x < y }
            }
            return a < b
        }
        return order
    }
}

extension Table {
    /// One or two keys with finite values (always, for table data): sort compact
    /// (key, key, row) records instead of indices into the key arrays, which keeps the
    /// comparisons in cache. Descending keys are negated; nulls become +∞ so they come
    /// last either way. `nil` when a value is not finite (the general path handles it).
    fileprivate static func sortPermutationPacked(_ keys: [(ranks: [Double], isNull: [Bool]?, descending: Bool)], rowCount: Int) -> [Int]? {
        struct Item {
            var first: Double
            var second: Double
            var row: Int
        }
        var items = [Item](repeating: Item(first: 0, second: 0, row: 0), count: rowCount)
        for row in 0..<rowCount { items[row].row = row }
        for (k, key) in keys.enumerated() {
            for row in 0..<rowCount {
                var v = key.ranks[row]
                guard v.isFinite else { return nil }
                if key.descending { v = -v }
                if v == 0 { v = 0 }  // -0 sorts with 0
                if key.isNull?[row] ?? false { v = .infinity }
                if k == 0 { items[row].first = v } else { items[row].second = v }
            }
        }
        items.sort { a, b in
            if a.first != b.first { return a.first < b.first }
            if a.second != b.second { return a.second < b.second }
            return a.row < b.row
        }
        return items.map(\.row)
    }
}

package enum JoinKind: String, Sendable {
    case inner, left
}

/// Which rows a join pairs up: `left[k]` with `right[k]`, in the left table's row order
/// (and for one left row, its matches in the right table's order); `right[k]` is −1 for
/// a left row without a match in a left join.
package struct JoinedRows: Sendable, Equatable {
    package var left: [Int]
    package var right: [Int]
}

extension Table {
    /// Hash join on pairs of key columns (`left` indexes this table, `right` the other).
    /// Key columns must hold the same type, except that a column without a single value
    /// joins anything (and matches nothing). Null keys never match, as in SQL.
    /// - Parameter maxRows: more result rows than this is `TableError.tooManyRows`,
    ///   found by counting before anything is allocated.
    package func joinRows(_ other: Table, on keys: [(left: Int, right: Int)], kind: JoinKind, maxRows: Int = Int.max) throws(TableError) -> JoinedRows {
        // Per key: codes for the right rows (interned), the left rows looked up; −1 = no match.
        var leftCodes = [Int32](repeating: 0, count: rowCount)
        var rightCodes = [Int32](repeating: 0, count: other.rowCount)
        var first = true
        for key in keys {
            let l = columns[key.left], r = other.columns[key.right]
            if l.typeName != r.typeName, l.nonNullCount > 0, r.nonNullCount > 0 {
                throw .joinKeyTypeMismatch(key: names[key.left], left: l.typeName, right: r.typeName)
            }
            let (lc, rc) = joinCodes(l, r)
            if first {
                leftCodes = lc
                rightCodes = rc
                first = false
            } else {
                combineJoinCodes(&leftCodes, &rightCodes, lc, rc)
            }
        }
        if keys.isEmpty {  // every row matches every row
            leftCodes = [Int32](repeating: 0, count: rowCount)
            rightCodes = [Int32](repeating: 0, count: other.rowCount)
        }
        // Right rows by code (CSR), then walk the left rows in order.
        let codeCount = Int((rightCodes.max() ?? -1) + 1)
        var offsets = [Int](repeating: 0, count: codeCount + 1)
        for c in rightCodes where c >= 0 { offsets[Int(c) + 1] += 1 }
        for c in 0..<codeCount { offsets[c + 1] += offsets[c] }
        var cursor = Array(offsets.dropLast())
        var rightRows = [Int](repeating: 0, count: offsets[codeCount])
        for (row, c) in rightCodes.enumerated() where c >= 0 {
            rightRows[cursor[Int(c)]] = row
            cursor[Int(c)] += 1
        }
        var total = 0
        for c in leftCodes {
            let matches = c >= 0 && Int(c) < codeCount ? offsets[Int(c) + 1] - offsets[Int(c)] : 0
            total += matches > 0 ? matches : (kind == .left ? 1 : 0)
        }
        if total > maxRows { throw .tooManyRows(rows: total, limit: maxRows) }
        var result = JoinedRows(left: [], right: [])
        result.left.reserveCapacity(total)
        result.right.reserveCapacity(total)
        for (row, c) in leftCodes.enumerated() {
            if c >= 0, Int(c) < codeCount, offsets[Int(c)] < offsets[Int(c) + 1] {
                for k in offsets[Int(c)]..<offsets[Int(c) + 1] {
                    result.left.append(row)
                    result.right.append(rightRows[k])
                }
            } else if kind == .left {
                result.left.append(row)
                result.right.append(-1)
            }
        }
        return result
    }

    /// `join(a, b, on: [...], how:)` (SPEC §3): rows in this table's order, columns this
    /// table's then `other`'s non-key ones; unmatched rows of a left join get nulls;
    /// a non-key column name in both tables is an error.
    package func joined(_ other: Table, on keyNames: [String], kind: JoinKind, maxRows: Int = Int.max) throws(TableError) -> Table {
        var keys: [(left: Int, right: Int)] = []
        var seen = Set<String>()
        for name in keyNames {
            guard seen.insert(name).inserted else { throw .duplicateColumn(name) }
            keys.append((try requireColumn(name), try other.requireColumn(name)))
        }
        let rightKept = other.names.indices.filter { !seen.contains(other.names[$0]) }
        for index in rightKept where columnIndex(named: other.names[index]) != nil {
            throw .joinColumnClash(other.names[index])
        }
        let pairs = try joinRows(other, on: keys, kind: kind, maxRows: maxRows)
        var columns = self.columns.map { $0.gather(pairs.left) }
        columns += rightKept.map { other.columns[$0].gather(pairs.right) }
        return Table(uncheckedNames: names + rightKept.map { other.names[$0] }, columns: columns,
                     rowCount: pairs.left.count,
                     display: display + rightKept.map { other.display[$0] })
    }
}

/// Codes for one key pair: right values interned, left values looked up; nulls and
/// left values absent on the right are −1.
private func joinCodes(_ left: Column, _ right: Column) -> ([Int32], [Int32]) {
    let rightKeys = right.keyCodes()
    var rightCodes = rightKeys.codes
    if let nullCode = rightKeys.nullCode {
        for i in rightCodes.indices where rightCodes[i] == nullCode { rightCodes[i] = -1 }
    }
    var leftCodes = [Int32](repeating: -1, count: left.count)
    switch (left.storage, right.storage) {
    case (.number(let l), .number(let r)):
        var map = [UInt64: Int32]()
        for (i, v) in r.enumerated() where rightCodes[i] >= 0 { map[v == 0 ? 0 : v.bitPattern] = rightCodes[i] }
        for (i, v) in l.enumerated() where !left.isNull(at: i) { leftCodes[i] = map[v == 0 ? 0 : v.bitPattern] ?? -1 }
    case (.string(let l), .string(let r)):
        var map = [String: Int32]()
        for (i, v) in r.enumerated() where rightCodes[i] >= 0 { map[v] = rightCodes[i] }
        for (i, v) in l.enumerated() where !left.isNull(at: i) { leftCodes[i] = map[v] ?? -1 }
    case (.date(let l), .date(let r)):
        var map = [Int32: Int32]()
        for (i, v) in r.enumerated() where rightCodes[i] >= 0 { map[v] = rightCodes[i] }
        for (i, v) in l.enumerated() where !left.isNull(at: i) { leftCodes[i] = map[v] ?? -1 }
    case (.bool(let l), .bool(let r)):
        var map = [Bool: Int32]()
        for (i, v) in r.enumerated() where rightCodes[i] >= 0 { map[v] = rightCodes[i] }
        for (i, v) in l.enumerated() where !left.isNull(at: i) { leftCodes[i] = map[v] ?? -1 }
    default:
        break  // a column without values against another type: nothing matches
    }
    return (leftCodes, rightCodes)
}

/// Folds a further key into the combined codes; −1 on either side stays −1.
private func combineJoinCodes(_ left: inout [Int32], _ right: inout [Int32], _ nextLeft: [Int32], _ nextRight: [Int32]) {
    var map = [UInt64: Int32]()
    var next: Int32 = 0
    for i in right.indices {
        guard right[i] >= 0, nextRight[i] >= 0 else {
            right[i] = -1
            continue
        }
        let key = UInt64(UInt32(right[i])) << 32 | UInt64(UInt32(nextRight[i]))
        if let code = map[key] {
            right[i] = code
        } else {
            map[key] = next
            right[i] = next
            next += 1
        }
    }
    for i in left.indices {
        guard left[i] >= 0, nextLeft[i] >= 0 else {
            left[i] = -1
            continue
        }
        left[i] = map[UInt64(UInt32(left[i])) << 32 | UInt64(UInt32(nextLeft[i]))] ?? -1
    }
}
