import CMalloc
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
    /// The smallest part worth a thread of its own (16 MiB), so a file under 32 MiB is
    /// read serially: the time saved there is a few tens of milliseconds, and the parts'
    /// threads, buffers and estimates cost a few megabytes, which matter beside a small
    /// table (the 1M-row benchmark's peak memory must stay under twice its 21 MB CSV).
    static let minimumPartSize = 16 << 20

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
        let rowBytes = bytesPerRow(bytes)
        let results = Mutex<[CSVPart?]>([CSVPart?](repeating: nil, count: starts.count))
        DispatchQueue.concurrentPerform(iterations: starts.count) { i in
            let stop = i + 1 < starts.count ? starts[i + 1] : nil
            let part = CSVPart.read(bytes, from: starts[i], stopAt: stop, names: i == 0 ? nil : names,
                                    chunkSize: chunkSize, bytesPerRow: rowBytes)
            results.withLock { $0[i] = part }
        }
        var read = results.withLock { all in
            var taken: [CSVPart?] = []
            swap(&taken, &all)
            return taken
        }
        // Check the cuts in order: each part must start where the one before ended.
        var reached = 0
        var used: [CSVPart] = []
        for i in read.indices {
            let stop = i + 1 < starts.count ? starts[i + 1] : nil
            if let stop, reached >= stop { continue }  // the part before read past this part
            var part = read[i]
            read[i] = nil
            if part?.start != reached {
                part = CSVPart.read(bytes, from: reached, stopAt: stop, names: reached == 0 ? nil : names, chunkSize: chunkSize,
                                    bytesPerRow: rowBytes)
            }
            guard let part, !part.failed, part.columns.count == names.count else { return nil }
            reached = part.end
            used.append(part)
        }
        guard reached == size else { return nil }
        guard let columns = join(&used, columnCount: names.count) else { return nil }
        let rowCount = used.reduce(0) { $0 + $1.rowCount }
        let finished = columns.map { $0.finish(rowCount: rowCount, earlyText: nil) }
        return Table(uncheckedNames: names, columns: finished, rowCount: rowCount)
    }

    /// The parts' columns joined in order, each column on its own core (the first part's
    /// columns grow in place; each other part's column is released once appended); nil
    /// when a column needs the serial reader.
    private static func join(_ parts: inout [CSVPart], columnCount: Int) -> [TypedColumn]? {
        // Column-major, moved out of the parts: each column's list is one thread's alone.
        var byColumn = [[TypedColumn]](repeating: [], count: columnCount)
        for i in parts.indices {
            var taken: [TypedColumn] = []
            swap(&taken, &parts[i].columns)
            for k in 0..<columnCount { byColumn[k].append(taken[k]) }
        }
        let rowCounts = parts.map(\.rowCount)
        let joined = Mutex<[TypedColumn?]>([TypedColumn?](repeating: nil, count: columnCount))
        let lists = Mutex(byColumn)
        byColumn = []
        DispatchQueue.concurrentPerform(iterations: columnCount) { k in
            var list = lists.withLock { all in
                var taken: [TypedColumn] = []
                swap(&taken, &all[k])
                return taken
            }
            var column = list[0]
            list[0] = TypedColumn(expectedRows: 0)  // one reference: appending does not copy
            var rows = rowCounts[0]
            for p in 1..<list.count {
                guard column.join(list[p], rows: rows, partRows: rowCounts[p]) else { return }
                list[p] = TypedColumn(expectedRows: 0)  // its memory goes now
                releaseFreedMemory()
                rows += rowCounts[p]
            }
            joined.withLock { $0[k] = column }
        }
        let columns = joined.withLock { all in
            var taken: [TypedColumn?] = []
            swap(&taken, &all)
            return taken
        }
        var result: [TypedColumn] = []
        result.reserveCapacity(columnCount)
        for column in columns {
            guard let column else { return nil }
            result.append(column)
        }
        return result
    }

    /// Hands the parts' freed columns back to the system. glibc keeps freed blocks of a
    /// size it has seen freed before (its mmap threshold rises), so without this the
    /// parts' memory would stay in the process beside the joined table (about 45 MB
    /// more peak memory at 10 million rows).
    private static func releaseFreedMemory() {
        folio_release_freed_memory()
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

    /// The average length of the first rows (the first 64 KiB), to size each part's
    /// columns up front: growing them as rows come would copy them and, for a while, hold
    /// both copies.
    private static func bytesPerRow(_ bytes: any CSVPositionedBytes) -> Int {
        var window = [UInt8](repeating: 0, count: min(bytes.size, 1 << 16))
        let n = window.withUnsafeMutableBufferPointer { bytes.read(at: 0, into: $0) } ?? 0
        var lines = 0
        for j in 0..<n where window[j] == 0x0A { lines += 1 }
        return lines > 1 ? max(1, n / lines) : 0
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
                     chunkSize: Int, bytesPerRow: Int) -> CSVPart {
        // The first part sizes its columns for the whole file, so the other parts'
        // values are appended in place.
        let hint = names == nil ? bytes.size : (stopAt ?? bytes.size) - start
        var source = CSVPartSource(bytes: bytes, start: start, sizeHint: hint)
        var scanner = names.map { CSVScanner(continuing: $0) } ?? CSVScanner()
        scanner.stopAt = stopAt.map { $0 - start }
        var sink = TypingSink()
        if let names {
            // The part's rows at the first rows' length, plus an eighth, as the scanner
            // estimates the file's (0 when unknown: the columns grow as rows come).
            let rows = bytesPerRow > 0 ? hint / bytesPerRow : 0
            sink.begin(columnCount: names.count, expectedRows: rows > 0 ? rows + rows / 8 + 16 : 0)
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
