import Foundation
import Render
import Testing
@testable import Tabular
@testable import Runner

// A data file read in parts (positioned reads on every core) and hashed for the manifest
// by a reader of its own on the side: the same table as the serial reader and the same
// SHA-256 as the file's bytes, whichever way the reader goes.

@Suite struct DataFileSourceTests {
    /// A CSV with quoted line feeds, so some cuts fall inside quotes.
    private func csv(rows: Int) -> [UInt8] {
        var text = "id,country,note,value\n"
        let countries = ["Japan", "Norway", "Chile", "Kenya"]
        for i in 0..<rows {
            let note = i % 7 == 0 ? "\"line \(i)\nnext, \"\"q\"\"\"" : "n\(i % 13)"
            text += "\(i),\(countries[i % 4]),\(note),\(Double(i) * 0.25)\n"
        }
        return Array(text.utf8)
    }

    @Test func partsAndTheSideHashAgreeWithTheSerialReaderAndTheBytes() throws {
        let workspace = try Workspace()
        let bytes = csv(rows: 20_000)
        let path = workspace.path("rows.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let serial = try CSV.read(bytes)
        for parts in [1, 2, 3, 5] {
            guard var source = DataFileSource(path: path) else {
                Issue.record("cannot open \(path)")
                return
            }
            let table = try CSV.read(from: &source, chunkSize: 4_096, parts: parts)
            #expect(table == serial, "\(parts) parts")
            #expect(source.digest() == SHA256.hex(bytes), "\(parts) parts")
            if parts > 1, let positioned = source.positioned {
                // The parts were really used (not handed to the serial reader).
                #expect(CSV.readInParts(positioned, chunkSize: 4_096, parts: parts) == serial, "\(parts) parts")
            }
        }
    }

    @Test func aMalformedFileIsStillHashedWhole() throws {
        let workspace = try Workspace()
        var bytes = csv(rows: 5_000)
        bytes += Array("1,2\n".utf8)  // a short row at the end
        let path = workspace.path("bad.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        guard var source = DataFileSource(path: path) else {
            Issue.record("cannot open \(path)")
            return
        }
        #expect(throws: CSV.ReadError.self) { try CSV.read(from: &source, chunkSize: 4_096, parts: 3) }
        #expect(source.digest() == SHA256.hex(bytes))
    }
}
