import NotebookFormat
import ReportModel
import Tabular
@testable import Render

/// A report that uses every feature: the sample the screenshots are taken of.
enum SampleReport {
    static func budgetTable() -> Table {
        let years: [Double] = Array(2015...2027).map(Double.init)
        let spending: [Double?] = [612.5, 598.1, 634.2, 671.8, 712.3, 738.0, 754.8, 766.2, nil, 858.5, 874.2, 895.0, 913.7]
        let share: [Double?] = [0.033, 0.031, 0.031, 0.032, 0.034, 0.036, 0.035, 0.033, 0.031, 0.032, 0.031, 0.031, 0.030]
        let target: [Double?] = Array(repeating: 0.02, count: years.count)
        return makeTable(["year": numbers(years), "spending": numbers(spending), "gdp_share": numbers(share), "nato_goal": numbers(target)])
    }

    static func alliesTable() -> Table {
        let countries = ["Poland", "Estonia", "United States", "Lithuania", "Latvia", "Greece", "Finland", "Denmark"]
        let y2023: [Double?] = [0.039, 0.028, 0.034, 0.027, 0.027, 0.030, 0.025, 0.020]
        let y2024: [Double?] = [0.041, 0.034, 0.034, 0.029, 0.032, 0.031, 0.024, 0.024]
        var country: [String?] = []
        var year: [String?] = []
        var share: [Double?] = []
        for (i, c) in countries.enumerated() {
            country += [c, c]
            year += ["2023", "2024"]
            share += [y2023[i], y2024[i]]
        }
        return makeTable(["country": strings(country), "year": strings(year), "share": numbers(share)])
    }

    /// Charts at the edges: one point, all equal, no data, many series, many long labels.
    static func edgeCharts() -> [ReportOutput] {
        let one = makeTable(["year": numbers([2027]), "v": numbers([42])])
        let flat = makeTable(["year": numbers([2020, 2021, 2022, 2023]), "v": numbers([5, 5, 5, 5])])
        var pairs: [(String, Column)] = [("year", numbers((2000...2024).map(Double.init)))]
        for k in 0..<10 {
            pairs.append(("series \(k + 1)", numbers((0..<25).map { Double(k) * 10 + Double(($0 * (k + 3)) % 17) })))
        }
        let many = Table(uncheckedNames: pairs.map(\.0), columns: pairs.map(\.1), rowCount: 25)
        let long = makeTable([
            "program": strings((1...40).map { "Procurement program number \($0)" }),
            "cost": numbers((1...40).map { Double($0 * $0) * 1250 }),
        ])
        return [
            .chart(Chart(kind: .line, table: one, x: "year", y: ["v"], title: "A single point"), caption: "One row."),
            .chart(Chart(kind: .line, table: flat, x: "year", y: ["v"], title: "All values equal")),
            .chart(Chart(kind: .bar, table: flat, x: "year", y: ["missing"], title: "A chart with bad input")),
            .chart(Chart(kind: .line, table: many, x: "year", y: (1...10).map { "series \($0)" }, title: "Ten series")),
            .chart(Chart(kind: .bar, table: long, x: "program", y: ["cost"], title: "Forty long labels", yLabel: "Dollars")),
        ]
    }

    static func report() -> Report {
        let budget = budgetTable()
        let allies = alliesTable()
        let many = makeTable([
            "id": numbers((1...137).map { Double($0) }),
            "unit": strings((1...137).map { "Unit \($0)" }),
            "cost": numbers((1...137).map { Double($0) * 1234.5 }),
        ])
        let regions = (1...26).map { "Region \(String(UnicodeScalar(UInt8(64 + $0))))" }
        let regionTable = makeTable([
            "region": strings(regions),
            "change": numbers((0..<26).map { Double(($0 * 37) % 23) - 9.5 }),
        ])
        let scatter = makeTable([
            "gdp": numbers([1.2, 2.3, 0.4, 3.1, 0.9, 1.8, 4.2]),
            "spend": numbers([0.035, 0.021, 0.012, 0.019, 0.028, 0.024, 0.016]),
            "name": strings(["PL", "DE", "EE", "FR", "LT", "IT", "US"]),
        ])
        let stackedTable = makeTable([
            "year": strings(["2022", "2022", "2022", "2023", "2023", "2023", "2024", "2024", "2024"]),
            "service": strings(["Army", "Navy", "Air", "Army", "Navy", "Air", "Army", "Navy", "Air"]),
            "amount": numbers([180, 210, 195, 186, 219, 205, 192, 228, 214]),
        ])
        return Report(
            header: ReportHeader(
                title: "Defense Spending Outlook 2027",
                subtitle: "Budget scenarios and burden sharing across the Alliance",
                author: "Budget Analysis Unit",
                date: "2026-11-25",
                description: "How the spending path compares with the 2% guideline under the baseline growth scenario, and where allies stand.",
                notebookFile: "outlook.yaml",
                parameters: [
                    ReportParameter(name: "growth", value: .number(0.031)),
                    ReportParameter(name: "start_year", value: .number(2015)),
                    ReportParameter(name: "scenario", value: .string("baseline")),
                    ReportParameter(name: "include_allies", value: .bool(true)),
                ]),
            cells: [
                ReportCell(id: "intro", kind: .markdown, source: "", markdown: [
                    .markdown("# Summary\n\nSpending reaches **"), .literal("913.7"),
                    .markdown("** billion in 2027, growing at "), .literal("3.1%"),
                    .markdown(" a year.[^src] The share of GDP stays above the NATO guideline of 2% throughout.\n\n"
                        + "- Baseline: steady growth\n- ~~Austerity~~ dropped from this edition\n\n"
                        + "> Figures are in constant 2024 dollars.\n\n[^src]: Budget request tables, FY2025.\n"),
                ]),
                ReportCell(id: "load", kind: .code, source: "budget = read_csv(\"budget.csv\")\nshow(budget, \"Table 1. Spending path\")",
                           outputs: [.table(budget, caption: "Table 1. Spending and share of GDP, 2015–2027")]),
                ReportCell(id: "trend", kind: .code, source: "line_chart(budget, x: \"year\", y: \"spending\", title: \"Spending, billions\")",
                           outputs: [.chart(Chart(kind: .line, table: budget, x: "year", y: ["spending"], title: "Defense spending, 2015–2027",
                                                  xLabel: "Fiscal year", yLabel: "Billions of dollars"),
                                         caption: "Figure 1. The 2023 figure is missing from the source (gap in the line).")]),
                ReportCell(id: "share", kind: .code, source: "line_chart(budget, x: \"year\", y: [\"gdp_share\", \"nato_goal\"])", echo: false,
                           caption: "Share of GDP against the guideline.",
                           outputs: [.chart(Chart(kind: .line, table: budget, x: "year", y: ["gdp_share", "nato_goal"], title: "Share of GDP",
                                                  yLabel: "Share", referenceLines: [ReferenceLine(value: 0.02, label: "2% guideline")]))]),
                ReportCell(id: "analysis", kind: .markdown, source: "", markdown: [
                    .markdown("## Allies\n\nThe "), .literal("8"), .markdown(" allies below all meet the guideline in 2024 except "),
                    .literal("Finland"), .markdown(".\n\n| Group | Members |\n|---|--:|\n| Eastern flank | 5 |\n| Others | 3 |\n"),
                ]),
                ReportCell(id: "allies", kind: .code, source: "bar_chart(allies, x: \"country\", y: \"share\", group: \"year\")",
                           outputs: [.chart(Chart(kind: .bar, table: allies, x: "country", y: ["share"], group: "year",
                                                  title: "Share of GDP by ally", yLabel: "Share of GDP"),
                                         caption: "Figure 2. Grouped bars, one per year.")]),
                ReportCell(id: "services", kind: .code, source: "bar_chart(services, x: \"year\", y: \"amount\", group: \"service\", stacked: true)",
                           outputs: [.chart(Chart(kind: .bar, table: stackedTable, x: "year", y: ["amount"], group: "service", stacked: true,
                                                  title: "Budget by service", yLabel: "Billions"))]),
                ReportCell(id: "regions", kind: .code, source: "bar_chart(regions, x: \"region\", y: \"change\")",
                           outputs: [.chart(Chart(kind: .bar, table: regionTable, x: "region", y: ["change"], title: "Change by region, 26 regions",
                                                  yLabel: "Change (%)"))]),
                ReportCell(id: "scatter", kind: .code, source: "scatter_chart(econ, x: \"gdp\", y: \"spend\", label: \"name\")",
                           outputs: [.chart(Chart(kind: .scatter, table: scatter, x: "gdp", y: ["spend"], label: "name",
                                                  title: "Economy size and spending share", xLabel: "GDP (trillions)", yLabel: "Share of GDP"))]),
                ReportCell(id: "units", kind: .code, source: "units", outputs: [
                    .text("Loaded 137 units\nTotal cost: 11,694,133"),
                    .value("11,694,133", caption: "Total cost of all units"),
                    .list(items: (1...100).map { String($0) }, total: 137),
                    .record([("name", "Unit 1"), ("cost", "1,234.5"), ("active", "true")]),
                    .table(many),
                ]),
                ReportCell(id: "edges", kind: .code, source: "# charts at their limits", outputs: edgeCharts()),
                ReportCell(id: "check", kind: .code, status: .error, source: "check(total < 1e6, \"total over budget\")",
                           error: ReportError(message: "check failed: total over budget", position: "outlook.yaml:48:7")),
                ReportCell(id: "later", kind: .code, status: .skipped, source: "summary = total / 2",
                           skipReason: "uses `total` from failed cell `check`"),
                ReportCell(id: "closing", kind: .markdown, status: .notRun, source: "## Closing\n\nTotal: {{ summary }}"),
            ])
    }
}
