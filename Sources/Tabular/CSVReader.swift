#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The CSV reader (SPEC §5): one streaming pass over the bytes in chunks, so a file is
// never held whole. Fields are typed as they are read: numbers are parsed into the
// column's `[Double]`, text is interned into the column's pool (one code a row), and a
// chunk's bytes are dropped once its rows are in. Memory is therefore the table plus
// one chunk. The one case that needs the file twice is a column that reads as numbers
// for a while and then meets text: its earlier rows' text was not kept, so a second
// pass fetches just those rows (see `TypedColumn`). Decisions: docs/tabular.md ("CSV").

/// Where the reader gets its bytes: a file read in chunks, or bytes in memory.
package protocol CSVByteSource {
    /// The total size when known; it sizes the columns' arrays up front.
    var sizeHint: Int? { get }
    /// Copies the next bytes into `buffer` and says how many; 0 at the end, nil when
    /// reading failed.
    mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int?
    /// Goes back to the first byte, for a second pass; false when it cannot.
    mutating func rewind() -> Bool
    /// The same bytes read at any offset from any thread, when the source can: then the
    /// reader parses a large file in parts on every core (`CSVParallel.swift`).
    var positioned: (any CSVPositionedBytes)? { get }
}

extension CSVByteSource {
    package var positioned: (any CSVPositionedBytes)? { nil }
}

/// Bytes in memory as a `CSVByteSource`.
package struct CSVBytes: CSVByteSource {
    package let bytes: [UInt8]
    private var offset = 0

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    package var sizeHint: Int? { bytes.count }

    package mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0, let target = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { target.update(from: base + offset, count: n) }
        }
        offset += n
        return n
    }

    package mutating func rewind() -> Bool {
        offset = 0
        return true
    }

    package var positioned: (any CSVPositionedBytes)? { PositionedBytes(bytes: bytes) }

    private struct PositionedBytes: CSVPositionedBytes {
        let bytes: [UInt8]
        var size: Int { bytes.count }

        func read(at offset: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
            let n = min(buffer.count, bytes.count - offset)
            guard n > 0, let target = buffer.baseAddress else { return 0 }
            bytes.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { target.update(from: base + offset, count: n) }
            }
            return n
        }
    }
}

extension CSV {
    /// The bytes a reader asks for at a time (1 MiB): small beside a table, large
    /// enough that per-chunk work does not show.
    package static let defaultChunkSize = 1 << 20

    /// Parses a CSV from `source`, `chunkSize` bytes at a time (see `read(_:)` for the
    /// rules). A source with positioned reads is parsed in `parts` parts at once (by
    /// default two per core for a file of 32 MiB or more, else serially;
    /// `CSVParallel.swift`). The table depends on neither `chunkSize` nor `parts`; which
    /// of two errors a malformed file reports first can depend on `chunkSize` (a chunk is
    /// checked for UTF-8 before its records are read), never on `parts`.
    package static func read(from source: inout some CSVByteSource, chunkSize: Int = defaultChunkSize,
                             parts: Int? = nil) throws(ReadError) -> Table {
        if let bytes = source.positioned,
           let table = readInParts(bytes, chunkSize: max(1, chunkSize), parts: parts ?? automaticParts(size: bytes.size)) {
            return table
        }
        return try readSerially(from: &source, chunkSize: chunkSize)
    }

    /// One pass over `source` on this thread (and a second one for columns that met
    /// text after numbers): the reader every other path must agree with.
    static func readSerially(from source: inout some CSVByteSource, chunkSize: Int) throws(ReadError) -> Table {
        var scanner = CSVScanner()
        var typing = TypingSink()
        try scanner.run(&source, chunkSize: max(1, chunkSize), sink: &typing)
        guard let names = scanner.names else {
            throw ReadError.noHeader
        }
        let rowCount = scanner.rowCount
        // Columns that met text after numbers: fetch their earlier rows' text.
        let late = typing.columns.indices.filter { typing.columns[$0].backfillRows > 0 }
        var early: [Int: StringValues] = [:]
        if !late.isEmpty {
            guard source.rewind() else {
                throw ReadError(message: "the file could not be read a second time", line: 1)
            }
            var backfill = BackfillSink(columns: late.map { ($0, typing.columns[$0].backfillRows) })
            var again = CSVScanner()
            try again.run(&source, chunkSize: max(1, chunkSize), sink: &backfill)
            guard backfill.rowsSeen >= backfill.limit, again.names == names else {
                throw ReadError(message: "the file changed while it was being read", line: 1)
            }
            for (k, values) in backfill.finish() { early[k] = values }
        }
        let columns = typing.columns.indices.map { k in
            typing.columns[k].finish(rowCount: rowCount, earlyText: early[k])
        }
        return Table(uncheckedNames: names, columns: columns, rowCount: rowCount)
    }
}

extension CSV {
    /// The column names of a CSV's header, reading no further than the first record
    /// (`folio check` opens every data file this way). The header's errors (no header,
    /// an empty or duplicate name, invalid UTF-8) are the full reader's.
    package static func readHeader(from source: inout some CSVByteSource, chunkSize: Int = 1 << 16) throws(ReadError) -> [String] {
        var scanner = CSVScanner()
        var sink = HeaderSink()
        try scanner.run(&source, chunkSize: max(1, chunkSize), sink: &sink)
        guard let names = scanner.names else { throw ReadError.noHeader }
        return names
    }
}

/// Stops the scanner at the first record: only the header is wanted.
private struct HeaderSink: CSVRecordSink {
    mutating func begin(columnCount: Int, expectedRows: Int) {}
    mutating func record(_ fields: UnsafeBufferPointer<CSVField>, row: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool { false }
}

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

/// Byte tests on eight bytes at once (a 64-bit word, first byte lowest).
enum SWAR {
    static let commas: UInt64 = 0x2C2C_2C2C_2C2C_2C2C
    static let lineFeeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    static let carriageReturns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `word` equal to `pattern`'s byte (all of whose bytes
    /// are the same). The classic zero-byte test: a byte above a match can be flagged
    /// too (a borrow), never one below, so the lowest flag is the first match exactly.
    @inline(__always)
    static func bytesEqual(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return (x &- ones) & ~x & highBits
    }
}

/// One field of a record: its content's byte span in the current buffer.
struct CSVField {
    var start: Int
    var end: Int
    var quoted: Bool
    /// Doubled quotes inside must be undone to get the text.
    var escaped: Bool

    static let none = CSVField(start: 0, end: 0, quoted: false, escaped: false)

    /// Empty, `""`, or (unquoted) only spaces and tabs.
    @inline(__always)
    func isNull(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        if start == end { return true }
        if quoted || (b[start] != space && b[start] != tab) { return false }
        for i in start..<end where b[i] != space && b[i] != tab { return false }
        return true
    }

    /// The content with doubled quotes undone, to `body`.
    @inline(__always)
    func withText<R>(_ b: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if !escaped { return body(UnsafeBufferPointer(rebasing: b[start..<end])) }
        scratch.removeAll(keepingCapacity: true)
        var i = start
        while i < end {
            scratch.append(b[i])
            i += b[i] == quote ? 2 : 1
        }
        return scratch.withUnsafeBufferPointer(body)
    }

    func string(_ b: UnsafeBufferPointer<UInt8>) -> String {
        var scratch: [UInt8] = []
        return withText(b, scratch: &scratch) { String(decoding: $0, as: UTF8.self) }
    }
}

/// What receives each complete record.
protocol CSVRecordSink {
    /// Called once the header is read, with the expected number of rows (0 if unknown).
    mutating func begin(columnCount: Int, expectedRows: Int)
    /// One row's fields (exactly `columnCount`); false stops the reading.
    mutating func record(_ fields: UnsafeBufferPointer<CSVField>, row: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool
    /// How many complete records the scanner may gather before handing them over (1:
    /// each as soon as it is read, so the sink can stop the reading right after it).
    var recordsPerBatch: Int { get }
    /// `count` records' fields, record after record (`columnCount` each), the first
    /// being row `firstRow`; always before the scanner lets go of buffer `b`. False
    /// stops the reading.
    mutating func records(_ fields: UnsafeBufferPointer<CSVField>, count: Int, firstRow: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool
}

extension CSVRecordSink {
    var recordsPerBatch: Int { 1 }

    mutating func records(_ fields: UnsafeBufferPointer<CSVField>, count: Int, firstRow: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let width = count > 0 ? fields.count / count : 0
        for r in 0..<count {
            let one = UnsafeBufferPointer(rebasing: fields[(r * width)..<((r + 1) * width)])
            if !record(one, row: firstRow + r, b) { return false }
        }
        return true
    }
}

/// The tokenizer and its state across chunks: the header, the line count, how far
/// the bytes are known to be UTF-8.
struct CSVScanner {
    private(set) var names: [String]? = nil
    private(set) var rowCount = 0
    /// The physical line (1-based) at the start of the unconsumed bytes.
    private var line = 1
    /// How many bytes of the file came before the current buffer.
    private var fileOffset = 0
    /// Buffer bytes before this offset are checked UTF-8.
    private var validatedUpTo = 0
    private var fields: [CSVField] = []
    private var stopped = false
    /// The bytes start at the file's start (a BOM, then the header); false for a part of
    /// the file read in parallel, which starts at a record.
    private var startsFile = true
    /// A part read in parallel stops at the first record that starts at or after this
    /// offset (counted from where its bytes start).
    var stopAt: Int? = nil

    init() {}

    /// A scanner for a part of the file that starts at a record, past the header.
    init(continuing names: [String]) {
        self.names = names
        fields = [CSVField](repeating: .none, count: names.count)
        startsFile = false
    }

    /// How many bytes the records read so far took (after `run`: where it stopped).
    var offset: Int { fileOffset }

    /// Reads `source` to its end (or until the sink stops), in chunks.
    mutating func run(_ source: inout some CSVByteSource, chunkSize: Int, sink: inout some CSVRecordSink) throws(CSV.ReadError) {
        let sizeHint = source.sizeHint ?? 0
        var buffer = [UInt8]()
        var carried = 0
        var ended = false
        // A small file is read in one go, into a buffer of its size (+1 to see the end).
        let firstRead = source.sizeHint.map { min(chunkSize, $0 + 1) } ?? chunkSize
        var readSize = firstRead
        while !ended, !stopped {
            let want = carried + readSize
            if buffer.count < want {
                var grown = [UInt8](repeating: 0, count: want)
                grown.withUnsafeMutableBufferPointer { target in
                    buffer.withUnsafeBufferPointer { old in
                        if let to = target.baseAddress, let from = old.baseAddress { to.update(from: from, count: carried) }
                    }
                }
                buffer = grown
            }
            var filled = carried
            while filled < want {
                let n = buffer.withUnsafeMutableBufferPointer { all in
                    source.read(into: UnsafeMutableBufferPointer(rebasing: all[filled..<want]))
                }
                guard let n else {
                    throw CSV.ReadError(message: "the file could not be read to its end", line: line)
                }
                if n == 0 {
                    ended = true
                    break
                }
                filled += n
            }
            let consumed = try buffer.withUnsafeBufferPointer { (all) throws(CSV.ReadError) in
                try scan(UnsafeBufferPointer(rebasing: all[0..<filled]), final: ended, sizeHint: sizeHint, sink: &sink)
            }
            carried = filled - consumed
            // A record longer than a chunk: read more at once next time, so a long
            // record costs linear time, not one rescan per chunk.
            readSize = consumed == 0 ? max(readSize, carried) : firstRead
            if consumed > 0, carried > 0 {
                buffer.withUnsafeMutableBufferPointer { all in
                    if let base = all.baseAddress { base.update(from: base + consumed, count: carried) }
                }
            }
            fileOffset += consumed
            validatedUpTo = max(0, validatedUpTo - consumed)
        }
    }

    /// Reads the complete records in `b` and returns how many bytes they took; the rest
    /// (a record cut by the end of the chunk) is read again with the next chunk. When
    /// `final`, the end of `b` is the end of the file.
    private mutating func scan(_ b: UnsafeBufferPointer<UInt8>, final: Bool, sizeHint: Int,
                               sink: inout some CSVRecordSink) throws(CSV.ReadError) -> Int {
        let atStart = startsFile && fileOffset == 0
        var c = Cursor(b: b, final: final, line: line, startsFile: atStart)
        validatedUpTo = try c.validateUTF8(from: validatedUpTo)
        if atStart {
            if b.count < 3, !final { return 0 }
            if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { c.pos = 3 }
        }
        var consumed = c.pos
        if names == nil {
            // Blank lines before the header, then the header.
            while c.pos < b.count, b[c.pos] == lf || b[c.pos] == cr {
                if c.endField() == .needMore { return commit(consumed, line: c.line) }
                consumed = c.pos
            }
            if c.pos >= b.count {
                if final { throw CSV.ReadError.noHeader }
                return commit(consumed, line: c.line)
            }
            let headerLine = c.line
            var header: [String] = []
            while true {
                let fieldStart = c.pos
                guard var field = try c.parseField() else { return commit(consumed, line: headerLine) }
                if !field.quoted {  // unquoted names are trimmed: "year, country" is common
                    while field.start < field.end, b[field.start] == space || b[field.start] == tab { field.start += 1 }
                    while field.end > field.start, b[field.end - 1] == space || b[field.end - 1] == tab { field.end -= 1 }
                }
                let end = c.endField()
                if end == .needMore { return commit(consumed, line: headerLine) }
                let name = field.string(b)
                let columnNumber = header.count + 1
                if name.isEmpty {
                    throw CSV.ReadError(message: "column \(columnNumber) of the header has an empty name",
                                        line: headerLine, column: c.columnOf(fieldStart))
                }
                if let first = header.firstIndex(of: name) {
                    throw CSV.ReadError(
                        message: "duplicate column name \"\(name)\" in the header (columns \(first + 1) and \(columnNumber))",
                        line: headerLine, column: c.columnOf(fieldStart))
                }
                header.append(name)
                if end != .comma { break }
            }
            names = header
            fields = [CSVField](repeating: .none, count: header.count)
            consumed = c.pos
            // Rows expected: the rest of the file over the first row's length, plus an
            // eighth (growth past the estimate is still amortised).
            var rowEnd = c.pos
            while rowEnd < b.count, rowEnd - c.pos < 1 << 16, b[rowEnd] != lf { rowEnd += 1 }
            let rowBytes = max(rowEnd - c.pos + 1, 2 * header.count)
            let rest = max(0, sizeHint - fileOffset - c.pos)
            sink.begin(columnCount: header.count, expectedRows: rest > 0 ? rest / rowBytes + rest / rowBytes / 8 + 16 : 0)
        }
        let columnCount = names?.count ?? fields.count  // `fields` may hold a batch of records
        var consumedLine = c.line
        var rows = rowCount
        var stop = false
        var scratch: [CSVField] = []
        // Where a part read in parallel stops, in this buffer's offsets.
        let stopAt = self.stopAt.map { $0 - fileOffset } ?? Int.max
        swap(&scratch, &fields)  // out of `self` while the loop mutates locals
        defer { swap(&scratch, &fields) }
        // Records are gathered here, record after record, and handed over in batches
        // of `perBatch` (and whatever is gathered when the buffer is done): the sink
        // reads the fields where the scanner wrote them.
        // At most 8,192 fields (192 KiB) at once, so a file of thousands of columns does
        // not gather megabytes of spans.
        let perBatch = max(1, min(sink.recordsPerBatch, 8192 / max(1, columnCount)))
        if scratch.count < perBatch * columnCount {
            scratch = [CSVField](repeating: .none, count: perBatch * columnCount)
        }
        var gathered = 0
        try scratch.withUnsafeMutableBufferPointer { (fields) throws(CSV.ReadError) in
            while c.pos < b.count {
                if c.pos >= stopAt {
                    stop = true
                    break
                }
                let recordLine = c.line
                let first = b[c.pos]
                if first == lf || first == cr {  // a blank line: skipped
                    if c.endField() == .needMore { break }
                    consumed = c.pos
                    consumedLine = c.line
                    continue
                }
                var column = 0
                var complete = false
                let at = gathered * columnCount
                while true {
                    guard let field = try c.parseField() else { break }
                    if column < columnCount { fields[at + column] = field }
                    column += 1
                    let end = c.endField()
                    if end == .comma { continue }
                    complete = end != .needMore
                    break
                }
                guard complete else { break }
                if column != columnCount {
                    throw CSV.ReadError(
                        message: "a row has \(column) field\(column == 1 ? "" : "s") but the header has \(columnCount)",
                        line: recordLine)
                }
                consumed = c.pos
                consumedLine = c.line
                gathered += 1
                rows += 1
                if gathered == perBatch {
                    let all = UnsafeBufferPointer(rebasing: fields[0..<(gathered * columnCount)])
                    let more = sink.records(all, count: gathered, firstRow: rows - gathered, b)
                    gathered = 0
                    if !more {
                        stop = true
                        break
                    }
                }
            }
            // The records gathered since the last batch, before this buffer goes (not
            // after an error: the table is not used then).
            if gathered > 0 {
                let all = UnsafeBufferPointer(rebasing: fields[0..<(gathered * columnCount)])
                if !sink.records(all, count: gathered, firstRow: rows - gathered, b) { stop = true }
            }
        }
        rowCount = rows
        stopped = stop
        line = consumedLine
        if final, !stopped, consumed < b.count {
            // Not reached: at the end of the file every record is complete or an error.
            throw CSV.ReadError(message: "the file ends inside a record", line: line)
        }
        return consumed
    }

    /// Stops this buffer at `consumed`, where the physical line is `line`.
    private mutating func commit(_ consumed: Int, line: Int) -> Int {
        self.line = line
        return consumed
    }
}

enum CSVFieldEnd {
    /// A comma: another field follows.
    case comma
    /// A line end, consumed.
    case lineEnd
    /// The end of the file.
    case end
    /// The buffer ends before the answer is known (it is not the end of the file).
    case needMore
}

/// A position in one buffer of the file. A buffer always starts at the start of a
/// record, which is the start of a physical line.
private struct Cursor {
    let b: UnsafeBufferPointer<UInt8>
    let count: Int
    /// The end of `b` is the end of the file.
    let final: Bool
    var pos = 0
    /// The physical line `pos` is on, 1-based.
    var line: Int
    /// `b[0]` is the file's first byte (where a BOM may be).
    let startsFile: Bool

    init(b: UnsafeBufferPointer<UInt8>, final: Bool, line: Int, startsFile: Bool) {
        self.b = b
        self.count = b.count
        self.final = final
        self.line = line
        self.startsFile = startsFile
    }

    /// Reads one field starting at `pos` and leaves `pos` on the separator, line end or
    /// end of file that follows it; nil when the buffer ends inside the field.
    @inline(__always)
    mutating func parseField() throws(CSV.ReadError) -> CSVField? {
        if pos < count, b[pos] == quote { return try parseQuotedField() }
        let start = pos
        // Eight bytes at a time while eight are left (fields are short, so most end
        // within the first word), then byte by byte.
        if let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            while pos &+ 8 <= count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
                let hits = SWAR.bytesEqual(word, SWAR.commas) | SWAR.bytesEqual(word, SWAR.lineFeeds)
                    | SWAR.bytesEqual(word, SWAR.carriageReturns)
                if hits != 0 {
                    pos &+= hits.trailingZeroBitCount &>> 3
                    return CSVField(start: start, end: pos, quoted: false, escaped: false)
                }
                pos &+= 8
            }
        }
        while pos < count {
            let c = b[pos]
            if c == comma || c == lf || c == cr { break }
            pos += 1
        }
        if pos >= count, !final { return nil }
        return CSVField(start: start, end: pos, quoted: false, escaped: false)
    }

    /// `parseField` for a field that starts with a quote (out of line: the unquoted
    /// path above is the one every field of most files takes).
    @inline(never)
    private mutating func parseQuotedField() throws(CSV.ReadError) -> CSVField? {
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
            if pos >= count || (pos + 1 >= count && !final) {
                if !final { return nil }
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
            return CSVField(start: start, end: end, quoted: true, escaped: escaped)
        }
    }

    /// Consumes what ends a field. At `.needMore` nothing is consumed.
    @inline(__always)
    mutating func endField() -> CSVFieldEnd {
        guard pos < count else { return final ? .end : .needMore }
        let c = b[pos]
        if c == comma {
            pos += 1
            return .comma
        }
        if c == cr {
            if pos + 1 >= count, !final { return .needMore }  // LF may follow in the next chunk
            pos += 1
            if pos < count, b[pos] == lf { pos += 1 }
        } else {
            pos += 1
        }
        line += 1
        return .lineEnd
    }

    /// The 1-based character column of byte `offset` on its line.
    func columnOf(_ offset: Int) -> Int {
        var lineStart = offset
        while lineStart > 0, b[lineStart - 1] != lf { lineStart -= 1 }
        var column = 1
        var i = lineStart
        if i == 0, startsFile, count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        while i < offset {
            if b[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }

    /// The physical line of byte `offset` (after `pos`'s line start).
    func lineOf(_ offset: Int) -> Int {
        var n = line
        var i = pos
        while i < offset {
            if b[i] == lf { n += 1 }
            i += 1
        }
        return n
    }

    /// Checks that bytes from `from` on are UTF-8 and returns how far they are: to the
    /// end of the buffer, less a character the next chunk completes. A fast ASCII scan
    /// eight bytes at a time, then a strict decoder (no overlongs, surrogates or values
    /// past U+10FFFF) from the first non-ASCII byte on.
    func validateUTF8(from: Int) throws(CSV.ReadError) -> Int {
        guard let base = b.baseAddress else { return from }
        var i = from
        let raw = UnsafeRawPointer(base)
        // Four words at once while no byte has its high bit set (nearly every file),
        // then word by word to the first one that has.
        while i &+ 32 <= count {
            let any = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)
            if any & 0x8080_8080_8080_8080 != 0 { break }
            i &+= 32
        }
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
            if length > 0, i + length > count, !final {
                // The character continues in the next chunk, if its bytes so far fit.
                var fits = true
                for k in (i + 1)..<count where b[k] & 0xC0 != 0x80 { fits = false }
                if fits { return i }
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
        return i
    }
}

// MARK: Typing

/// Types the columns as records arrive: each column keeps its numbers while every
/// field reads as a number, and its text from the first field that does not.
///
/// The scanner hands records over in batches (`recordsPerBatch`, fields only: spans in
/// its buffer, where it wrote them), typed here a column at a time. A column's typing
/// depends only on its own earlier fields, so this is the same as
/// typing record by record; a column's state is checked once a run of fields instead of
/// once a field, and runs of plain numbers or interned text go in without a call each.
struct TypingSink: CSVRecordSink {
    var columns: [TypedColumn] = []
    /// Room for a run's values before they are appended to a column at once.
    private var numberRun: [Double] = []
    private var codeRun: [UInt32] = []

    var recordsPerBatch: Int { 256 }

    mutating func begin(columnCount: Int, expectedRows: Int) {
        columns = (0..<columnCount).map { _ in TypedColumn(expectedRows: expectedRows) }
        numberRun = [Double](repeating: 0, count: recordsPerBatch)
        codeRun = [UInt32](repeating: 0, count: recordsPerBatch)
    }

    mutating func record(_ fields: UnsafeBufferPointer<CSVField>, row: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        records(fields, count: 1, firstRow: row, b)
    }

    /// Types the records, a column at a time.
    mutating func records(_ fields: UnsafeBufferPointer<CSVField>, count rows: Int, firstRow: Int,
                          _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard rows > 0 else { return true }
        var numbers: [Double] = [], codes: [UInt32] = []
        swap(&numbers, &numberRun)
        swap(&codes, &codeRun)
        defer {
            swap(&numbers, &numberRun)
            swap(&codes, &codeRun)
        }
        columns.withUnsafeMutableBufferPointer { columns in
            let width = columns.count
            guard fields.count >= rows * width else { return }
            numbers.withUnsafeMutableBufferPointer { numbers in
                for k in 0..<width {
                    let run = HeldFields(fields: fields, column: k, width: width, rows: rows, firstRow: firstRow)
                    columns[k].add(run, b, numbers: numbers, codes: &codes)
                }
            }
        }
        return true
    }
}

/// One column's fields in held records: field `column` of each of `rows` records of
/// `width` fields, the first being row `firstRow`.
struct HeldFields {
    let fields: UnsafeBufferPointer<CSVField>
    let column: Int
    let width: Int
    let rows: Int
    let firstRow: Int

    @inline(__always)
    subscript(r: Int) -> CSVField { fields[r &* width &+ column] }
}

/// One column while it is read. A column is numeric while every non-null field reads
/// as a number, a date column while every one is exactly `YYYY-MM-DD` (a valid day),
/// bool while every one is `true`/`false`, else text. A date column that meets other
/// text needs no second pass: its earlier rows' text is the dates' own text. Text is kept from
/// the first field that is not a number; when numbers came before it, their text was
/// not kept (it would double the cost of every numeric column), and `backfillRows` asks
/// the reader for a second pass over those rows.
struct TypedColumn {
    var numbers: [Double] = []
    var nullMask: [Bool]? = nil
    var canBeNumber = true
    var canBeBool = true
    /// The non-null fields so far were all dates (the first one decided).
    var isDate = false
    var dates: [Int32] = []
    var nonNullCount = 0
    /// Rows before the text began that held numbers and need their text (0: none).
    var backfillRows = 0
    var text: TextColumn? = nil
    let expectedRows: Int

    init(expectedRows: Int) {
        self.expectedRows = expectedRows
        numbers.reserveCapacity(expectedRows)
    }

    @inline(__always)
    mutating func add(_ field: CSVField, row: Int, _ b: UnsafeBufferPointer<UInt8>) {
        // The common case first: a plain number in a numeric column. It is not null
        // (it has a digit), not a bool, and the column has no text yet, so this is what
        // the general path below does for it, without its checks.
        if canBeNumber, !field.escaped, field.start < field.end, field.end <= b.count, let base = b.baseAddress,
           let value = plainDecimal(base + field.start, count: field.end - field.start) {
            nullMask?.append(false)
            numbers.append(value)
            nonNullCount += 1
            canBeBool = false
            return
        }
        // Then a value in a text column (no longer numeric, date or bool): counted and
        // interned, as the general path does for it.
        if !canBeNumber, !isDate, !canBeBool, !field.isNull(b) {
            nullMask?.append(false)
            nonNullCount += 1
            text?.append(field, b)
            return
        }
        addInFull(field, row: row, b)
    }

    /// Types held fields in order, as `add` one by one would: runs of plain numbers
    /// (parsed into `numbers`, then appended at once) and of non-null text (interned,
    /// `codes` for room) skip the per-field checks; any other field goes through `add`.
    mutating func add(_ run: HeldFields, _ b: UnsafeBufferPointer<UInt8>, numbers: UnsafeMutableBufferPointer<Double>,
                      codes: inout [UInt32]) {
        var r = 0
        while r < run.rows {
            if canBeNumber, let base = b.baseAddress, let out = numbers.baseAddress {
                var n = 0
                let room = min(run.rows - r, numbers.count)
                while n < room {
                    let field = run[r &+ n]
                    guard !field.escaped, field.start < field.end, field.end <= b.count,
                          let value = plainDecimal(base + field.start, count: field.end &- field.start) else { break }
                    out[n] = value
                    n &+= 1
                }
                if n > 0 {
                    // What `add` does for each: not null, not a bool, no text yet.
                    self.numbers.append(contentsOf: UnsafeBufferPointer(start: UnsafePointer(out), count: n))
                    nullMask?.append(contentsOf: repeatElement(false, count: n))
                    nonNullCount += n
                    canBeBool = false
                    r += n
                    continue
                }
            } else if !canBeNumber, !isDate, !canBeBool, let n = text?.appendRun(run, from: r, b, codes: &codes), n > 0 {
                // What `add` does for each: a non-null value of a text column.
                nullMask?.append(contentsOf: repeatElement(false, count: n))
                nonNullCount += n
                r += n
                continue
            }
            add(run[r], row: run.firstRow + r, b)
            r += 1
        }
    }

    private mutating func addInFull(_ field: CSVField, row: Int, _ b: UnsafeBufferPointer<UInt8>) {
        let isNull = field.isNull(b)
        if isNull {
            if nullMask == nil { nullMask = [Bool](repeating: false, count: row) }
        }
        nullMask?.append(isNull)
        if canBeNumber {
            if isNull {
                numbers.append(0)
            } else if !field.escaped, case .number(let value) = parseNumber(b, field.start, field.end, trim: !field.quoted) {
                numbers.append(value)
            } else {
                canBeNumber = false
                numbers = []
                if nonNullCount == 0, let day = CalendarDate.parse(b, field.start, field.end) {
                    isDate = true
                    dates.reserveCapacity(expectedRows)
                    dates.append(contentsOf: repeatElement(0, count: row))
                    dates.append(day)
                } else {
                    if nonNullCount > 0 { backfillRows = row }
                    var t = TextColumn(expectedRows: expectedRows)
                    t.appendNulls(row)
                    text = t
                }
            }
        } else if isDate {
            if isNull {
                dates.append(0)
            } else if let day = CalendarDate.parse(b, field.start, field.end) {
                dates.append(day)
            } else {
                // Text after dates: the earlier rows' text is each date's `YYYY-MM-DD`.
                isDate = false
                var t = TextColumn(expectedRows: expectedRows)
                for r in 0..<row {
                    if nullMask?[r] == true { t.appendNulls(1) } else { t.appendDateText(dates[r]) }
                }
                dates = []
                text = t
            }
        }
        if !isNull {
            nonNullCount += 1
            if canBeBool {
                canBeBool = !field.escaped && boolValue(b, field.start, field.end, trim: !field.quoted) != nil
            }
        }
        if text != nil {
            if isNull { text?.appendNulls(1) } else { text?.append(field, b) }
        }
    }

    /// The finished column; `earlyText` is the second pass's text for rows
    /// `0..<backfillRows`.
    func finish(rowCount: Int, earlyText: StringValues?) -> Column {
        if isDate { return Column(.date(dates), isNull: nullMask) }
        guard var values = text?.finish() else {
            return Column(.number(numbers), isNull: nullMask)  // also a column with no value
        }
        if let earlyText {
            values = earlyText.appending(values.slice(earlyText.count..<values.count))
        }
        if canBeBool {
            // Each distinct text once: `true`, `True`, `TRUE` or `false`…, spaces around.
            func truth(_ s: String) -> Bool {
                let first = s.utf8.first { $0 != space && $0 != tab }
                return first == UInt8(ascii: "t") || first == UInt8(ascii: "T")
            }
            let truthOfEntry = values.pool.map(truth)
            let bools = values.codes.map { $0.map { truthOfEntry[Int($0)] } } ?? truthOfEntry
            return Column(.bool(bools), isNull: nullMask)
        }
        return Column(.string(values), isNull: nullMask)
    }
}

/// A second pass for columns that met text after numbers: the text of their first
/// rows, up to where the first pass began keeping it.
struct BackfillSink: CSVRecordSink {
    var columns: [(index: Int, rows: Int, text: TextColumn)]
    let limit: Int
    private(set) var rowsSeen = 0

    init(columns: [(index: Int, rows: Int)]) {
        self.columns = columns.map { ($0.index, $0.rows, TextColumn(expectedRows: $0.rows)) }
        limit = columns.map(\.rows).max() ?? 0
    }

    mutating func begin(columnCount: Int, expectedRows: Int) {}

    mutating func record(_ fields: UnsafeBufferPointer<CSVField>, row: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for j in columns.indices where row < columns[j].rows {
            let field = fields[columns[j].index]
            if field.isNull(b) { columns[j].text.appendNulls(1) } else { columns[j].text.append(field, b) }
        }
        rowsSeen = row + 1
        return rowsSeen < limit
    }

    /// Each column's early text, by column index.
    func finish() -> [(Int, StringValues)] {
        columns.map { ($0.index, $0.text.finish()) }
    }
}

/// A text column being read: each value is interned in a pool (an open-addressing
/// hash table over the pool's entries) and the row gets the entry's code. Entry 0 is
/// "", the placeholder under nulls (an empty field is always null, so no value is "").
/// When values turn out mostly distinct (names, free text), interning costs more than
/// it saves and the column switches to one string a row.
struct TextColumn {
    private var pool: [String] = [""]
    private var hashes: [UInt64] = [0]
    /// The pool's bytes end to end (entry `e` is `entryBytes[entryEnds[e - 1]..<entryEnds[e]]`),
    /// so a row compares with its entry by raw loads, without going through a `String`.
    private var entryBytes = [UInt8](repeating: 0, count: arenaPadding)
    private static let arenaPadding = 8
    private var entryEnds: [Int] = [0]
    private var codes: [UInt32] = []
    /// Hash table: a pool index, 0 for an empty slot (entry 0 is never looked up).
    private var slots = [UInt32](repeating: 0, count: 256)
    /// One string a row, once interning stopped paying.
    private var plain: [String]? = nil
    private var scratch: [UInt8] = []

    init(expectedRows: Int) {
        codes.reserveCapacity(expectedRows)
    }

    mutating func appendNulls(_ n: Int) {
        if plain != nil {
            plain?.append(contentsOf: repeatElement("", count: n))
        } else {
            codes.append(contentsOf: repeatElement(0, count: n))
        }
    }

    @inline(__always)
    mutating func append(_ field: CSVField, _ b: UnsafeBufferPointer<UInt8>) {
        if !field.escaped {
            // The common case: the field's bytes are its text, no scratch buffer needed;
            // the buffer's bytes after it may be loaded (never used) by whole words.
            append(UnsafeBufferPointer(rebasing: b[field.start..<field.end]), readable: b.count - field.start)
            return
        }
        var local: [UInt8] = []
        swap(&local, &scratch)
        defer { swap(&local, &scratch) }
        field.withText(b, scratch: &local) { bytes in append(bytes) }
    }

    /// Interns the held fields from `r` on while they are non-null and unescaped, and
    /// says how many it took (0 once the column keeps one string a row: `append` does).
    /// A value met before costs a hash and a compare, its code waiting in `codes` until
    /// the run ends or a new value must be added.
    mutating func appendRun(_ run: HeldFields, from r: Int, _ b: UnsafeBufferPointer<UInt8>, codes: inout [UInt32]) -> Int {
        guard plain == nil, let base = b.baseAddress, !codes.isEmpty else { return 0 }
        var taken = 0
        var waiting = 0
        let room = codes.count
        while r + taken < run.rows, plain == nil {
            let field = run[r &+ taken]
            guard !field.escaped, field.end <= b.count, !field.isNull(b) else { break }
            let bytes = UnsafeBufferPointer(start: base + field.start, count: field.end &- field.start)
            let readable = b.count &- field.start
            let hash = Self.hash(bytes, readable: readable)
            if let entry = find(bytes, hash: hash, readable: readable), waiting < room {
                codes[waiting] = entry
                waiting &+= 1
            } else {
                // A new value (or no room left): the codes so far, then `append`.
                codes.withUnsafeBufferPointer { self.codes.append(contentsOf: $0[0..<waiting]) }
                waiting = 0
                append(bytes, readable: readable)
            }
            taken &+= 1
        }
        if waiting > 0 { codes.withUnsafeBufferPointer { self.codes.append(contentsOf: $0[0..<waiting]) } }
        return taken
    }

    /// The entry holding `bytes` (whose hash is `hash`), if any.
    @inline(__always)
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, readable: Int) -> UInt32? {
        slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                let mask = slots.count &- 1
                var i = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let entry = slots[i]
                    if entry == 0 { return nil }
                    if hashes[Int(entry)] == hash, entryEquals(Int(entry), bytes, readable: readable) { return entry }
                    i = (i &+ 1) & mask
                }
            }
        }
    }

    /// A date's `YYYY-MM-DD`, as the field that held it read.
    mutating func appendDateText(_ day: Int32) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        CalendarDate.appendText(day, to: &bytes)
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Interns `bytes`; `readable` bytes from its start may be loaded (at least its count).
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, readable: Int? = nil) {
        if plain != nil {
            plain?.append(String(decoding: bytes, as: UTF8.self))
            return
        }
        let readable = readable ?? bytes.count
        let hash = Self.hash(bytes, readable: readable)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[i])
            if entry == 0 { break }
            if hashes[entry] == hash, entryEquals(entry, bytes, readable: readable) {
                codes.append(UInt32(truncatingIfNeeded: entry))
                return
            }
            i = (i + 1) & mask
        }
        let entry = pool.count
        pool.append(String(decoding: bytes, as: UTF8.self))
        // The arena ends with `arenaPadding` zero bytes, so an entry's last word can be
        // loaded whole: they move behind each new entry.
        entryBytes.removeLast(Self.arenaPadding)
        entryBytes.append(contentsOf: bytes)
        entryEnds.append(entryBytes.count)
        entryBytes.append(contentsOf: repeatElement(0, count: Self.arenaPadding))
        hashes.append(hash)
        codes.append(UInt32(truncatingIfNeeded: entry))
        slots[i] = UInt32(truncatingIfNeeded: entry)
        if pool.count * 2 > slots.count { rehash() }
        if pool.count > 1 << 16, pool.count * 2 > codes.count { stopInterning() }
    }

    private mutating func rehash() {
        var grown = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = grown.count - 1
        for entry in 1..<pool.count {
            var i = Int(truncatingIfNeeded: hashes[entry]) & mask
            while grown[i] != 0 { i = (i + 1) & mask }
            grown[i] = UInt32(truncatingIfNeeded: entry)
        }
        slots = grown
    }

    private mutating func stopInterning() {
        plain = codes.map { pool[Int($0)] }
        pool = []
        hashes = []
        entryBytes = []
        entryEnds = []
        codes = []
        slots = []
    }

    /// Appends `other`'s values as if each had been appended here in turn, so the
    /// result is the one a single pass would have built (the parallel reader's merge of
    /// its parts). A value met before is looked up once per distinct entry of `other`.
    mutating func append(contentsOf other: TextColumn) {
        if let strings = other.plain {
            for s in strings {
                if s.isEmpty {
                    appendNulls(1)
                } else {
                    var s = s
                    s.withUTF8 { append($0) }
                }
            }
            return
        }
        // Entry 0 is the placeholder under nulls in both columns.
        var mapped = [UInt32](repeating: .max, count: other.pool.count)
        if !mapped.isEmpty { mapped[0] = 0 }
        if plain == nil, pool.count + other.pool.count <= 1 << 16 {
            // The pool stays within 65,536 entries, so interning cannot stop on the way:
            // `other`'s entries are interned in order of first appearance (the pool's
            // order one pass gives; usually all within its first rows), then every row's
            // code is mapped in one go, with no call a row.
            var unmapped = other.pool.count - 1
            var row = 0
            let rows = other.codes.count
            while unmapped > 0, row < rows {
                let entry = Int(other.codes[row])
                row += 1
                if mapped[entry] != .max { continue }
                var s = other.pool[entry]
                s.withUTF8 { append($0) }
                mapped[entry] = codes.removeLast()  // its code, which the mapping appends below
                unmapped -= 1
            }
            let map = mapped  // a constant: the loop below reads it with no access checks
            let start = codes.count
            codes.append(contentsOf: repeatElement(0, count: other.codes.count))
            codes.withUnsafeMutableBufferPointer { out in
                for (i, code) in other.codes.enumerated() { out[start + i] = map[Int(code)] }
            }
            return
        }
        for code in other.codes {
            let entry = Int(code)
            if plain != nil {
                plain?.append(entry == 0 ? "" : other.pool[entry])
                continue
            }
            let known = mapped[entry]
            if known != .max {
                codes.append(known)
                continue
            }
            var s = other.pool[entry]
            s.withUTF8 { append($0) }
            if plain == nil, let last = codes.last { mapped[entry] = last }
        }
    }

    func finish() -> StringValues {
        if let plain { return StringValues(plain) }
        return StringValues(pool: pool, codes: codes)
    }

    /// 64-bit hash of the bytes, eight at a time (the first byte lowest in each word);
    /// `readable` bytes from their start may be loaded, so the last few bytes are one
    /// masked load when a whole word is there to load, else read one by one (the same
    /// value either way).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, readable: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        let n = bytes.count
        var i = 0
        while i &+ 8 <= n {
            h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i &+= 8
        }
        var tail: UInt64 = 0
        let rest = n &- i
        if rest > 0, i &+ 8 <= readable {
            tail = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) & lowBytes(rest)
        } else {
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }

    /// A mask of the lowest `count` bytes of a word, 1 ≤ count ≤ 7.
    @inline(__always)
    private static func lowBytes(_ count: Int) -> UInt64 {
        ~0 &>> UInt64(truncatingIfNeeded: 64 &- 8 &* count)
    }

    /// Entry `entry`'s bytes are `bytes` (`readable` bytes from their start may be
    /// loaded): eight at a time, then the rest as one masked word when it can be loaded.
    @inline(__always)
    private func entryEquals(_ entry: Int, _ bytes: UnsafeBufferPointer<UInt8>, readable: Int) -> Bool {
        let start = entryEnds[entry - 1], n = entryEnds[entry] - start
        guard n == bytes.count else { return false }
        return entryBytes.withUnsafeBufferPointer { arena in
            guard let a = arena.baseAddress, let b = bytes.baseAddress else { return n == 0 }
            let x = UnsafeRawPointer(a + start), y = UnsafeRawPointer(b)
            var i = 0
            while i &+ 8 <= n {
                if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i &+= 8
            }
            let rest = n &- i
            if rest > 0, i &+ 8 <= readable {
                // The arena's padding makes the entry's last word loadable too.
                let mask = Self.lowBytes(rest)
                let mine = UInt64(littleEndian: x.loadUnaligned(fromByteOffset: i, as: UInt64.self)) & mask
                return mine == UInt64(littleEndian: y.loadUnaligned(fromByteOffset: i, as: UInt64.self)) & mask
            }
            while i < n {
                if a[start + i] != b[i] { return false }
                i += 1
            }
            return true
        }
    }
}

// MARK: Numbers and bools

enum ParsedNumber {
    case number(Double)
    case blank
    case notNumber
}

/// `true`, `True`, `TRUE`, `false`, `False`, `FALSE` (spaces/tabs around when `trim`).
private func boolValue(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, trim: Bool) -> Bool? {
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
func parseNumber(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, trim: Bool) -> ParsedNumber {
    if start < end, start >= 0, end <= b.count, let base = b.baseAddress,
       let value = plainDecimal(base + start, count: end - start) {
        return .number(value)
    }
    return parseNumberInFull(b, start, end, trim: trim)
}

/// The common number, read in one tight pass: `[+-]digits[.digits]` with at most 19
/// digits in all (leading zeros included, so they fit a UInt64), no spaces around, no
/// exponent, whose value Clinger's fast path gives exactly (digits up to 2^53, at most
/// 22 decimals); nil for anything else, which `parseNumberInFull` decides. For every
/// text it accepts it returns `parseNumberInFull`'s value bit for bit: with 19 digits or
/// fewer that parser accumulates the same mantissa and exponent, and takes the same
/// branch (NumberParsingTests compares them, and with `strtod`).
@inline(__always)
func plainDecimal(_ p: UnsafePointer<UInt8>, count n: Int) -> Double? {
    var i = 0
    var negative = false
    let first = p[0]
    if first == UInt8(ascii: "-") {
        negative = true
        i = 1
    } else if first == UInt8(ascii: "+") {
        i = 1
    }
    let digitsStart = i
    var mantissa: UInt64 = 0
    // Wrapping arithmetic: past 19 digits the mantissa is wrong, and then not used.
    while i < n {
        let d = p[i] &- UInt8(ascii: "0")
        if d > 9 { break }
        mantissa = mantissa &* 10 &+ UInt64(d)
        i &+= 1
    }
    var digits = i &- digitsStart
    var decimals = 0
    if i < n, p[i] == UInt8(ascii: ".") {
        i &+= 1
        let fractionStart = i
        while i < n {
            let d = p[i] &- UInt8(ascii: "0")
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i &+= 1
        }
        decimals = i &- fractionStart
        digits &+= decimals
    }
    guard i == n, digits > 0, digits <= 19 else { return nil }
    if mantissa == 0 { return 0 }  // also "-0": no negative zero
    guard mantissa <= 1 << 53, decimals <= 22 else { return nil }
    let m = Double(mantissa)
    let value = decimals == 0 ? m : m / exactPowerOfTen(decimals)
    return negative ? -value : value
}

/// 10^k for 0 ≤ k ≤ 22, exact as a double (a switch: no global's lazy initialisation
/// or bounds check on the way).
@inline(__always)
private func exactPowerOfTen(_ k: Int) -> Double {
    switch k {
    case 0: 1e0
    case 1: 1e1
    case 2: 1e2
    case 3: 1e3
    case 4: 1e4
    case 5: 1e5
    case 6: 1e6
    case 7: 1e7
    case 8: 1e8
    case 9: 1e9
    case 10: 1e10
    case 11: 1e11
    case 12: 1e12
    case 13: 1e13
    case 14: 1e14
    case 15: 1e15
    case 16: 1e16
    case 17: 1e17
    case 18: 1e18
    case 19: 1e19
    case 20: 1e20
    case 21: 1e21
    default: 1e22
    }
}

/// Every number `parseNumber` accepts, with the trimming and the slow paths: the
/// definition `plainDecimal` must agree with.
func parseNumberInFull(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, trim: Bool) -> ParsedNumber {
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
private func quotientCorrectlyRounded(_ m: UInt64, powerOfTen k: Int) -> Double {
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

