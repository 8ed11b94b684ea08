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
    /// A grouping `,` at the end of the digits (`#,`, `#,.00`).
    static var commaWithoutDigit: Self {
        Self(message: "',' must be followed by a digit placeholder (write '\\,' for a literal comma)")
    }
}
