import Foundation
import NotebookFormat
import Testing
@testable import Runner

/// `--format pdf`, read back with `pdftotext` (Debian's poppler-utils). Skipped when
/// Chromium or pdftotext is missing.
@Suite struct PDFTests {
    static let pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func text(of pdf: String, layout: Bool = true) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdftotext ?? "pdftotext")
        process.arguments = (layout ? ["-layout"] : []) + [pdf, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: PDFPrinter.browser() != nil && pdftotext != nil))
    func thePDFHasPageNumbersTheTitleAndEveryColumn() throws {
        let ws = try Workspace()
        let rows = (1...80).map { "\($0)" }.joined(separator: ", ")
        let nb = try ws.write("print.yaml", """
            folio: 1
            title: Budget <b>{{ 2024 }}</b>
            cells:
              - markdown: |
                  # Spending
                  See @tbl-wide.
              - label: tbl-wide
                caption: Every column
                code: |
                  n = [\(rows)]
                  table(country: map(n, i => "Country " + str(i)), a1: n, a2: n, a3: n, a4: n, a5: n, a6: n, a7: n, a8: n, a9: n, a10: n, a11: n, lastcolumn: map(n, i => i * 1000))

            """)
        let result = try #require(try ws.run([nb]) { $0.formats = [.pdf] }.first)
        #expect(result.status == .ok, "\(result.diagnostics)")
        #expect(!ws.exists("out/index.html"))
        let pdf = ws.path("out/print.pdf")
        let bytes = try #require(FileManager.default.contents(atPath: pdf))
        #expect(bytes.starts(with: Array("%PDF".utf8)))
        let text = try Self.text(of: pdf)
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: true).count
        #expect(pages >= 2, "50 rows of a table do not fit on one page")
        let squeezed = text.replacing(" ", with: "")
        #expect(squeezed.contains("1/\(pages)") && squeezed.contains("\(pages)/\(pages)"), "page numbers")
        #expect(text.components(separatedBy: "Budget <b>2024</b>").count - 1 >= pages, "the title on every page")
        #expect(text.contains("lastcolumn") && text.contains("50,000"), "the last column is printed")
        #expect(!text.contains("file://"), "no URL (an absolute path) in the page margins")
        // The manifest lists the PDF; a second run prints the same pages, of the same size
        // (the bytes too on a quiet machine: see docs/report.md).
        let manifest = try #require(ws.read("out/manifest.json"))
        #expect(manifest.contains("\"path\": \"print.pdf\""))
        _ = try ws.run([nb]) { $0.formats = [.pdf] }
        let again = try #require(FileManager.default.contents(atPath: pdf))
        #expect(again.count == bytes.count)
        #expect(try Self.text(of: pdf) == text)
    }

    static let pdfinfo = ["/usr/bin/pdfinfo", "/usr/local/bin/pdfinfo"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `pdfinfo`'s "Page size:" line, e.g. "595.276 x 841.89 pts (A4)".
    static func pageSize(of pdf: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdfinfo ?? "pdfinfo")
        process.arguments = [pdf]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("Page size:") }
        return line.map { String($0.dropFirst("Page size:".count)).trimmingCharacters(in: .whitespaces) } ?? ""
    }

    @Test(.enabled(if: PDFPrinter.browser() != nil && pdfinfo != nil))
    func thePaperIsA4UnlessLetterIsAsked() throws {
        let ws = try Workspace()
        let nb = try ws.write("paper.yaml", "folio: 1\ntitle: Paper\ncells:\n  - markdown: One page.\n")
        _ = try ws.run([nb]) { $0.formats = [.pdf] }
        #expect(try Self.pageSize(of: ws.path("out/paper.pdf")).hasSuffix("(A4)"), "A4 is 595 × 842 points")
        _ = try ws.run([nb]) { $0.formats = [.pdf]; $0.paper = .letter }
        #expect(try Self.pageSize(of: ws.path("out/paper.pdf")).hasSuffix("(letter)"), "Letter is 612 × 792 points")
        // The HTML report leaves the paper to the reader's printer.
        _ = try ws.run([nb]) { $0.formats = [.html, .pdf]; $0.paper = .letter }
        #expect(try #require(ws.read("out/index.html")).contains("size: letter") == false)
    }

    @Test func noBrowserIsFoundWhereThereIsNone() {
        #expect(PDFPrinter.browser(environment: ["PATH": "/nonexistent"]) == nil)
        #expect(PDFPrinter.browser(environment: ["FOLIO_CHROMIUM": "/nonexistent/chrome", "PATH": "/usr/bin"]) == nil)
        let message = "\(Diagnostic.Message.noBrowserForPDF(PDFPrinter.browserNames))"
        #expect(message.contains("apt-get install chromium"))
    }

    @Test func pdfDatesAreFixed() {
        let pdf = Array("%PDF-1.4 /CreationDate (D:20261206054113+00'00') /ModDate (D:20261206054113+00'00')>>".utf8)
        let fixed = String(decoding: PDFPrinter.fixingDates(pdf), as: UTF8.self)
        #expect(fixed == "%PDF-1.4 /CreationDate (D:19700101000000+00'00') /ModDate (D:19700101000000+00'00')>>")
    }
}
