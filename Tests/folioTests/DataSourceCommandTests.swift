import Foundation
import Testing

/// `data:` entries of other kinds through the real binary: the example workbook read with
/// `sheet:` and `range:`, JSON Lines, and errors printed with the notebook's line and
/// column (and nothing else on stderr: libxml2 and SQLite print nothing themselves).
@Suite struct DataSourceCommandTests {
    static var sipriWorkbook: URL {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/folioTests/DataSourceCommandTests.swift
        return URL(fileURLWithPath: parts.joined(separator: "/") + "/Notebooks/data/sipri_milex.xlsx")
    }

    @Test func aWorkbookAndJSONLinesRunAndAreHashed() throws {
        let folder = try CLI.temporaryFolder()
        try FileManager.default.copyItem(at: Self.sipriWorkbook, to: folder.appendingPathComponent("sipri.xlsx"))
        try "{\"country\": \"Japan\", \"share\": 1.4}\n{\"country\": \"China\", \"share\": 1.7}\n"
            .write(to: folder.appendingPathComponent("shares.jsonl"), atomically: false, encoding: .utf8)
        try """
            folio: 1
            title: Sources
            data:
              milex: {path: sipri.xlsx, sheet: "Current US$", range: "A5:M8"}
              shares: shares.jsonl
            cells:
              - id: japan
                export: japan.csv
                code: |
                  where(milex, Country == "Japan") |> select("Country", "2014", "2024")
              - id: shares
                code: |
                  shares
            """.write(to: folder.appendingPathComponent("nb.yaml"), atomically: false, encoding: .utf8)
        let result = try CLI.run(["run", "nb.yaml", "-o", "out", "--quiet"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let csv = try String(contentsOf: folder.appendingPathComponent("out/japan.csv"), encoding: .utf8)
        #expect(csv == "Country,2014,2024\nJapan,45.8,55.3\n")
        let manifest = try String(contentsOf: folder.appendingPathComponent("out/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"path\": \"sipri.xlsx\""))
        #expect(manifest.contains("\"path\": \"shares.jsonl\""))
    }

    @Test func aBadQueryAndAMissingSheetPrintTheirPlaceAndExitOne() throws {
        let folder = try CLI.temporaryFolder()
        try FileManager.default.copyItem(at: Self.sipriWorkbook, to: folder.appendingPathComponent("sipri.xlsx"))
        try "not a database".write(to: folder.appendingPathComponent("spend.db"), atomically: false, encoding: .utf8)
        try """
            folio: 1
            title: Sources
            data:
              milex: {path: sipri.xlsx, sheet: Constant USD}
            cells:
              - code: len(milex)
            """.write(to: folder.appendingPathComponent("sheet.yaml"), atomically: false, encoding: .utf8)
        let sheet = try CLI.run(["run", "sheet.yaml", "-o", "out"], in: folder)
        #expect(sheet.status == 1)
        #expect(sheet.stderr.contains("sheet.yaml:4:36: error: cannot read `sipri.xlsx`: the workbook has no sheet `Constant USD`"), "\(sheet.stderr)")
        #expect(sheet.stderr.contains("its sheets: `Current US$`, `Share of GDP`"))
        try """
            folio: 1
            title: Sources
            data:
              spend: {path: spend.db, query: SELECT * FROM spend}
            cells:
              - code: len(spend)
            """.write(to: folder.appendingPathComponent("db.yaml"), atomically: false, encoding: .utf8)
        let db = try CLI.run(["run", "db.yaml", "-o", "out2"], in: folder)
        #expect(db.status == 1)
        #expect(db.stderr.contains("db.yaml:4:17: error: cannot read `spend.db`: not a SQLite database"), "\(db.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("spend.db"), encoding: .utf8) == "not a database")
    }
}
