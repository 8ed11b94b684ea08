/// A run of a Markdown cell's text after its `{{ }}` expressions were evaluated:
/// Markdown source to render, or the text of an inline value that must appear literally
/// (escaped, never read as Markdown or HTML). Language produces these; Render draws them.
package enum MarkdownPiece: Sendable, Equatable {
    case markdown(String)
    case literal(String)
    /// An inline value that failed: its message, shown in place (marked as an error)
    /// while the rest of the text renders normally.
    case error(String)
}

extension [MarkdownPiece] {
    /// The text with inline values in place and failures as `[error: MESSAGE]`: for plain
    /// text fields (a title, a caption) and for Markdown source (results.json).
    package var plainText: String {
        map { piece in
            switch piece {
            case .markdown(let text), .literal(let text): text
            case .error(let message): "[error: \(message)]"
            }
        }.joined()
    }
}
