import Foundation
import Testing
@testable import Runner

/// End to end through the Runner: a notebook with a `data:` CSV and `read_csv`, table
/// verbs, a chart, and the CSV files written for the shown tables.
@Suite struct TableNotebookTests {
    private func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("folio-tables-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func csvToGroupToCSV() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            year,country,value
            2024,Norway,1.5
            2024,Sweden,2
            2025,Norway,
            2025,Sweden,4
            2024,Norway,3.25

            """.write(toFile: dir + "/spend.csv", atomically: true, encoding: .utf8)
        try "country,members\nNorway,1949\nSweden,2024\n".write(toFile: dir + "/joined.csv", atomically: true, encoding: .utf8)
        try """
            folio: 1
            title: Tables end to end
            data:
              spend: spend.csv
            cells:
              - id: totals
                export: totals.csv
                code: |
                  totals = group(spend, by: ["year", "country"], total: sum(value), n: count(value), top: sum(value) * 2)
                  totals |> sort("total", desc: true) |> format(total: "0.00")
              - id: joined
                code: |
                  members = read_csv("joined.csv")
                  join(where(spend, value > 1), members, on: "country", how: "left") |> select("country", "members", "value")
              - id: chart
                code: |
                  scatter_chart(totals, x: "year", y: "total", label: "country", title: "Totals")

            """.write(toFile: dir + "/nb.yaml", atomically: true, encoding: .utf8)
        let out = dir + "/out"
        let runs = try Runner(options: RunOptions(outputDirectory: out)).run(paths: [dir + "/nb.yaml"]) { _ in }
        let run = try #require(runs.first)
        #expect(run.status == .ok, "\(run.diagnostics)")
        let totals = try String(contentsOfFile: out + "/totals.csv", encoding: .utf8)
        #expect(totals == """
            year,country,total,n,top
            2024,Norway,4.75,2,9.5
            2025,Sweden,4,1,8
            2024,Sweden,2,1,4
            2025,Norway,0,0,0

            """, "\(totals)")
        let joined = try String(contentsOfFile: out + "/joined.csv", encoding: .utf8)
        #expect(joined == "country,members,value\nNorway,1949,1.5\nSweden,2024,2\nSweden,2024,4\nNorway,1949,3.25\n")
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(html.contains(">4.00<") && html.contains("<svg class=\"folio-chart\""))
        #expect(FileManager.default.fileExists(atPath: out + "/chart.svg"))
    }

    /// `label` and `hide` end to end: the report shows the label and leaves the hidden
    /// column out; the CSV is the table's data, every column under its own name.
    @Test func labelAndHideChangeTheReportNotTheCSV() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "country,usd,pop,source\nJapan,55.3,124.5,MoD\nKorea,47.6,51.7,MND\n".write(toFile: dir + "/spend.csv", atomically: true, encoding: .utf8)
        try """
            folio: 1
            title: Labels
            data:
              spend: spend.csv
            cells:
              - id: per-head
                export: per-head.csv
                code: |
                  with(spend, "Per head": usd / pop * 1000)
                    |> label(usd: "Spending (US$ bn)", "Per head": "Per head (US$)")
                    |> format("Per head": "#,##0")
                    |> hide("pop", "source")

            """.write(toFile: dir + "/nb.yaml", atomically: true, encoding: .utf8)
        let out = dir + "/out"
        let runs = try Runner(options: RunOptions(outputDirectory: out)).run(paths: [dir + "/nb.yaml"]) { _ in }
        let run = try #require(runs.first)
        #expect(run.status == .ok, "\(run.diagnostics)")
        let csv = try String(contentsOfFile: out + "/per-head.csv", encoding: .utf8)
        #expect(csv == "country,usd,pop,source,Per head\nJapan,55.3,124.5,MoD,444.1767068273092\nKorea,47.6,51.7,MND,920.6963249516441\n")
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(html.contains("""
            <tr><th scope="col">country</th><th scope="col" class="num">Spending (US$ bn)</th><th scope="col" class="num">Per head (US$)</th></tr>
            </thead>
            <tbody>
            <tr><th scope="row" class="label">Japan</th><td class="num">55.3</td><td class="num">444</td></tr>
            """))
        #expect(!html.contains("MoD") && !html.contains(">pop<"))
    }
}
