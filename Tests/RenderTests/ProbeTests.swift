import Testing
@testable import Render

@Test func probe() {
    var ids = IDAllocator(reserved: ["intro"])
    let r = MarkdownRenderer(unsafeHTML: false).render([
        .markdown("# Intro\n\nText[^1] and [link](https://x.org/"), .literal("a b/<c>"), .markdown(") and **"), .literal("*x*"),
        .markdown("** <script>alert(1)</script> [bad](javascript:alert(1))\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n## Second `code` "), .literal("<y>"),
        .markdown("\n\n[^1]: The note.\n\n- [x] done\n- ~~gone~~ www.example.com\n"),
    ], scope: "c1", ids: &ids)
    print(r.html)
    print(r.headings)
}
