import ReportModel
import Testing
@testable import Render

private func render(_ pieces: [MarkdownPiece], unsafe: Bool = false, reserved: [String] = []) -> MarkdownRenderer.Output {
    var ids = IDAllocator(reserved: reserved)
    return MarkdownRenderer(unsafeHTML: unsafe).render(pieces, scope: "c", ids: &ids)
}

@Test func gfmExtensions() {
    let html = render([.markdown("| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~old~~ see www.example.com\n\n- [x] done\n\nNote.[^n]\n\n[^n]: Here.\n")]).html
    #expect(html.contains("<table>"))
    #expect(html.contains("<td align=\"right\">2</td>"))
    #expect(html.contains("<del>old</del>"))
    #expect(html.contains("<a href=\"http://www.example.com\">"))
    #expect(html.contains("type=\"checkbox\""))
    // Footnote ids carry the cell's id so that two cells' footnotes do not collide.
    #expect(html.contains("href=\"#c-fn-n\""))
    #expect(html.contains("id=\"c-fn-n\""))
    #expect(!html.contains("\"fn-n\""))
}

@Test func literalsAreNeverMarkdownOrHTML() {
    let html = render([.markdown("Value: **"), .literal("*not emphasis* <b>x</b> & [l](javascript:alert(1))"), .markdown("**")]).html
    #expect(html.contains("<strong>*not emphasis* &lt;b&gt;x&lt;/b&gt; &amp; [l](javascript:alert(1))</strong>"))
    #expect(!html.contains("<em>"))
    #expect(!html.contains("<a "))
    // In a code span, as typed.
    let code = render([.markdown("`"), .literal("<&>"), .markdown("`")]).html
    #expect(code.contains("<code>&lt;&amp;&gt;</code>"))
    // In a link destination: percent-encoded, so it cannot become a javascript: URL.
    let link = render([.markdown("[go]("), .literal("javascript:alert(1)"), .markdown(")")]).html
    #expect(link.contains("href=\"javascript%3Aalert%281%29\""))
}

@Test func authorsPlaceholderCharactersCannotForgeLiterals() {
    let html = render([.markdown("\u{E000}0\u{E001}"), .literal("secret")]).html
    #expect(html.contains("\u{FFFD}0\u{FFFD}secret"))
}

@Test func rawHTMLAndUnsafeLinksDroppedByDefault() {
    let source = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) [b](vbscript:x) [c](data:text/html,x) <span onclick=\"x\">t</span>\n"
    let safe = render([.markdown(source)]).html
    #expect(!safe.contains("<script"))
    #expect(!safe.contains("<img"))
    #expect(!safe.contains("onerror"))
    #expect(!safe.contains("onclick"))
    #expect(!safe.contains("javascript:"))
    #expect(!safe.contains("vbscript:"))
    #expect(!safe.contains("data:text"))
    let unsafe = render([.markdown(source)], unsafe: true).html
    #expect(unsafe.contains("<span onclick"))
    // GitHub's tag filter still disarms <script> with raw HTML on.
    #expect(!unsafe.contains("<script>"))
}

@Test func headingIDsAreUniqueAndAvoidCellIDs() {
    let out = render([.markdown("# Results\n\n## Results\n\n### Über `x` & y\n\n#### !!!\n")], reserved: ["results"])
    #expect(out.headings.map(\.id) == ["results-2", "results-3", "über-x-y", "section"])
    #expect(out.headings.map(\.level) == [1, 2, 3, 4])
    #expect(out.headings[2].text == "Über x & y")
    #expect(out.html.contains("<h1 id=\"results-2\">Results</h1>"))
    #expect(out.html.contains("<h3 id=\"über-x-y\">"))
}

@Test func headingTextIncludesLiterals() {
    let out = render([.markdown("## Spending in "), .literal("2027"), .markdown("\n")])
    #expect(out.headings.first?.text == "Spending in 2027")
    #expect(out.headings.first?.id == "spending-in-2027")
}

/// A literal that looks like an encoded placeholder stays what it is.
@Test func literalsAreNotScannedTwice() {
    let html = render([.literal("%EE%80%800%EE%80%81 \u{E002}0\u{E003}"), .markdown(" and "), .literal("second")]).html
    #expect(html.contains("%EE%80%800%EE%80%81"))
    #expect(html.contains(" and second"))
    #expect(occurrences(of: "second", in: html) == 1)
}
