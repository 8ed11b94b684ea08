import Testing
@testable import Tabular

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The CSV reader's tight path for plain decimals (`plainDecimal`) against the full
/// parser (`parseNumberInFull`) and libc's `strtod`: whatever text the tight path
/// accepts, it must give the full parser's double bit for bit; what it declines, the
/// full parser decides.
@Suite struct NumberParsingTests {
    /// The full parser's and the tight path's reading of `text`, as a field followed by
    /// a comma (so the bytes after it can be loaded) and at the very end of the buffer.
    private func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for suffix in ["", ",", "\n1234567", ",12345678", "99999999"] {
            let bytes = Array((text + suffix).utf8)
            let end = text.utf8.count
            bytes.withUnsafeBufferPointer { b in
                let full = parseNumberInFull(b, 0, end, trim: true)
                let entry = parseNumber(b, 0, end, trim: true)
                guard end > 0, let base = b.baseAddress else { return }
                let fast = plainDecimal(base, count: end)
                if let fast {
                    guard case .number(let value) = full else {
                        Issue.record("\(text): the tight path read \(fast), the full parser no number",
                                     sourceLocation: sourceLocation)
                        return
                    }
                    #expect(fast.bitPattern == value.bitPattern, "\(text): \(fast) against \(value)",
                            sourceLocation: sourceLocation)
                    // strtod is correctly rounded; the reader has no negative zero.
                    let libc = text.withCString { strtod($0, nil) }
                    #expect(fast.bitPattern == (libc == 0 ? 0 : libc).bitPattern, "\(text): \(fast) against strtod's \(libc)",
                            sourceLocation: sourceLocation)
                }
                switch (entry, full) {
                case (.number(let a), .number(let c)):
                    #expect(a.bitPattern == c.bitPattern, "\(text)", sourceLocation: sourceLocation)
                case (.blank, .blank), (.notNumber, .notNumber):
                    break
                default:
                    Issue.record("\(text): parseNumber and the full parser disagree", sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test func edgeCasesAgree() {
        let cases = [
            "0", "-0", "+0", "0.0", "-0.0", "00", "000.000", ".0", "0.", "-.0",
            "5", "-5", "+5", ".5", "5.", "-.5", "-5.", "+.5", "512.345", "2011", "-512.345",
            "007", "0.1", "0.2", "0.3", "1.10", "1.100000", "100", "1000000", "0.000001",
            "123456789012345", "1234567890123456", "12345678901234567", "123456789012345678",
            "1234567890123456789", "12345678901234567890", "9007199254740992", "9007199254740993",
            "9007199254740991", "18446744073709551615", "18446744073709551616",
            "0.1234567890123456789", "0.12345678901234567890", "1.7976931348623157",
            "9999999999999999999", "0000000000000000001", "00000000000000000001",
            "0.0000000000000000000001", "0.00000000000000000000001", "1.0000000000000000000001",
            "4.9406564584124654", "2.2250738585072014", "95603.42718892494", "3.14159265358979323846",
            "1e5", "1E5", "1e-5", "1.5e3", "-1.5e-3", "1e400", "1e-400", "1e", "1e+", "e5",
            "", " ", "-", "+", ".", "-.", "+-1", "--1", "1.2.3", "1..2", "1,234", "1_000",
            "NaN", "nan", "inf", "-inf", "Infinity", "0x10", "5 %", "12a", "a12",
            " 12", "12 ", "\t12", "12\t", " 1.5 ", " -0 ", "1 2", "١٢",
        ]
        for text in cases { check(text) }
    }

    @Test func randomDecimalsAgree() {
        var generator = NumberTextGenerator(seed: 0x5EED_F011_0C5F)
        let digits = Array("0123456789")
        for _ in 0..<200_000 {
            var text = ""
            switch generator.next() % 4 {
            case 0: text += "-"
            case 1: text += generator.next() % 8 == 0 ? "+" : ""
            default: break
            }
            let integerDigits = Int(generator.next() % 21)
            let fractionDigits = Int(generator.next() % 24)
            let leadingZeros = generator.next() % 5 == 0 ? Int(generator.next() % 4) : 0
            text += String(repeating: "0", count: leadingZeros)
            for _ in 0..<integerDigits { text.append(digits[Int(generator.next() % 10)]) }
            if fractionDigits > 0 || generator.next() % 6 == 0 {
                text += "."
                for _ in 0..<fractionDigits { text.append(digits[Int(generator.next() % 10)]) }
                if generator.next() % 4 == 0 { text += String(repeating: "0", count: Int(generator.next() % 5)) }
            }
            check(text)
        }
    }

    @Test func shortestTextOfRandomDoublesAgrees() {
        var generator = NumberTextGenerator(seed: 0xD0_0B1E)
        for _ in 0..<50_000 {
            let value = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)
            // Money-like and measurement-like values as well as arbitrary bits.
            let scaled = Double(Int64(bitPattern: generator.next() % 2_000_000_000) - 1_000_000_000) / 1000
            for x in [value, scaled, scaled / 7] where x.isFinite && !"\(x)".contains("e") {
                check("\(x)")
            }
        }
    }
}

/// A small deterministic generator, so a failure repeats.
private struct NumberTextGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The scanner hands records to the typing in batches (256 at a time, and whatever is
/// left when a buffer is done), typed a column at a time: a file of many rows whose
/// columns change type, hold nulls, quotes and doubled quotes at rows on both sides of
/// the batch edges must give the table the rows themselves describe, whole and in small
/// chunks.
@Suite struct CSVBatchTypingTests {
    @Test func typeChangesNullsAndQuotesAcrossBatches() throws {
        let rows = 1_500
        var text = "n,late,t,q,d,b\n"
        var numbers: [Double] = [], numberNulls: [Bool] = []
        var late: [String] = []
        var texts: [String] = [], textNulls: [Bool] = []
        var quoted: [String] = []
        var days: [Bool] = []
        var bools: [Bool] = []
        for r in 0..<rows {
            // n: plain numbers, a null every 97 rows, a spaced or signed one now and then.
            let n: String
            if r % 97 == 5 {
                n = ""
                numbers.append(0)
                numberNulls.append(true)
            } else {
                let value = Double(r) * 1.25 - 300
                n = r % 31 == 0 ? " \(value) " : (r % 37 == 0 && value >= 0 ? "+\(value)" : "\(value)")
                numbers.append(value)
                numberNulls.append(false)
            }
            // late: numbers until row 700 (past two batch edges), then text: its early
            // rows come back as written, by a second pass.
            let l = r < 700 ? "0\(r)" : "x\(r % 7)"
            late.append(l)
            // t: text from the start, nulls, a value ≥ 8 bytes now and then.
            let t: String
            if r % 50 == 0 {
                t = ""
                texts.append("")
                textNulls.append(true)
            } else {
                t = r % 9 == 0 ? "a longer text \(r % 4)" : "c\(r % 13)"
                texts.append(t)
                textNulls.append(false)
            }
            // q: quoted fields, some with doubled quotes, commas or line feeds inside.
            let q: String
            switch r % 5 {
            case 0: q = "\"say \"\"\(r % 3)\"\"\""; quoted.append("say \"\(r % 3)\"")
            case 1: q = "\"a,b\""; quoted.append("a,b")
            case 2: q = "\"line\nfeed\""; quoted.append("line\nfeed")
            default: q = "p\(r % 4)"; quoted.append("p\(r % 4)")
            }
            // d: dates, then one that is not (row 900): the column becomes text.
            let d = r == 900 ? "not a date" : "2024-01-\(10 + r % 19)"
            days.append(r == 900)
            // b: bools in several spellings.
            let b = ["true", "False", "TRUE", " false"][r % 4]
            bools.append(r % 4 == 0 || r % 4 == 2)
            text += "\(n),\(l),\(t),\(q),\(d),\(b)\(r % 3 == 0 ? "\r\n" : "\n")"
        }
        let bytes = Array(text.utf8)
        let whole = try CSV.read(bytes)
        #expect(whole.rowCount == rows)
        #expect(whole.columns[0] == .numbers(numbers, isNull: numberNulls))
        #expect(whole.columns[1] == .strings(late))
        #expect(whole.columns[2] == .strings(texts, isNull: textNulls))
        #expect(whole.columns[3] == .strings(quoted))
        guard case .string(let dates) = whole.columns[4].storage else {
            Issue.record("the date column with text is not text")
            return
        }
        #expect(dates[0] == "2024-01-10" && dates[900] == "not a date" && dates[1499] == "2024-01-\(10 + 1499 % 19)")
        #expect(whole.columns[5] == .bools(bools))
        for size in [1, 7, 64, 1000, 4096] {
            var source = CSVBytes(bytes)
            let chunked = try CSV.read(from: &source, chunkSize: size)
            #expect(chunked == whole, "chunks of \(size) bytes")
        }
    }
}
