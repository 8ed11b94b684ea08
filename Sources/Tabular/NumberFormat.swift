/// How numbers become text (SPEC §5). Decisions where the spec is silent are in
/// docs/tabular.md ("Number text").
package enum NumberFormat {
    /// The general format: integral values exactly; others to 6 significant digits,
    /// trailing zeros trimmed; grouping only with 5+ integer digits; exponent form when
    /// 0 < |x| < 1e-4 or |x| >= 1e15.
    ///
    /// Rounding is correct decimal rounding of the exact double, half away from zero.
    /// A non-integral value never loses integer digits: 1234567.4 is `1,234,567`, not
    /// `1,234,570`, so float noise (1234567.0000001) reads like the integral value.
    /// The exponent rule applies to the rounded value (0.000099999996 is `0.0001`).
    package static func general(_ x: Double) -> String {
        if let special = nonFiniteText(x) { return special }
        if x == 0 { return "0" }  // also -0
        let sign = x < 0 ? "-" : ""
        let magnitude = abs(x)
        if magnitude < 1e15, magnitude == magnitude.rounded(.towardZero) {
            // safe: |x| < 1e15 < 2^63, so the conversion is exact and cannot trap.
            return sign + grouped(String(UInt64(magnitude)), minimumDigits: 5)
        }
        let exact = DecimalDigits(exactly: magnitude)
        let significant = max(6, exact.exponent)
        let rounded = exact.rounded(significantDigits: significant)
        if rounded.exponent <= -4 || rounded.exponent > 15 {
            // < 1e-4 or ≥ 1e15 after rounding: 6 significant digits in exponent form.
            return sign + exact.rounded(significantDigits: 6).scientificText
        }
        var text = sign + grouped(rounded.integerText, minimumDigits: 5)
        let fraction = rounded.fractionText
        if !fraction.isEmpty { text += "." + fraction }
        return text
    }

    /// The shortest text that reads back to the same double, no grouping
    /// (`str(2027)` is `2027`, `str(0.1)` is `0.1`). Also the CSV writer's number text.
    ///
    /// Integral values below 2^53 print as plain integers; other values use exponent
    /// form (`1e-05`, `1.5e+20`) when |x| < 1e-4 or |x| ≥ 1e15, the general format's
    /// thresholds. -0 prints `0`. The text parses back with `Double(_:)` and `strtod`.
    package static func shortest(_ x: Double) -> String {
        if let special = nonFiniteText(x) { return special }
        if x == 0 { return "0" }
        let sign = x < 0 ? "-" : ""
        let magnitude = abs(x)
        if magnitude < 9_007_199_254_740_992, magnitude == magnitude.rounded(.towardZero) {
            // safe: |x| < 2^53 converts exactly.
            return sign + String(UInt64(magnitude))
        }
        if magnitude >= 1e-4, magnitude < 1e15 {
            // Fast path: Swift's shortest round-trip text is already right when it is
            // plain (a non-integral value never ends in ".0").
            let text = x.description
            if !text.utf8.contains(UInt8(ascii: "e")) { return text }
        }
        let digits = DecimalDigits(shortest: magnitude)
        if magnitude < 1e-4 || magnitude >= 1e15 {
            return sign + digits.scientificText
        }
        let fraction = digits.fractionText
        return sign + digits.integerText + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// `round(x, digits)` (SPEC §3): half away from zero, applied to the shortest
    /// decimal text of `x` as a spreadsheet does, so `round(1.005, 2)` is 1.01 although
    /// the double 1.005 lies just below 1.005. `digits` may be negative (−2 rounds to
    /// hundreds). Non-finite input is returned unchanged; a result beyond the double
    /// range is infinite (the caller reports it). Never returns -0.
    package static func roundHalfAwayFromZero(_ x: Double, digits: Int = 0) -> Double {
        guard x.isFinite, x != 0 else { return x.isFinite ? 0 : x }
        let shortestDigits = DecimalDigits(shortest: x)
        // Clamp so `exponent + digits` cannot overflow; beyond ±400 the answer is fixed.
        let places = min(max(digits, -400), 400)
        let rounded = shortestDigits.rounded(decimals: places)
        if rounded.isZero { return 0 }
        let text = (x < 0 ? "-" : "") + "0." + String(decoding: rounded.digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
            + "e" + String(rounded.exponent)
        return Double(text) ?? x  // the text is always a valid decimal literal
    }

    static func nonFiniteText(_ x: Double) -> String? {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return nil
    }

    /// Inserts `,` every three digits from the right when `digits` has at least
    /// `minimumDigits` characters (ASCII digits only).
    static func grouped(_ digits: String, minimumDigits: Int) -> String {
        let bytes = Array(digits.utf8)
        guard bytes.count >= minimumDigits, bytes.count > 3 else { return digits }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + bytes.count / 3)
        for (i, b) in bytes.enumerated() {
            if i > 0, (bytes.count - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
