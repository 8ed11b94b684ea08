// Markdown cells through cmark-gfm with `{{ }}` literals, as the report renders them.
// The input is split at 0x00 bytes into pieces that alternate Markdown and literal text.
// Invariants: never crash; without --unsafe-html nothing executable reaches the HTML
// (checked by Tests/RunnerTests/HTMLSafety.swift, compiled into this target).
@testable import Render
import ReportModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = bytes(data, size)
    var pieces: [MarkdownPiece] = []
    for (k, chunk) in input.split(separator: 0, omittingEmptySubsequences: false).enumerated() {
        let text = String(decoding: chunk, as: UTF8.self)
        pieces.append(k % 2 == 0 ? .markdown(text) : .literal(text))
    }
    var ids = IDAllocator(reserved: ["cell-1"])
    let output = MarkdownRenderer(unsafeHTML: false).render(pieces, scope: "cell-1", ids: &ids)
    let findings = HTMLSafety.findings(in: output.html)
    if !findings.isEmpty {
        violated("executable HTML from Markdown: \(findings)\n--- html:\n\(output.html)")
    }
    // Literal pieces must appear as text, never as markup: no `<` of theirs survives.
    for case .literal(let text) in pieces where text.contains("<") && output.html.contains(text) && text.contains(where: { $0.isLetter }) {
        if text.contains("<script") || text.contains("<img") {
            violated("a literal reached the HTML unescaped: \(text.debugDescription)")
        }
    }
    return 0
}
