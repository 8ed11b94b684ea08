internal import CSQLite

/// A SQLite database read with one `SELECT` (or `WITH … SELECT`) statement.
///
/// The file is opened read-only and immutable (SQLite takes no lock and writes nothing,
/// not even a journal; a `-wal` file beside it is not read). An authorizer allows only
/// reading: any write, `ATTACH`/`DETACH`, `PRAGMA`, transaction, schema change or
/// `load_extension` is refused before the statement runs, so a query cannot reach a
/// database outside the notebook's folder or change the file. Types come from each
/// value: INTEGER and REAL are numbers (integers beyond 2^53 lose their last digits, as
/// in any double), TEXT is text, NULL is null; a BLOB is an error naming the column. A
/// column whose values have several types becomes text (see `TableBuilder`).
package enum SQLiteTable {
    package static func read(path: String, query: String, limit: Int?, timeLimit: Duration? = nil) throws(DataReadError) -> Table {
        var db: OpaquePointer?
        let uri = "file:" + percentEncoded(path) + "?mode=ro&immutable=1"
        let opened = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nil)
        defer { sqlite3_close_v2(db) }
        guard opened == SQLITE_OK, let db else {
            throw .cannotOpenSQLite(message(db))
        }
        // Not a database (the first page is checked only when the schema is read).
        guard sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nil, nil, nil) == SQLITE_OK else {
            throw .notSQLite(message(db))
        }
        sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0)
        // Functions in views and triggers of the file run only if harmless.
        _ = sqlite3_exec(db, "PRAGMA trusted_schema = OFF", nil, nil, nil)
        let guardian = Authorizer()
        let context = Unmanaged.passUnretained(guardian).toOpaque()
        sqlite3_set_authorizer(db, { context, action, first, second, _, _ in
            guard let context else { return SQLITE_DENY }
            return Unmanaged<Authorizer>.fromOpaque(context).takeUnretainedValue().decide(action, first, second)
        }, context)
        defer { withExtendedLifetime(guardian) {} }
        // A query that runs past the time limit (an endless recursive WITH) is stopped.
        let clock = Deadline(limit: timeLimit)
        if timeLimit != nil {
            sqlite3_progress_handler(db, 10_000, { context in
                guard let context else { return 0 }
                return Unmanaged<Deadline>.fromOpaque(context).takeUnretainedValue().passed ? 1 : 0
            }, Unmanaged.passUnretained(clock).toOpaque())
        }
        defer { withExtendedLifetime(clock) {} }

        var statement: OpaquePointer?
        let utf8 = Array(query.utf8CString)
        // The statement, and how many bytes of the query follow it.
        let (prepared, restLength) = utf8.withUnsafeBufferPointer { text -> (Int32, Int) in
            guard let base = text.baseAddress else { return (SQLITE_MISUSE, 0) }
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(db, base, Int32(text.count - 1), &statement, &tail)
            return (code, tail.map { text.count - 1 - base.distance(to: $0) } ?? 0)
        }
        defer { sqlite3_finalize(statement) }
        guard prepared == SQLITE_OK else {
            if let refused = guardian.refused { throw .queryMayOnlyRead(refused) }
            throw .sqlite(message(db))
        }
        guard let statement else { throw .emptyQuery }
        if restLength > 0, !onlySpaceAndComments(utf8[(utf8.count - 1 - restLength)..<(utf8.count - 1)]) {
            throw .moreThanOneStatement
        }
        guard sqlite3_stmt_readonly(statement) != 0 else {
            throw .queryNotReadOnly
        }

        var builder = TableBuilder(limit: limit)
        let count = Int(sqlite3_column_count(statement))
        var names: [String] = []
        for i in 0..<count {
            guard let raw = sqlite3_column_name(statement, Int32(i)) else { throw .outOfMemoryReadingColumns }
            guard let name = String(validatingCString: raw) else { throw .queryColumnNameNotUTF8(i + 1) }
            if names.contains(name) {
                throw .duplicateQueryColumn(name)
            }
            names.append(name)
            builder.addColumn(name)
        }
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                if step == SQLITE_INTERRUPT, let timeLimit {
                    throw .queryTimedOut(timeLimit)
                }
                if let refused = guardian.refused { throw .queryMayOnlyRead(refused) }
                throw .sqlite(message(db))
            }
            do {
                try builder.addRow()
            } catch {
                throw .tooLarge(error.bytes)
            }
            for i in 0..<count {
                let column = Int32(i)
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER:
                    builder.setNumber(Double(sqlite3_column_int64(statement, column)), column: i)
                case SQLITE_FLOAT:
                    let value = sqlite3_column_double(statement, column)
                    if value.isFinite { builder.setNumber(value == 0 ? 0 : value, column: i) }
                case SQLITE_TEXT:
                    let length = Int(sqlite3_column_bytes(statement, column))
                    guard let text = sqlite3_column_text(statement, column) else { break }
                    guard let string = String(validating: UnsafeBufferPointer(start: text, count: length), as: UTF8.self) else {
                        throw .textNotUTF8(column: names[i], row: builder.rowCount)
                    }
                    builder.setText(string, column: i)
                case SQLITE_BLOB:
                    throw .blobValue(column: names[i], row: builder.rowCount)
                default:
                    break
                }
            }
        }
        return builder.finish()
    }

    /// When a query must stop.
    final class Deadline {
        let end: ContinuousClock.Instant?
        init(limit: Duration?) { end = limit.map { ContinuousClock.now + $0 } }
        var passed: Bool { end.map { ContinuousClock.now >= $0 } ?? false }
    }

    /// What the authorizer refused first, in words.
    final class Authorizer {
        var refused: String?

        func decide(_ action: Int32, _ first: UnsafePointer<CChar>?, _ second: UnsafePointer<CChar>?) -> Int32 {
            switch action {
            case SQLITE_SELECT, SQLITE_READ, SQLITE_RECURSIVE:
                return SQLITE_OK
            case SQLITE_FUNCTION:
                let name = second.flatMap { String(validatingCString: $0) }?.lowercased() ?? ""
                if name == "load_extension" {
                    refused = refused ?? "load an extension"
                    return SQLITE_DENY
                }
                return SQLITE_OK
            case SQLITE_ATTACH, SQLITE_DETACH:
                refused = refused ?? "attach another database"
            case SQLITE_PRAGMA:
                refused = refused ?? "run a PRAGMA (table-valued ones too, such as `pragma_table_info`)"
            case SQLITE_UPDATE where ["sqlite_master", "sqlite_schema"].contains(first.flatMap { String(validatingCString: $0) }?.lowercased() ?? ""):
                // SQLite checks a table-valued pragma's columns as updates of the schema
                // table before the PRAGMA itself: ignored, so that the PRAGMA is what is
                // refused (a real update of the schema is not a read-only statement, and
                // the file is opened read-only).
                return SQLITE_IGNORE
            case SQLITE_INSERT, SQLITE_UPDATE, SQLITE_DELETE:
                refused = refused ?? "change rows"
            case SQLITE_TRANSACTION, SQLITE_SAVEPOINT:
                refused = refused ?? "start a transaction"
            default:
                refused = refused ?? "change the database (action \(action))"
            }
            return SQLITE_DENY
        }
    }

    static func message(_ db: OpaquePointer?) -> String {
        guard let db, let text = sqlite3_errmsg(db) else { return "out of memory" }
        return String(validatingCString: text) ?? "an error whose message is not UTF-8"
    }

    /// A path inside a `file:` URI: every byte but unreserved ones and `/` as `%XX`.
    static func percentEncoded(_ path: String) -> String {
        var out: [UInt8] = []
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.append(byte)
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text after the statement: only spaces, `;` and SQL comments.
    static func onlySpaceAndComments(_ rest: ArraySlice<CChar>) -> Bool {
        let bytes = rest.map { UInt8(bitPattern: $0) }
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == UInt8(ascii: ";") {
                i += 1
            } else if byte == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") {
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            } else if byte == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            } else {
                return false
            }
        }
        return true
    }
}
