import Foundation
import NotebookFormat
import Testing
@testable import Runner

/// SPEC-2 F, end to end: what the report makes of inline values, labels, footnotes,
/// callouts and images.
@Suite struct ReportFeatureTests {
    @Test func aFailingInlineValueIsMarkedInPlaceAndTheRestRenders() throws {
        let ws = try Workspace()
        let nb = try ws.write("inline.yaml", """
            folio: 1
            title: Inline
            params:
              rates: [1, 2]
            cells:
              - markdown: |
                  Before **{{ fmt(rates[0], "0.0") }}**, then {{ rates[7] }} and *{{ len(rates) }}* after.
              - code: |
                  x = 1

            """)
        let result = try #require(try ws.run([nb]).first)
        #expect(result.status == .failed)
        #expect(result.cells.first?.status == .error)
        #expect(result.diagnostics.contains { $0.severity == .error && $0.location?.line == 7 })
        let html = try #require(ws.read("out/index.html"))
        // The rest of the cell is Markdown, rendered: no template source in the report.
        #expect(html.contains("Before <strong>1.0</strong>, then <span class=\"inline-error\"><strong>Error:</strong> "), "\(html)")
        #expect(html.contains(" and <em>2</em> after."))
        #expect(!html.contains("{{"))
    }

    @Test func titlesAndCaptionsTakeInlineValuesAfterTheCells() throws {
        let ws = try Workspace()
        let nb = try ws.write("fields.yaml", """
            folio: 1
            title: Spending {{ year }}
            subtitle: "{{ n }} countries"
            description: Data of {{ year + 1 }}
            params:
              year: 2024
            cells:
              - id: t
                code: |
                  n = 12
                caption: SIPRI {{ year }}, {{ fmt(n, "0.0") }} shown
              - id: bad
                code: |
                  x = [1]
                caption: "Broken {{ x[5] }} here"

            """)
        let result = try #require(try ws.run([nb]).first)
        // The caption's failure fails the run, at its own position.
        #expect(result.status == .failed)
        #expect(result.cells.map(\.status) == [.ok, .ok])
        let error = try #require(result.diagnostics.first { $0.severity == .error })
        #expect(error.location?.line == 15 && error.location?.column == 27, "\(error)")
        let html = try #require(ws.read("out/index.html"))
        #expect(html.contains("<title>Spending 2024</title>"))
        #expect(html.contains("<h1 class=\"title\">Spending 2024</h1>"))
        #expect(html.contains("<p class=\"subtitle\">12 countries</p>"), "n, bound by a cell, is read after the cells ran")
        #expect(html.contains("<p class=\"description\">Data of 2025</p>"))
        #expect(html.contains("<p class=\"caption\">SIPRI 2024, 12.0 shown</p>"))
        #expect(html.contains("<p class=\"caption\">Broken <span class=\"inline-error\"><strong>Error:</strong> "))
        #expect(!html.contains("{{"))
    }

    @Test func anUnknownNameInACaptionIsAStaticError() throws {
        let ws = try Workspace()
        let nb = try ws.write("static.yaml", """
            folio: 1
            title: "T {{ nowhere }}"
            cells:
              - code: |
                  x = 1
                caption: ok {{ x }} {{ 1 + }}

            """)
        let check = NotebookCheck(path: nb)
        let errors = check.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.first?.location?.line == 2 && errors.first?.location?.column == 14)
        #expect(errors.last?.location?.line == 6)
    }

    @Test func labelsNumberCaptionsAndReferencesLinkToThem() throws {
        let ws = try Workspace()
        let nb = try ws.write("labels.yaml", """
            folio: 1
            title: Labels
            cells:
              - markdown: |
                  As @fig-trend shows (and @tbl-totals, @tbl-more), costs rise. `@fig-nowhere` is code.
              - id: chart
                label: fig-trend
                caption: Costs by year
                code: |
                  t = table(year: [2020, 2021], cost: [1, 2])
                  line_chart(t, x: "year", y: "cost")
              - id: totals
                label: tbl-totals
                code: |
                  t
              - id: more
                label: tbl-more
                caption: More
                code: |
                  t
              - markdown: |
                  See [the chart](#chart) or mail a@fig-trend.org; @fig-trend again.

            """)
        let result = try #require(try ws.run([nb]).first)
        #expect(result.status == .ok, "\(result.diagnostics)")
        let html = try #require(ws.read("out/index.html"))
        #expect(html.contains("As <a class=\"xref\" href=\"#chart\">Figure 1</a> shows (and <a class=\"xref\" href=\"#totals\">Table 1</a>, <a class=\"xref\" href=\"#more\">Table 2</a>), costs rise. <code>@fig-nowhere</code> is code."), "\(html)")
        // A cell's caption of its one chart or table is that figure's caption (it names it).
        #expect(html.contains("<figcaption class=\"caption numbered\" id=\"chart-caption\"><span class=\"caption-number\">Figure 1:</span> Costs by year</figcaption>"))
        #expect(html.contains("<figcaption class=\"caption numbered\" id=\"totals-caption\"><span class=\"caption-number\">Table 1</span></figcaption>"), "a label without a caption")
        #expect(html.contains("<span class=\"caption-number\">Table 2:</span> More</figcaption>"))
        #expect(html.contains("a@fig-trend.org"))
        #expect(html.contains("; <a class=\"xref\" href=\"#chart\">Figure 1</a> again."))

        // The ipynb has no anchors: references read as their numbers, captions are numbered.
        _ = try ws.run([nb]) { $0.formats = [.ipynb] }
        let ipynb = try #require(ws.read("out/labels.ipynb"))
        #expect(ipynb.contains("As Figure 1 shows (and Table 1, Table 2), costs rise. `@fig-nowhere` is code."), "\(ipynb)")
        #expect(ipynb.contains("a@fig-trend.org; Figure 1 again."))
        #expect(ipynb.contains("\"Figure 1: Costs by year\"") && ipynb.contains("\"Table 1\"") && ipynb.contains("\"Table 2: More\""), "\(ipynb)")
    }

    @Test func unknownReferencesAndBadLabelsAreStaticErrors() throws {
        let ws = try Workspace()
        let nb = try ws.write("refs.yaml", """
            folio: 1
            title: Refs
            cells:
              - markdown: |
                  See @fig-trnd and @tbl-none.
              - label: fig-trend
                code: |
                  x = 1
              - label: chart-x
                code: |
                  y = 1
              - label: fig-trend
                code: |
                  z = 1

            """)
        let errors = NotebookCheck(path: nb).diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 4, "\(errors)")
        #expect(errors.contains { $0.location?.line == 5 && $0.location?.column == 11 && $0.message.contains("did you mean `@fig-trend`?") })
        #expect(errors.contains { $0.location?.line == 5 && $0.location?.column == 25 && $0.message.contains("`@tbl-none` refers to no table") })
        #expect(errors.contains { $0.location?.line == 9 && $0.message.contains("`fig-NAME`") })
        #expect(errors.contains { $0.location?.line == 12 && $0.message.contains("unique") })
    }

    @Test func footnotesAreNumberedAcrossTheReportAndListedOnceAtItsEnd() throws {
        let ws = try Workspace()
        let nb = try ws.write("notes.yaml", """
            folio: 1
            title: Notes
            cells:
              - markdown: |
                  First[^base], then[^other] and `[^base]`.

                  [^base]: Constant {{ 2024 }} dollars.
                  [^unused]: Never referred to.
              - markdown: |
                  Again[^base]; defined later[^other]; a value {{ "[^base]" }} stays text.

                  [^other]: From *another* cell.

            """)
        let result = try #require(try ws.run([nb]).first)
        #expect(result.status == .ok, "\(result.diagnostics)")
        let html = try #require(ws.read("out/index.html"))
        #expect(html.contains("First<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a></sup>, then<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\""), "\(html)")
        #expect(html.contains("Again<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1-2\""))
        #expect(html.contains("a value [^base] stays text."))
        #expect(html.contains("<code>[^base]</code>"))
        // One list, after the last cell, in order of first reference.
        #expect(html.components(separatedBy: "<section class=\"footnotes\"").count == 2)
        let notes = try #require(html.range(of: "<section class=\"footnotes\"")).lowerBound
        #expect(html[notes...].contains("<li id=\"fn-1\">\n<p>Constant 2024 dollars. <a href=\"#fnref-1\" class=\"footnote-backref\""))
        #expect(html[notes...].contains("<li id=\"fn-2\">\n<p>From <em>another</em> cell. <a href=\"#fnref-2\""))
        #expect(!html.contains("Never referred to"))
        #expect(html.range(of: "id=\"cell-2\"")?.lowerBound ?? notes < notes)
    }

    @Test func aFootnoteDefinedNowhereIsAStaticError() throws {
        let ws = try Workspace()
        let nb = try ws.write("undefined.yaml", """
            folio: 1
            title: Notes
            cells:
              - markdown: |
                  Text[^gone] and[^here] and `[^code]`.
              - markdown: |
                  [^here]: Defined.

            """)
        let errors = NotebookCheck(path: nb).diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.location?.line == 5 && errors.first?.location?.column == 11)
        #expect(errors.first?.message.contains("`[^gone]` is never defined") == true)
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]

    @Test func localImagesAreEmbeddedAsDataURIsAndListedAsInputs() throws {
        let ws = try Workspace()
        try ws.write("img/placeholder", "")
        try Data(Self.png).write(to: URL(fileURLWithPath: ws.path("img/logo.png")))
        let nb = try ws.write("images.yaml", """
            folio: 1
            title: Images
            cells:
              - markdown: |
                  ![The logo](img/logo.png) and ![again](img/logo.png) and ![web](https://example.org/x.png)

            """)
        let result = try #require(try ws.run([nb]).first)
        #expect(result.status == .ok, "\(result.diagnostics)")
        let html = try #require(ws.read("out/index.html"))
        #expect(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgoAAAAN\" alt=\"The logo\" />"), "\(html)")
        #expect(html.contains("<img src=\"https://example.org/x.png\""))
        let manifest = try #require(ws.read("out/manifest.json"))
        #expect(manifest.contains("\"path\": \"img/logo.png\""), "\(manifest)")
    }

    @Test func badImagesAreErrorsAtTheirPosition() throws {
        let ws = try Workspace()
        try ws.write("pic.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(1)</script></svg>")
        try ws.write("fake.png", "not an image at all")
        try ws.write("../outside-\(UUID().uuidString).png", "x")
        var big = Self.png
        big += [UInt8](repeating: 0, count: 10 * 1024 * 1024)
        try Data(big).write(to: URL(fileURLWithPath: ws.path("big.png")))
        let nb = try ws.write("bad.yaml", """
            folio: 1
            title: Images
            cells:
              - markdown: |
                  Text ![a](pic.svg) ![b](fake.png) ![c](../x.png) ![d](missing.png) ![e](big.png) ends.

            """)
        let result = try #require(try ws.run([nb]).first)
        #expect(result.status == .failed)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 5, "\(errors)")
        #expect(errors.map { $0.location?.column ?? 0 } == [17, 31, 46, 61, 79], "\(errors.map(\.description))")
        #expect(errors[0].message.contains("SVG file, which can hold scripts"))
        #expect(errors[1].message.contains("not a PNG, JPEG, GIF or WebP image"))
        #expect(errors[2].message.contains("outside the notebook's folder"))
        #expect(errors[3].message.contains("does not exist"))
        #expect(errors[4].message.contains("at most 10 MB"))
        let html = try #require(ws.read("out/index.html"))
        #expect(!html.contains("<svg xmlns") && !html.contains("onload"))
        #expect(html.contains("Text <img"), "the rest of the cell renders")
    }

    /// An annotation outside the axes is left out of the picture and warned about at the
    /// `annotations:` argument (line and column), also when the chart comes from the cache;
    /// the run still succeeds.
    @Test func anAnnotationOutsideTheAxesIsAPositionedWarning() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("notes.yaml", cells: [("chart", """
            t = table(year: [2020, 2021, 2022], v: [1, 2, 3])
            line_chart(t, x: "year", y: "v", annotations: [{x: 2021, y: 2, text: "inside"}, {x: 2030, y: 2, text: "far"}])
            """)])
        for cache in [false, true, true] {
            let result = try #require(try ws.run([nb]) { $0.cache = cache }.first)
            #expect(result.status == .ok)
            let warnings = result.diagnostics.filter { $0.severity == .warning }
            #expect(warnings.count == 1, "\(result.diagnostics)")
            let warning = try #require(warnings.first)
            #expect(warning.location?.line == 7 && warning.location?.column == 53, "\(warning)")
            #expect(warning.message.contains("1 of 2 annotations lies outside"), "\(warning)")
        }
        let html = try #require(ws.read("out/index.html"))
        #expect(html.contains("inside") && !html.contains(">far<"))
    }
}
