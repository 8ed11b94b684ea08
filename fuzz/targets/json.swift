// The JSON and JSON Lines readers. The first byte picks the layout (odd: .jsonl), the
// last a chunk size for the byte source, so refills fall inside strings, escapes,
// numbers and UTF-8 characters. Invariants: never crash; the table is the same whatever
// the chunk size, and so is the error (its message and place); a table read has
// columns of equal length and unique names; an error's line and column lie inside the
// input (the line at most one past its last newline).
import Tabular

/// Hands out at most `chunk` bytes a read.
private struct ChunkedBytes: CSVByteSource {
    let bytes: [UInt8]
    let chunk: Int
    var offset = 0
    var sizeHint: Int? { bytes.count }
    mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let n = min(chunk, buffer.count, bytes.count - offset)
        for i in 0..<max(0, n) { buffer[i] = bytes[offset + i] }
        offset += max(0, n)
        return max(0, n)
    }
    mutating func rewind() -> Bool { offset = 0; return true }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let input = Array(bytes(data, size).dropFirst())
    let lines = data[0] & 1 == 1
    let whole = Result { () throws(DataReadError) in try JSONTable.read(input, lines: lines) }
    var source = ChunkedBytes(bytes: input, chunk: 1 + Int(data[size - 1]) % 7)
    let chunked = Result { () throws(DataReadError) in try JSONTable.read(from: &source, lines: lines, limit: nil) }
    switch (whole, chunked) {
    case (.success(let a), .success(let b)):
        if a != b { violated("chunked read \(b), whole read \(a)") }
        for (name, column) in zip(a.names, a.columns) where column.count != a.rowCount {
            violated("column \(name) has \(column.count) values, the table \(a.rowCount) rows")
        }
        if Set(a.names).count != a.names.count { violated("duplicate column names \(a.names)") }
    case (.failure(let a), .failure(let b)):
        if a != b { violated("chunked read failed with \(b), whole read with \(a)") }
        if case .text(let line, let column) = a.place {
            let newlines = input.filter { $0 == 0x0A }.count
            if line < 1 || column < 1 || line > newlines + 1 { violated("error at line \(line), column \(column) of \(newlines + 1) lines") }
        }
    default:
        violated("chunked read \(chunked), whole read \(whole)")
    }
    return 0
}
