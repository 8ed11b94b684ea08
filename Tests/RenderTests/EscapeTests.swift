import Testing
@testable import Render

@Test func textAndAttributeEscaping() {
    let hostile = "<script>alert('x')</script> & \"q\" \u{01}"
    #expect(Escape.text(hostile) == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; ")
    #expect(Escape.attribute("a\"b'c\nd<e>&") == "a&quot;b&#39;c&#10;d&lt;e&gt;&amp;")
}

@Test func urlAndMarkdownLiteralEscaping() {
    #expect(Escape.urlComponent("javascript:alert(1) é") == "javascript%3Aalert%281%29%20%C3%A9")
    #expect(Escape.markdownLiteral("*a* [b](c) <d>\n# e") == "\\*a\\* \\[b\\]\\(c\\) \\<d\\> \\# e")
}

@Test func svgNumbersHaveAtMostTwoDecimals() {
    #expect(SVGNumber.text(1.004) == "1")
    #expect(SVGNumber.text(12.345678) == "12.35")
    #expect(SVGNumber.text(-0.001) == "0")
    #expect(SVGNumber.text(-3.5) == "-3.5")
    #expect(SVGNumber.text(7.05) == "7.05")
    #expect(SVGNumber.text(400) == "400")
    #expect(SVGNumber.text(.nan) == "0")
}
