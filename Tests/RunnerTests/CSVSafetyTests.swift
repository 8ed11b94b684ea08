import Foundation
import Testing
@testable import Runner

/// CSV injection, end to end: string fields (and header names) that a spreadsheet would
/// run as a formula are written with a leading `'` under `--csv-safe`, and raw without it
/// (data fidelity is the default: docs/RELIABILITY.md explains the trade-off).
@Suite struct CSVSafetyTests {
    static let code = """
        t = table(text: ["=1+1", "+1", "-1", "@SUM(A1)", "\\tx", "=HYPERLINK(\\"http://evil.example\\", \\"x\\")", "plain", " =1", "a=1"], n: [-1, 2, 3, 4, 5, 6, 7, 8, 9])
        rename(t, "n", "=cmd|' /C calc'!A0")
        """

    func run(csvSafe: Bool) throws -> String {
        let ws = try Workspace()
        let nb = try ws.notebook("inject.yaml", cells: [("t", Self.code)])
        let result = try #require(try ws.run([nb]) { $0.csvSafe = csvSafe }.first)
        #expect(result.status == .ok, "\(result.diagnostics)")
        return try #require(ws.read("out/t.csv"))
    }

    @Test func csvSafePrefixesFormulaStarts() throws {
        let csv = try run(csvSafe: true)
        #expect(csv == """
            text,'=cmd|' /C calc'!A0
            '=1+1,-1
            '+1,2
            '-1,3
            '@SUM(A1),4
            '\tx,5
            "'=HYPERLINK(""http://evil.example"", ""x"")",6
            plain,7
            " =1",8
            a=1,9

            """)
    }

    @Test func withoutCSVSafeValuesAreRaw() throws {
        let csv = try run(csvSafe: false)
        #expect(csv.hasPrefix("text,=cmd|' /C calc'!A0\n=1+1,-1\n+1,2\n-1,3\n@SUM(A1),4\n\"\tx\",5\n"))
    }
}
