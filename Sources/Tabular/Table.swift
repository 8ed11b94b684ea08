/// A column of a table: typed, contiguous storage plus an optional null mask.
///
/// Numbers live in a contiguous `[Double]` so column arithmetic and aggregates run as
/// tight loops with no per-element boxing. Where a value is null, `isNull[i]` is true
/// and the storage slot holds a placeholder (0, "" or false) that must not be read.
public struct Column: Sendable, Equatable {
    public enum Storage: Sendable, Equatable {
        case number([Double])
        case string(StringValues)
        case bool([Bool])
    }

    public var storage: Storage
    /// `nil` when the column has no nulls (the common case costs nothing).
    public var isNull: [Bool]?

    public init(_ storage: Storage, isNull: [Bool]? = nil) {
        self.storage = storage
        // Normalise: a mask without a single null is dropped, so equality and fast
        // paths do not depend on how a column was built.
        if let isNull, isNull.contains(true) { self.isNull = isNull } else { self.isNull = nil }
    }

    public static func numbers(_ values: [Double], isNull: [Bool]? = nil) -> Column {
        Column(.number(values), isNull: isNull)
    }

    public static func strings(_ values: [String], isNull: [Bool]? = nil) -> Column {
        Column(.string(StringValues(values)), isNull: isNull)
    }

    public static func bools(_ values: [Bool], isNull: [Bool]? = nil) -> Column {
        Column(.bool(values), isNull: isNull)
    }

    public var count: Int {
        switch storage {
        case .number(let v): v.count
        case .string(let v): v.count
        case .bool(let v): v.count
        }
    }

    public func isNull(at row: Int) -> Bool { isNull?[row] ?? false }

    /// Equal type, length, nulls, and values where not null: the placeholder under a
    /// null does not count, whoever built the column.
    public static func == (a: Column, b: Column) -> Bool {
        guard a.isNull == b.isNull else { return false }
        switch (a.storage, b.storage) {
        case (.number(let x), .number(let y)): return equalIgnoringNulls(x, y, a.isNull)
        case (.string(let x), .string(let y)): return equalIgnoringNulls(x, y, a.isNull)
        case (.bool(let x), .bool(let y)): return equalIgnoringNulls(x, y, a.isNull)
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

    /// `number`, `string` or `bool`, as messages name column types.
    public var typeName: String {
        switch storage {
        case .number: "number"
        case .string: "string"
        case .bool: "bool"
        }
    }
}

/// A table: named, ordered columns of equal length.
public struct Table: Sendable, Equatable {
    public private(set) var names: [String]
    public private(set) var columns: [Column]
    public private(set) var rowCount: Int
    /// How each column is shown in HTML (`format(t, col: pattern)`); parallel to
    /// `columns`, `nil` for the general number format. CSV always keeps raw values.
    public var displayFormats: [String?]

    public enum ShapeError: Error, Sendable, Equatable {
        case lengthMismatch(column: String, expected: Int, actual: Int)
        case duplicateName(String)
    }

    public init(names: [String], columns: [Column], displayFormats: [String?]? = nil) throws(ShapeError) {
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
        self.displayFormats = displayFormats ?? Array(repeating: nil, count: names.count)
    }

    public static let empty = Table(uncheckedNames: [], columns: [], rowCount: 0)

    /// For callers that have already established the invariants (equal lengths,
    /// unique names), such as table verbs that only reorder rows.
    public init(uncheckedNames names: [String], columns: [Column], rowCount: Int, displayFormats: [String?]? = nil) {
        self.names = names
        self.columns = columns
        self.rowCount = rowCount
        self.displayFormats = displayFormats ?? Array(repeating: nil, count: names.count)
    }

    public func columnIndex(named name: String) -> Int? {
        names.firstIndex(of: name)
    }

    public func column(named name: String) -> Column? {
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
public struct StringValues: Sendable, RandomAccessCollection, Equatable, ExpressibleByArrayLiteral {
    public let pool: [String]
    /// One index into `pool` per row, or nil when row `i` is `pool[i]`.
    public let codes: [UInt32]?

    public init(_ values: [String]) {
        pool = values
        codes = nil
    }

    public init(arrayLiteral elements: String...) {
        self.init(elements)
    }

    /// Every code must index `pool` (the caller built both).
    public init(pool: [String], codes: [UInt32]) {
        self.pool = pool
        self.codes = codes
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { codes?.count ?? pool.count }

    @inline(__always)
    public subscript(position: Int) -> String {
        if let codes { return pool[Int(codes[position])] }
        return pool[position]
    }

    /// The values as one array (free when there are no codes).
    public var strings: [String] {
        codes == nil ? pool : Array(self)
    }

    public static func == (a: StringValues, b: StringValues) -> Bool {
        a.elementsEqual(b)
    }

    /// The values at `rows` (indices below `count`); a negative index gives "" (the
    /// placeholder under a null). Shares the pool while that saves memory.
    public func gathering(_ rows: [Int]) -> StringValues {
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
    public func slice(_ range: Range<Int>) -> StringValues {
        guard let codes else { return StringValues(Array(pool[range])) }
        return StringValues(pool: pool, codes: Array(codes[range])).compactedIfSparse()
    }

    /// These values then `other`'s.
    public func appending(_ other: StringValues) -> StringValues {
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
