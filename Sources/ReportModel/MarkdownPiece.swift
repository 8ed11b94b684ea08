/// A run of a Markdown cell's text after its `{{ }}` expressions were evaluated:
/// Markdown source to render, or the text of an inline value that must appear literally
/// (escaped, never read as Markdown or HTML). Language produces these; Render draws them.
package enum MarkdownPiece: Sendable, Equatable {
    case markdown(String)
    case literal(String)
}
