/// A data file (.xlsx, .json/.jsonl, SQLite) that cannot be read as a table.
package struct DataReadError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Place: Sendable, Equatable {
        /// The file as a whole (not a zip archive, a sheet that does not exist, …).
        case file
        /// A 1-based line and column of the file's text (JSON; the column counts characters).
        case text(line: Int, column: Int)
        /// The `query:` (SQLite's own message about it).
        case query
        /// The `sheet:` (no such sheet) or the `range:` (nothing there) of a workbook.
        case sheet, range
    }

    package var message: String
    package var place: Place

    package init(_ message: String, at place: Place = .file) {
        self.message = message
        self.place = place
    }

    package var description: String {
        switch place {
        case .text(let line, let column): "line \(line), column \(column): \(message)"
        case .file, .query, .sheet, .range: message
        }
    }
}
