import Foundation
import ReportModel
import Tabular
import Testing
@testable import Render

// `label` and `hide` as the report shows them: headers and charts use the label, hidden
// columns are left out of the HTML table and the ipynb, and the CSV and results.json
// keep every column under its own name, the values raw.

/// year (plain), usd (format + label), note (hidden), pop (label with HTML in it).
private func budgets() -> Table {
    var t = makeTable(["year": numbers([2024, 2025]), "usd": numbers([1234.5, nil]), "note": strings(["est.", "plan"]),
                       "pop": numbers([5.5, 5.6])])
    t.display[1] = ColumnDisplay(format: "#,##0.0", label: "Spending (US$ bn)")
    t.display[2] = ColumnDisplay(hidden: true)
    t.display[3] = ColumnDisplay(label: "<Pop> & m")
    return t
}

private func files(_ table: Table) -> [String: String] {
    let report = Report(header: ReportHeader(title: "T", notebookFile: "n.yaml"), cells: [
        ReportCell(id: "a", kind: .code, source: "", outputs: [.table(table)]),
    ])
    let options = RenderOptions(formats: [.html, .csv, .json, .ipynb], folioVersion: "1")
    var out: [String: String] = [:]
    for file in ReportFiles.files(for: report, options: options) { out[file.path] = String(decoding: file.bytes, as: UTF8.self) }
    return out
}

@Test func htmlTableShowsLabelsAndLeavesHiddenColumnsOut() {
    #expect(HTMLBuilder.tableHTML(budgets(), csvFile: nil) == """
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="table-caption">
        <table class="folio-table">
        <caption class="visually-hidden" id="table-caption">Table: year, Spending (US$ bn), &lt;Pop&gt; &amp; m (2 rows)</caption>
        <thead>
        <tr><th scope="col" class="num">year</th><th scope="col" class="num">Spending (US$ bn)</th><th scope="col" class="num">&lt;Pop&gt; &amp; m</th></tr>
        </thead>
        <tbody>
        <tr><th scope="row" class="num">2024</th><td class="num">1,234.5</td><td class="num">5.5</td></tr>
        <tr><th scope="row" class="num">2025</th><td class="num null"></td><td class="num">5.6</td></tr>
        </tbody>
        </table>
        </div>

        """)
}

@Test func csvKeepsEveryColumnUnderItsOwnName() {
    #expect(files(budgets())["a.csv"] == "year,usd,note,pop\n2024,1234.5,est.,5.5\n2025,,plan,5.6\n")
}

@Test func resultsJSONHasEveryColumnWithItsLabelAndHiddenFlag() throws {
    let text = try #require(files(budgets())["results.json"])
    #expect(text.contains("""
                  "columns": [
                    {
                      "name": "year",
                      "type": "number"
                    },
                    {
                      "name": "usd",
                      "type": "number",
                      "label": "Spending (US$ bn)"
                    },
                    {
                      "name": "note",
                      "type": "string",
                      "hidden": true
                    },
                    {
                      "name": "pop",
                      "type": "number",
                      "label": "<Pop> & m"
                    }
                  ],
                  "rows": [
                    [2024, 1234.5, "est.", 5.5],
                    [2025, null, "plan", 5.6]
                  ],
        """))
}

@Test func ipynbShowsLabelsAndFormatsAndLeavesHiddenColumnsOut() throws {
    let text = try #require(files(budgets())["n.ipynb"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let cells = try #require(object["cells"] as? [[String: Any]])
    let outputs = try #require(cells.last?["outputs"] as? [[String: Any]])
    let data = try #require(outputs.first?["data"] as? [String: String])
    #expect(data["text/plain"] == """
        year  Spending (US$ bn)  <Pop> & m
        2024            1,234.5        5.5
        2025                           5.6
        """)
    let html = try #require(data["text/html"])
    #expect(html.contains("<th scope=\"col\" class=\"num\">Spending (US$ bn)</th>"))
    #expect(!html.contains("note") && !html.contains("est."))
}

@Test func aTableWithEveryColumnHiddenShowsThemAll() {
    var t = makeTable(["a": numbers([1]), "b": strings(["x"])])
    t.display = [ColumnDisplay(hidden: true), ColumnDisplay(label: "B", hidden: true)]
    #expect(t.shownColumnIndices == [0, 1])
    #expect(HTMLBuilder.tableHTML(t, csvFile: nil).contains("<tr><th scope=\"col\" class=\"num\">a</th><th scope=\"col\">B</th></tr>"))
    #expect(PlainTable.text(t) == "a  B\n1  x")
}

@Test func chartsNameSeriesByTheirLabels() {
    let t = budgets()
    let line = ReportFiles.standaloneSVG(Chart(kind: .line, table: t, x: "year", y: ["usd", "pop"]))
    #expect(line.contains("<title>Line chart of Spending (US$ bn), &lt;Pop&gt; &amp; m by year</title>"))
    #expect(line.contains("<desc>Line chart of Spending (US$ bn), &lt;Pop&gt; &amp; m against year; 2 rows. Spending (US$ bn) ("))
    #expect(line.contains("; &lt;Pop&gt; &amp; m ("))
    #expect(line.contains(">Spending (US$ bn)</text>") && line.contains(">&lt;Pop&gt; &amp; m</text>"))
    #expect(!line.contains(">usd<") && !line.contains(">pop<"))
    let bars = ReportFiles.standaloneSVG(Chart(kind: .bar, table: t, x: "year", y: ["pop"], title: "Population"))
    #expect(bars.contains("<desc>Bar chart of &lt;Pop&gt; &amp; m for each year; 2 categories. &lt;Pop&gt; &amp; m ("))
    // Without labels, the column names, as before.
    let plain = ReportFiles.standaloneSVG(Chart(kind: .line, table: makeTable(["year": numbers([1, 2]), "v": numbers([3, 4])]), x: "year", y: ["v"]))
    #expect(plain.contains("<title>Line chart of v by year</title>"))
}
