/// A column of a table: typed, contiguous storage plus an optional null mask.
///
/// Numbers live in a contiguous `[Double]` so column arithmetic and aggregates run as
/// tight loops with no per-element boxing. Where a value is null, `isNull[i]` is true
/// and the storage slot holds a placeholder (0, "" or false) that must not be read.
public struct Column: Sendable, Equatable {
    public enum Storage: Sendable, Equatable {
        case number([Double])
        case string([String])
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
        Column(.string(values), isNull: isNull)
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

    private static func equalIgnoringNulls<T: Equatable>(_ x: [T], _ y: [T], _ mask: [Bool]?) -> Bool {
        guard x.count == y.count else { return false }
        guard let mask else { return x == y }
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
