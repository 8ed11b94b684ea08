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
}
