import Foundation
import NotebookFormat
import Tabular
import Testing
@testable import Runner

/// A single-line string of `megabytes` MB through the loader, the CSV reader and writer,
/// the interpreter and the report. Every piece is linear, but a debug build spends
/// about half a microsecond per byte in each, so the default size keeps the suite fast;
/// `FOLIO_BIG_TESTS=1 swift test -c release --filter BigStringTests` runs the 100 MB
/// case the reliability brief asks for (docs/RELIABILITY.md).
@Suite struct BigStringTests {
    static let megabytes = ProcessInfo.processInfo.environment["FOLIO_BIG_TESTS"] == nil ? 1 : 100
    static var size: Int { megabytes << 20 }

    @Test func aHugeCSVFieldReadsAndWritesBack() throws {
        var bytes = Array("text\n\"".utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: Self.size))
        bytes.append(contentsOf: Array("\"\n".utf8))
        let table = try CSV.read(bytes)
        #expect(table.rowCount == 1)
        let written = CSV.write(table)
        #expect(written.count == Self.size + 6)
    }

    @Test func aHugeNotebookLineIsOneLine() throws {
        var bytes = Array("folio: 1\ntitle: ".utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: Self.size))
        bytes.append(contentsOf: Array("\nbogus: 1\n".utf8))
        let source = SourceFile(path: "big.yaml", bytes: bytes)
        #expect(source.lineCount == 4)
        #expect(source.line(2)?.utf8.count == 7 + Self.size)
        // The unknown key after the huge line is still found and positioned.
        #expect(throws: DiagnosticList.self) { try NotebookLoader.load(source) }
    }

    /// End to end: a huge title, a huge Markdown line and a huge string literal in code
    /// (shown in a table, written to CSV), all escaped in the report.
    @Test func hugeStringsEndToEnd() throws {
        let ws = try Workspace()
        let big = String(repeating: "<x&", count: Self.size / 3)
        let text = "folio: 1\ntitle: \"\(big)\"\ncells:\n  - markdown: \"\(big)\"\n  - id: t\n    code: |\n      s = \"\(big)\"\n      table(s: [s, \"=1+1\"])\n"
        let nb = try ws.write("huge.yaml", text)
        let result = try #require(try ws.run([nb]) { $0.csvSafe = true }.first)
        #expect(result.status == .ok, "\(result.diagnostics)")
        let html = try #require(ws.read("out/index.html"))
        #expect(!html.contains("<x&"))
        #expect(html.contains("&lt;x&amp;&lt;x&amp;"))
        let csv = try #require(ws.read("out/t.csv"))
        #expect(csv.utf8.count > 3 * (Self.size / 3))
        #expect(csv.hasSuffix("\n'=1+1\n"))
    }
}
