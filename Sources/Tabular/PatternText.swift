/// The text of a `fmt` / `format` pattern as sections of pieces: split at `;`, with
/// quoted text (`"M"`) and escapes (`\%`) resolved to literal characters. This is the
/// part every kind of pattern shares; what an unquoted character means (a digit
/// placeholder, a grouping comma, a literal) is the pattern kind's business
/// (`NumberPattern` reads the pieces of each section).
///
/// - `\` makes the next character literal, whatever it is (`\\` is a backslash);
/// - `"…"` is literal text, taken as it is up to the next `"` (no escapes inside; write
///   `\"` outside quotes for a literal quote); a quote that is not closed is an error;
/// - an unquoted, unescaped `;` ends a section.
package enum PatternText {
    package enum Piece: Sendable, Equatable {
        /// An unquoted, unescaped character: its meaning depends on the pattern kind.
        case symbol(Character)
        /// A character from quoted text or an escape: always copied as it is.
        case literal(Character)
    }

    /// The sections of `pattern` (one when it has no `;`; a section may be empty).
    package static func sections(_ pattern: String) throws(NumberPattern.SyntaxError) -> [[Piece]] {
        var sections: [[Piece]] = []
        var current: [Piece] = []
        var escaped = false
        var quoted = false
        for c in pattern {
            if escaped {
                escaped = false
                current.append(.literal(c))
            } else if quoted {
                if c == "\"" { quoted = false } else { current.append(.literal(c)) }
            } else {
                switch c {
                case "\\": escaped = true
                case "\"": quoted = true
                case ";":
                    sections.append(current)
                    current = []
                default: current.append(.symbol(c))
                }
            }
        }
        if escaped { throw .loneBackslash }
        if quoted { throw .unclosedQuote }
        sections.append(current)
        return sections
    }
}
