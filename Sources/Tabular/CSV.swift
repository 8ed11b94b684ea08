#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// CSV reading and writing (SPEC §5). Decisions where the spec is silent are in
/// docs/tabular.md ("CSV").
public enum CSV {
    /// A malformed CSV file, at the CSV's own 1-based line (and column when known).
    ///
    /// `line` is the physical line of the file (as an editor numbers it): for a row with
    /// the wrong number of fields, the line where that row starts; for a bad quote or
    /// byte, the line where the problem is. `column` counts characters from 1.
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var line: Int
        public var column: Int?
        public init(message: String, line: Int, column: Int? = nil) {
            self.message = message
            self.line = line
            self.column = column
        }

        /// `line 7: message` or `line 7, column 3: message`.
        public var description: String {
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
    public static func read(_ bytes: [UInt8]) throws(ReadError) -> Table {
        let result: Result<Table, ReadError> = bytes.withUnsafeBufferPointer { buffer in
            var reader = CSVReader(buffer)
            do throws(ReadError) {
                return .success(try reader.read())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
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
    public static func write(_ table: Table, csvSafe: Bool = false) -> [UInt8] {
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

// MARK: - Reading

private let comma = UInt8(ascii: ",")
private let quote = UInt8(ascii: "\"")
private let lf: UInt8 = 0x0A
private let cr: UInt8 = 0x0D
private let space: UInt8 = 0x20
private let tab: UInt8 = 0x09

/// Powers of ten exactly representable as doubles (10^0 ... 10^22).
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// 10^0 ... 10^19 (all below 2^64).
private let exactPowersOfTenInteger: [UInt64] = (0...19).map { k in
    var p: UInt64 = 1
    for _ in 0..<k { p *= 10 }
    return p
}

/// What one column has seen so far: its nulls and, while every field read as a
/// number, the numbers themselves, parsed in the same pass. A column that turns out to
/// be text or bools is built at the end from the rows' start offsets (`rowStarts`):
/// keeping every field's span instead cost 16 bytes a field, most of the peak memory.
private struct ColumnBuilder {
    var numbers: [Double] = []
    var nullMask: [Bool]? = nil
    var canBeNumber = true
    var canBeBool = true
    var nonNullCount = 0

    init(capacity: Int) {
        numbers.reserveCapacity(capacity)
    }
}

private enum ParsedNumber {
    case number(Double)
    case blank
    case notNumber
}

private struct CSVReader {
    let b: UnsafeBufferPointer<UInt8>
    let count: Int
    var pos = 0
    /// The physical line `pos` is on, 1-based.
    var line = 1

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        b = buffer
        count = buffer.count
    }

    mutating func read() throws(CSV.ReadError) -> Table {
        try validateUTF8()
        if count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { pos = 3 }
        while pos < count, b[pos] == lf || b[pos] == cr { _ = endField() }  // blank lines
        if pos >= count {
            throw CSV.ReadError(message: "the CSV file is empty; a header row is required", line: 1)
        }

        // Header.
        let headerLine = line
        var names: [String] = []
        while true {
            let fieldStart = pos
            let field = try parseField()
            var start = field.start, end = field.end
            if !field.quoted {  // unquoted names are trimmed: "year, country" is common
                while start < end, b[start] == space || b[start] == tab { start += 1 }
                while end > start, b[end - 1] == space || b[end - 1] == tab { end -= 1 }
            }
            let name = makeString(start, field.escaped ? ~end : end)
            let columnNumber = names.count + 1
            if name.isEmpty {
                throw CSV.ReadError(
                    message: "column \(columnNumber) of the header has an empty name",
                    line: headerLine, column: columnOf(fieldStart))
            }
            if let first = names.firstIndex(of: name) {
                throw CSV.ReadError(
                    message: "duplicate column name \"\(name)\" in the header (columns \(first + 1) and \(columnNumber))",
                    line: headerLine, column: columnOf(fieldStart))
            }
            names.append(name)
            if !endField() { break }
        }
        let columnCount = names.count

        // Rows. Estimate the row count from the first row's length to size the arrays
        // (growth past the estimate is still amortised).
        var firstRowEnd = pos
        while firstRowEnd < count, firstRowEnd - pos < 1 << 16, b[firstRowEnd] != lf { firstRowEnd += 1 }
        let rowBytes = max(firstRowEnd - pos + 1, 2 * columnCount)
        let estimate = (count - pos) / rowBytes + (count - pos) / rowBytes / 8 + 16
        var builders = [ColumnBuilder](repeating: ColumnBuilder(capacity: 0), count: columnCount)
        for i in builders.indices { builders[i] = ColumnBuilder(capacity: estimate) }
        var rowCount = 0
        var rowStarts: [Int] = []
        rowStarts.reserveCapacity(estimate)

        try builders.withUnsafeMutableBufferPointer { (columns) throws(CSV.ReadError) in
            while pos < count {
                let recordLine = line
                let first = b[pos]
                if first == lf || first == cr {  // a blank line: skipped
                    _ = endField()
                    continue
                }
                rowStarts.append(pos)
                var column = 0
                while true {
                    let field = try parseField()
                    if column < columnCount {
                        Self.add(field, to: &columns[column], row: rowCount, b: b)
                    }
                    column += 1
                    if !endField() { break }
                }
                if column != columnCount {
                    throw CSV.ReadError(
                        message: "a row has \(column) field\(column == 1 ? "" : "s") but the header has \(columnCount)",
                        line: recordLine)
                }
                rowCount += 1
            }
        }

        let columns = makeColumns(builders, rowStarts: rowStarts)
        return Table(uncheckedNames: names, columns: columns, rowCount: rowCount)
    }

    // MARK: Tokenizing

    struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
        var escaped: Bool
    }

    /// Reads one field starting at `pos` and leaves `pos` on the separator, line end or
    /// end of file that follows it.
    @inline(__always)
    mutating func parseField() throws(CSV.ReadError) -> Field {
        if pos < count, b[pos] == quote {
            let openLine = line, openAt = pos
            pos += 1
            let start = pos
            var escaped = false
            while true {
                // Scan to the next quote, counting line feeds inside the field.
                while pos < count, b[pos] != quote {
                    if b[pos] == lf { line += 1 }
                    pos += 1
                }
                if pos >= count {
                    throw CSV.ReadError(
                        message: "unterminated quoted field: the closing \" is missing",
                        line: openLine, column: columnOf(openAt))
                }
                if pos + 1 < count, b[pos + 1] == quote {
                    escaped = true
                    pos += 2
                    continue
                }
                let end = pos
                pos += 1
                if pos < count {
                    let next = b[pos]
                    if next != comma, next != lf, next != cr {
                        throw CSV.ReadError(
                            message: "unexpected text after the closing quote of a field (a quote inside a quoted field is written \"\")",
                            line: line, column: columnOf(pos))
                    }
                }
                return Field(start: start, end: end, quoted: true, escaped: escaped)
            }
        }
        let start = pos
        while pos < count {
            let c = b[pos]
            if c == comma || c == lf || c == cr { break }
            pos += 1
        }
        return Field(start: start, end: pos, quoted: false, escaped: false)
    }

    /// Consumes what ends a field: returns true after a comma (another field follows),
    /// false at a line end (consumed) or the end of the file.
    @inline(__always)
    mutating func endField() -> Bool {
        guard pos < count else { return false }
        let c = b[pos]
        pos += 1
        if c == comma { return true }
        if c == cr, pos < count, b[pos] == lf { pos += 1 }
        line += 1
        return false
    }

    // MARK: Typing

    @inline(__always)
    static func add(_ field: Field, to column: inout ColumnBuilder, row: Int, b: UnsafeBufferPointer<UInt8>) {
        var isNull = field.start == field.end
        if !isNull, !field.quoted, b[field.start] == space || b[field.start] == tab {
            isNull = true
            for i in field.start..<field.end where b[i] != space && b[i] != tab {
                isNull = false
                break
            }
        }
        if isNull {
            if column.nullMask == nil { column.nullMask = [Bool](repeating: false, count: row) }
        } else {
            column.nonNullCount += 1
        }
        column.nullMask?.append(isNull)
        if column.canBeNumber {
            if isNull {
                column.numbers.append(0)
            } else if field.escaped {
                column.canBeNumber = false
            } else {
                switch parseNumber(b, field.start, field.end, trim: !field.quoted) {
                case .number(let value): column.numbers.append(value)
                case .blank: column.numbers.append(0)  // not reached: blanks are null above
                case .notNumber:
                    column.canBeNumber = false
                    column.numbers = []
                }
            }
        }
        if column.canBeBool, !isNull {
            column.canBeBool = !field.escaped && boolValue(b, field.start, field.end, trim: !field.quoted) != nil
        }
    }

    /// `true`, `True`, `TRUE`, `false`, `False`, `FALSE` (spaces/tabs around when `trim`).
    static func boolValue(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, trim: Bool) -> Bool? {
        var i = start, e = end
        if trim {
            while i < e, b[i] == space || b[i] == tab { i += 1 }
            while e > i, b[e - 1] == space || b[e - 1] == tab { e -= 1 }
        }
        func matches(_ lower: StaticString, _ upper: StaticString) -> Bool {
            guard e - i == lower.utf8CodeUnitCount else { return false }
            let l = lower.utf8Start, u = upper.utf8Start
            // The first letter in either case; the rest all lower or all upper.
            guard b[i] == l[0] || b[i] == u[0] else { return false }
            var allLower = true, allUpper = true
            for k in 1..<(e - i) {
                if b[i + k] != l[k] { allLower = false }
                if b[i + k] != u[k] { allUpper = false }
            }
            return allLower || (allUpper && b[i] == u[0])
        }
        if matches("true", "TRUE") { return true }
        if matches("false", "FALSE") { return false }
        return nil
    }

    /// Numbers: `[+-]` digits with an optional `.` and fraction (or `.5`), optional
    /// exponent `e[+-]digits`. Not numbers: `1,234`, `1_000`, `NaN`, `inf`, `0x10`, and
    /// values beyond the double range (`1e400`). Correctly rounded: Clinger's fast path
    /// when the digits fit 2^53 and the power of ten is exact, else the standard library.
    @inline(__always)
    static func parseNumber(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, trim: Bool) -> ParsedNumber {
        var i = start, e = end
        if trim {
            while i < e, b[i] == space || b[i] == tab { i += 1 }
            while e > i, b[e - 1] == space || b[e - 1] == tab { e -= 1 }
        }
        if i == e { return .blank }
        let textStart = i
        var negative = false
        if b[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if b[i] == UInt8(ascii: "+") {
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var sawDigit = false
        var inexact = false
        while i < e {
            let d = b[i] &- UInt8(ascii: "0")
            if d > 9 { break }
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa * 10 + UInt64(d)
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
                if d != 0 { inexact = true }
            }
            i += 1
        }
        if i < e, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < e {
                let d = b[i] &- UInt8(ascii: "0")
                if d > 9 { break }
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa * 10 + UInt64(d)
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                } else if d != 0 {
                    inexact = true
                }
                i += 1
            }
        }
        guard sawDigit else { return .notNumber }
        if i < e, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < e, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
                exponentNegative = b[i] == UInt8(ascii: "-")
                i += 1
            }
            var written = 0
            var sawExponentDigit = false
            while i < e {
                let d = b[i] &- UInt8(ascii: "0")
                if d > 9 { break }
                sawExponentDigit = true
                if written < 100_000 { written = written * 10 + Int(d) }
                i += 1
            }
            guard sawExponentDigit else { return .notNumber }
            exponent += exponentNegative ? -written : written
        }
        guard i == e else { return .notNumber }
        if mantissa == 0, !inexact { return .number(0) }  // also "-0": no negative zero
        if !inexact, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let m = Double(mantissa)
            let value = exponent < 0 ? m / exactPowersOfTen[-exponent] : m * exactPowersOfTen[exponent]
            return .number(negative ? -value : value)
        }
        if !inexact, exponent == 0 {
            // An integer of up to 19 digits: the conversion rounds correctly (to even).
            return .number(negative ? -Double(mantissa) : Double(mantissa))
        }
        if !inexact, exponent < 0, exponent >= -19 {
            // 16–19 significant digits with a fraction, as shortest-text writers produce
            // (`95603.42718892494`): exact integer division, rounded to nearest-even.
            let value = quotientCorrectlyRounded(mantissa, powerOfTen: -exponent)
            return .number(negative ? -value : value)
        }
        // Slow path (many digits, big exponents): libc's correctly rounded strtod,
        // straight on the bytes when a non-numeric byte follows the field (it always
        // does, except at the very end of the file), so no string is built. Its result
        // counts only when it read exactly the validated text (a locale with another
        // decimal point would stop early); else the standard library's conversion.
        if e < b.count, let base = b.baseAddress {
            var stop: UnsafeMutablePointer<CChar>? = nil
            let startPointer = UnsafeRawPointer(base + textStart).assumingMemoryBound(to: CChar.self)
            let value = strtod(startPointer, &stop)
            if let stop, startPointer.distance(to: UnsafePointer(stop)) == e - textStart {
                guard value.isFinite else { return .notNumber }
                return .number(value == 0 ? 0 : value)
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[textStart..<e]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return .notNumber }
        return .number(value == 0 ? 0 : value)
    }

    /// `m / 10^k` correctly rounded (nearest, ties to even) for 2^53 < m < 2^64 and
    /// 1 ≤ k ≤ 19. Shifts m left so the 128-by-64-bit quotient has 55–57 bits, then rounds
    /// those to 53 with the remainder as the sticky bit. Exact, no floating-point step
    /// but the final scaling by a power of two.
    static func quotientCorrectlyRounded(_ m: UInt64, powerOfTen k: Int) -> Double {
        let divisor = exactPowersOfTenInteger[k]
        let mBits = UInt64.bitWidth - m.leadingZeroBitCount
        let dBits = UInt64.bitWidth - divisor.leadingZeroBitCount
        // q ≥ 2^(mBits−1+s−dBits) = 2^55 and q < 2^(mBits+s−dBits+1) = 2^57.
        let shift = max(0, 56 + dBits - mBits)
        let high: UInt64 = shift == 0 ? 0 : (shift >= 64 ? m << UInt64(shift - 64) : m >> UInt64(64 - shift))
        let low: UInt64 = shift >= 64 ? 0 : m << UInt64(shift)
        // high < divisor: the numerator is below 2^(56+dBits), so high < 2^(dBits−8).
        let (quotient, remainder) = divisor.dividingFullWidth((high, low))
        let qBits = UInt64.bitWidth - quotient.leadingZeroBitCount
        let drop = UInt64(qBits - 53)
        var significand = quotient >> drop
        let rest = quotient & ((1 << drop) - 1)
        let half: UInt64 = 1 << (drop - 1)
        if rest > half || (rest == half && (remainder != 0 || significand & 1 == 1)) {
            significand += 1
        }
        return Double(sign: .plus, exponent: Int(drop) - shift, significand: Double(significand))
    }

    /// The columns from their builders: numbers as parsed; text and bool columns from a
    /// second pass over the rows (only when there are such columns), re-finding each
    /// field from its row's start.
    func makeColumns(_ builders: [ColumnBuilder], rowStarts: [Int]) -> [Column] {
        let rowCount = rowStarts.count
        var strings: [[String]?] = builders.map { $0.canBeNumber || $0.canBeBool ? nil : [] }
        var bools: [[Bool]?] = builders.map { !$0.canBeNumber && $0.canBeBool ? [Bool](repeating: false, count: rowCount) : nil }
        let lastNeeded = builders.indices.last { !builders[$0].canBeNumber } ?? -1
        if lastNeeded >= 0 {
            for k in strings.indices { strings[k]?.reserveCapacity(rowCount) }
            for row in 0..<rowCount {
                var at = rowStarts[row]
                for k in 0...lastNeeded {
                    let (start, end, next) = fieldSpan(from: at)
                    at = next
                    if builders[k].canBeNumber { continue }
                    let isNull = builders[k].nullMask?[row] ?? false
                    if bools[k] != nil {
                        if !isNull {
                            let first = b[start..<max(start, end)].first { $0 != space && $0 != tab }
                            bools[k]?[row] = first == UInt8(ascii: "t") || first == UInt8(ascii: "T")
                        }
                    } else {
                        strings[k]?.append(isNull ? "" : makeString(start, end))
                    }
                }
            }
        }
        return builders.indices.map { k in
            let builder = builders[k]
            if builder.canBeNumber { return Column(.number(builder.numbers), isNull: builder.nullMask) }  // includes a column with no value
            if let values = bools[k] { return Column(.bool(values), isNull: builder.nullMask) }
            return Column(.string(StringValues(strings[k] ?? [])), isNull: builder.nullMask)
        }
    }

    /// The field starting at `at` in a row already read without error: its content span
    /// (`end` is `~end` when doubled quotes must be undone) and where the next field starts.
    func fieldSpan(from at: Int) -> (start: Int, end: Int, next: Int) {
        var i = at
        if i < count, b[i] == quote {
            let start = i + 1
            i = start
            var escaped = false
            while i < count {
                if b[i] == quote {
                    if i + 1 < count, b[i + 1] == quote {
                        escaped = true
                        i += 2
                        continue
                    }
                    break
                }
                i += 1
            }
            let end = i
            return (start, escaped ? ~end : end, min(count, i + 2))  // past the quote and the comma
        }
        while i < count, b[i] != comma, b[i] != lf, b[i] != cr { i += 1 }
        return (at, i, i + 1)
    }

    /// The field's text; `end` is `~end` when doubled quotes must be undone.
    func makeString(_ start: Int, _ end: Int) -> String {
        if end >= 0 {
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        }
        let realEnd = ~end
        var bytes = [UInt8]()
        bytes.reserveCapacity(realEnd - start)
        var i = start
        while i < realEnd {
            bytes.append(b[i])
            i += b[i] == quote ? 2 : 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Positions and encoding

    /// The 1-based character column of byte `offset` on its line.
    func columnOf(_ offset: Int) -> Int {
        var lineStart = offset
        while lineStart > 0, b[lineStart - 1] != lf { lineStart -= 1 }
        var column = 1
        var i = lineStart
        if i == 0, count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        while i < offset {
            if b[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }

    func lineOf(_ offset: Int) -> Int {
        var line = 1
        for i in 0..<offset where b[i] == lf { line += 1 }
        return line
    }

    /// The whole file must be UTF-8: a fast ASCII scan eight bytes at a time, then a
    /// strict decoder (no overlongs, surrogates or values past U+10FFFF) from the first
    /// non-ASCII byte on.
    func validateUTF8() throws(CSV.ReadError) {
        guard let base = b.baseAddress else { return }
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < count {
            let lead = b[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            var length = 0
            var scalar: UInt32 = 0
            var minimum: UInt32 = 0
            switch lead {
            case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F); minimum = 0x80
            case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F); minimum = 0x800
            case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07); minimum = 0x10000
            default: length = 0
            }
            var valid = length > 0 && i + length <= count
            if valid {
                for k in 1..<length {
                    let c = b[i + k]
                    if c & 0xC0 != 0x80 {
                        valid = false
                        break
                    }
                    scalar = scalar << 6 | UInt32(c & 0x3F)
                }
            }
            if valid, scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                valid = false
            }
            if !valid {
                let hex = String(lead, radix: 16, uppercase: true)
                throw CSV.ReadError(
                    message: "the file is not valid UTF-8 (byte 0x\(hex.count < 2 ? "0" + hex : hex)); save it as UTF-8",
                    line: lineOf(i), column: columnOf(i))
            }
            i += length
        }
    }
}
