/// Builds a table cell by cell for the readers whose cells carry their own type (.xlsx,
/// .json/.jsonl, SQLite), as opposed to CSV, whose text is typed by the reader.
///
/// Each column keeps one `Double` and a one-byte tag a row (a text cell's `Double` is its
/// code in the column's pool of distinct texts), so a number column costs 9 bytes a row
/// while it is built and 8 once finished; columns are finished one at a time, so the
/// peak is the table plus one column's build. A column's type is its cells' type; a
/// column whose cells have several types becomes text, each cell written as its text
/// (numbers in their shortest round-trip form, dates `YYYY-MM-DD`, bools `true`/`false`);
/// a column with no value at all is a number column of nulls (as in CSV).
package struct TableBuilder {
    package enum Tag: UInt8 {
        case null = 0, number, bool, date, text
    }

    struct ColumnBuilder {
        var values: [Double] = []
        var tags: [UInt8] = []
        /// Which tags occur (bit `1 << tag`).
        var seen: UInt8 = 0
        var pool: [String] = []
        var codes: [String: UInt32] = [:]
    }

    package private(set) var names: [String] = []
    private var columns: [ColumnBuilder] = []
    package private(set) var rowCount = 0
    /// Bytes the finished table will take at least (9 a cell while built); the readers
    /// stop at `limit`.
    package private(set) var bytes = 0
    let limit: Int?
    /// A text column whose every value reads as `YYYY-MM-DD` becomes a date column (the
    /// CSV rule; for JSON, which has no date type).
    let datesFromText: Bool

    package init(limit: Int?, datesFromText: Bool = false) {
        self.limit = limit
        self.datesFromText = datesFromText
    }

    package var columnCount: Int { columns.count }

    /// Adds a column (null in every row so far); returns its index.
    @discardableResult
    package mutating func addColumn(_ name: String) -> Int {
        names.append(name)
        var column = ColumnBuilder()
        column.values = Array(repeating: 0, count: rowCount)
        column.tags = Array(repeating: 0, count: rowCount)
        if rowCount > 0 { column.seen = 1 }
        columns.append(column)
        bytes += rowCount * 9
        return columns.count - 1
    }

    /// Starts a row: every column null until set.
    package mutating func addRow() throws(LimitExceeded) {
        for i in columns.indices {
            columns[i].values.append(0)
            columns[i].tags.append(0)
            columns[i].seen |= 1
        }
        rowCount += 1
        bytes += columns.count * 9
        if let limit, bytes > limit { throw LimitExceeded(bytes: bytes) }
    }

    /// The table would pass the memory limit.
    package struct LimitExceeded: Error {
        package var bytes: Int
    }

    package mutating func setNumber(_ value: Double, column: Int) {
        set(value, .number, column)
    }

    package mutating func setBool(_ value: Bool, column: Int) {
        set(value ? 1 : 0, .bool, column)
    }

    package mutating func setDate(_ day: Int32, column: Int) {
        set(Double(day), .date, column)
    }

    package mutating func setText(_ text: String, column: Int) {
        let code: UInt32
        if let known = columns[column].codes[text] {
            code = known
        } else {
            code = UInt32(columns[column].pool.count)
            columns[column].pool.append(text)
            columns[column].codes[text] = code
            bytes += text.utf8.count + 16
        }
        set(Double(code), .text, column)
    }

    /// Clears a cell set in this row (a JSON `null`).
    package mutating func setNull(column: Int) {
        set(0, .null, column)
    }

    @inline(__always)
    private mutating func set(_ value: Double, _ tag: Tag, _ column: Int) {
        let row = rowCount - 1
        columns[column].values[row] = value
        columns[column].tags[row] = tag.rawValue
        columns[column].seen |= 1 << tag.rawValue
    }

    /// The table; the names must be unique (the readers check them first).
    package mutating func finish() -> Table {
        var finished: [Column] = []
        finished.reserveCapacity(columns.count)
        for i in columns.indices {
            let column = columns[i]
            columns[i] = ColumnBuilder()
            finished.append(Self.finish(column, rows: rowCount, datesFromText: datesFromText))
        }
        columns = []
        return Table(uncheckedNames: names, columns: finished, rowCount: rowCount)
    }

    private static func finish(_ column: ColumnBuilder, rows: Int, datesFromText: Bool) -> Column {
        let isNull: [Bool]? = column.seen & 1 != 0 ? column.tags.map { $0 == 0 } : nil
        let kinds = column.seen & ~1
        switch kinds {
        case 0, 1 << Tag.number.rawValue:
            return Column(.number(column.values), isNull: isNull)
        case 1 << Tag.bool.rawValue:
            return Column(.bool(column.values.map { $0 != 0 }), isNull: isNull)
        case 1 << Tag.date.rawValue:
            return Column(.date(column.values.map { Int32($0) }), isNull: isNull)
        case 1 << Tag.text.rawValue:
            if datesFromText, !column.pool.isEmpty {
                let days = column.pool.map { CalendarDate.parse($0) }
                if days.allSatisfy({ $0 != nil }) {
                    let day = days.map { $0 ?? 0 }
                    return Column(.date(zip(column.values, column.tags).map { $1 == 0 ? 0 : day[Int($0)] }), isNull: isNull)
                }
            }
            let codes = zip(column.values, column.tags).map { $1 == 0 ? 0 : UInt32($0) }
            let pool = column.pool.isEmpty ? [""] : column.pool
            return Column(.string(StringValues(pool: pool, codes: codes)), isNull: isNull)
        default:
            // Several types: every value as its text.
            var texts: [String] = []
            texts.reserveCapacity(rows)
            for (value, tag) in zip(column.values, column.tags) {
                switch Tag(rawValue: tag) ?? .null {
                case .null: texts.append("")
                case .number: texts.append(NumberFormat.shortest(value))
                case .bool: texts.append(value != 0 ? "true" : "false")
                case .date: texts.append(CalendarDate.text(Int32(value)))
                case .text: texts.append(column.pool[Int(value)])
                }
            }
            return Column(.string(StringValues(texts)), isNull: isNull)
        }
    }
}
