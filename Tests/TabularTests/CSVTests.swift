import Testing
@testable import Tabular

private func read(_ text: String) throws -> Table {
    try readInChunks(Array(text.utf8))
}

private func readError(_ bytes: [UInt8]) -> CSV.ReadError? {
    do {
        _ = try readInChunks(bytes)
        return nil
    } catch {
        return error
    }
}

/// Reads `bytes` whole and also in chunks of 1, 2, 3, 5 and 8 bytes, expecting the
/// same table or the same error from every way (the streaming reader must not depend
/// on where chunks end: inside a quote, between CR and LF, inside a UTF-8 character).
private func readInChunks(_ bytes: [UInt8]) throws(CSV.ReadError) -> Table {
    let whole = Result { () throws(CSV.ReadError) in try CSV.read(bytes) }
    for size in [1, 2, 3, 5, 8] {
        var source = CSVBytes(bytes)
        let chunked = Result { () throws(CSV.ReadError) in try CSV.read(from: &source, chunkSize: size) }
        switch (whole, chunked) {
        case (.success(let a), .success(let b)):
            #expect(a == b, "chunks of \(size) bytes")
            #expect(a.names == b.names)
        case (.failure(let a), .failure(let b)):
            #expect(a == b, "chunks of \(size) bytes")
        default:
            Issue.record("chunks of \(size) bytes: \(chunked) but whole: \(whole)")
        }
    }
    return try whole.get()
}

private func readError(_ text: String) -> CSV.ReadError? {
    readError(Array(text.utf8))
}

private func written(_ table: Table, csvSafe: Bool = false) -> String {
    String(decoding: CSV.write(table, csvSafe: csvSafe), as: UTF8.self)
}

@Suite struct CSVReadTests {
    @Test func typesAreInferred() throws {
        let t = try read("year,country,value,flag\n2024,Norway,5.4,true\n2025,Sweden,-1e3,false\n")
        #expect(t.names == ["year", "country", "value", "flag"])
        #expect(t.rowCount == 2)
        #expect(t.columns[0] == .numbers([2024, 2025]))
        #expect(t.columns[1] == .strings(["Norway", "Sweden"]))
        #expect(t.columns[2] == .numbers([5.4, -1000]))
        #expect(t.columns[3] == .bools([true, false]))
    }

    @Test func emptyFieldsAreNull() throws {
        let t = try read("a,b,c,d\n1,,x,true\n,,,\n3,, y ,\n")
        #expect(t.rowCount == 3)
        #expect(t.columns[0] == .numbers([1, 0, 3], isNull: [false, true, false]))
        #expect(t.columns[1] == .numbers([0, 0, 0], isNull: [true, true, true]))  // all-empty: number
        #expect(t.columns[2] == .strings(["x", "", " y "], isNull: [false, true, false]))
        #expect(t.columns[3] == .bools([true, false, false], isNull: [false, true, true]))
    }

    @Test func whitespaceOnlyUnquotedIsNullQuotedIsText() throws {
        let t = try read("a,b\n  ,\"  \"\n1,x\n")
        #expect(t.columns[0] == .numbers([0, 1], isNull: [true, false]))
        #expect(t.columns[1] == .strings(["  ", "x"]))
        // `""` is null too.
        let u = try read("a,b\n\"\",x\n")
        #expect(u.columns[0] == .numbers([0], isNull: [true]))
    }

    @Test(arguments: [
        ("1234", 1234.0), ("-5.4", -5.4), ("+7", 7), ("1e6", 1e6), ("1E-3", 0.001), (".5", 0.5), ("5.", 5),
        ("007", 7), ("-0", 0), ("0.30000000000000004", 0.30000000000000004), ("12345678901234567890", 12_345_678_901_234_567_168),
        ("1.7976931348623157e308", 1.7976931348623157e308), ("4.9e-324", Double.leastNonzeroMagnitude), ("1e-400", 0),
        (" 42 ", 42), ("\t3.5", 3.5), ("123456789.123456789", 123456789.123456789),
        ("0.1", 0.1), ("2.675", 2.675), ("9007199254740993", 9007199254740992),
    ] as [(String, Double)])
    func numbers(_ text: String, _ value: Double) throws {
        let t = try read("x,n\n\(text),1\n")
        #expect(t.columns[0] == .numbers([value]), "\(text)")
    }

    @Test(arguments: ["1,234", "1_000", "NaN", "nan", "inf", "-inf", "Infinity", "0x10", "1e", "1e+", ".", "-", "+",
                      "1.2.3", "e5", "1e400", "-1e400", "5 %", "1 2", "\"1\"\"\"", "١٢"])
    func notNumbers(_ text: String) throws {
        let quoted = text.contains(",") ? "\"\(text)\"" : text
        let t = try read("x\n\(quoted)\n1\n")
        #expect(t.columns[0].typeName == "string", "\(text)")
    }

    @Test func quotedNumbersAreNumbersButQuotedSpacesAreNot() throws {
        let t = try read("a,b\n\"12\",\" 12\"\n")
        #expect(t.columns[0] == .numbers([12]))
        #expect(t.columns[1] == .strings([" 12"]))
    }

    @Test func bools() throws {
        let t = try read("a,b,c\ntrue,TRUE,yes\nFalse, false ,no\n")
        #expect(t.columns[0] == .bools([true, false]))
        #expect(t.columns[1] == .bools([true, false]))
        #expect(t.columns[2] == .strings(["yes", "no"]))
        let mixed = try read("a\ntrue\n1\n")
        #expect(mixed.columns[0] == .strings(["true", "1"]))
        let odd = try read("a\ntRUE\n")
        #expect(odd.columns[0].typeName == "string")
    }

    @Test func bomCRLFAndNoTrailingNewline() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("name,v\r\nA,1\r\nB,2".utf8)
        let t = try CSV.read(bytes)
        #expect(t.names == ["name", "v"])
        #expect(t.columns[0] == .strings(["A", "B"]))
        #expect(t.columns[1] == .numbers([1, 2]))
    }

    @Test func loneCRIsALineEnd() throws {
        let t = try read("a,b\r1,2\r3,4\r")
        #expect(t.columns[0] == .numbers([1, 3]))
    }

    @Test func quotedFields() throws {
        let t = try read("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\"\"\"\"\n\"crlf\r\ninside\",z\n")
        #expect(t.rowCount == 3)
        #expect(t.columns[0] == .strings(["x, y", "two\nlines", "crlf\r\ninside"]))
        #expect(t.columns[1] == .strings(["say \"hi\"", "\"", "z"]))
    }

    @Test func quoteInsideUnquotedFieldIsLiteral() throws {
        let t = try read("a\n5\" pipe\n")
        #expect(t.columns[0] == .strings(["5\" pipe"]))
    }

    @Test func unicode() throws {
        let t = try read("país,valor\nEspaña,1\n日本,2\n🇳🇴,3\n")
        #expect(t.names == ["país", "valor"])
        #expect(t.columns[0] == .strings(["España", "日本", "🇳🇴"]))
    }

    @Test func headerOnlyGivesNoRows() throws {
        let t = try read("a,b\n")
        #expect(t.rowCount == 0 && t.names == ["a", "b"])
        #expect(t.columns[0] == .numbers([]))
        let u = try read("a,b")
        #expect(u.rowCount == 0 && u.names == ["a", "b"])
    }

    @Test func headerNamesAreTrimmedUnlessQuoted() throws {
        let t = try read("year, country ,\" v \"\n1,x,2\n")
        #expect(t.names == ["year", "country", " v "])
    }

    @Test func blankLinesAreSkippedWithSeveralColumns() throws {
        let t = try read("a,b\n1,2\n\n3,4\n\r\n\n")
        #expect(t.columns[0] == .numbers([1, 3]))
    }

    @Test func blankLinesAreSkippedWithOneColumnButQuotedEmptyIsNull() throws {
        let t = try read("a\n1\n\n3\n\n\n")
        #expect(t.columns[0] == .numbers([1, 3]))
        let u = try read("a\n1\n\"\"\n3\n")
        #expect(u.columns[0] == .numbers([1, 0, 3], isNull: [false, true, false]))
    }

    @Test func trailingCommaIsAnEmptyLastField() throws {
        let t = try read("a,b\n1,\n")
        #expect(t.columns[1] == .numbers([0], isNull: [true]))
    }

    // MARK: Errors

    @Test func blankLinesBeforeTheHeaderAreSkipped() throws {
        let t = try read("\n\r\na,b\n1,2\n")
        #expect(t.names == ["a", "b"] && t.rowCount == 1)
        #expect(readError("\n\na,b\n1\n")?.line == 4)
    }

    @Test func emptyFileIsAnError() {
        #expect(readError("")?.message.contains("header row is required") == true)
        #expect(readError("\n\n")?.message.contains("header row is required") == true)
        #expect(readError([0xEF, 0xBB, 0xBF])?.line == 1)
    }

    @Test func raggedRowsNameTheLineAndCounts() {
        let e = readError("a,b,c\n1,2,3\n4,5\n")
        #expect(e == CSV.ReadError(message: "a row has 2 fields but the header has 3", line: 3))
        let f = readError("a,b\n1,2\n3,4,5\n")
        #expect(f?.line == 3)
        #expect(f?.message == "a row has 3 fields but the header has 2")
        #expect(readError("a,b\n1\n")?.message == "a row has 1 field but the header has 2")
    }

    @Test func raggedRowLineCountsEmbeddedNewlines() {
        // The record starting on line 4 (after a field spanning lines 2–3) is short.
        let e = readError("a,b\n\"x\ny\",1\n2\n")
        #expect(e?.line == 4)
    }

    @Test func unterminatedQuote() {
        let e = readError("a,b\n1,2\n3,\"abc\n4,5\n")
        #expect(e?.line == 3)
        #expect(e?.column == 3)
        #expect(e?.message.contains("unterminated") == true)
    }

    @Test func textAfterClosingQuote() {
        let e = readError("a,b\n\"ab\"c,1\n")
        #expect(e?.line == 2)
        #expect(e?.column == 5)
    }

    @Test func duplicateAndEmptyHeaderNames() {
        let d = readError("a,b,a\n1,2,3\n")
        #expect(d?.message == "duplicate column name \"a\" in the header (columns 1 and 3)")
        #expect(d?.line == 1 && d?.column == 5)
        let e = readError("a,,c\n1,2,3\n")
        #expect(e?.message == "column 2 of the header has an empty name")
        #expect(e?.column == 3)
        #expect(readError("a, \n1,2\n")?.message == "column 2 of the header has an empty name")
        #expect(readError(",a\n1,2\n")?.message == "column 1 of the header has an empty name")
    }

    @Test func invalidUTF8NamesLineAndColumn() {
        let bytes = Array("a,b\n1,ok\n2,é".utf8) + [0xFF] + Array("x\n".utf8)
        let e = readError(bytes)
        #expect(e?.line == 3)
        #expect(e?.column == 4)
        #expect(e?.message.contains("0xFF") == true)
        // Overlong, surrogate and truncated sequences.
        #expect(readError(Array("a\n".utf8) + [0xC0, 0x80]) != nil)
        #expect(readError(Array("a\n".utf8) + [0xED, 0xA0, 0x80]) != nil)
        #expect(readError(Array("a\n".utf8) + [0xE2, 0x82]) != nil)
        #expect(readError(Array("a\n".utf8) + [0xF4, 0x90, 0x80, 0x80]) != nil)
        #expect(readError(Array("a\n".utf8) + [0xF0, 0x9F, 0x87, 0xB3]) == nil)
    }

    @Test func errorDescription() {
        #expect(CSV.ReadError(message: "m", line: 3).description == "line 3: m")
        #expect(CSV.ReadError(message: "m", line: 3, column: 2).description == "line 3, column 2: m")
    }
}

/// The streaming reader: chunks, the text pool, the second pass.
@Suite struct CSVStreamingTests {
    @Test func textAfterNumbersKeepsTheEarlierRowsAsWritten() throws {
        // "1.50" and "007" must come back as written, though the first pass parsed
        // them as numbers before the column met text (the second pass fetches them).
        let t = try read("a,b\n1.50,x\n007,y\n,z\nn/a,w\n3,v\n")
        #expect(t.columns[0] == .strings(["1.50", "007", "", "n/a", "3"], isNull: [false, false, true, false, false]))
        #expect(t.columns[1] == .strings(["x", "y", "z", "w", "v"]))
    }

    @Test func textAfterOnlyNullsNeedsNoSecondPass() throws {
        var source = OnePassSource(CSVBytes(Array("a\n\"\"\n\"\"\nx\n".utf8)))
        let t = try CSV.read(from: &source, chunkSize: 4)
        #expect(t.columns[0] == .strings(["", "", "x"], isNull: [true, true, false]))
        #expect(source.rewinds == 0)
    }

    @Test func aFileThatChangesBetweenPassesIsAnError() {
        // The second pass sees fewer rows than the first: an error, not a wrong table.
        var source = ChangingSource(first: Array("a\n1\n2\nx\n".utf8), second: Array("a\n1\n".utf8))
        #expect(throws: CSV.ReadError.self) { try CSV.read(from: &source, chunkSize: 3) }
    }

    @Test func repeatedTextIsPooledAndMostlyDistinctTextIsNot() throws {
        let countries = ["Japan", "Korea", "Norway"]
        var text = "country,name\n"
        let rows = 70_000
        for i in 0..<rows { text += "\(countries[i % 3]),n\(i)\n" }
        let t = try CSV.read(Array(text.utf8))
        guard case .string(let country) = t.columns[0].storage, case .string(let name) = t.columns[1].storage else {
            Issue.record("expected two text columns")
            return
        }
        // Three values and the null placeholder, one 4-byte code a row.
        #expect(country.pool.count == 4 && country.codes?.count == rows)
        #expect(country[69_999] == "Japan" && country[69_998] == "Norway")
        // 70,000 distinct names: interning stopped paying, one string a row.
        #expect(name.codes == nil && name.count == rows && name[12_345] == "n12345")
    }

    @Test func aRecordLongerThanManyChunksIsReadOnce() throws {
        let long = String(repeating: "é,\"\"", count: 10_000)
        let t = try read("a,b\n\"\(long)\",1\n")
        #expect(t.columns[0] == .strings([String(repeating: "é,\"", count: 10_000)]))
    }
}

/// Counts rewinds, to show which reads needed a second pass.
private struct OnePassSource: CSVByteSource {
    var inner: CSVBytes
    var rewinds = 0
    init(_ inner: CSVBytes) { self.inner = inner }
    var sizeHint: Int? { inner.sizeHint }
    mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? { inner.read(into: buffer) }
    mutating func rewind() -> Bool {
        rewinds += 1
        return inner.rewind()
    }
}

/// Gives other bytes after a rewind, as a file rewritten while it is read would.
private struct ChangingSource: CSVByteSource {
    var current: CSVBytes
    let second: [UInt8]
    init(first: [UInt8], second: [UInt8]) {
        current = CSVBytes(first)
        self.second = second
    }
    var sizeHint: Int? { nil }
    mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? { current.read(into: buffer) }
    mutating func rewind() -> Bool {
        current = CSVBytes(second)
        return true
    }
}

@Suite struct CSVWriteTests {
    @Test func writesHeaderRowsAndMinimalQuoting() throws {
        let t = try Table(
            names: ["year", "name", "ok", "value"],
            columns: [
                .numbers([2027, -3, 0]),
                .strings(["plain", "a, b", "say \"hi\""]),
                .bools([true, false, true], isNull: [false, false, true]),
                .numbers([0.1, 1e20, 0], isNull: [false, false, true]),
            ])
        #expect(written(t) == #"""
            year,name,ok,value
            2027,plain,true,0.1
            -3,"a, b",false,1e+20
            0,"say ""hi""",,

            """#)
    }

    @Test func quotesNewlinesAndSurroundingSpace() throws {
        let t = try Table(names: ["s"], columns: [.strings(["x\ny", "cr\r", " lead", "trail ", "\ttab", "in side", ""])])
        #expect(written(t) == "s\n\"x\ny\"\n\"cr\r\"\n\" lead\"\n\"trail \"\n\"\ttab\"\nin side\n\"\"\n")
    }

    @Test func numbers() throws {
        let t = try Table(names: ["n"], columns: [.numbers([
            -0.0, 9_007_199_254_740_991, -9_007_199_254_740_991, 9_007_199_254_740_992, 1e-5, 123.456, 1e15, 0.30000000000000004,
        ])])
        #expect(written(t) == """
            n
            0
            9007199254740991
            -9007199254740991
            9.007199254740992e+15
            1e-05
            123.456
            1000000000000000
            0.30000000000000004

            """)
    }

    @Test func csvSafePrefixesFormulaLikeStringsOnly() throws {
        let t = try Table(
            names: ["=h", "n"],
            columns: [.strings(["=SUM(A1)", "+1", "-x", "@cmd", "\tx", "\rx", "ok", "a=b"]), .numbers([-1, 2, 3, 4, 5, 6, 7, 8])])
        #expect(written(t, csvSafe: true) == """
            '=h,n
            '=SUM(A1),-1
            '+1,2
            '-x,3
            '@cmd,4
            '\tx,5
            "'\rx",6
            ok,7
            a=b,8

            """)
        #expect(written(t).hasPrefix("=h,n\n=SUM(A1),-1\n"))
    }

    @Test func oneColumnNullsAreQuotedEmpty() throws {
        let t = try Table(names: ["v"], columns: [.numbers([1, 0, 2], isNull: [false, true, false])])
        #expect(written(t) == "v\n1\n\"\"\n2\n")
        #expect(try CSV.read(CSV.write(t)) == t)
        let two = try Table(names: ["v", "w"], columns: [.numbers([0], isNull: [true]), .strings([""])])
        #expect(written(two) == "v,w\n,\n")
    }

    @Test func emptyTables() throws {
        #expect(CSV.write(.empty) == [])
        let t = try Table(names: ["a", "b"], columns: [.numbers([]), .strings([])])
        #expect(written(t) == "a,b\n")
    }

    /// Write then read gives an equal table for every type that survives the trip.
    @Test func roundTrip() throws {
        var rng = SplitMix(seed: 2026)
        let alphabet = Array("ab ,\"\n\r\té€🇳🇴=+-@'x1.").map(String.init)
        for _ in 0..<200 {
            let rows = rng.next(below: 30)
            let columnCount = 1 + rng.next(below: 4)
            var names: [String] = []
            var columns: [Column] = []
            for c in 0..<columnCount {
                names.append(c == 0 ? "col, \"\(c)\"" : "c\(c)")
                var mask = (0..<rows).map { _ in rng.next(below: 5) == 0 }
                if rows > 0 { mask[0] = false }  // one value at least, so the type survives
                switch rng.next(below: 3) {
                case 0:
                    let values = mask.map { isNull -> Double in
                        if isNull { return 0 }
                        switch rng.next(below: 3) {
                        case 0: return Double(rng.next(below: 2_000_001)) - 1_000_000
                        case 1: return Double(rng.next(below: 1_000_000)) / 997
                        default:
                            let x = Double(bitPattern: rng.next())
                            return x.isFinite ? x : 1.5
                        }
                    }
                    columns.append(.numbers(values, isNull: mask))
                case 1:
                    let values = mask.enumerated().map { row, isNull -> String in
                        if isNull { return "" }
                        var s = row == 0 ? "text" : ""
                        for _ in 0..<(1 + rng.next(below: 6)) { s += alphabet[rng.next(below: alphabet.count)] }
                        // All-blank unquoted text would read back as null: keep a letter.
                        return s.allSatisfy { $0 == " " || $0 == "\t" } ? s + "z" : s
                    }
                    columns.append(.strings(values, isNull: mask))
                default:
                    let values = mask.map { isNull in isNull ? false : rng.next(below: 2) == 0 }
                    columns.append(.bools(values, isNull: mask))
                }
            }
            let table = try Table(names: names, columns: columns)
            let back = try CSV.read(CSV.write(table))
            if rows == 0 {
                #expect(back.names == table.names && back.rowCount == 0)
            } else {
                #expect(back == table, "\(written(table))")
            }
        }
    }
}

@Suite struct CSVNumberParsingTests {
    /// The reader's conversion against the standard library's (correctly rounded) on
    /// random decimal texts of 1–20 significant digits and many exponents, including
    /// the 16–19 digit fraction path and the exact-tie cases.
    @Test func agreesWithStandardLibrary() throws {
        var rng = SplitMix(seed: 77)
        var texts: [String] = [
            "4503599627370496.5", "4503599627370497.5", "9007199254740993", "9007199254740995",
            "18446744073709551615", "18446744073709551616", "0.30000000000000004", "95603.42718892494",
            "1.0000000000000002", "0.9999999999999999", "123456789012345678.9", "9999999999999999999",
            "0.0000000000000000001234567890123456789", "1234567890123456789e-19", "1234567890123456789e-20",
        ]
        for _ in 0..<20_000 {
            let digitCount = 1 + rng.next(below: 20)
            var digits = String(1 + rng.next(below: 9))
            for _ in 1..<digitCount { digits += String(rng.next(below: 10)) }
            let point = rng.next(below: digitCount + 1)
            var text = point == digitCount ? digits : String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if rng.next(below: 4) == 0 { text += "e\(rng.next(below: 60) - 30)" }
            if rng.next(below: 2) == 0 { text = "-" + text }
            texts.append(text)
        }
        // One column, so each value is parsed alone; a trailing newline exercises the
        // in-place strtod path, none at the end the string path.
        let csv = "x\n" + texts.joined(separator: "\n")
        for bytes in [Array((csv + "\n").utf8), Array(csv.utf8)] {
            let t = try CSV.read(bytes)
            guard case .number(let values) = t.columns[0].storage else {
                Issue.record("not a number column")
                return
            }
            for (text, value) in zip(texts, values) {
                let expected = try #require(Double(text))
                #expect(value == (expected == 0 ? 0 : expected), "\(text)")
            }
        }
    }
}
