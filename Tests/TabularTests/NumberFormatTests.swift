import Testing
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
@testable import Tabular

@Suite struct GeneralFormatTests {
    @Test(arguments: [
        // SPEC §5 examples, verbatim.
        (5.4, "5.4"), (0.0213, "0.0213"), (1.0 / 3.0, "0.333333"),
        (2027, "2027"), (1234.567, "1234.57"), (12345.6, "12,345.6"), (1_234_567, "1,234,567"),
        (0.0000123, "1.23e-05"),
        // Integral values exactly; grouping only with 5+ integer digits.
        (0, "0"), (-0.0, "0"), (7, "7"), (-12345, "-12,345"), (1234, "1234"), (-1234, "-1234"),
        (99999, "99,999"), (100_000, "100,000"), (999_999_999_999_999, "999,999,999,999,999"),
        // Huge: exponent form, 6 significant digits.
        (1e15, "1e+15"), (-1e15, "-1e+15"), (1.234567e20, "1.23457e+20"), (5e20, "5e+20"),
        (Double.greatestFiniteMagnitude, "1.79769e+308"),
        // Tiny.
        (0.0001, "0.0001"), (0.00012345678, "0.000123457"), (0.00001, "1e-05"), (-0.00001, "-1e-05"),
        (Double.leastNonzeroMagnitude, "4.94066e-324"), (9.9999996e-5, "0.0001"), (9.99999e-5, "9.99999e-05"),
        // Correct rounding of the exact double, half away from zero.
        (0.1 + 0.2, "0.3"), (999_999.5, "1,000,000"), (99_999.96, "100,000"),
        (99_999.95, "99,999.9"),  // the double is 99999.94999999999709…
        (0.5, "0.5"), (2.5, "2.5"), (1.0000005, "1"), (123456.5, "123,457"), (-123456.5, "-123,457"),
        (0.1234565, "0.123456")  /* the double is 0.12345649999… */, (2026.9999999, "2027"), (-5.4, "-5.4"),
        // Non-integral values keep all integer digits.
        (1_234_567.4, "1,234,567"), (1_234_567.5, "1,234,568"), (1_234_567.0000001, "1,234,567"),
        (999_999_999_999_999.875, "1e+15"),
    ] as [(Double, String)])
    func general(_ value: Double, _ expected: String) {
        #expect(NumberFormat.general(value) == expected)
    }

    @Test func nonFiniteDoesNotCrash() {
        #expect(NumberFormat.general(.nan) == "NaN")
        #expect(NumberFormat.general(.infinity) == "inf")
        #expect(NumberFormat.general(-.infinity) == "-inf")
    }

    /// Cross-check with an independent, correctly rounding implementation: glibc's
    /// `%.5e` (exact-value rounding; it differs only on exact ties, which random
    /// 53-bit doubles practically never are).
    @Test func agreesWithLibcOnRandomDoubles() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<5_000 {
            // Non-integral values in the plain range, 1e-4 ≤ |x| < 1e5 (6 sig digits = %.5e).
            let x = Double(bitPattern: rng.next()).magnitude
            guard x.isFinite, x != 0 else { continue }
            let scaled = x / pow(10, (log10(x)).rounded(.down)) * pow(10, Double(rng.next(below: 9) - 4))
            guard scaled >= 1e-4, scaled < 1e5, scaled != scaled.rounded() else { continue }
            let c = libcScientific(scaled)
            let g = NumberFormat.general(scaled).replacingCommas()
            #expect(Double(g) == Double(c), "\(scaled): general \(g), libc \(c)")
        }
    }
}

private func libcScientific(_ x: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([x]) { vsnprintf(&buffer, 64, "%.5e", $0) }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

@Suite struct ShortestFormatTests {
    @Test(arguments: [
        (2027, "2027"), (0.1, "0.1"), (0.1 + 0.2, "0.30000000000000004"), (-0.0, "0"), (0, "0"),
        (1e-5, "1e-05"), (1.5e-7, "1.5e-07"), (0.0001, "0.0001"), (5e20, "5e+20"), (1e15, "1000000000000000"),
        (9_007_199_254_740_991, "9007199254740991"), (9_007_199_254_740_992, "9.007199254740992e+15"),
        (1e16, "1e+16"), (1e15 + 0.5, "1.0000000000000005e+15"), (123456.789, "123456.789"),
        (-5.4, "-5.4"), (12345678901234.5, "12345678901234.5"), (Double.leastNonzeroMagnitude, "5e-324"),
        (Double.greatestFiniteMagnitude, "1.7976931348623157e+308"), (1e100, "1e+100"), (1e-100, "1e-100"),
    ] as [(Double, String)])
    func shortest(_ value: Double, _ expected: String) {
        #expect(NumberFormat.shortest(value) == expected)
    }

    @Test func roundTripsRandomDoubles() {
        var rng = SplitMix(seed: 42)
        for _ in 0..<20_000 {
            let x = Double(bitPattern: rng.next())
            guard x.isFinite else { continue }
            let text = NumberFormat.shortest(x)
            #expect(Double(text) == x, "\(text) for \(x)")
            #expect(!text.contains(","))
            #expect(!text.hasSuffix(".0"))
        }
        for _ in 0..<20_000 {
            let x = Double(rng.next(below: 2_000_000)) / 1000 - 1000
            #expect(Double(NumberFormat.shortest(x)) == x)
        }
    }
}

@Suite struct RoundTests {
    @Test(arguments: [
        (1.005, 2, 1.01), (2.5, 0, 3), (-2.5, 0, -3), (0.5, 0, 1), (-0.5, 0, -1), (1.4999, 0, 1),
        (2.675, 2, 2.68), (1234.5, -2, 1200), (1250, -2, 1300), (-1250, -2, -1300), (5, -1, 10),
        (4, -1, 0), (0.0213, 3, 0.021), (123.456, 10, 123.456), (99.95, 1, 100), (0.1 + 0.2, 2, 0.3),
        (1e-20, 2, 0), (7, 400, 7), (7, -400, 0), (1.7976931348623157e308, 0, 1.7976931348623157e308),
    ] as [(Double, Int, Double)])
    func rounding(_ x: Double, _ digits: Int, _ expected: Double) {
        #expect(NumberFormat.roundHalfAwayFromZero(x, digits: digits) == expected)
    }

    @Test func neverNegativeZero() {
        let r = NumberFormat.roundHalfAwayFromZero(-0.4)
        #expect(r == 0 && r.sign == .plus)
        #expect(NumberFormat.roundHalfAwayFromZero(-0.0).sign == .plus)
    }

    @Test func overflowIsInfiniteAndNonFiniteUnchanged() {
        #expect(NumberFormat.roundHalfAwayFromZero(1.7976931348623157e308, digits: -308) == .infinity)
        #expect(NumberFormat.roundHalfAwayFromZero(.nan).isNaN)
        #expect(NumberFormat.roundHalfAwayFromZero(-.infinity) == -.infinity)
    }
}

@Suite struct NumberPatternTests {
    @Test(arguments: [
        // SPEC §5 examples, verbatim.
        (1234.5, "#,##0.00", "1,234.50"), (0.0213, "0.0%", "2.1%"), (5.4, "¥0.0T", "¥5.4T"),
        // Digits, grouping, decimals.
        (1234567.891, "#,##0", "1,234,568"), (1234567.891, "0", "1234568"), (5, "000", "005"),
        (0.5, "#.00", ".50"), (0.5, "0.00", "0.50"), (0, "#", "0"), (0, "#.##", "0"), (12.3, "0.0##", "12.3"),
        (12.3456, "0.0##", "12.346"), (12, "0.##", "12"), (999, "#,##0", "999"), (1000, "#,##0", "1,000"),
        (1234, "#,#", "1,234"), (123, "#,###", "123"), (0.25, ".0", ".3"),
        // Half away from zero on the shortest text.
        (2.5, "0", "3"), (-2.5, "0", "-3"), (1.005, "0.00", "1.01"), (2.675, "0.00", "2.68"), (0.145, "0%", "15%"),
        (999.996, "#,##0.00", "1,000.00"),
        // Negative numbers: the sign goes before the whole text; zero has no sign.
        (-5.4, "¥0.0T", "-¥5.4T"), (-1234.5, "#,##0.00", "-1,234.50"), (-0.001, "0.00", "0.00"), (-0.0, "0", "0"),
        // Literals and escapes.
        (3, "0 \\%", "3 %"), (3, "\\#0", "#3"), (3, "0\\.", "3."), (3, "0\\,", "3,"), (3, "$0 \\0", "$3 0"),
        (0.5, "0% pa", "50% pa"), (0.5, "%0", "%50"), (7, "Total: 0 units", "Total: 7 units"),
        (12, "0 \\\\", "12 \\"),
        // Extremes do not crash.
        (1e20, "#,##0", "100,000,000,000,000,000,000"), (1e-300, "0.00", "0.00"),
    ] as [(Double, String, String)])
    func format(_ x: Double, _ pattern: String, _ expected: String) throws {
        #expect(try NumberPattern(pattern).format(x) == expected)
    }

    @Test(arguments: [
        // SPEC-2 D examples, verbatim.
        (-1234, "#,##0;(#,##0)", "(1,234)"), (0.5, "+0.00", "+0.50"), (-0.5, "+0.00", "-0.50"), (0, "+0.0", "0.0"),
        (12345678, "#,##0.0,,", "12.3"), (12345678, "$#,##0.0,,\"M\"", "$12.3M"),
        // Sections: the negative section shows the absolute value with its own literals.
        (1234, "#,##0;(#,##0)", "1,234"), (0, "#,##0;(#,##0)", "0"), (-1234.5, "#,##0.0;-#,##0.0", "-1,234.5"),
        (-0.25, "0.0%;(0.0%)", "(25.0%)"), (-5, "0;0", "5"), (-5, "0;\"minus \"0", "minus 5"),
        // A negative value that rounds to zero in its section shows as the first section shows 0.
        (-0.001, "0.00;(0.00)", "0.00"), (-0.004, "0.00;(0.00);\"–\"", "0.00"), (-0.4, "+0;(0)", "0"),
        (-0.006, "0.00;(0.00)", "(0.01)"),
        // The zero section takes exact zero only (-0 too), not values that round to zero.
        (0, "#,##0;(#,##0);\"–\"", "–"), (-0.0, "#,##0;(#,##0);\"–\"", "–"), (0.001, "0.00;(0.00);\"–\"", "0.00"),
        (0, "0.00;(0.00);0", "0"), (7, "0;(0);\"zero\"", "7"), (-7, "0;(0);\"zero\"", "(7)"),
        // Two sections: zero takes the first. Empty sections show nothing.
        (0, "0.0;(0.0)", "0.0"), (-3, "0;", ""), (3, "0;", "3"), (0, "0;-0;", ""), (-3, "0;;0", ""), (0, "0;;\"nil\"", "nil"),
        // A literal-only negative section.
        (-3, "0;\"n/a\"", "n/a"),
        // The forced sign: `+` for positive, `-` for negative, none for zero after rounding.
        (1234.5, "+#,##0", "+1,235"), (-1234.5, "+#,##0", "-1,235"), (0.004, "+0.00", "0.00"), (-0.004, "+0.00", "0.00"),
        (0.031, "+0.0%", "+3.1%"), (-0.031, "+0.0%", "-3.1%"), (2, "+$0", "+$2"), (-2, "+$0", "-$2"), (3, "$+0", "$+3"),
        (3, "\\+0", "+3"), (-3, "\\+0", "-+3"), (-3, "+0;(0)", "(3)"), (3, "0;+0", "3"), (-3, "0;+0", "+3"),
        // Scaling: each trailing `,` divides by 1,000, exactly and before rounding.
        (1234, "0,", "1"), (1500, "0,", "2"), (-1500, "0,", "-2"), (999_499, "#,##0,\"k\"", "999k"), (1_234_567_890, "#,##0,,,\" bn\"", "1 bn"),
        (12_345_678, "0.000,,", "12.346"), (0.4, "0,", "0"), (-400, "0,", "0"), (1234, "0,;(0,)", "1"), (-1234, "0,;(0,)", "(1)"),
        (1_250_000, "0.0,,", "1.3"), (1234, "0.0,", "1.2"), (12_345_678, "#,##0,", "12,346"),
        // `%` with scaling: ×100 then ÷1,000 per comma.
        (123.4, "0.0,%", "12.3%"), (0.5, "0,%", "0%"), (50, "0,%", "5%"),
        // Quoted text is literal, special characters included.
        (5, "0\" %\"", "5 %"), (5, "\"#\"0", "#5"), (5, "0\";\"", "5;"),
        (5, "\"a;b\"0", "a;b5"), (1500, "0\",\"", "1500,"), (5, "\"\"0", "5"), (5, "0\"\\\"", "5\\"),
        (0.5, "0.0\"%\"", "0.5%"), (5, "0\\;", "5;"),
    ] as [(Double, String, String)])
    func sectionsSignsScalingQuotes(_ x: Double, _ pattern: String, _ expected: String) throws {
        #expect(try NumberPattern(pattern).format(x) == expected)
    }

    @Test(arguments: [
        ("", "no digit placeholder ('0' or '#')"), ("abc", "no digit placeholder"), ("%", "no digit placeholder"),
        ("0.0.0", "more than one '.'"), ("0.0 T.", "'.' after the number"), ("0 apples 0", "one number"),
        ("0,.0", "',' must be followed by a digit placeholder, or end the number to divide it by 1,000 (write '\\,' for a literal comma)"),
        ("0.0,0", "',' is only allowed"), ("0 ,", "',' is only allowed"),
        (",0", "',' is only allowed"), ("0%%", "more than one '%'"), ("0\\", "lone '\\'"),
        ("0#", "'#' cannot follow '0'"), ("0.#0", "'0' cannot follow '#'"), (".", "no digit placeholder"),
        // Sections, quotes.
        ("0;0;0;0", "more than three sections"), ("\"M\";0", "the first section has no digit placeholder"),
        (";0", "the first section has no digit placeholder"),
        ("0;(0 0)", "in the negative section (2 of 2): digit placeholders must form one number"),
        ("0;0;0.0.0", "in the zero section (3 of 3): more than one '.'"),
        ("0\"M", "a '\"' is not closed"), ("$#,##0.0,,\"M", "a '\"' is not closed: quoted text runs to the next '\"' (write '\\\"' for a literal quote)"),
    ] as [(String, String)])
    func rejects(_ pattern: String, _ fragment: String) {
        #expect {
            _ = try NumberPattern(pattern)
        } throws: { error in
            guard let error = error as? NumberPattern.SyntaxError else { return false }
            return error.message.contains(fragment)
        }
    }

    @Test func nonFiniteDoesNotCrash() throws {
        let p = try NumberPattern("¥0.0T")
        #expect(p.format(.nan) == "¥NaNT")
        #expect(p.format(.infinity) == "¥infT")
    }

    @Test func nonFiniteUsesTheFirstSection() throws {
        let p = try NumberPattern("$0,;($0,);\"–\"")
        #expect(p.format(.nan) == "$NaN")
        #expect(p.format(-.infinity) == "$-inf")
    }

    @Test func sectionsExposeTheirParts() throws {
        let p = try NumberPattern("+#,##0.0,,\"M\";(#,##0.0,,\"M\");\"–\"")
        #expect(p.positive.forcesSign && p.positive.thousandsScale == 2 && p.positive.suffix == "M" && p.positive.grouping)
        #expect(p.negative?.prefix == "(" && p.negative?.suffix == "M)" && p.negative?.forcesSign == false)
        #expect(p.zero?.hasNumber == false && p.zero?.prefix == "–")
        #expect(try NumberPattern("0;").negative?.isEmpty == true)
    }

    @Test func randomSectionedPatternsDoNotCrash() {
        var rng = SplitMix(seed: 99)
        let alphabet = Array("0#,.%\\\"+;M $-")
        let values: [Double] = [0, -0.0, 1, -1, 0.5, -0.004, 1234.5678, -98765.4321, 1e-9, -1e20, .nan, -.infinity]
        var valid = 0
        for _ in 0..<10_000 {
            let pattern = String((0..<rng.next(below: 12)).map { _ in alphabet[rng.next(below: alphabet.count)] })
            guard let p = try? NumberPattern(pattern) else { continue }
            valid += 1
            for x in values where x > 0 || (x == 0 && p.zero == nil) || (x < 0 && p.negative == nil) {
                #expect(p.format(x).contains(where: \.isNumber) || !x.isFinite)  // the first section always shows a number
            }
        }
        #expect(valid > 500)
    }

    @Test func exposesItsParts() throws {
        let p = try NumberPattern("¥#,##0.0#%")
        #expect(p.prefix == "¥" && p.suffix == "%" && p.grouping && p.percent)
        #expect(p.minimumIntegerDigits == 1 && p.minimumDecimals == 1 && p.maximumDecimals == 2)
    }
}

extension String {
    func replacingCommas() -> String { String(filter { $0 != "," }) }
}

/// A tiny deterministic generator for property tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(below n: Int) -> Int { Int(next() % UInt64(n)) }
}
