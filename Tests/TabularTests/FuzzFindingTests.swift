import Testing
@testable import Tabular

/// Inputs the fuzzers (fuzz/run csv) found, kept as regression tests. Each names the
/// artifact's bytes and what went wrong.
@Suite struct CSVFuzzFindingTests {
    /// fuzz csv, 2026-11-25: `EF BB BF EF BB BF` (a BOM, then a header named U+FEFF).
    /// The writer wrote the name unquoted at the start of the file, where a reader takes
    /// it for a BOM: the file did not read back. A field starting with U+FEFF is quoted.
    @Test func aHeaderStartingWithU_FEFFSurvivesAWriteAndRead() throws {
        let table = try CSV.read([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF])
        #expect(table.names == ["\u{FEFF}"])
        let written = CSV.write(table)
        #expect(Array(written.prefix(4)) == [UInt8(ascii: "\""), 0xEF, 0xBB, 0xBF])
        let again = try CSV.read(written)
        #expect(again.names == table.names)
        #expect(again.rowCount == table.rowCount)
    }

    @Test func aValueStartingWithU_FEFFIsQuoted() throws {
        let table = try Table(names: ["a"], columns: [.strings(["\u{FEFF}x"])])
        #expect(String(decoding: CSV.write(table), as: UTF8.self) == "a\n\"\u{FEFF}x\"\n")
    }
}
