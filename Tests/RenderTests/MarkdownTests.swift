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
    // Aligned columns through `style`: `align` is obsolete HTML (the Nu checker rejects it).
    #expect(html.contains("<td style=\"text-align: right\">2</td>"), "\(html)")
    #expect(!html.contains("align=\""))
    #expect(html.contains("<del>old</del>"))
    #expect(html.contains("<a href=\"http://www.example.com\">"))
    #expect(html.contains("type=\"checkbox\""))
    // Footnotes come out as markers and definitions: the report numbers them (Footnotes).
    let rendered = render([.markdown("Note.[^n]\n\n[^n]: Here.\n")])
    #expect(rendered.html == "<p>Note.\u{1}n\u{2}</p>\n", "\(rendered.html)")
    #expect(rendered.footnotes.map(\.label) == ["n"])
    #expect(rendered.footnotes.first?.html == "<p>Here.</p>")
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
    // One level down: the report's title is its one h1.
    #expect(out.html.contains("<h2 id=\"results-2\">Results</h2>"))
    #expect(out.html.contains("<h4 id=\"über-x-y\">"))
    #expect(!out.html.contains("<h1"))
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

@Test func aFailedInlineValueIsMarkedInPlace() {
    let html = render([.markdown("A **"), .error("index 7 is out of range <1..2>"), .markdown("** b "), .literal("ok"), .markdown(".")]).html
    #expect(html.contains("<p>A <strong><span class=\"inline-error\"><strong>Error:</strong> index 7 is out of range &lt;1..2&gt;</span></strong> b ok.</p>"), "\(html)")
    // Inside an attribute (an image's alt text) it is plain escaped text; in a URL, nothing.
    let image = render([.markdown("![a "), .error("bad \"x\" <y>"), .markdown("](p.png) [l](x"), .error("e"), .markdown(")")]).html
    #expect(image.contains("alt=\"a Error: bad &quot;x&quot; &lt;y&gt;\""), "\(image)")
    #expect(image.contains("href=\"x\""), "\(image)")
    #expect(!image.contains("<span"))
    // A heading's contents entry reads the message.
    let heading = render([.markdown("# T "), .error("oops")])
    #expect(heading.headings.first?.text == "T oops")
}

@Test(arguments: [("NOTE", "Note"), ("tip", "Tip"), ("Important", "Important"), ("WARNING", "Warning"), ("CAUTION", "Caution")])
func alertsBecomeLabelledCallouts(marker: String, label: String) {
    let html = render([.markdown("> [!\(marker)]\n> Data are *provisional*.\n>\n> > inner quote\n\nAfter.\n")]).html
    let kind = label.lowercased()
    #expect(html.contains("<div class=\"callout \(kind)\" role=\"note\">\n<p class=\"callout-title\">\(label)</p>\n<p>Data are <em>provisional</em>.</p>\n<blockquote>\n<p>inner quote</p>\n</blockquote>\n</div>\n<p>After.</p>"), "\(html)")
    #expect(!html.contains("[!"))
}

@Test func alertMarkerOnItsOwnParagraphAndOrdinaryQuotes() {
    let own = render([.markdown("> [!WARNING]\n>\n> Second.\n")]).html
    #expect(own.contains("<p class=\"callout-title\">Warning</p>\n<p>Second.</p>\n</div>"), "\(own)")
    // Not an alert: an unknown kind, or text after the marker on its line.
    for text in ["> [!NOTES]\n> x\n", "> [!NOTE] x\n", "> plain\n"] {
        let html = render([.markdown(text)]).html
        #expect(html.contains("<blockquote>") && !html.contains("callout"), "\(html)")
    }
}

/// A Markdown table gets a name from its column headers (a caption only assistive
/// technology reads); header text stays escaped, with its markup gone.
@Test func markdownTablesAreNamedByTheirHeaders() {
    let out = render([.markdown("| Country | **Share** <b>x</b> | a < b |\n|---|--:|---|\n| Japan | 1.4 | y |\n")])
    #expect(out.html.contains("<table>\n<caption class=\"visually-hidden\">Table: Country, Share x, a &lt; b</caption>\n<thead>"), "\(out.html)")
    #expect(occurrences(of: "<caption", in: out.html) == 1)
}
