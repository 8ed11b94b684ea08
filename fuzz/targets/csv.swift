// The CSV reader (and the writer on whatever it reads). Invariants: never crash; the
// streaming reader gives the same table whatever its chunk size (the input's last byte
// picks one, so chunk ends fall inside quotes, CRLFs and UTF-8 characters); the reader
// in parts gives the serial reader's table or error whatever the number of parts; a table
// read has columns of equal length; what is written raw reads back with the same shape
// (with --csv-safe: when it reads back at all, see below).
import Tabular

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = bytes(data, size)
    let whole = try? CSV.read(input)
    var source = CSVBytes(input)
    let chunkSize = 1 + Int(input.last ?? 0) % 13
    let chunked = try? CSV.read(from: &source, chunkSize: chunkSize)
    if whole != chunked {
        violated("chunks of \(chunkSize) bytes read \(String(describing: chunked)), the whole input \(String(describing: whole))")
    }
    // In parts (the reader on every core): the serial reader's table or error, exactly,
    // for 2 to 7 parts (the input's first byte picks how many), cut anywhere. Compared
    // with the serial reader at the same chunk size: which of two errors a file meets
    // first can depend on it (a chunk is checked for UTF-8 before its records are read).
    let parts = 2 + Int(input.first ?? 0) % 6
    var again = CSVBytes(input)
    let inParts = Result { () throws(CSV.ReadError) in try CSV.read(from: &again, chunkSize: chunkSize, parts: parts) }
    var once = CSVBytes(input)
    let serially = Result { () throws(CSV.ReadError) in try CSV.read(from: &once, chunkSize: chunkSize, parts: 1) }
    if inParts != serially {
        violated("\(parts) parts read \(inParts), the serial reader \(serially)")
    }
    guard let table = whole else { return 0 }
    for (name, column) in zip(table.names, table.columns) where column.count != table.rowCount {
        violated("column \(name) has \(column.count) values, the table \(table.rowCount) rows")
    }
    for safe in [false, true] {
        let written = CSV.write(table, csvSafe: safe)
        guard let again = try? CSV.read(written) else {
            // --csv-safe output is for spreadsheets: `=h` becomes `'=h`, which may clash with
            // another header (docs/RELIABILITY.md). Raw output must always read back.
            if safe { continue }
            violated("the writer's output does not read back: \(String(decoding: written, as: UTF8.self))")
        }
        if again.rowCount != table.rowCount || again.columns.count != table.columns.count {
            violated("round trip changed the shape: \(table.rowCount)x\(table.columns.count) → \(again.rowCount)x\(again.columns.count)")
        }
    }
    return 0
}
