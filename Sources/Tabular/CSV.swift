#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// CSV reading and writing (SPEC §5). Decisions where the spec is silent are in
/// docs/tabular.md ("CSV").
package enum CSV {
    /// A malformed CSV file, at the CSV's own 1-based line (and column when known).
    ///
    /// `line` is the physical line of the file (as an editor numbers it): for a row with
    /// the wrong number of fields, the line where that row starts; for a bad quote or
    /// byte, the line where the problem is. `column` counts characters from 1.
    package struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        package var message: String
        package var line: Int
        package var column: Int?
        package init(message: String, line: Int, column: Int? = nil) {
            self.message = message
            self.line = line
            self.column = column
        }

        /// `line 7: message` or `line 7, column 3: message`.
        package var description: String {
            if let column { return "line \(line), column \(column): \(message)" }
            return "line \(line): \(message)"
        }
    }

    /// Parses a whole CSV file into a table with inferred column types.
    ///
    /// RFC 4180 with LF, CRLF (or a lone CR) line ends; a UTF-8 BOM is skipped; a header
    /// row is required. Types: a column whose non-null fields all read as numbers is
    /// numeric, all `true`/`false` (also `True`, `TRUE`, …) is bool, else string; a column
    /// with no value at all is numeric, all null. An unquoted field that is empty or only
    /// spaces/tabs is null, and so is `""`; numbers and bools may have spaces/tabs around
    /// them when unquoted. Blank lines are skipped when the header has several columns.
    package static func read(_ bytes: [UInt8]) throws(ReadError) -> Table {
        var source = CSVBytes(bytes)
        return try read(from: &source)
    }

    /// The file's bytes: UTF-8, LF, header row, minimal quoting. `csvSafe` prefixes `'`
    /// to string fields that spreadsheets would run as formulas.
    ///
    /// A field is quoted only when it holds a comma, a quote, CR or LF, or starts or ends
    /// with a space or tab; null (and the empty string) is an empty field; integral
    /// numbers below 2^53 in magnitude have no `.0`, other numbers are
    /// `NumberFormat.shortest`; in a one-column table null is `""`, since a blank line
    /// would be skipped on reading. Header names are string fields (so `csvSafe` applies to
    /// them too). A table without columns is an empty file.
    package static func write(_ table: Table, csvSafe: Bool = false) -> [UInt8] {
        guard !table.columns.isEmpty else { return [] }
        var out = [UInt8]()
        out.reserveCapacity(64 + table.rowCount * table.columns.count * 8)
        for (index, name) in table.names.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(name, to: &out, csvSafe: csvSafe)
        }
        out.append(UInt8(ascii: "\n"))
        let columns = table.columns
        // With one column a null would be a blank line, which readers skip: write `""`.
        let emptyField: [UInt8] = columns.count == 1 ? [quote, quote] : []
        for row in 0..<table.rowCount {
            for (index, column) in columns.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if let mask = column.isNull, mask[row] {
                    out.append(contentsOf: emptyField)
                    continue
                }
                switch column.storage {
                case .number(let values): appendNumber(values[row], to: &out)
                case .string(let values):
                    if values[row].isEmpty {
                        out.append(contentsOf: emptyField)
                    } else {
                        appendString(values[row], to: &out, csvSafe: csvSafe)
                    }
                case .bool(let values): out.append(contentsOf: values[row] ? trueBytes : falseBytes)
                case .date(let values): CalendarDate.appendText(values[row], to: &out)
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)

    static func appendNumber(_ x: Double, to out: inout [UInt8]) {
        let magnitude = x.magnitude
        if magnitude < 9_007_199_254_740_992, magnitude == magnitude.rounded(.towardZero) {
            // safe: |x| < 2^53, exact in UInt64.
            var v = UInt64(magnitude)
            if x < 0, v != 0 { out.append(UInt8(ascii: "-")) }
            if v == 0 {
                out.append(UInt8(ascii: "0"))
                return
            }
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                         UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            withUnsafeMutableBytes(of: &digits) { raw in
                while v > 0 {
                    raw[count] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                    count += 1
                }
                for i in stride(from: count - 1, through: 0, by: -1) { out.append(raw[i]) }
            }
            return
        }
        out.append(contentsOf: NumberFormat.shortest(x).utf8)
    }

    static func appendString(_ s: String, to out: inout [UInt8], csvSafe: Bool) {
        var s = s
        if csvSafe, let first = s.utf8.first,
           first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D {
            s = "'" + s
        }
        let utf8 = s.utf8
        guard let first = utf8.first, let last = utf8.last else { return }
        var needsQuotes = first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
            // U+FEFF first: unquoted at the start of the file, a reader takes it for a BOM.
            || utf8.starts(with: [0xEF, 0xBB, 0xBF])
        if !needsQuotes {
            for b in utf8 where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D {
                needsQuotes = true
                break
            }
        }
        if !needsQuotes {
            out.append(contentsOf: utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for b in utf8 {
            out.append(b)
            if b == UInt8(ascii: "\"") { out.append(b) }
        }
        out.append(UInt8(ascii: "\""))
    }
}

private let quote = UInt8(ascii: "\"")
