import Foundation
import Testing

/// Every report folio writes meets WCAG 2.1 AA: axe-core runs on real reports in headless
/// Chromium, through Selenium (`Tests/Accessibility/axe_check.py`, tools installed by
/// `make test-deps`), in light and dark mode at 1,280 px and in light mode at 320 px. Any
/// WCAG A/AA violation of impact serious or critical fails, and so does any page where a
/// chart mark or axis line has less than 3:1 against the page, chart text less than 4.5:1,
/// a chart no `<title>` and `<desc>`, a table no name, or the page not exactly one `<main>`
/// and one `<h1>` (checks axe does not make). The pages: the example notebooks' reports
/// and their site index, the chart gallery, the hostile-input seed of the fuzz corpus, and
/// a notebook written to be hard on accessibility (wide tables, repeated captions, ten
/// series, failed and unrun cells).
@Suite(.serialized) struct AccessibilityTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = repository.appendingPathComponent("Tests/Accessibility/axe_check.py").path

    /// Whether Chromium, chromedriver, Selenium and axe-core ≥ 4.10 are installed.
    static let toolsInstalled: Bool = {
        (try? CLI.runExecutable("/usr/bin/env", ["python3", script, "--tools"]).status) == 0
    }()
    /// Elsewhere a missing tool skips these tests (and says so); in CI, where `make test`
    /// has just installed them, it fails them.
    static let runs = toolsInstalled || ProcessInfo.processInfo.environment["CI"] == "true"

    static func requireTools() throws {
        let tools = try CLI.runExecutable("/usr/bin/env", ["python3", script, "--tools"])
        try #require(tools.status == 0, "\(tools.stdout)\(tools.stderr)")
    }

    static let hardNotebook = """
        folio: 1
        title: Spending   and shares
        subtitle: Every kind of output, wide and many-coloured
        params:
          growth: 2%
        cells:
          - id: intro
            markdown: |
              # spending and shares

              > [!NOTE]
              > A note with a [link](https://example.org) and a footnote.[^a]

              > [!CAUTION]
              > A caution.

              ## Tables ##

              | Country | Share | A very long header that goes on and on |
              |:--|--:|:-:|
              | Japan | 1.4 | زيادة الإنفاق على الدفاع |

              ```
              a code block with a very long line that would need a scroll bar if it did not wrap at the edge of the column
              ```

              ###### Deepest heading

              [^a]: The footnote.
          - id: wide
            caption: Same caption
            code: |
              cols = table(country: ["Japan", "Korea", "Australia", "Philippines"], share: [1.4, 2.6, 2.0, 1.3])
              wide = with(cols, a_rather_long_column_name_one: share * 2, a_rather_long_column_name_two: share * 3,
                a_rather_long_column_name_three: share * 4, a_rather_long_column_name_four: share * 5,
                note: "a long free-text note that wraps inside its cell rather than making the table even wider than it is",
                a_rather_long_column_name_five: share * 6, a_rather_long_column_name_six: share * 7)
              wide
          - id: same
            caption: Same caption
            code: |
              show(cols, "Same caption")
              show(cols, "Same caption")
          - id: lines
            caption: Ten lines
            code: |
              ten = table(year: seq(2015, 2030), s1: seq(1, 16), s2: seq(2, 17), s3: seq(3, 18), s4: seq(4, 19), s5: seq(5, 20),
                s6: seq(6, 21), s7: seq(7, 22), s8: seq(8, 23), s9: seq(9, 24), s10: seq(10, 25))
              line_chart(ten, "year", ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10"], title: "Ten series",
                reference: [{y: 12, label: "floor"}, {x: 2020, label: "plan"}], spans: [{from: 2022, to: 2024, label: "period"}],
                annotations: [{x: 2025, y: 20, text: "a note"}])
          - id: more-charts
            code: |
              pts = with(table(x: seq(1, 27), y: map(seq(1, 27), i => mod(i * 7, 11))), g: map(seq(1, 27), i => "group " + str(mod(i, 9))))
              show(scatter_chart(pts, "x", "y", color: "g", title: "Nine groups of points"))
              bars = with(table(k: seq(1, 22), v: seq(1, 22)), g: map(seq(1, 22), i => "series " + str(mod(i, 11))), c: map(seq(1, 22), i => if i > 11 { "b" } else { "a" }))
              show(bar_chart(bars, "c", "v", group: "g", stacked: true, title: "Eleven stacked"))
              show(bar_chart(bars, "c", "v", group: "g", title: "Eleven grouped"))
              show(area_chart(ten, "year", ["s1", "s2", "s3"], stacked: true, title: "Areas", labels: "end"))
              show(line_chart(ten, "year", "s1", band: ["s2", "s3"], title: "A band"))
              show(waterfall_chart(table(step: ["start", "up", "down"], change: [10, 3, -2]), "step", "change", total: "end", title: "Bridge"))
              show(histogram(pts, "y", title: "Histogram"))
              show(line_chart(with(ten, half: map(year, y => if y > 2022 { "late" } else { "early" })), "year", ["s1", "s2"], facet: "half", title: "Facets"))
          - id: fails
            code: |
              check(false, "a failing check")
          - id: after
            code: |
              cols

        """

    /// Run over three sets, one of which fails its check: a family index with both tables.
    static let familyNotebook = """
        folio: 1
        title: A family
        params:
          n: 1
        cells:
          - id: values
            code: |
              check(n < 5, "n is too large")
              table(year: [2024, 2025], value: [n, n * 2])

        """

    /// Renders every page the check covers into `folder`; returns their paths.
    static func renderPages(into folder: URL) throws -> [String] {
        let notebooks = try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("Notebooks").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { repository.appendingPathComponent("Notebooks/" + $0).path }
        #expect(notebooks.count >= 4)
        let examples = try CLI.run(["run"] + notebooks + ["-o", "examples", "--quiet"], in: folder)
        #expect(examples.status == 0, "\(examples.stderr)")
        let gallery = try CLI.run(["run", repository.appendingPathComponent("docs/gallery/gallery.yaml").path, "-o", "gallery", "--quiet"], in: folder)
        #expect(gallery.status == 0, "\(gallery.stderr)")
        // Hostile notebooks fail some cells on purpose: the report is written all the same.
        try FileManager.default.copyItem(at: repository.appendingPathComponent("fuzz/seeds/notebook/hostile.yaml"),
                                         to: folder.appendingPathComponent("hostile.yaml"))
        try hardNotebook.write(to: folder.appendingPathComponent("hard.yaml"), atomically: true, encoding: .utf8)
        for name in ["hostile", "hard"] {
            let run = try CLI.run(["run", name + ".yaml", "-o", name, "--quiet"], in: folder)
            #expect(run.status == 1, "\(name): \(run.stderr)")
        }
        // A matrix's index (with a failed set, so both of its tables) and a `folio diff` page.
        try familyNotebook.write(to: folder.appendingPathComponent("family.yaml"), atomically: true, encoding: .utf8)
        try "- {n: 1}\n- {n: 2}\n- {n: 7}\n".write(to: folder.appendingPathComponent("sets.yaml"), atomically: true, encoding: .utf8)
        let family = try CLI.run(["run", "family.yaml", "--matrix", "sets.yaml", "-o", "family", "--quiet"], in: folder)
        #expect(family.status == 1, "\(family.stderr)")
        let diff = try CLI.run(["diff", "family/family/1", "family/family/2", "-o", "diff.html"], in: folder)
        #expect(diff.status == 1, "\(diff.stderr)")
        var pages = ["examples/index.html"] + notebooks.map { "examples/" + URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent + "/index.html" }
        pages += ["gallery/index.html", "hostile/index.html", "hard/index.html", "family/family/index.html", "diff.html"]
        for page in pages { #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(page).path), "\(page)") }
        return pages
    }

    @Test(.enabled(if: runs, "chromium, chromium-driver, selenium or axe-selenium-python is missing (make test-deps installs them)"))
    func everyReportPassesAxeInLightDarkAndNarrowViews() throws {
        try Self.requireTools()
        let folder = try CLI.temporaryFolder()
        let pages = try Self.renderPages(into: folder)
        let check = try CLI.runExecutable("/usr/bin/env", ["python3", Self.script] + pages, in: folder)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("\(pages.count * 3) passed, 0 failed"), "\(check.stdout)")
    }

    /// The check sees what it is for: the hard report with its fixes taken out (scrolling
    /// boxes not focusable, no `<main>`, a second `<h1>`, Okabe–Ito's own orange) fails in
    /// every view, and says why.
    @Test(.enabled(if: runs, "chromium, chromium-driver, selenium or axe-selenium-python is missing (make test-deps installs them)"))
    func theCheckFailsAReportWithItsFixesUndone() throws {
        try Self.requireTools()
        let folder = try CLI.temporaryFolder()
        try Self.hardNotebook.write(to: folder.appendingPathComponent("hard.yaml"), atomically: true, encoding: .utf8)
        _ = try CLI.run(["run", "hard.yaml", "-o", "hard", "--quiet"], in: folder)
        var html = try String(contentsOf: folder.appendingPathComponent("hard/index.html"), encoding: .utf8)
        html = html.replacingOccurrences(of: " tabindex=\"0\"", with: "")
            .replacingOccurrences(of: "<main id=\"content\" tabindex=\"-1\">", with: "<div>")
            .replacingOccurrences(of: "</main>", with: "</div>")
            .replacingOccurrences(of: "<h2 id=\"tables\">", with: "<h1 id=\"tables\">")
            .replacingOccurrences(of: "color=\"#C68100\"", with: "color=\"#E69F00\"")
        try html.write(to: folder.appendingPathComponent("broken.html"), atomically: true, encoding: .utf8)
        let check = try CLI.runExecutable("/usr/bin/env", ["python3", Self.script, "broken.html"], in: folder)
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("0 passed, 3 failed"), "\(check.stdout)")
        for finding in ["scrollable-region-focusable", "0 <main> elements", "2 <h1> elements", "chart mark colour rgb(230, 159, 0) is 2.25:1"] {
            #expect(check.stdout.contains(finding), "\(finding)\n\(check.stdout)")
        }
    }
}
