import CSQLite
import Foundation
import Testing
@testable import Tabular

// The readers of data files other than CSV: .xlsx, .json/.jsonl, SQLite.

private func numbers(_ table: Table, _ name: String) -> [Double?] {
    guard let column = table.column(named: name), case .number(let values) = column.storage else { return [] }
    return values.indices.map { column.isNull(at: $0) ? nil : values[$0] }
}

private func texts(_ table: Table, _ name: String) -> [String?] {
    guard let column = table.column(named: name), case .string(let values) = column.storage else { return [] }
    return values.indices.map { column.isNull(at: $0) ? nil : values[$0] }
}

private func dates(_ table: Table, _ name: String) -> [String?] {
    guard let column = table.column(named: name), case .date(let values) = column.storage else { return [] }
    return values.indices.map { column.isNull(at: $0) ? nil : CalendarDate.text(values[$0]) }
}

/// Hands out one byte a call: every refill boundary falls inside a token somewhere.
private struct TrickleBytes: CSVByteSource {
    let bytes: [UInt8]
    var offset = 0
    var sizeHint: Int? { bytes.count }
    mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard offset < bytes.count, !buffer.isEmpty else { return 0 }
        buffer[0] = bytes[offset]
        offset += 1
        return 1
    }
    mutating func rewind() -> Bool { offset = 0; return true }
}

@Suite struct JSONTableTests {
    @Test func keysInFirstObjectsOrderThenNewKeys() throws {
        let table = try JSONTable.read(Array(#"[{"b": 1, "a": "x"}, {"a": "y", "c": true, "b": null}, {"d": "2024-02-29"}]"#.utf8), lines: false)
        #expect(table.names == ["b", "a", "c", "d"])
        #expect(numbers(table, "b") == [1, nil, nil])
        #expect(texts(table, "a") == ["x", "y", nil])
        #expect(table.column(named: "c")?.typeName == "bool")
        #expect(dates(table, "d") == [nil, nil, "2024-02-29"])
    }

    @Test func linesAndTheSameTableAsTheArray() throws {
        let lines = try JSONTable.read(Array("{\"a\": 1, \"b\": \"é\\u00e9\\ud83d\\ude00\"}\n\n{\"a\": -2.5e3}\r\n".utf8), lines: true)
        #expect(numbers(lines, "a") == [1, -2500])
        #expect(texts(lines, "b") == ["éé😀", nil])
        let array = try JSONTable.read(Array("[{\"a\": 1, \"b\": \"é\\u00e9\\ud83d\\ude00\"}, {\"a\": -2.5e3}]".utf8), lines: false)
        #expect(array == lines)
    }

    @Test func aByteAtATimeReadsTheSame() throws {
        let text = Array(#"[{"name": "a long text with \"escapes\" and \n", "n": 123456.789e-2, "f": false}, {"name": "b", "n": 0}]"#.utf8)
        var source = TrickleBytes(bytes: text)
        let trickled = try JSONTable.read(from: &source, lines: false, limit: nil)
        #expect(trickled == (try JSONTable.read(text, lines: false)))
        #expect(numbers(trickled, "n") == [1234.56789, 0])
    }

    @Test func severalTypesInOneColumnAreText() throws {
        let table = try JSONTable.read(Array(#"[{"v": 1}, {"v": "x"}, {"v": true}, {"v": null}]"#.utf8), lines: false)
        #expect(texts(table, "v") == ["1", "x", "true", nil])
    }

    @Test(arguments: [
        (#"[{"a": 1}, {"a": {"b": 2}}]"#, false, 1, 18, "`[1].a`"),
        ("{\"a\": 1}\n{\"a\": [1]}", true, 2, 7, "`.a`"),
        ("[{\"a\": 1},\n {\"a\": 1,}]", false, 2, 10, "a key in quotes expected"),
        ("[{\"a\": 01}]", false, 1, 8, "not a JSON number"),
        ("[{\"a\": 1, \"a\": 2}]", false, 1, 16, "given twice"),
        ("[{\"é\": tru}]", false, 1, 8, "not a JSON value"),
        ("[{\"a\": \"x\ty\"}]", false, 1, 10, "control character"),
        ("[{\"a\": 1}", false, 1, 10, "not closed"),
        ("{\"a\": 1} {\"a\": 2}", true, 1, 10, "one object a line"),
        ("[1, 2]", false, 1, 2, "element 1 of the array is a number"),
        ("[{\"a\": NaN}]", false, 1, 8, "a value expected"),
        ("[{\"a\": 1e400}]", false, 1, 8, "beyond the range"),
    ] as [(String, Bool, Int, Int, String)])
    func malformedJSONGivesLineAndColumn(text: String, lines: Bool, line: Int, column: Int, message: String) {
        #expect {
            _ = try JSONTable.read(Array(text.utf8), lines: lines)
        } throws: { error in
            guard let error = error as? DataReadError, case .text(let l, let c) = error.place else { return false }
            #expect(l == line && c == column, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            return true
        }
    }

    @Test func invalidUTF8IsAnError() {
        #expect(throws: DataReadError.self) { try JSONTable.read([0x5B, 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D, 0x5D], lines: false) }
    }

    @Test func theMemoryLimitStopsTheRead() {
        let text = "[" + (0..<1000).map { _ in #"{"a": 1, "b": 2}"# }.joined(separator: ",") + "]"
        #expect(throws: DataReadError.self) { try JSONTable.read(Array(text.utf8), lines: false, limit: 10_000) }
        #expect(throws: Never.self) { try JSONTable.read(Array(text.utf8), lines: false, limit: 100_000) }
    }
}

@Suite struct XLSXTableTests {
    static let sheetData = #"""
        <row r="1"><c r="A1" t="inlineStr"><is><t>Military expenditure</t></is></c></row>
        <row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3"><v>2020</v></c><c r="C3" t="s"><v>1</v></c><c r="D3" t="inlineStr"><is><t>Date</t></is></c><c r="E3" t="str"><f>"Ok"</f><v>Ok</v></c></row>
        <row r="4"><c r="A4" t="s"><v>2</v></c><c r="B4"><v>52.7</v></c><c r="C4" t="b"><v>1</v></c><c r="D4" s="1"><v>44259</v></c><c r="E4"><f>B4*2</f><v>105.4</v></c></row>
        <row r="5"><c r="A5" t="inlineStr"><is><r><t>Ja</t></r><r><t>pan</t></r></is></c><c r="B5" s="2"/><c r="C5" t="b"><v>0</v></c><c r="D5" s="2"><v>44260.5</v></c></row>
        <row r="7"><c r="A7" t="s"><v>3</v></c><c r="B7"><v>-1.5E-3</v></c></row>
        """#

    static var workbook: WorkbookFixture {
        WorkbookFixture(sheets: [("Constant USD", sheetData), ("Share of GDP", #"<row><c t="inlineStr"><is><t>x</t></is></c></row><row><c><v>1</v></c></row>"#)],
                        sharedStrings: ["<t>Country</t>", "<r><t>Fl</t></r><r><t>ag</t></r><rPh><t>ignored</t></rPh>", "<t>France</t>", "<t xml:space=\"preserve\"> Total </t>"],
                        styles: WorkbookFixture.dateStyles)
    }

    @Test func cellsTypedByTheWorkbook() throws {
        let table = try XLSXTable.read(Self.workbook.bytes, range: .init(firstColumn: 1, firstRow: 3, lastColumn: 5, lastRow: 7))
        #expect(table.names == ["Country", "2020", "Flag", "Date", "Ok"])
        #expect(texts(table, "Country") == ["France", "Japan", " Total "])
        #expect(numbers(table, "2020") == [52.7, nil, -0.0015])
        #expect(table.column(named: "Flag")?.typeName == "bool")
        // A date with a time of day is text; the column has both, so it is text.
        #expect(texts(table, "Date") == ["2021-03-04", "2021-03-05T12:00:00", nil])
        // A formula's cached value.
        #expect(numbers(table, "Ok") == [105.4, nil, nil])
    }

    @Test func withoutARangeTheFirstNonEmptyRowIsTheHeader() throws {
        let table = try XLSXTable.read(Self.workbook.bytes, sheet: "Share of GDP")
        #expect(table.names == ["x"])
        #expect(numbers(table, "x") == [1])
        // The first sheet's title row is its header: cell B3 lies outside it.
        #expect { try XLSXTable.read(Self.workbook.bytes) } throws: { error in
            "\(error)".contains("cell B3 lies outside the header's columns A–A")
        }
    }

    @Test func datesByFormatAndThe1904System() throws {
        let data = #"<row><c t="inlineStr"><is><t>d</t></is></c></row><row><c s="1"><v>1</v></c></row><row><c s="2"><v>61</v></c></row><row><c s="1"><v>45658</v></c></row>"#
        let table = try XLSXTable.read(WorkbookFixture(sheets: [("S", data)], styles: WorkbookFixture.dateStyles).bytes)
        #expect(dates(table, "d") == ["1900-01-01", "1900-03-01", "2025-01-01"])
        let table1904 = try XLSXTable.read(WorkbookFixture(sheets: [("S", data)], styles: WorkbookFixture.dateStyles, date1904: true).bytes)
        #expect(dates(table1904, "d") == ["1904-01-02", "1904-03-02", "2029-01-02"])
        // A time-of-day format is a number.
        let times = #"<row><c t="inlineStr"><is><t>t</t></is></c></row><row><c s="3"><v>0.5</v></c></row>"#
        #expect(numbers(try XLSXTable.read(WorkbookFixture(sheets: [("S", times)], styles: WorkbookFixture.dateStyles).bytes), "t") == [0.5])
    }

    @Test func dateFormatCodes() {
        #expect(XLSXTable.isDateFormat("yyyy-mm-dd"))
        #expect(XLSXTable.isDateFormat("d mmm"))
        #expect(!XLSXTable.isDateFormat("h:mm:ss"))
        #expect(!XLSXTable.isDateFormat("#,##0.00\" days\""))
        #expect(!XLSXTable.isDateFormat("[Red]0.0"))
    }

    @Test func aMissingSheetNamesTheSheets() {
        #expect { try XLSXTable.read(Self.workbook.bytes, sheet: "Constant US") } throws: { error in
            guard let error = error as? DataReadError else { return false }
            return error.place == .sheet && error.message.contains("did you mean `Constant USD`?")
                && error.message.contains("its sheets: `Constant USD`, `Share of GDP`")
        }
    }

    @Test func anEmptyRangeSaysWhereTheCellsAre() {
        #expect { try XLSXTable.read(Self.workbook.bytes, range: .init(firstColumn: 1, firstRow: 40, lastColumn: 6, lastRow: 50)) } throws: { error in
            guard let error = error as? DataReadError else { return false }
            return error.place == .range && error.message.contains("A40:F50 holds no cells; the sheet has cells in A1:E7")
        }
        #expect { try XLSXTable.read(Self.workbook.bytes, range: .init(firstColumn: 1, firstRow: 2, lastColumn: 6, lastRow: 50)) } throws: { error in
            "\(error)".contains("starts at row 2, which is empty")
        }
        #expect { try XLSXTable.read(Self.workbook.bytes, range: .init(firstColumn: 1, firstRow: 3, lastColumn: 6, lastRow: nil)) } throws: { error in
            "\(error)".contains("the header cell F3 is empty")
        }
    }

    @Test func notAZipOrTruncated() throws {
        #expect { try XLSXTable.read(Array("Country,2020\n".utf8)) } throws: { "\($0)".contains("not a ZIP archive") }
        let bytes = Self.workbook.bytes
        for cut in [bytes.count / 3, bytes.count - 30, 100] {
            #expect(throws: DataReadError.self) { try XLSXTable.read(Array(bytes[0..<cut])) }
        }
        // One byte changed inside a member: the inflate or the CRC-32 fails.
        var damaged = bytes
        damaged[bytes.count / 2] ^= 0x55
        #expect(throws: DataReadError.self) { try XLSXTable.read(damaged) }
    }

    @Test func aZipBombIsRefusedBeforeInflating() throws {
        // 64 MiB of zeros deflate to about 64 KiB.
        var bomb = WorkbookFixture(sheets: [("S", "")])
        bomb.add("xl/worksheets/sheet1.xml", [UInt8](repeating: 0x20, count: 64 << 20))
        let bytes = bomb.bytes
        #expect(bytes.count < 1 << 20)
        #expect { try XLSXTable.read(bytes, limit: 16 << 20) } throws: { error in
            "\(error)".contains("inflates to 64 MiB, past the memory limit") && "\(error)".contains("it was not inflated")
        }
        // A member that inflates past the size its archive records is stopped there.
        var liar = WorkbookFixture(sheets: [("S", "")])
        liar.add("xl/worksheets/sheet1.xml", [UInt8](repeating: 0x20, count: 4 << 20))
        liar.recordedSize["xl/worksheets/sheet1.xml"] = 1000
        #expect { try XLSXTable.read(liar.bytes, limit: 16 << 20) } throws: { error in
            "\(error)".contains("inflates to more than the 1000 bytes its archive records")
        }
    }

    @Test func entitiesAreNeverExpandedNorFetched() {
        let laughs = #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"#
        let external = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>"#
        for xml in [laughs, external] {
            var book = WorkbookFixture(sheets: [("S", "")])
            book.add("xl/worksheets/sheet1.xml", xml)
            // Refused when the DTD is met (libxml2 refuses a loop of entities even sooner).
            #expect { try XLSXTable.read(book.bytes) } throws: { error in
                "\(error)".contains("declares a document type (DTD); Folio refuses it") || "\(error)".contains("entity reference loop")
            }
        }
    }

    @Test func malformedXMLAndSpreadsheetErrors() {
        var book = WorkbookFixture(sheets: [("S", "")])
        book.add("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c></row></sheetData></worksheet>")
        #expect { try XLSXTable.read(book.bytes) } throws: { "\($0)".contains("is not well-formed XML (line 1)") }
        let errors = WorkbookFixture(sheets: [("S", #"<row><c t="inlineStr"><is><t>a</t></is></c></row><row><c t="e"><v>#DIV/0!</v></c></row>"#)])
        #expect { try XLSXTable.read(errors.bytes) } throws: { "\($0)".contains("cell A2 holds the spreadsheet error #DIV/0!") }
        let stored = { () -> WorkbookFixture in var b = Self.workbook; b.deflate = false; return b }()
        #expect((try? XLSXTable.read(stored.bytes, sheet: "Share of GDP")) == (try? XLSXTable.read(Self.workbook.bytes, sheet: "Share of GDP")))
    }

    /// A sheet whose compressed data spans many of the reader's 64 KiB input chunks, read
    /// from a file (by `pread`) and from memory.
    @Test func aLargeSheetFromAFileAndFromMemory() throws {
        var rows = #"<row><c t="inlineStr"><is><t>n</t></is></c><c t="inlineStr"><is><t>x</t></is></c></row>"#
        var state: UInt64 = 1
        for i in 0..<40_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            rows += "<row><c><v>\(i)</v></c><c><v>\(state >> 11)</v></c></row>"
        }
        let bytes = WorkbookFixture(sheets: [("S", rows)]).bytes
        #expect(bytes.count > 4 << 16)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("folio-\(UUID().uuidString).xlsx").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let fromFile = try XLSXTable.read(path: path)
        #expect(fromFile.rowCount == 40_000)
        #expect(numbers(fromFile, "n").last == 39_999)
        #expect(fromFile == (try XLSXTable.read(bytes)))
        // Cut inside the compressed data: an error, not a short table.
        try Data(bytes[0..<(bytes.count / 2)] + bytes[(bytes.count - 200)...]).write(to: URL(fileURLWithPath: path))
        #expect(throws: DataReadError.self) { try XLSXTable.read(path: path) }
    }

    /// libxml2 writes some errors (encodings, I/O) to stderr unless told otherwise; only
    /// `folio` prints. A styles part starting `<\0\0\0` reads as UCS-4 and fails to decode.
    @Test func libxml2PrintsNothing() throws {
        var book = WorkbookFixture(sheets: [("S", #"<row><c t="inlineStr"><is><t>a</t></is></c></row>"#)])
        book.add("xl/styles.xml", [0x3C, 0, 0, 0, 0, 0x65, 0x6C, 0x6E, 0x70, 0x3A, 0x73, 0x2F])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("folio-stderr-\(UUID().uuidString)").path
        let saved = dup(2)
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(saved >= 0 && file >= 0)
        dup2(file, 2)
        let result = Result { () throws(DataReadError) in try XLSXTable.read(book.bytes) }
        dup2(saved, 2)
        close(file)
        close(saved)
        let printed = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        #expect(!printed.contains("error"), "libxml2 printed: \(printed)")
        #expect(throws: DataReadError.self) { try result.get() }
    }

    @Test func duplicateHeaders() {
        let book = WorkbookFixture(sheets: [("S", #"<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>a</t></is></c></row>"#)])
        #expect { try XLSXTable.read(book.bytes) } throws: { "\($0)".contains("A1 and B1 both name a column `a`") }
    }
}

@Suite struct SQLiteTableTests {
    /// A database file made with SQLite itself; its path.
    static func database(_ sql: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("folio-\(UUID().uuidString).db").path
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw CocoaError(.fileWriteUnknown) }
        defer { sqlite3_close(db) }
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw CocoaError(.fileWriteUnknown) }
        return path
    }

    static let sample = """
        CREATE TABLE spend(country TEXT, year INTEGER, usd REAL, note TEXT, raw BLOB);
        INSERT INTO spend VALUES ('France', 2020, 52.7, NULL, x'00'), ('Japan', 2021, NULL, 'est.', NULL);
        """

    static func hash(_ path: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: path) ?? Data())
    }

    @Test func typesFromTheValues() throws {
        let path = try Self.database(Self.sample)
        let table = try SQLiteTable.read(path: path, query: "SELECT country, year, usd, note FROM spend ORDER BY year", limit: nil)
        #expect(table.names == ["country", "year", "usd", "note"])
        #expect(texts(table, "country") == ["France", "Japan"])
        #expect(numbers(table, "year") == [2020, 2021])
        #expect(numbers(table, "usd") == [52.7, nil])
        #expect(texts(table, "note") == [nil, "est."])
        let recursive = try SQLiteTable.read(path: path, query: "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5) SELECT x FROM n; -- five", limit: nil)
        #expect(numbers(recursive, "x") == [1, 2, 3, 4, 5])
    }

    @Test func aBlobNamesItsColumn() throws {
        let path = try Self.database(Self.sample)
        #expect { try SQLiteTable.read(path: path, query: "SELECT raw FROM spend", limit: nil) } throws: { error in
            "\(error)".contains("column `raw` holds binary data (a BLOB) in row 1")
        }
    }

    @Test(arguments: [
        ("WITH x AS (SELECT 1) DELETE FROM spend", "change rows"),
        ("WITH x AS (SELECT 1) INSERT INTO spend(country) SELECT 'x' FROM x", "change rows"),
        ("SELECT load_extension('/tmp/evil')", "load an extension"),
        ("SELECT 1; ATTACH DATABASE '/tmp/other.db' AS other", "more than one statement"),
        ("ATTACH DATABASE '/tmp/other.db' AS other", "attach another database"),
        ("PRAGMA journal_mode = DELETE", "run a PRAGMA"),
        ("SELECT name FROM pragma_table_info('spend')", "run a PRAGMA"),
        ("WITH x AS (SELECT 1) UPDATE sqlite_master SET sql = 'x'", "may not be modified"),
        ("SELECT * FROM nowhere", "no such table: nowhere"),
    ])
    func writesAttachmentsAndExtensionsAreRefused(query: String, message: String) throws {
        let path = try Self.database(Self.sample)
        let before = Self.hash(path)
        #expect { try SQLiteTable.read(path: path, query: query, limit: nil) } throws: { error in
            guard let error = error as? DataReadError else { return false }
            return error.place == .query && error.message.contains(message)
        }
        #expect(Self.hash(path) == before)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/other.db"))
    }

    @Test func notADatabase() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("folio-\(UUID().uuidString).db").path
        try Data("country,year\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try SQLiteTable.read(path: path, query: "SELECT 1", limit: nil) } throws: { "\($0)".contains("not a SQLite database") }
    }

    @Test func theTimeLimitStopsAnEndlessQuery() throws {
        let path = try Self.database(Self.sample)
        let endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
        #expect { try SQLiteTable.read(path: path, query: endless, limit: nil, timeLimit: .milliseconds(200)) } throws: { error in
            "\(error)".contains("ran past the time limit")
        }
    }

    @Test func theMemoryLimitStopsAnEndlessQuery() throws {
        let path = try Self.database(Self.sample)
        #expect { try SQLiteTable.read(path: path, query: "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n", limit: 1 << 20) } throws: { error in
            "\(error)".contains("memory limit")
        }
    }
}
