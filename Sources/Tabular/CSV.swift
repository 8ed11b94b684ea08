/// CSV reading and writing (SPEC §5). STUB: signatures are fixed, bodies to be written.
public enum CSV {
    /// A malformed CSV file, at the CSV's own 1-based line (and column when known).
    public struct ReadError: Error, Sendable, Equatable {
        public var message: String
        public var line: Int
        public var column: Int?
        public init(message: String, line: Int, column: Int? = nil) {
            self.message = message
            self.line = line
            self.column = column
        }
    }

    /// Parses a whole CSV file into a table with inferred column types.
    public static func read(_ bytes: [UInt8]) throws(ReadError) -> Table {
        throw ReadError(message: "CSV reading is not implemented yet", line: 1)
    }

    /// The file's bytes: UTF-8, LF, header row, minimal quoting. `csvSafe` prefixes `'`
    /// to string fields that spreadsheets would run as formulas.
    public static func write(_ table: Table, csvSafe: Bool = false) -> [UInt8] {
        []
    }
}
