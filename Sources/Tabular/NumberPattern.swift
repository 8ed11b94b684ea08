/// A compiled number pattern of `fmt` / `format` (`#,##0.00`, `0.0%`, `¥0.0T`,
/// `#,##0;(#,##0);"–"`, `+0.0%`, `$#,##0.0,,"M"`), SPEC §5 and SPEC-2 D.
/// docs/tabular.md ("Patterns") states every rule and the decisions behind them.
///
/// Up to three sections, `positive;negative;zero`, as spreadsheets have. Each section is
/// literal text, one number, literal text. The number is digit placeholders: `0`
/// (always shown) and `#` (shown when needed), `,` between integer placeholders turns
/// on grouping by three, each `,` right after the last placeholder divides by 1,000,
/// `.` then the decimals (`0` fixed, then `#` optional). An unquoted `%` (once, in the
/// literal text) multiplies by 100. A `+` at the very start of the first section forces
/// a sign. `\` makes the next character literal, `"…"` is literal text (`PatternText`).
///
/// Which section shows a value:
/// - one section: every value; a negative one gets `-` in front of the whole text
///   (`-¥5.4T`); a value that rounds to zero shows no sign;
/// - the negative section (second): values below zero, shown as their absolute value
///   with the section's own literals (`(1,234)`); one that rounds to zero there is
///   shown as the first section shows 0 (no sign, no parentheses);
/// - the zero section (third): values exactly zero (before rounding), as spreadsheets do;
/// - an empty section shows nothing; a negative or zero section may be literal text
///   only (`"–"`).
/// Rounding is half away from zero on the shortest decimal text of the value, the
/// same rule as `round`, so `fmt(x, "0.00")` agrees with `round(x, 2)`.
package struct NumberPattern: Sendable, Equatable {
    package struct SyntaxError: Error, Sendable, Equatable {
        package var message: String
        package init(message: String) { self.message = message }
    }

    package let source: String
    /// The first section: positive values, and any value no other section takes.
    package let positive: NumberSection
    /// The second section, for values below zero; nil when the pattern has one section.
    package let negative: NumberSection?
    /// The third section, for values exactly zero; nil when the pattern has fewer.
    package let zero: NumberSection?

    package init(_ pattern: String) throws(SyntaxError) {
        let sections = try PatternText.sections(pattern)
        guard sections.count <= 3 else { throw .tooManySections }
        func section(_ index: Int) throws(SyntaxError) -> NumberSection {
            do {
                return try NumberSection(sections[index], isFirst: index == 0)
            } catch {
                guard sections.count > 1 else { throw error }
                let name = ["positive", "negative", "zero"][index]
                throw SyntaxError(message: "in the \(name) section (\(index + 1) of \(sections.count)): \(error.message)")
            }
        }
        self.source = pattern
        self.positive = try section(0)
        self.negative = sections.count > 1 ? try section(1) : nil
        self.zero = sections.count > 2 ? try section(2) : nil
        if !positive.hasNumber { throw sections.count > 1 ? .firstSectionWithoutNumber : .noDigitPlaceholder }
    }

    package func format(_ x: Double) -> String {
        if let special = NumberFormat.nonFiniteText(x) { return positive.prefix + special + positive.suffix }
        if x == 0, let zero { return zero.text(zero.rounded(0), sign: "") }
        if x < 0, let negative {
            let rounded = negative.rounded(-x)
            if !rounded.isZero || !negative.hasNumber { return negative.text(rounded, sign: "") }
            return positive.text(positive.rounded(0), sign: "")
        }
        let rounded = positive.rounded(abs(x))
        let sign = rounded.isZero ? "" : x < 0 ? "-" : positive.forcesSign ? "+" : ""
        return positive.text(rounded, sign: sign)
    }

    // The first section's parts, as one-section patterns had them.
    package var prefix: String { positive.prefix }
    package var suffix: String { positive.suffix }
    package var minimumIntegerDigits: Int { positive.minimumIntegerDigits }
    package var grouping: Bool { positive.grouping }
    package var minimumDecimals: Int { positive.minimumDecimals }
    package var maximumDecimals: Int { positive.maximumDecimals }
    package var percent: Bool { positive.percent }
}

/// One section of a `NumberPattern`: literal text, one number (or none), literal text.
package struct NumberSection: Sendable, Equatable {
    /// Literal text before and after the number, quotes and escapes resolved. A section
    /// without a number holds all its text in `prefix`.
    package private(set) var prefix = ""
    package private(set) var suffix = ""
    /// Whether the section has digit placeholders; a negative or zero section may not.
    package private(set) var hasNumber = false
    /// A section with no text at all: it shows nothing.
    package var isEmpty: Bool { !hasNumber && prefix.isEmpty && suffix.isEmpty }
    /// A leading `+` (first section only): positive values show `+`.
    package private(set) var forcesSign = false
    /// How many `0`s the integer part has (digits always shown).
    package private(set) var minimumIntegerDigits = 0
    package private(set) var grouping = false
    /// `0`s after the point (always shown) and `0`s plus `#`s (at most shown).
    package private(set) var minimumDecimals = 0
    package private(set) var maximumDecimals = 0
    /// An unquoted `%`: the value is multiplied by 100.
    package private(set) var percent = false
    /// How many `,` end the number: the value is divided by 1,000 that many times.
    package private(set) var thousandsScale = 0

    init(_ pieces: [PatternText.Piece], isFirst: Bool) throws(NumberPattern.SyntaxError) {
        enum Part { case prefix, number, suffix }
        var part = Part.prefix
        var inDecimals = false
        var integerZeros = 0, decimalZeros = 0, decimalHashes = 0
        var pendingCommas = 0  // `,` after the latest placeholder: grouping or scaling, decided by what follows

        func fail(_ message: String) -> NumberPattern.SyntaxError {
            NumberPattern.SyntaxError(message: message)
        }
        func appendLiteral(_ c: Character) {
            switch part {
            case .prefix: prefix.append(c)
            case .number:
                thousandsScale = pendingCommas  // the number ends: trailing commas scale it
                pendingCommas = 0
                part = .suffix
                suffix.append(c)
            case .suffix: suffix.append(c)
            }
        }

        for (index, piece) in pieces.enumerated() {
            guard case .symbol(let c) = piece else {
                if case .literal(let c) = piece { appendLiteral(c) }
                continue
            }
            switch c {
            case "+" where index == 0 && isFirst:
                forcesSign = true
            case "0", "#":
                switch part {
                case .suffix:
                    throw fail("digit placeholders must form one number, but '\(c)' comes after literal text (write '\\\(c)' for a literal)")
                case .prefix:
                    part = .number
                case .number:
                    break
                }
                hasNumber = true
                if pendingCommas > 0 {
                    if inDecimals { throw .misplacedComma }
                    grouping = true
                    pendingCommas = 0
                }
                if inDecimals {
                    if c == "0" {
                        if decimalHashes > 0 { throw fail("in the decimals, '0' cannot follow '#'") }
                        decimalZeros += 1
                    } else {
                        decimalHashes += 1
                    }
                } else if c == "#" {
                    if integerZeros > 0 { throw fail("in the integer part, '#' cannot follow '0'") }
                } else {
                    integerZeros += 1
                }
            case ",":
                guard part == .number else { throw .misplacedComma }
                pendingCommas += 1
            case ".":
                switch part {
                case .prefix:
                    part = .number
                    inDecimals = true
                case .number:
                    if inDecimals { throw fail("more than one '.' in the number (write '\\.' for a literal dot)") }
                    if pendingCommas > 0 { throw .commaWithoutDigit }
                    inDecimals = true
                case .suffix:
                    throw fail("'.' after the number (write '\\.' for a literal dot)")
                }
            case "%":
                if percent { throw fail("more than one '%' (write '\\%' for a literal percent sign)") }
                percent = true
                appendLiteral(c)
            default:
                appendLiteral(c)
            }
        }
        if part == .number { thousandsScale = pendingCommas }
        if part != .prefix, !hasNumber { throw .noDigitPlaceholder }  // a lone `.`
        minimumIntegerDigits = integerZeros
        minimumDecimals = decimalZeros
        maximumDecimals = decimalZeros + decimalHashes
    }

    /// `magnitude` (≥ 0) scaled by `%` and `,` and rounded to the section's decimals.
    func rounded(_ magnitude: Double) -> DecimalDigits {
        var digits = DecimalDigits(shortest: magnitude)
        if !digits.isZero { digits.exponent += (percent ? 2 : 0) - 3 * thousandsScale }  // exact ×100, ÷1000ⁿ
        return digits.rounded(decimals: maximumDecimals)
    }

    /// The section's text for a rounded magnitude, `sign` in front of everything.
    func text(_ rounded: DecimalDigits, sign: String) -> String {
        guard hasNumber else { return prefix + suffix }
        var integer = rounded.isZero || rounded.exponent <= 0 ? "" : rounded.integerText
        let missing = minimumIntegerDigits - integer.utf8.count
        if missing > 0 { integer = String(repeating: "0", count: missing) + integer }
        if grouping { integer = NumberFormat.grouped(integer, minimumDigits: 4) }

        var fraction = rounded.fractionText
        let fractionLength = fraction.utf8.count
        if fractionLength < minimumDecimals {
            fraction += String(repeating: "0", count: minimumDecimals - fractionLength)
        }
        var text = sign + prefix + integer
        if !fraction.isEmpty { text += "." + fraction }
        if integer.isEmpty, fraction.isEmpty { text += "0" }  // "#" of 0 still shows a digit
        return text + suffix
    }
}
