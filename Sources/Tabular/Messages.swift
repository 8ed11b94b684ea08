// The wording of Tabular's errors that are raised in more than one place. Tabular's
// errors are its own types (`TableError`, `CSV.ReadError`, `NumberPattern.SyntaxError`);
// the Language module positions them as diagnostics.

extension CSV.ReadError {
    /// No header row: the file is empty or only blank lines.
    static var noHeader: Self {
        CSV.ReadError(message: "the CSV file is empty; a header row is required", line: 1)
    }
}

extension NumberPattern.SyntaxError {
    /// A `,` followed by `.` (`#,.00`): neither grouping nor scaling.
    static var commaWithoutDigit: Self {
        Self(message: "',' must be followed by a digit placeholder, or end the number to divide it by 1,000 (write '\\,' for a literal comma)")
    }

    /// A `,` outside the number, or inside the decimals (`,0`, `0.0,0`).
    static var misplacedComma: Self {
        Self(message: "',' is only allowed between the integer digit placeholders (grouping) or right after the last placeholder (dividing by 1,000; write '\\,' for a literal comma)")
    }

    static var noDigitPlaceholder: Self { Self(message: "no digit placeholder ('0' or '#')") }

    /// `"x";0`: the first section also shows what the others do not take.
    static var firstSectionWithoutNumber: Self {
        Self(message: "the first section has no digit placeholder ('0' or '#'); it shows positive values (and zero and negatives when no section of their own does)")
    }

    static var tooManySections: Self {
        Self(message: "more than three sections; a pattern has at most positive;negative;zero (write '\\;' for a literal semicolon)")
    }

    /// A `"` that opens literal text and is never closed.
    static var unclosedQuote: Self {
        Self(message: "a '\"' is not closed: quoted text runs to the next '\"' (write '\\\"' for a literal quote)")
    }

    static var loneBackslash: Self { Self(message: "a lone '\\' at the end (write '\\\\' for a backslash)") }
}
