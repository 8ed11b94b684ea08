import Foundation
import NotebookFormat
import Testing
@testable import Runner

/// Hostile notebooks, run end to end (load, check, run, render, write): nothing that can
/// execute reaches index.html or a chart's SVG file, whatever a notebook's author puts in
/// its title, header, Markdown, captions, table strings, column names, chart labels,
/// number patterns, printed text or error messages. HTMLSafety lists what counts.
@Suite struct HostileNotebookTests {
    /// Strings an attacker would try, in every place a string can go.
    static let payloads = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
        "</title><script>alert(1)</script>",
        "</style><script>alert(1)</script>",
        "]]><script>alert(1)</script>",
        "javascript:alert(1)",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<!--<script>alert(1)</script>-->",
        "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "\u{E000}0\u{E001}<script>",
    ]

    /// A YAML single-quoted scalar.
    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// A language string literal.
    static func literal(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static let markdown = """
        # <script>alert(1)</script> heading
        <script>alert(1)</script>
        <img src=x onerror="alert(1)">
        <svg><script>alert(1)</script></svg>
        <style>body { background: url(https://evil.example/x) }</style>
        <iframe src="https://evil.example"></iframe>
        <a href="javascript:alert(1)">raw link</a>
        [plain](javascript:alert(1)) [upper](JAVASCRIPT:alert(1)) [entity](jav&#x61;script:alert(1))
        [tab](java&#x09;script:alert(1)) [vb](vbscript:msgbox(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
        ![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) ![img2](javascript:alert(1))
        <javascript:alert(1)> [ref][r] [title](https://ok.example "x\\" onmouseover=\\"alert(1)")

        [r]: javascript:alert(1)

        | <script>alert(1)</script> | b |
        |---|---|
        | <img src=x onerror=alert(1)> | [c](javascript:alert(1)) |

        Inline: {{ "<script>alert(1)</script>" }} {{ "[x](javascript:alert(1))" }} {{ "<img src=x onerror=alert(1)>" }}
        [{{ "javascript:alert(1)" }}]({{ "javascript:alert(1)" }})
        """

    /// Alerts holding payloads, and inline values that fail with a payload in their
    /// message (shown in place in the text, in an alt text and in a link).
    static let inlineFailures = """
        > [!WARNING]
        > Text <script>alert(1)</script> {{ check(false, "<script>alert(1)</script>") }}

        > [!NOTE] <img src=x onerror=alert(1)>

        ![<script>alert(1)</script>](../../../../etc/passwd "\\"><script>") ![x](<a b.png>) ![y](%2e%2e/%2e%2e/etc/passwd)

        As @fig-evil shows, [@fig-evil](javascript:alert(1)) `@fig-evil`.[^x]

        [^x]: <script>alert(1)</script> [l](javascript:alert(1)) {{ evil }}

        ![{{ check(false, "\\"><img src=x onerror=alert(1)>") }}](x.png) [a]({{ check(false, "javascript:alert(1)") }})
        """

    static func notebook() -> String {
        let p = payloads
        var code: [String] = []
        let list = "[" + p.map(literal).joined(separator: ", ") + "]"
        code.append("bad = \(list)")
        code.append("n = len(bad)")
        code.append("t = table(label: bad, v: seq(1, n), w: seq(1, n), g: map(seq(1, n), i => if mod(i, 2) == 0 { bad[0] } else { bad[1] }))")
        code.append("t = rename(t, \"w\", \(literal(p[1])))")
        code.append("show(t, \(literal(p[0])))")
        code.append("show(format(t, v: \(literal("0.0</style><script>alert(1)</script>"))), \(literal(p[3])))")
        code.append("show(format(t, v: \(literal("0;}body{background:url(//evil)}/*"))))")
        code.append("print(\(literal(p[0])), \(literal(p[2])))")
        code.append("show({k: \(literal(p[1]))}, \(literal(p[2])))")
        code.append("show(bad)")
        code.append("show(fmt(3, \(literal("\\\"\"><script>alert(1)</script>\"0"))))")  // quoted pattern text
        code.append("show(fmt(-3, \(literal("0;\\\"><script>alert(1)</script>0"))))")  // an escaped quote, a negative section
        code.append("show(line_chart(t, x: \(literal(p[1])), y: \(literal(p[1])), title: \(literal(p[3])), x_label: \(literal(p[2])), y_label: \(literal(p[5]))), \(literal(p[0])))")
        code.append("show(bar_chart(t, x: \"label\", y: \(literal(p[1])), group: \"g\", title: \(literal(p[0]))))")
        code.append("show(scatter_chart(t, x: \(literal(p[1])), y: \(literal(p[1])), label: \"label\", title: \(literal(p[4]))))")
        // Issue 17's kinds and every new string: span and reference labels, annotation
        // text, end labels (series names), colour values, waterfall total, histogram title.
        code.append("show(line_chart(t, x: \"v\", y: [\(literal(p[1])), \"v\"], band: [\"v\", \(literal(p[1]))], labels: \"end\", reference: [{x: 2, label: \(literal(p[0]))}, {y: 2, label: \(literal(p[2]))}], spans: [{from: 1, to: 2, label: \(literal(p[3]))}], annotations: [{x: 2, y: 2, text: \(literal(p[4]))}, {x: 99, y: 99, text: \(literal(p[5]))}]))")
        code.append("show(bar_chart(t, x: \"v\", y: \"v\", color: \"label\", title: \(literal(p[5]))))")
        code.append("show(scatter_chart(t, x: \"v\", y: \"v\", color: \"g\", label: \"label\"))")
        code.append("show(area_chart(t, x: \"label\", y: [\"v\", \(literal(p[1]))], stacked: true, title: \(literal(p[2]))))")
        code.append("show(waterfall_chart(t, x: \"label\", y: \"v\", total: \(literal(p[0])), title: \(literal(p[3]))))")
        code.append("show(histogram(t, \(literal(p[1])), title: \(literal(p[4])), x_label: \(literal(p[0]))))")
        // Small multiples: every value of the facet column is a panel title (and a word of the desc).
        code.append("show(line_chart(t, x: \"v\", y: \"v\", facet: \"label\", title: \(literal(p[1])), y_label: \(literal(p[2]))))")
        code.append("show(histogram(t, \"v\", facet: \"g\"))")
        let indent = { (text: String) in text.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n") }
        return """
            folio: 1
            title: \(quoted(p[3] + p[0] + "{{ evil }}"))
            subtitle: \(quoted(p[1]))
            author: \(quoted(p[2]))
            date: \(quoted(p[4]))
            description: \(quoted(p[1] + p[5]))
            params:
              evil: \(quoted(p[0]))
            cells:
              - markdown: |
            \(indent(markdown))
                caption: \(quoted(p[0]))
              - id: outputs
                label: fig-evil
                caption: \(quoted(p[1] + " {{ evil }} {{ bad }}"))
                code: |
            \(indent(code.joined(separator: "\n")))
              - id: checks
                code: |
                  check(false, \(literal(p[0] + p[1])))
              - id: errors
                code: |
                  x = \(literal(p[0])) + 1
              - id: inline-errors
                markdown: |
            \(indent(inlineFailures))

            """
    }

    /// `FOLIO_WRITE_SEED=PATH swift test --filter HostileNotebookTests` writes the notebook
    /// as a seed for `fuzz/run notebook`. Without the variable it writes into a temporary
    /// folder, so the check below always runs: the file holds exactly the notebook, and it
    /// is a seed worth having: it loads with no diagnostic and has all its cells (a seed
    /// the loader rejects would only exercise the loader's error path).
    @Test func writeSeedWhenAsked() throws {
        let ws = try Workspace()
        let path = ProcessInfo.processInfo.environment["FOLIO_WRITE_SEED"] ?? ws.path("hostile-seed.yaml")
        try Self.notebook().write(toFile: path, atomically: true, encoding: .utf8)
        let written = try #require(FileManager.default.contents(atPath: path))
        #expect(Array(written) == Array(Self.notebook().utf8))
        let notebook = try NotebookLoader.load(bytes: Array(written), file: "hostile-seed.yaml")
        #expect(notebook.warnings.isEmpty, "\(notebook.warnings)")
        #expect(notebook.cells.map(\.id) == ["cell-1", "outputs", "checks", "errors", "inline-errors"])
        #expect(notebook.params.map(\.name) == ["evil"])
    }

    @Test(arguments: [false, true])
    func nothingExecutableReachesTheReportOrTheCharts(csvSafe: Bool) throws {
        let ws = try Workspace()
        let nb = try ws.write("hostile.yaml", Self.notebook())
        let result = try #require(try ws.run([nb]) { $0.keepGoing = true; $0.csvSafe = csvSafe; $0.formats = [.html, .csv, .json, .ipynb] }.first)
        // The outputs cell shows everything; the check and the type error fail their cells.
        #expect(result.status == .failed, "\(result.diagnostics)")
        try #require(result.cells.map(\.status) == [.ok, .ok, .error, .error, .error], "\(result.diagnostics)")
        #expect(result.cells[2].error?.message.contains("<script>") == true)

        let html = try #require(ws.read("out/index.html"))
        let findings = HTMLSafety.findings(in: html, allowing: ["style", "meta"])
        #expect(findings.isEmpty, "\(findings)")
        // The report's own <style> and CSP <meta>, and no other.
        #expect(html.components(separatedBy: "<style").count == 2)
        #expect(html.components(separatedBy: "http-equiv").count == 2)
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'"))
        for payload in Self.payloads {
            // Each payload's text is there (escaped), so the test did reach the report.
            #expect(!html.contains(payload) || !payload.contains("<"), "unescaped: \(payload)")
        }
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("class=\"folio-chart\""))
        #expect(html.contains("<div class=\"callout warning\""))
        #expect(html.contains("<span class=\"inline-error\">"))
        #expect(html.contains("<li id=\"fn-1\">"))
        #expect(html.contains("As <a class=\"xref\" href=\"#outputs\">Figure 1</a> shows"))
        #expect(html.contains("<span class=\"caption-number\">Figure 1:</span> &quot;&gt;&lt;img"))

        let svgs = try FileManager.default.contentsOfDirectory(atPath: ws.path("out")).filter { $0.hasSuffix(".svg") }.sorted()
        #expect(svgs.count == 11, "\(svgs)")
        for name in svgs {
            let svg = try #require(ws.read("out/\(name)"))
            let svgFindings = HTMLSafety.findings(in: svg)
            #expect(svgFindings.isEmpty, "\(name): \(svgFindings)")
            #expect(svg.contains("&lt;"), "\(name) shows the labels, escaped")
        }
    }

    /// The ipynb file's HTML and SVG outputs (Jupyter renders them): the same checks.
    @Test func nothingExecutableReachesTheNotebookOutputs() throws {
        let ws = try Workspace()
        let nb = try ws.write("hostile.yaml", Self.notebook())
        _ = try ws.run([nb]) { $0.keepGoing = true; $0.formats = [.ipynb] }
        let data = try #require(FileManager.default.contents(atPath: ws.path("out/hostile.ipynb")))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cells = try #require(json["cells"] as? [[String: Any]])
        var checked = 0
        for cell in cells {
            for output in cell["outputs"] as? [[String: Any]] ?? [] {
                for (kind, value) in output["data"] as? [String: Any] ?? [:] where kind == "text/html" || kind == "image/svg+xml" {
                    let text = (value as? String) ?? (value as? [String])?.joined() ?? ""
                    let findings = HTMLSafety.findings(in: text)
                    #expect(findings.isEmpty, "\(kind): \(findings)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 5)
    }

    /// With `--unsafe-html` the author's raw HTML goes through (the documented trade-off):
    /// the checks above would fail, so they are not vacuous.
    @Test func unsafeHTMLLetsRawHTMLThrough() throws {
        let ws = try Workspace()
        let nb = try ws.write("hostile.yaml", Self.notebook())
        _ = try ws.run([nb]) { $0.keepGoing = true; $0.unsafeHTML = true }
        let html = try #require(ws.read("out/index.html"))
        #expect(!HTMLSafety.findings(in: html, allowing: ["style", "meta"]).isEmpty)
    }

    /// The checker itself: each kind of finding is found (so a clean report means
    /// something).
    @Test(arguments: [
        "<script>x</script>", "<SCRIPT>x</SCRIPT>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">",
        "<a href=\"JaVa&#x09;Script&#58;alert(1)\">", "<a href=' javascript:alert(1)'>", "<iframe src=x>", "<svg><foreignObject>",
        "<div style=\"background:url(x)\">", "<style>@import 'x';</style>", "<a xlink:href=\"javascript:alert(1)\">",
        "<img src=\"data:text/html,x\">", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "<base href=x>",
        "<object data=x>", "<svg><animate attributeName=href to=javascript:alert(1) />",
    ])
    func theCheckerFindsEachKind(html: String) {
        #expect(!HTMLSafety.findings(in: html).isEmpty, "\(html)")
    }

    @Test(arguments: [
        "<a href=\"https://example.org/a?b=c&amp;d\">x</a>", "<a href=\"#x\">", "<a href=\"mailto:a@b\">", "<p>javascript:alert(1)</p>",
        "<img src=\"data:image/png;base64,AAAA\" alt=\"x\">", "<p title=\"onclick=x\">", "&lt;script&gt;", "<a href=\"a/b:c\">",
    ])
    func theCheckerPassesHarmlessMarkup(html: String) {
        #expect(HTMLSafety.findings(in: html).isEmpty, "\(html): \(HTMLSafety.findings(in: html))")
    }
}
