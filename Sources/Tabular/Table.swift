/// A column of a table: typed, contiguous storage plus an optional null mask.
///
/// Numbers live in a contiguous `[Double]` so column arithmetic and aggregates run as
/// tight loops with no per-element boxing. Where a value is null, `isNull[i]` is true
/// and the storage slot holds a placeholder (0, "" or false) that must not be read.
package struct Column: Sendable, Equatable {
    package enum Storage: Sendable, Equatable {
        case number([Double])
        case string(StringValues)
        case bool([Bool])
        /// Days since 1970-01-01 (`CalendarDate`).
        case date([Int32])
    }

    package var storage: Storage
    /// `nil` when the column has no nulls (the common case costs nothing).
    package var isNull: [Bool]?

    package init(_ storage: Storage, isNull: [Bool]? = nil) {
        self.storage = storage
        // Normalise: a mask without a single null is dropped, so equality and fast
        // paths do not depend on how a column was built.
        if let isNull, isNull.contains(true) { self.isNull = isNull } else { self.isNull = nil }
    }

    package static func numbers(_ values: [Double], isNull: [Bool]? = nil) -> Column {
        Column(.number(values), isNull: isNull)
    }

    package static func strings(_ values: [String], isNull: [Bool]? = nil) -> Column {
        Column(.string(StringValues(values)), isNull: isNull)
    }

    package static func bools(_ values: [Bool], isNull: [Bool]? = nil) -> Column {
        Column(.bool(values), isNull: isNull)
    }

    package static func dates(_ values: [Int32], isNull: [Bool]? = nil) -> Column {
        Column(.date(values), isNull: isNull)
    }

    package var count: Int {
        switch storage {
        case .number(let v): v.count
        case .string(let v): v.count
        case .bool(let v): v.count
        case .date(let v): v.count
        }
    }

    package func isNull(at row: Int) -> Bool { isNull?[row] ?? false }

    /// Equal type, length, nulls, and values where not null: the placeholder under a
    /// null does not count, whoever built the column.
    package static func == (a: Column, b: Column) -> Bool {
        guard a.isNull == b.isNull else { return false }
        switch (a.storage, b.storage) {
        case (.number(let x), .number(let y)): return equalIgnoringNulls(x, y, a.isNull)
        case (.string(let x), .string(let y)): return equalIgnoringNulls(x, y, a.isNull)
        case (.bool(let x), .bool(let y)): return equalIgnoringNulls(x, y, a.isNull)
        case (.date(let x), .date(let y)): return equalIgnoringNulls(x, y, a.isNull)
        default: return false
        }
    }

    private static func equalIgnoringNulls<C: RandomAccessCollection>(_ x: C, _ y: C, _ mask: [Bool]?) -> Bool
    where C.Element: Equatable, C.Index == Int {
        guard x.count == y.count else { return false }
        guard let mask else { return x.elementsEqual(y) }
        for i in x.indices where !mask[i] && x[i] != y[i] { return false }
        return true
    }

    /// `number`, `string`, `bool` or `date`, as messages name column types.
    package var typeName: String {
        switch storage {
        case .number: "number"
        case .string: "string"
        case .bool: "bool"
        case .date: "date"
        }
    }
}

/// A table: named, ordered columns of equal length.
package struct Table: Sendable, Equatable {
    package private(set) var names: [String]
    package private(set) var columns: [Column]
    package private(set) var rowCount: Int
    /// How the report shows each column (format, label, hidden); parallel to
    /// `columns`. CSV always keeps the raw values and the columns' own names.
    package var display: [ColumnDisplay]

    package enum ShapeError: Error, Sendable, Equatable {
        case lengthMismatch(column: String, expected: Int, actual: Int)
        case duplicateName(String)
    }

    package init(names: [String], columns: [Column], display: [ColumnDisplay]? = nil) throws(ShapeError) {
        precondition(names.count == columns.count, "names and columns must pair up") // safe: caller invariant
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw .duplicateName(name)
        }
        let rows = columns.first?.count ?? 0
        for (name, column) in zip(names, columns) where column.count != rows {
            throw .lengthMismatch(column: name, expected: rows, actual: column.count)
        }
        self.names = names
        self.columns = columns
        self.rowCount = rows
        self.display = Table.display(display, count: names.count)
    }

    package static let empty = Table(uncheckedNames: [], columns: [], rowCount: 0)

    /// For callers that have already established the invariants (equal lengths,
    /// unique names), such as table verbs that only reorder rows.
    package init(uncheckedNames names: [String], columns: [Column], rowCount: Int, display: [ColumnDisplay]? = nil) {
        self.names = names
        self.columns = columns
        self.rowCount = rowCount
        self.display = Table.display(display, count: names.count)
    }

    /// One setting per column: missing ones plain, extra ones dropped (so that
    /// `display[i]` is safe for every column index, whoever built the table).
    private static func display(_ given: [ColumnDisplay]?, count: Int) -> [ColumnDisplay] {
        guard var given else { return Array(repeating: .plain, count: count) }
        if given.count > count { given.removeLast(given.count - count) }
        if given.count < count { given += Array(repeating: .plain, count: count - given.count) }
        return given
    }

    package func columnIndex(named name: String) -> Int? {
        names.firstIndex(of: name)
    }

    package func column(named name: String) -> Column? {
        columnIndex(named: name).map { columns[$0] }
    }
}

/// The values of a string column, dictionary-encoded: row `i` holds `pool[codes[i]]`,
/// or `pool[i]` when there are no codes.
///
/// Text columns repeat a few values (countries, years as labels, categories): a code is
/// 4 bytes a row where a `String` is 16, and grouping, sorting and joining hash each
/// distinct pool entry once instead of every row. The CSV reader builds a pool of
/// distinct values; a column built from a list (`with`, `table(...)`) has no codes and
/// costs what `[String]` did. The pool may hold duplicates or entries no row uses, so
/// compare values, never codes across columns.
package struct StringValues: Sendable, RandomAccessCollection, Equatable, ExpressibleByArrayLiteral {
    package let pool: [String]
    /// One index into `pool` per row, or nil when row `i` is `pool[i]`.
    package let codes: [UInt32]?

    package init(_ values: [String]) {
        pool = values
        codes = nil
    }

    package init(arrayLiteral elements: String...) {
        self.init(elements)
    }

    /// Every code must index `pool` (the caller built both).
    package init(pool: [String], codes: [UInt32]) {
        self.pool = pool
        self.codes = codes
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { codes?.count ?? pool.count }

    @inline(__always)
    package subscript(position: Int) -> String {
        if let codes { return pool[Int(codes[position])] }
        return pool[position]
    }

    /// The values as one array (free when there are no codes).
    package var strings: [String] {
        codes == nil ? pool : Array(self)
    }

    package static func == (a: StringValues, b: StringValues) -> Bool {
        a.elementsEqual(b)
    }

    /// The values at `rows` (indices below `count`); a negative index gives "" (the
    /// placeholder under a null). Shares the pool while that saves memory.
    package func gathering(_ rows: [Int]) -> StringValues {
        let needsBlank = rows.contains { $0 < 0 }
        if codes == nil, rows.count * 2 < pool.count {
            // Few rows of an unencoded column: copying them is smaller than keeping the pool.
            return StringValues(rows.map { $0 < 0 ? "" : pool[$0] })
        }
        let blank = UInt32(truncatingIfNeeded: pool.count)
        let picked: [UInt32]
        if let codes {
            picked = rows.map { $0 < 0 ? blank : codes[$0] }
        } else {
            picked = rows.map { $0 < 0 ? blank : UInt32(truncatingIfNeeded: $0) }
        }
        return StringValues(pool: needsBlank ? pool + [""] : pool, codes: picked).compactedIfSparse()
    }

    /// Rows `range` (within bounds).
    package func slice(_ range: Range<Int>) -> StringValues {
        guard let codes else { return StringValues(Array(pool[range])) }
        return StringValues(pool: pool, codes: Array(codes[range])).compactedIfSparse()
    }

    /// These values then `other`'s.
    package func appending(_ other: StringValues) -> StringValues {
        if codes == nil, other.codes == nil { return StringValues(pool + other.pool) }
        let offset = UInt32(truncatingIfNeeded: pool.count)
        var joined = codes ?? (0..<pool.count).map { UInt32(truncatingIfNeeded: $0) }
        joined.reserveCapacity(count + other.count)
        if let otherCodes = other.codes {
            joined.append(contentsOf: otherCodes.lazy.map { $0 + offset })
        } else {
            joined.append(contentsOf: (0..<other.pool.count).lazy.map { UInt32(truncatingIfNeeded: $0) + offset })
        }
        return StringValues(pool: pool + other.pool, codes: joined).compactedIfSparse()
    }

    /// The same values with a pool of only the entries some row uses, when most of the
    /// pool is unused (after `where` kept a few rows of a large column, say), so a small
    /// result does not keep a large pool alive.
    func compactedIfSparse() -> StringValues {
        guard let codes, pool.count > 64, pool.count > 2 * codes.count else { return self }
        var remap = [UInt32](repeating: .max, count: pool.count)
        var newPool: [String] = []
        var newCodes = [UInt32](repeating: 0, count: codes.count)
        for (row, code) in codes.enumerated() {
            if remap[Int(code)] == .max {
                remap[Int(code)] = UInt32(truncatingIfNeeded: newPool.count)
                newPool.append(pool[Int(code)])
            }
            newCodes[row] = remap[Int(code)]
        }
        return StringValues(pool: newPool, codes: newCodes)
    }
}
