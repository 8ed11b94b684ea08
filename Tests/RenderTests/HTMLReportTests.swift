import NotebookFormat
import ReportModel
import Tabular
import Testing
@testable import Render

/// A small report for the golden file: one of each cell state.
func smallReport() -> Report {
    let table = makeTable(["country": strings(["Poland", nil]), "share": numbers([0.041, nil]), "member": .bools([true, false])])
    return Report(
        header: ReportHeader(title: "Small & simple", subtitle: "A golden", author: "Analyst", date: "2026-01-02",
                             description: "Checks the HTML.", notebookFile: "small.yaml",
                             parameters: [ReportParameter(name: "rate", value: .number(2)), ReportParameter(name: "tags", value: .list([.string("a"), .bool(true)]))]),
        cells: [
            ReportCell(id: "intro", kind: .markdown, source: "", markdown: [.markdown("# Intro\n\nRate is "), .literal("2"), .markdown(".\n\n## Details\n")]),
            ReportCell(id: "calc", kind: .code, source: "show(t, \"Shares\")\nprint(\"done\")\n", caption: "Cell caption",
                       outputs: [.table(table, caption: "Shares"), .text("done"), .value("42"), .list(items: ["1", "2"], total: 2),
                                 .record([("a", "1")])]),
            ReportCell(id: "hidden", kind: .code, source: "secret = 1", echo: false, outputs: [.value("1")]),
            ReportCell(id: "bad", kind: .code, status: .error, source: "1 / 0", error: ReportError(message: "division by zero", position: "small.yaml:9:7")),
            ReportCell(id: "after", kind: .code, status: .skipped, source: "x = bad", skipReason: "uses `x` from failed cell `bad`"),
            ReportCell(id: "end", kind: .markdown, status: .notRun, source: "Bye {{ x }}"),
        ])
}

@Test func smallReportMatchesGolden() {
    let html = HTMLReport.render(smallReport(), options: testOptions)
    // The stylesheet has its own review; the golden holds the structure.
    let withoutStyle = html.replacing(ReportStyle.css, with: "/* css */\n")
    assertSnapshot(withoutStyle, named: "small-report.html")
}

@Test func structureHooks() {
    let html = HTMLReport.render(smallReport(), options: testOptions)
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:"))
    #expect(occurrences(of: "<div class=\"folio\">", in: html) == 1)
    #expect(occurrences(of: "<main id=\"content\" tabindex=\"-1\">", in: html) == 1)
    #expect(html.contains("<body>\n<a class=\"skip-link\" href=\"#content\">Skip to the content</a>\n<div class=\"folio\">\n<header class=\"folio-header\">"))
    #expect(html.contains("<section class=\"cell markdown\" id=\"intro\" data-status=\"ok\">"))
    #expect(html.contains("<section class=\"cell code\" id=\"calc\" data-status=\"ok\">"))
    #expect(html.contains("<section class=\"cell code\" id=\"bad\" data-status=\"error\">"))
    #expect(html.contains("<section class=\"cell code\" id=\"after\" data-status=\"skipped\">"))
    #expect(html.contains("<section class=\"cell markdown\" id=\"end\" data-status=\"not-run\">"))
    #expect(occurrences(of: "<section class=\"cell ", in: html) == 6)
    #expect(occurrences(of: "<pre class=\"source\" tabindex=\"0\" role=\"region\" aria-label=\"Code of cell ", in: html) == 3)  // calc, bad, after; hidden has echo false
    #expect(!html.contains("secret = 1"))
    #expect(html.contains("<div class=\"output\">"))
    #expect(html.contains("<figcaption id=\"calc-caption\">Shares</figcaption>\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"calc-caption\">\n<table class=\"folio-table\" aria-labelledby=\"calc-caption\">\n<thead>"))
    #expect(html.contains("<tbody>"))
    #expect(html.contains("<th scope=\"col\" class=\"num\">share</th>"))
    #expect(html.contains("<td class=\"num\">"))
    #expect(html.contains("<pre class=\"text\">done</pre>"))
    #expect(html.contains("<div class=\"error\">"))
    #expect(html.contains("small.yaml:9:7"))
    #expect(html.contains("<code>x</code> from failed cell <code>bad</code>"))
    #expect(html.contains("Not run:"))
    // Contents from the headings, linking to their ids.
    #expect(html.contains("<li class=\"toc-h1\"><a href=\"#intro-2\">Intro</a></li>"))
    #expect(html.contains("<h2 id=\"intro-2\">Intro</h2>"))
    #expect(occurrences(of: "<h1", in: html) == 1)
    // No script and no external resource of any kind.
    #expect(!html.contains("<script"))
    #expect(!html.contains("src="))
    #expect(!html.contains("http://") && !html.contains("https://"))
    #expect(!html.contains("@import") && !html.contains("url("))
}

@Test func chartStructure() {
    let report = Report(header: ReportHeader(title: "c", notebookFile: "c.yaml"), cells: [
        ReportCell(id: "c", kind: .code, source: "", outputs: [.chart(Chart(kind: .line, table: SampleReport.budgetTable(), x: "year", y: ["spending"], title: "Spend"), caption: "Fig")]),
    ])
    let html = HTMLReport.render(report, options: testOptions)
    #expect(html.contains("<svg class=\"folio-chart\" role=\"img\""))
    #expect(html.contains("<title>Spend</title>"))
    #expect(html.contains("<figcaption>Fig</figcaption>"))
}

@Test func longTablesAndListsAreCut() {
    let big = makeTable(["n": numbers((0..<120).map(Double.init))])
    let report = Report(header: ReportHeader(title: "t", notebookFile: "t.yaml"), cells: [
        ReportCell(id: "big", kind: .code, source: "", outputs: [.table(big), .table(big), .list(items: (0..<150).map(String.init), total: 1000)]),
    ])
    let html = HTMLReport.render(report, options: testOptions)
    #expect(occurrences(of: "<tr>", in: html) == 2 * (50 + 1))
    #expect(html.contains("… and 70 more rows (all in <a href=\"big.csv\">big.csv</a>)"))
    #expect(html.contains("… and 70 more rows (all in <a href=\"big-2.csv\">big-2.csv</a>)"))
    #expect(occurrences(of: "<li>", in: html) == 100)
    #expect(html.contains("… and 900 more (1000 in all)"))
    // Without CSV output there is no file to point to.
    var htmlOnly = testOptions
    htmlOnly.formats = [.html]
    let noCSV = HTMLReport.render(report, options: htmlOnly)
    #expect(noCSV.contains("… and 70 more rows</p>"))
    #expect(!noCSV.contains("big.csv"))
}

@Test func displayFormatsApplyToHTMLOnly() throws {
    var table = makeTable(["x": numbers([1234.5]), "y": numbers([0.5])])
    table.display = [ColumnDisplay(format: "#,##0.00"), ColumnDisplay(format: "not a pattern \\")]
    let html = HTMLBuilder.tableHTML(table, csvFile: nil)
    let pattern = try NumberPattern("#,##0.00")
    #expect(html.contains("<td class=\"num\">" + Escape.text(pattern.format(1234.5)) + "</td>"))
}

/// Every user-controlled string, hostile: nothing executable may reach the HTML.
@Test func hostileInputsStayInert() {
    let evil = "<script>alert(1)</script><img src=x onerror=alert(1)>\"'><a href=\"javascript:alert(1)\">x</a>"
    let table = makeTable([evil: strings([evil]), "v": numbers([1])])
    let chart = Chart(kind: .scatter, table: table, x: "v", y: ["v"], label: evil, title: evil, xLabel: evil, yLabel: evil)
    let report = Report(
        header: ReportHeader(title: evil, subtitle: evil, author: evil, date: evil, description: evil, notebookFile: evil,
                             parameters: [ReportParameter(name: evil, value: .string(evil))]),
        cells: [
            ReportCell(id: "m", kind: .markdown, source: "", caption: evil, markdown: [
                .markdown("# " + evil + "\n\n" + evil + "\n\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) <javascript:alert(1)>\n\n"), .literal(evil),
                .markdown("\n\n[z]("), .literal("javascript:alert(1)"), .markdown(")\n"),
            ]),
            ReportCell(id: "c", kind: .code, source: evil, caption: evil,
                       outputs: [.text(evil, caption: evil), .value(evil), .list(items: [evil], total: 1), .record([(evil, evil)]),
                                 .table(table, caption: evil), .chart(chart, caption: evil)],
                       error: ReportError(message: evil, position: evil), skipReason: evil),
            ReportCell(id: "s", kind: .code, status: .skipped, source: evil, skipReason: evil),
        ])
    let html = HTMLReport.render(report, options: testOptions)
    #expect(html.contains("&lt;script&gt;"))
    // Every tag in the document is one Render writes, with no event handler and no
    // script URL: escaped text may mention them, markup may not.
    let allowed: Set<String> = ["!doctype", "!--", "details", "summary", "defs", "pattern", "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "caption",
                                "p", "span", "dl", "div", "dt", "dd", "nav", "ol", "li", "a", "section", "pre", "code", "figure",
                                "figcaption", "table", "thead", "tbody", "tr", "th", "td", "ul", "strong", "svg", "desc", "rect",
                                "g", "line", "text", "circle", "path", "footer", "em", "hr", "blockquote", "sup", "del", "input"]
    for tag in tags(in: html) {
        #expect(allowed.contains(tag.name), "unexpected tag <\(tag.name)")
        #expect(!tag.attributes.contains { $0.name.hasPrefix("on") }, "event handler in <\(tag.name)>")
        for attribute in tag.attributes where ["href", "src", "xlink:href", "action"].contains(attribute.name) {
            let value = attribute.value.lowercased().filter { !$0.isWhitespace }
            #expect(!value.hasPrefix("javascript:") && !value.hasPrefix("vbscript:") && !value.hasPrefix("data:"), "\(attribute.value)")
        }
    }
    for file in ReportFiles.files(for: report, options: testOptions) where file.path.hasSuffix(".svg") {
        let svg = String(decoding: file.bytes, as: UTF8.self)
        for tag in tags(in: svg) {
            #expect(["?xml", "svg", "title", "desc", "rect", "g", "line", "text", "circle", "path"].contains(tag.name), "<\(tag.name)")
            #expect(!tag.attributes.contains { $0.name.hasPrefix("on") || $0.name.contains("href") })
        }
    }
}

struct Tag {
    var name: String
    var attributes: [(name: String, value: String)]
}

/// A small tag scanner for the tests: the opening tags of an HTML or SVG document
/// with their quoted attributes. Text between tags is skipped; `<` never appears in
/// text that Render escaped.
func tags(in document: String) -> [Tag] {
    var result: [Tag] = []
    var rest = Substring(document)
    while let lt = rest.firstIndex(of: "<") {
        rest = rest[rest.index(after: lt)...]
        if rest.hasPrefix("/") { continue }
        if rest.hasPrefix("!--") {
            result.append(Tag(name: "!--", attributes: []))
            if let end = rest.firstRange(of: "-->") { rest = rest[end.upperBound...] }
            continue
        }
        if rest.lowercased().hasPrefix("style") {
            // CSS text contains no tags; skip to the end of the element.
            result.append(Tag(name: "style", attributes: []))
            if let end = rest.firstRange(of: "</style>") { rest = rest[end.upperBound...] }
            continue
        }
        let name = rest.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
        rest = rest[name.endIndex...]
        var attributes: [(name: String, value: String)] = []
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "/" }
            guard let first = rest.first, first != ">" else { break }
            let attrName = rest.prefix { !$0.isWhitespace && $0 != "=" && $0 != ">" }
            rest = rest[attrName.endIndex...]
            var value = ""
            if rest.first == "=" {
                rest = rest.dropFirst()
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    rest = rest.dropFirst()
                    value = String(rest.prefix { $0 != quote })
                    rest = rest[rest.index(rest.startIndex, offsetBy: value.count)...].dropFirst()
                } else {
                    value = String(rest.prefix { !$0.isWhitespace && $0 != ">" })
                    rest = rest[rest.index(rest.startIndex, offsetBy: value.count)...]
                }
            }
            if attrName.isEmpty { rest = rest.dropFirst() } else { attributes.append((attrName.lowercased(), value)) }
        }
        result.append(Tag(name: name.lowercased(), attributes: attributes))
    }
    return result
}

@Test func renderingIsDeterministic() {
    let options = RenderOptions(formats: [.html, .csv, .json, .ipynb], folioVersion: "1", inputFiles: [InputFile(path: "a", sha256: "00")])
    let first = ReportFiles.files(for: SampleReport.report(), options: options)
    let second = ReportFiles.files(for: SampleReport.report(), options: options)
    #expect(first == second)
}

/// A table whose invariants were never checked (names and columns of different
/// counts, short columns) renders without trapping.
@Test func malformedTablesDoNotCrash() {
    var table = Table(uncheckedNames: ["a"], columns: [.numbers([1]), .strings(["x", "y"])], rowCount: 3)
    table.display = []
    let chart = Chart(kind: .bar, table: table, x: "a", y: ["a"])
    let report = Report(header: ReportHeader(title: "t", notebookFile: "t.yaml"), cells: [
        ReportCell(id: "a", kind: .code, source: "", outputs: [.table(table), .chart(chart)]),
    ])
    let files = ReportFiles.files(for: report, options: RenderOptions(formats: [.html, .json, .ipynb], folioVersion: "1"))
    #expect(files.map(\.path) == ["index.html", "a.svg", "results.json", "t.ipynb", "manifest.json"])
    let html = String(decoding: files[0].bytes, as: UTF8.self)
    // The table, and the chart's data under it (the same rows).
    #expect(occurrences(of: "<tr>", in: html) == 8)
    #expect(html.contains("wrong length"))
}

/// The Runner renders notebooks in parallel (`--jobs`): same bytes from every thread.
@Test func renderingInParallelGivesTheSameBytes() async {
    let expected = HTMLReport.render(SampleReport.report(), options: testOptions)
    let results = await withTaskGroup(of: String.self) { group in
        for _ in 0..<8 {
            group.addTask { HTMLReport.render(SampleReport.report(), options: testOptions) }
        }
        var all: [String] = []
        for await html in group { all.append(html) }
        return all
    }
    #expect(results.count == 8)
    #expect(results.allSatisfy { $0 == expected })
}

@Test func consecutivePrintsShareOneBlock() {
    let report = Report(header: ReportHeader(title: "t", notebookFile: "t.yaml"), cells: [
        ReportCell(id: "p", kind: .code, source: "", outputs: [.text("a"), .text("b <c>"), .value("1"), .text("d")]),
    ])
    let html = HTMLReport.render(report, options: testOptions)
    #expect(html.contains("<pre class=\"text\">a\nb &lt;c&gt;</pre>\n<div class=\"value\">1</div>\n<pre class=\"text\">d</pre>"))
}

@Test func contentsNeedTwoHeadings() {
    func html(_ markdown: String) -> String {
        HTMLReport.render(Report(header: ReportHeader(title: "t", notebookFile: "t.yaml"), cells: [
            ReportCell(id: "m", kind: .markdown, source: markdown),
        ]), options: testOptions)
    }
    #expect(!html("# Only one\n\n#### Deep\n").contains("<nav class=\"toc\""))
    let two = html("# One\n\n### Three\n\n#### Four\n")
    #expect(two.contains("<nav class=\"toc\""))
    #expect(two.contains("<li class=\"toc-h3\"><a href=\"#three\">Three</a></li>"))
    #expect(!two.contains("href=\"#four\""))
}

/// Wide tables: the scroll box widens past the text column up to the window before it
/// scrolls, and on paper it takes the page's width with wrapping cells (nothing cut).
@Test func wideTablesBreakOutOfTheColumnAndPrintWhole() throws {
    let css = ReportStyle.css
    let screen = try #require(css.range(of: ".table-scroll {\n"))
    let rule = css[screen.upperBound...].prefix { $0 != "}" }
    #expect(rule.contains("width: max-content") && rule.contains("max-width: calc(100vw - 2rem)") && rule.contains("overflow-x: auto"))
    let print = try #require(css.range(of: "@media print {"))
    let printed = css[print.upperBound...]
    #expect(printed.contains(".table-scroll { overflow: visible; width: auto;"))
    #expect(printed.contains("white-space: normal !important"))
}
