#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Tabular

// The CSV reader in parts (CSVParallel.swift) against the serial reader: the same table,
// down to how text is stored (pool order, codes or one string a row), for every number
// of parts and chunk size; the same error; and the parts really used where they can be.

/// The serial reader's table or error, reading `chunkSize` bytes at a time (which of two
/// errors a file meets first can depend on it: a chunk is checked for UTF-8 before its
/// records are read).
private func serial(_ bytes: [UInt8], chunkSize: Int = CSV.defaultChunkSize) -> Result<Table, CSV.ReadError> {
    var source = CSVBytes(bytes)
    return Result { () throws(CSV.ReadError) in try CSV.readSerially(from: &source, chunkSize: chunkSize) }
}

/// Text columns stored the same way: same pool in the same order, same codes.
private func sameStorage(_ a: Table, _ b: Table) -> Bool {
    for (x, y) in zip(a.columns, b.columns) {
        if case .string(let s) = x.storage, case .string(let t) = y.storage {
            if s.pool != t.pool || s.codes != t.codes { return false }
        }
        if x.isNull != y.isNull { return false }
    }
    return true
}

/// Reads `bytes` in 2 to 6 parts with several chunk sizes and expects exactly the serial
/// reader's table or error; returns how many of those reads used the parts (rather than
/// handing the file to the serial reader).
@discardableResult
private func expectSameInParts(_ bytes: [UInt8], chunkSizes: [Int] = [1, 3, 7, 64, 1 << 20],
                               sourceLocation: SourceLocation = #_sourceLocation) -> Int {
    var usedParts = 0
    for parts in 2...6 {
        for chunkSize in chunkSizes {
            let expected = serial(bytes, chunkSize: chunkSize)
            var source = CSVBytes(bytes)
            let got = Result { () throws(CSV.ReadError) in try CSV.read(from: &source, chunkSize: chunkSize, parts: parts) }
            switch (expected, got) {
            case (.success(let a), .success(let b)):
                #expect(a == b && a.names == b.names && sameStorage(a, b), "\(parts) parts, chunks of \(chunkSize)",
                        sourceLocation: sourceLocation)
            case (.failure(let a), .failure(let b)):
                #expect(a == b, "\(parts) parts, chunks of \(chunkSize)", sourceLocation: sourceLocation)
            default:
                Issue.record("\(parts) parts, chunks of \(chunkSize): \(got), serially \(expected)", sourceLocation: sourceLocation)
            }
            if let inParts = CSV.readInParts(CSVBytes(bytes).positioned!, chunkSize: chunkSize, parts: parts) {
                usedParts += 1
                #expect((try? expected.get()) == inParts, sourceLocation: sourceLocation)
            }
        }
    }
    return usedParts
}

/// `rows` rows of a year, a country and a value, as bench/data/make_csv.py writes them.
private func groupCSV(rows: Int) -> [UInt8] {
    let countries = ["United States", "China", "Japan", "Germany", "France", "India"]
    var text = "year,country,value\n"
    var state: UInt64 = 20_261_206
    for _ in 0..<rows {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let r = Int(state >> 33)
        text += "\(1990 + r % 40),\(countries[r % 6]),\(Double(r % 900_000) / 1000)\n"
    }
    return Array(text.utf8)
}

@Suite struct CSVParallelTests {
    @Test func aPlainFileIsReadInPartsAndEqualsTheSerialReader() {
        let bytes = groupCSV(rows: 2_000)
        let used = expectSameInParts(bytes)
        #expect(used == 25, "every read of a plain file used its parts")
    }

    @Test func quotedLineFeedsAcrossTheCutsAreReadAgainFromTheRightPlace() {
        // Every record has a quoted field with line feeds (and doubled quotes), so most
        // cuts fall inside quotes: the parts starting there are read again, never wrong.
        var text = "id,note,value\n"
        for i in 0..<300 { text += "\(i),\"line \(i)\nnext, \"\"quoted\"\"\n\nend\",\(i * 3)\n" }
        let used = expectSameInParts(Array(text.utf8))
        #expect(used > 0)
    }

    @Test func aQuotedFieldLongerThanAPartSpansTheCuts() {
        let long = String(repeating: "a\nb,c\r\n", count: 2_000)
        let text = "k,v\n1,\"\(long)\"\n2,x\n3,\"\(long)\"\n"
        let used = expectSameInParts(Array(text.utf8))
        #expect(used > 0)
    }

    @Test func lineEndsBOMAndBlankLines() {
        var text = "\u{FEFF}a,b\r\n"
        for i in 0..<400 { text += i % 7 == 0 ? "\r\n\n" : "\(i),\(i % 3 == 0 ? "" : "t\(i % 5)")\r\n" }
        expectSameInParts(Array(text.utf8))
        var cr = "a,b\r"
        for i in 0..<400 { cr += "\(i),x\(i % 4)\r" }
        expectSameInParts(Array(cr.utf8))
    }

    @Test func columnsTypedDifferentlyByDifferentParts() {
        func lines(_ values: [String]) -> [UInt8] { Array(("v,w\n" + values.map { "\($0),1\n" }.joined()).utf8) }
        let nulls = [String](repeating: "", count: 300)
        let dates = (0..<300).map { "2020-01-\(String(format2: $0 % 28 + 1))" }
        let words = (0..<300).map { "w\($0 % 9)" }
        let numbers = (0..<300).map { "\($0)" }
        let bools = (0..<300).map { $0 % 2 == 0 ? "true" : "False" }
        // Nulls, then dates; dates, then text; text, then dates; nulls, then text;
        // numbers, then text (a second pass: the serial reader); numbers, then dates;
        // dates then numbers; bools after nulls.
        for values in [nulls + dates, dates + words, words + dates, nulls + words + nulls, numbers + words,
                       numbers + dates, dates + numbers, nulls + bools, bools + words, dates + nulls + dates,
                       nulls + numbers + nulls] {
            expectSameInParts(lines(values), chunkSizes: [5, 1 << 20])
        }
        // A column whose type parts agree on is joined without the serial reader.
        #expect(expectSameInParts(lines(nulls + dates + nulls), chunkSizes: [1 << 20]) == 5)
        #expect(expectSameInParts(lines(words + dates + nulls), chunkSizes: [1 << 20]) == 5)
    }

    @Test func mostlyDistinctTextSwitchesToOneStringARowAtTheSameRow() {
        // The pool gives up past 65,536 entries when they are over half the rows: the
        // join must give up at the same row as one pass does.
        var text = "name,kind\n"
        for i in 0..<140_000 { text += "n\(i % 70_000 + (i / 100_000) * 7),k\(i % 3)\n" }
        let bytes = Array(text.utf8)
        let used = expectSameInParts(bytes, chunkSizes: [1 << 20])
        #expect(used == 5)
        // Past 65,536 entries but fewer than half the rows: the pool stays.
        var pooled = "name\n"
        for i in 0..<170_000 { pooled += "x\(i < 100_000 ? i % 1_000 : i)\n" }
        #expect(expectSameInParts(Array(pooled.utf8), chunkSizes: [1 << 20]) == 5)
    }

    @Test func errorsAreTheSerialReadersErrors() {
        var ragged = "a,b\n"
        for i in 0..<200 { ragged += i == 150 ? "1,2,3\n" : "\(i),x\n" }
        var badUTF8 = Array("a,b\n".utf8)
        for i in 0..<200 { badUTF8 += Array("\(i),x\n".utf8); if i == 120 { badUTF8 += [0xC3, 0x28, 0x0A] } }
        for bytes in [Array(ragged.utf8), badUTF8, Array("a,b\n1,\"open\n2,3\n4,5\n".utf8), Array("\n\n".utf8), []] {
            for parts in 2...5 {
                var source = CSVBytes(bytes)
                let got = Result { () throws(CSV.ReadError) in try CSV.read(from: &source, chunkSize: 3, parts: parts) }
                guard case .failure(let expected) = serial(bytes, chunkSize: 3) else {
                    Issue.record("the serial reader read a malformed file")
                    continue
                }
                #expect(got == .failure(expected), "\(parts) parts")
            }
        }
    }

    @Test func automaticPartsOnlyForLargeFiles() {
        #expect(CSV.automaticParts(size: 1_000) == 1)
        #expect(CSV.automaticParts(size: 2 * CSV.minimumPartSize - 1) == 1)  // under 32 MiB: serial
        let cores = sysconfCores()
        #expect(CSV.automaticParts(size: 1 << 30) == (cores > 1 ? min(2 * cores, (1 << 30) / CSV.minimumPartSize) : 1))
    }
}

private func sysconfCores() -> Int {
    max(1, min(64, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

private extension String {
    init(format2 n: Int) { self = n < 10 ? "0\(n)" : "\(n)" }
}
