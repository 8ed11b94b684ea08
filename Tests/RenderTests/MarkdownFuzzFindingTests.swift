import ReportModel
import Testing
@testable import Render

/// fuzz markdown, 2026-11-25: `[a](jav{{ "" }}ascript:alert(1))`. cmark judged the URL with
/// the inline value's placeholder inside it (no `javascript:` there); with the value in
/// place the link ran script. URLs holding inline values are judged again after.
@Test(arguments: [
    [MarkdownPiece.markdown("[a](jav"), .literal(""), .markdown("ascript:alert(1))")],
    [MarkdownPiece.markdown("[a](java"), .literal("script"), .markdown(":alert(1))")],
    [MarkdownPiece.markdown("![i](da"), .literal("ta"), .markdown(":text/html,x)")],
    [MarkdownPiece.markdown("[a]( "), .literal("vb"), .markdown("script:x)")],
])
func inlineValuesCannotCompleteAScriptURL(pieces: [MarkdownPiece]) {
    var ids = IDAllocator(reserved: [])
    let html = MarkdownRenderer(unsafeHTML: false).render(pieces, scope: "c", ids: &ids).html
    #expect(!html.lowercased().contains("script:"), "\(html)")
    #expect(!html.contains("data:text"), "\(html)")
}

@Test func inlineValuesInSafeURLsStay() {
    var ids = IDAllocator(reserved: [])
    let html = MarkdownRenderer(unsafeHTML: false).render([.markdown("[r](https://x.org/?y="), .literal("2027"), .markdown(")")], scope: "c", ids: &ids).html
    #expect(html.contains("href=\"https://x.org/?y=2027\""), "\(html)")
}
