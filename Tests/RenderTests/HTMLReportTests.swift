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

// MARK: Accessibility (WCAG 2.1 AA): what the browser test (axe-core) checks, here on the HTML text

/// The text of the element with `id` (tags stripped), for a caption or figcaption.
private func elementText(id: String, in html: String) -> String? {
    guard let at = html.range(of: " id=\"\(id)\""), let open = html[at.upperBound...].firstIndex(of: ">") else { return nil }
    let rest = html[html.index(after: open)...]
    let end = [rest.range(of: "</figcaption>"), rest.range(of: "</caption>")].compactMap { $0?.lowerBound }.min() ?? rest.endIndex
    return String(rest[..<end]).replacing(/<[^>]*>/, with: "")
}

/// Each scrollable region's name: its `aria-label`, or the text of its `aria-labelledby`.
private func regionNames(_ html: String) -> [String] {
    tags(in: html).filter { $0.attributes.contains { $0 == ("role", "region") } }.map { tag in
        if let label = tag.attributes.first(where: { $0.name == "aria-label" }) { return label.value }
        let id = tag.attributes.first { $0.name == "aria-labelledby" }?.value ?? ""
        return elementText(id: id, in: html) ?? ""
    }
}

@Test func oneH1TheTitleAndItsRepeatIsLeftOut() {
    func report(_ markdown: String) -> String {
        HTMLReport.render(Report(header: ReportHeader(title: "Japan's  budget", notebookFile: "j.yaml"), cells: [
            ReportCell(id: "intro", kind: .markdown, source: "", markdown: [.markdown(markdown)]),
            ReportCell(id: "more", kind: .markdown, source: "", markdown: [.markdown("# Later\n\n## Sub\n")]),
        ]), options: testOptions)
    }
    // The first heading repeats the title (case and spacing aside): left out, and the
    // author's `##` sections become the report's h2 (no level skipped).
    let same = report("# japan's budget\n\nText.\n\n## Part one\n\n### Detail\n")
    #expect(occurrences(of: "<h1", in: same) == 1 && same.contains("<h1 class=\"title\">Japan&#39;s  budget</h1>"))
    #expect(!same.contains("budget</h2>"))
    #expect(same.contains("<h2 id=\"part-one\">Part one</h2>") && same.contains("<h3 id=\"detail\">Detail</h3>"))
    #expect(same.contains("<h2 id=\"later\">Later</h2>") && same.contains("<h2 id=\"sub\">Sub</h2>"), "a later # stays below the h1")
    #expect(same.contains("<li class=\"toc-h1\"><a href=\"#part-one\">Part one</a></li>"))
    // Another first heading: every Markdown heading one level down.
    let other = report("# Overview\n\n## Part one\n")
    #expect(occurrences(of: "<h1", in: other) == 1)
    #expect(other.contains("<h2 id=\"overview\">Overview</h2>") && other.contains("<h3 id=\"part-one\">Part one</h3>"))
    #expect(other.contains("<h2 id=\"later\">Later</h2>") && other.contains("<h3 id=\"sub\">Sub</h3>"))
    // Not first in its cell: kept.
    let notFirst = report("Intro.\n\n# Japan's budget\n")
    #expect(notFirst.contains("<h2 id=\"japan-s-budget\">Japan's budget</h2>"))
}

@Test func landmarksAndSkipLink() {
    let html = HTMLReport.render(smallReport(), options: testOptions)
    #expect(occurrences(of: "<main", in: html) == 1)
    // The skip link comes first and points at main; header, contents and footer are
    // landmarks of their own outside it (not inside an article, where they would not be).
    let skip = try? #require(html.range(of: "<a class=\"skip-link\" href=\"#content\">"))
    #expect(skip.map { html[..<$0.lowerBound].hasSuffix("<body>\n") } == true)
    #expect(!html.contains("<article"))
    let main = html.components(separatedBy: "<main id=\"content\" tabindex=\"-1\">")
    #expect(main.count == 2 && main[0].contains("<header class=\"folio-header\">") && main[0].contains("<nav class=\"toc\""))
    #expect(main[1].contains("</main>\n<footer class=\"folio-footer\">"))
    // A heading named "content" does not take main's id.
    let clash = HTMLReport.render(Report(header: ReportHeader(title: "t", notebookFile: "t.yaml"), cells: [
        ReportCell(id: "a", kind: .markdown, source: "", markdown: [.markdown("# Content\n")]),
    ]), options: testOptions)
    #expect(clash.contains("<main id=\"content\"") && clash.contains("<h2 id=\"content-2\">Content</h2>"))
    let site = SiteIndex.render([SiteEntry(title: "A", description: nil, folder: "a", status: "ok", hasReport: true)], folioVersion: "1")
    #expect(site.contains("<body>\n<a class=\"skip-link\" href=\"#reports\">Skip to the content</a>\n"))
    #expect(occurrences(of: "<main id=\"reports\"", in: site) == 1 && occurrences(of: "<h1", in: site) == 1)
    #expect(site.contains("</ul>\n</main>\n<footer"))
}

@Test func everyTableAndScrollingBoxIsNamedDistinctly() {
    let t = makeTable(["country": strings(["Japan", "Korea"]), "share": numbers([1.4, 2.6])])
    let chart = Chart(kind: .bar, table: t, x: "country", y: ["share"], title: "Shares")
    var numbered = ReportCell(id: "n", kind: .code, source: "show(t)", caption: "Shares in 2024", outputs: [.table(t, caption: nil)])
    numbered.number = ReportNumber(text: "Table 1", label: "tbl-n")
    let report = Report(header: ReportHeader(title: "t", notebookFile: "t.yaml"), cells: [
        ReportCell(id: "a", kind: .code, source: "show(t, \"Same\")", outputs: [.table(t, caption: "Same")]),
        ReportCell(id: "b", kind: .code, source: "show(t, \"Same\")", outputs: [.table(t, caption: "Same")]),
        numbered,
        ReportCell(id: "c", kind: .code, source: "t", outputs: [.table(t, caption: nil)]),
        ReportCell(id: "d", kind: .code, source: "chart", caption: "A chart", outputs: [.chart(chart, caption: nil)]),
        ReportCell(id: "e", kind: .code, source: "two", caption: "Two outputs", outputs: [.table(t, caption: nil), .text("x", caption: "note")]),
    ])
    let html = HTMLReport.render(report, options: testOptions)
    // Every table: named by its figure's caption (by reference) or by a caption of its own.
    let tables = html.components(separatedBy: "<table class=\"folio-table\"").dropFirst()
    #expect(tables.count == 6)  // five tables and the chart's data
    for table in tables {
        let named = table.hasPrefix(" aria-labelledby=\"") || table.hasPrefix(">\n<caption class=\"visually-hidden\" id=\"")
        #expect(named, "\(table.prefix(120))")
    }
    // The cell's caption names its one table from inside the figure; a cell with other
    // outputs keeps it as a paragraph under them.
    #expect(html.contains("</div>\n<figcaption class=\"caption numbered\" id=\"n-caption\"><span class=\"caption-number\">Table 1:</span> Shares in 2024</figcaption>\n</figure>"))
    #expect(html.contains("<figcaption class=\"caption\" id=\"d-caption\">A chart</figcaption>\n</figure>"))
    #expect(html.contains("<p class=\"caption\">Two outputs</p>"))
    #expect(html.contains("<caption class=\"visually-hidden\" id=\"c-caption\">Table: country, share (2 rows)</caption>"))
    #expect(html.contains("<caption class=\"visually-hidden\" id=\"d-data\">Data of the chart: Shares</caption>"))
    // Every region is reachable by keyboard and has a name of its own.
    let names = regionNames(html)
    #expect(names.count == 6 + 6)  // the tables' boxes and each code cell's source
    #expect(Set(names).count == names.count, "\(names)")
    #expect(names.contains("Same") && names.contains("Same (2)") && names.contains("Table 1: Shares in 2024") && names.contains("Code of cell a"))
    #expect(occurrences(of: "role=\"region\"", in: html) == occurrences(of: "tabindex=\"0\" role=\"region\"", in: html))
}

@Test func theKeyColumnHeadsItsRows() {
    func body(_ t: Table) -> String { HTMLBuilder.tableHTML(t, csvFile: nil).components(separatedBy: "<tbody>").last ?? "" }
    let keyed = body(makeTable(["country": strings(["Japan", "Korea"]), "share": numbers([1.4, 2.6])]))
    #expect(occurrences(of: "<th scope=\"row\" class=\"label\">", in: keyed) == 2 && occurrences(of: "<td", in: keyed) == 2)
    #expect(body(makeTable(["year": numbers([2024, 2025]), "v": numbers([1, 2])])).contains("<th scope=\"row\" class=\"num\">2024</th>"))
    // Not a key: repeated values, a null, fractions, true/false, or a table of one column.
    for t in [makeTable(["k": strings(["a", "a"]), "v": numbers([1, 2])]), makeTable(["k": strings(["a", nil]), "v": numbers([1, 2])]),
              makeTable(["k": numbers([0.5, 1.5]), "v": numbers([1, 2])]), makeTable(["k": .bools([true, false]), "v": numbers([1, 2])]),
              makeTable(["k": strings(["a", "b"])])] {
        #expect(!body(t).contains("<th"), "\(t.names)")
    }
}

@Test func scrollingBoxesAndCodeWrapInTheStylesheet() {
    let css = ReportStyle.css
    // A focused region shows a ring; code in text wraps (it could not be scrolled by keyboard).
    #expect(css.contains(":focus-visible { outline: 2px solid var(--link);"))
    #expect(css.contains(".prose pre { background: var(--tint); padding: 0.8rem 1rem; border-radius: 4px; white-space: pre-wrap;"))
    #expect(css.contains(".skip-link:focus { top: 0.5rem; }"))
    // The Markdown headings' look follows them one level down.
    #expect(css.contains(".prose h2 { font-size: 1.65rem;") && !css.contains(".prose h1 {"))
}

/// Hatch patterns are defined once in the page (ids are unique), however many charts
/// and panels use them; every `url(#…)` finds its definition.
@Test func hatchPatternsAreDefinedOncePerPage() {
    let t = makeTable(["k": strings(["a", "b", "a", "b"]), "g": strings(["x", "x", "y", "y"]), "v": numbers([3, 2, 1.5, 4]),
                       "f": strings(["p", "q", "p", "q"])])
    let bars = Chart(kind: .bar, table: t, x: "k", y: ["v"], group: "g")
    var facets = bars
    facets.facet = "f"
    let report = Report(header: ReportHeader(title: "t", notebookFile: "t.yaml"), cells: [
        ReportCell(id: "a", kind: .code, source: "", outputs: [.chart(bars, caption: nil), .chart(bars, caption: nil), .chart(facets, caption: nil)]),
    ])
    let html = HTMLReport.render(report, options: testOptions)
    let ids = tags(in: html).compactMap { $0.attributes.first { $0.name == "id" }?.value }
    #expect(Set(ids).count == ids.count, "\(ids.filter { id in ids.filter { $0 == id }.count > 1 })")
    #expect(occurrences(of: "<pattern id=\"folio-hatch-1-1\"", in: html) == 1)
    #expect(occurrences(of: "fill=\"url(#folio-hatch-1-1)\"", in: html) >= 4)
    let standalone = ReportFiles.standaloneSVG(facets)
    #expect(occurrences(of: "<pattern id=\"folio-hatch-1-1\"", in: standalone) == 1)
}
