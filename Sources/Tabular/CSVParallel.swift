import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The CSV reader on every core: a file of several megabytes is cut into parts at line
// feeds, each part is scanned and typed by its own `CSVScanner` and `TypingSink` at
// once, and the parts' columns are joined in order. The serial reader stays the
// definition: whenever the parts cannot give exactly its table, they are dropped and
// the file is read serially (see `readInParts`).
//
// Quotes: a part starts right after a line feed, which is the start of a record unless
// that line feed is inside a quoted field. A part is only used when the part before it
// (itself checked, back to the first part, which starts at the file's start) ended
// exactly where it starts; if it did not, it is read again from where the part before
// ended. So a quoted field with line feeds across a cut costs a second scan of one
// part, never a wrong table.

/// Bytes that can be read at any offset, from any thread (`pread` on a file).
package protocol CSVPositionedBytes: Sendable {
    /// The number of bytes.
    var size: Int { get }
    /// Copies bytes from `offset` into `buffer` and says how many; 0 at the end, nil when
    /// reading failed.
    func read(at offset: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int?
}

extension CSV {
    /// The smallest part worth a thread of its own (4 MiB): below it, starting threads
    /// and joining columns cost more than they save.
    static let minimumPartSize = 4 << 20

    /// Parts for a file of `size` bytes: two per core (so a core that finishes early
    /// takes another part), each at least `minimumPartSize`; 1 means serial.
    static func automaticParts(size: Int) -> Int {
        let cores = max(1, min(64, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        guard cores > 1 else { return 1 }
        return max(1, min(2 * cores, size / minimumPartSize))
    }

    /// The table of `bytes` read in `parts` parts at once; nil when the serial reader
    /// must decide (one part, a malformed file, a column that needs a second pass, a
    /// column typed differently by different parts in a way only one pass can settle).
    static func readInParts(_ bytes: any CSVPositionedBytes, chunkSize: Int, parts: Int) -> Table? {
        let size = bytes.size
        guard parts > 1, size > 0, let names = header(bytes, chunkSize: chunkSize) else { return nil }
        let starts = partStarts(bytes, parts: parts)
        guard starts.count > 1 else { return nil }
        let results = Mutex<[CSVPart?]>([CSVPart?](repeating: nil, count: starts.count))
        DispatchQueue.concurrentPerform(iterations: starts.count) { i in
            let stop = i + 1 < starts.count ? starts[i + 1] : nil
            let part = CSVPart.read(bytes, from: starts[i], stopAt: stop, names: i == 0 ? nil : names,
                                    chunkSize: chunkSize)
            results.withLock { $0[i] = part }
        }
        var read = results.withLock { all in
            var taken: [CSVPart?] = []
            swap(&taken, &all)
            return taken
        }
        // Check the cuts in order: each part must start where the one before ended. Each
        // part is joined (and its memory released) as soon as it is checked.
        var reached = 0
        var rowCount = 0
        var columns: [TypedColumn] = []
        for i in read.indices {
            let stop = i + 1 < starts.count ? starts[i + 1] : nil
            if let stop, reached >= stop { continue }  // the part before read past this part
            var part = read[i]
            read[i] = nil
            if part?.start != reached {
                part = CSVPart.read(bytes, from: reached, stopAt: stop, names: reached == 0 ? nil : names, chunkSize: chunkSize)
            }
            guard var part, !part.failed, part.columns.count == names.count else { return nil }
            reached = part.end
            if i == 0 {
                swap(&columns, &part.columns)
            } else {
                for k in columns.indices {
                    guard columns[k].join(part.columns[k], rows: rowCount, partRows: part.rowCount) else { return nil }
                }
            }
            rowCount += part.rowCount
        }
        guard reached == size else { return nil }
        let finished = columns.map { $0.finish(rowCount: rowCount, earlyText: nil) }
        return Table(uncheckedNames: names, columns: finished, rowCount: rowCount)
    }

    /// The header's names, read on their own (a few kilobytes); nil when the file has
    /// none or an error comes first (the serial reader then says which).
    private static func header(_ bytes: any CSVPositionedBytes, chunkSize: Int) -> [String]? {
        var source = CSVPartSource(bytes: bytes, start: 0, sizeHint: bytes.size)
        var scanner = CSVScanner()
        var sink = HeaderSink()
        do {
            try scanner.run(&source, chunkSize: min(chunkSize, 1 << 16), sink: &sink)
        } catch {
            return nil
        }
        return scanner.names
    }

    /// Where each part starts: 0, then the byte after the first line feed at or past each
    /// even cut; a cut with no line feed before the next one is dropped.
    private static func partStarts(_ bytes: any CSVPositionedBytes, parts: Int) -> [Int] {
        let size = bytes.size
        var starts = [0]
        var window = [UInt8](repeating: 0, count: 1 << 16)
        for k in 1..<parts {
            var at = max(size / parts * k, starts[starts.count - 1])
            var found: Int? = nil
            search: while at < size {
                let n = window.withUnsafeMutableBufferPointer { bytes.read(at: at, into: $0) } ?? 0
                if n == 0 { break }
                for j in 0..<n where window[j] == 0x0A {
                    found = at + j + 1
                    break search
                }
                at += n
            }
            guard let start = found, start < size else { break }
            if start > starts[starts.count - 1] { starts.append(start) }
        }
        return starts
    }
}

/// One part of a file read in parallel: its columns and where its records ended.
struct CSVPart: Sendable {
    let start: Int
    var end: Int
    var rowCount: Int
    var columns: [TypedColumn]
    /// The part met an error (in a part that starts inside a quoted field, only because
    /// of that; if the part is used, the serial reader reports the error).
    var failed: Bool

    /// Scans the records that start in `from..<stopAt` (to the end without `stopAt`);
    /// `names` for a part that starts past the header.
    static func read(_ bytes: any CSVPositionedBytes, from start: Int, stopAt: Int?, names: [String]?,
                     chunkSize: Int) -> CSVPart {
        // The first part sizes its columns for the whole file, so the other parts'
        // values are appended in place.
        let hint = names == nil ? bytes.size : (stopAt ?? bytes.size) - start
        var source = CSVPartSource(bytes: bytes, start: start, sizeHint: hint)
        var scanner = names.map { CSVScanner(continuing: $0) } ?? CSVScanner()
        scanner.stopAt = stopAt.map { $0 - start }
        var sink = TypingSink()
        if let names {
            // Columns grow as rows come (the first part's row estimate is the file's).
            sink.begin(columnCount: names.count, expectedRows: 0)
        }
        do {
            try scanner.run(&source, chunkSize: chunkSize, sink: &sink)
        } catch {
            return CSVPart(start: start, end: start, rowCount: 0, columns: [], failed: true)
        }
        guard scanner.names != nil else {
            return CSVPart(start: start, end: start, rowCount: 0, columns: [], failed: true)
        }
        return CSVPart(start: start, end: start + scanner.offset, rowCount: scanner.rowCount, columns: sink.columns,
                       failed: false)
    }
}

/// The bytes from `start` to the end, read in order.
struct CSVPartSource: CSVByteSource {
    let bytes: any CSVPositionedBytes
    let start: Int
    let sizeHint: Int?
    private var offset: Int

    init(bytes: any CSVPositionedBytes, start: Int, sizeHint: Int) {
        self.bytes = bytes
        self.start = start
        self.sizeHint = sizeHint
        offset = start
    }

    mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard let n = bytes.read(at: offset, into: buffer) else { return nil }
        offset += n
        return n
    }

    mutating func rewind() -> Bool {
        offset = start
        return true
    }
}

/// Stops the scanner right after the header.
private struct HeaderSink: CSVRecordSink {
    mutating func begin(columnCount: Int, expectedRows: Int) {}
    mutating func record(_ fields: UnsafeBufferPointer<CSVField>, row: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        false
    }
}

extension TypedColumn {
    /// What a part made of a column, for the join.
    private enum PartKind {
        /// Nothing but nulls.
        case empty
        case numbers
        case dates
        /// Text for every row (none waiting for a second pass).
        case text
        /// Numbers before text: only a second pass over the file has their text.
        case needsBackfill
    }

    private var partKind: PartKind {
        if canBeNumber { return nonNullCount == 0 ? .empty : .numbers }
        if isDate { return .dates }
        return backfillRows == 0 && text != nil ? .text : .needsBackfill
    }

    /// Appends the next part's column (`partRows` rows) to this one (`rows` rows so far),
    /// leaving what one pass over both would have left; false when only the serial reader
    /// can say (numbers and text, or numbers and dates, in different parts).
    mutating func join(_ next: TypedColumn, rows: Int, partRows: Int) -> Bool {
        let mine = partKind, theirs = next.partKind
        if mine == .needsBackfill || theirs == .needsBackfill { return false }
        switch (mine, theirs) {
        case (.empty, .empty), (.numbers, .empty), (.empty, .numbers), (.numbers, .numbers):
            numbers.append(contentsOf: next.numbers)
        case (.dates, .empty), (.dates, .dates):
            dates.append(contentsOf: next.isDate ? next.dates : [Int32](repeating: 0, count: partRows))
        case (.empty, .dates):
            // The first value is a date: earlier (null) rows hold day 0, as in one pass.
            canBeNumber = false
            isDate = true
            numbers = []
            dates = [Int32](repeating: 0, count: rows)
            dates.append(contentsOf: next.dates)
        case (.empty, .text), (.dates, .text), (.text, .empty), (.text, .dates), (.text, .text):
            var t: TextColumn
            if mine == .text, let mine = text {
                t = mine
                text = nil  // one reference: appending does not copy
            } else {
                // Text from here on: the earlier rows as one pass would have appended them.
                t = TextColumn(expectedRows: rows + partRows)
                appendAsText(to: &t, rows: rows)
                canBeNumber = false
                isDate = false
                numbers = []
                dates = []
            }
            next.appendAsText(to: &t, rows: partRows)
            text = t
        case (.numbers, _), (_, .numbers):
            return false
        default:
            return false
        }
        if let mask = next.nullMask {
            if nullMask == nil { nullMask = [Bool](repeating: false, count: rows) }
            nullMask?.append(contentsOf: mask)
        } else if nullMask != nil {
            nullMask?.append(contentsOf: repeatElement(false, count: partRows))
        }
        nonNullCount += next.nonNullCount
        canBeBool = canBeBool && next.canBeBool
        return true
    }

    /// This column's `rows` values appended to `t` in order: nulls, dates as their text,
    /// or its own text.
    private func appendAsText(to t: inout TextColumn, rows: Int) {
        if let text {
            t.append(contentsOf: text)
            return
        }
        for r in 0..<rows {
            if !isDate || nullMask?[r] == true {
                t.appendNulls(1)
            } else {
                t.appendDateText(dates[r])
            }
        }
    }
}
