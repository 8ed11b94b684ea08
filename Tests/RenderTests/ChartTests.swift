import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ReportModel
import Tabular
import Testing
@testable import Render

private func svg(_ chart: Chart) -> String { ChartRenderer(chart: chart).svg(standalone: false) }

@Test func niceTicks() throws {
    #expect(Ticks.nice(lo: 0, hi: 97)?.values == [0, 20, 40, 60, 80, 100])
    #expect(Ticks.nice(lo: 0.012, hi: 0.035)?.values == [0.01, 0.015, 0.02, 0.025, 0.03, 0.035])
    #expect(Ticks.nice(lo: -9.5, hi: 12.5)?.values == [-10, -5, 0, 5, 10, 15])
    #expect(Ticks.nice(lo: 0, hi: 0.3)?.values == [0, 0.1, 0.2, 0.3])
    // Years: never a half-year tick.
    #expect(Ticks.nice(lo: 2020, hi: 2022, integral: true)?.values == [2020, 2021, 2022])
    // All equal: a band around the value.
    let equal = try #require(Ticks.nice(lo: 5, hi: 5))
    #expect(equal.lo < 5 && equal.hi > 5)
    #expect(Ticks.nice(lo: 0, hi: 0)?.values.last == 1)
    #expect(Ticks.nice(lo: -1e308, hi: 1e308) == nil)
}

@Test func lineChartBreaksAtNulls() {
    let table = makeTable(["year": numbers([2020, 2021, 2022, 2023, 2024, 2025]), "v": numbers([1, 2, nil, 4, nil, 6])])
    let out = svg(Chart(kind: .line, table: table, x: "year", y: ["v"]))
    // Two points, then an isolated one, then another isolated one: one path only,
    // and the isolated points still drawn as dots.
    #expect(occurrences(of: "<path ", in: out) == 1)
    #expect(occurrences(of: "r=\"3.5\"", in: out) == 2)
}

@Test func lineChartSortsNumericX() {
    let table = makeTable(["year": numbers([2022, 2020, 2021]), "v": numbers([3, 1, 2])])
    let out = svg(Chart(kind: .line, table: table, x: "year", y: ["v"]))
    let path = out.split(separator: "<path d=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) } ?? ""
    let xs = path.split(separator: " ").enumerated().filter { $0.offset % 2 == 0 }.map { Double($0.element.dropFirst()) ?? 0 }
    #expect(xs == xs.sorted() && xs.count == 3)
}

@Test func singlePointAndAllEqualValuesDraw() {
    let one = makeTable(["x": numbers([2027]), "y": numbers([5])])
    let single = svg(Chart(kind: .line, table: one, x: "x", y: ["y"]))
    #expect(single.contains("<circle"))
    #expect(!single.contains("class=\"note\""))
    let flat = makeTable(["x": numbers([1, 2, 3]), "y": numbers([7, 7, 7])])
    let equal = svg(Chart(kind: .line, table: flat, x: "x", y: ["y"]))
    #expect(equal.contains("<path "))
    #expect(!equal.contains("NaN") && !equal.contains("inf"))
}

@Test func badInputDrawsAnEmptyChartWithANote() {
    let table = makeTable(["name": strings(["a", "b"]), "v": numbers([1, 2])])
    let cases: [(Chart, String)] = [
        (Chart(kind: .line, table: table, x: "missing", y: ["v"]), "no column"),
        (Chart(kind: .bar, table: table, x: "name", y: ["name"]), "not numbers"),
        (Chart(kind: .scatter, table: table, x: "v", y: []), "no y column"),
        (Chart(kind: .line, table: makeTable(["a": numbers([]), "b": numbers([])]), x: "a", y: ["b"]), "no rows"),
        (Chart(kind: .line, table: makeTable(["a": numbers([1]), "b": numbers([nil])]), x: "a", y: ["b"]), "no numbers"),
        (Chart(kind: .bar, table: table, x: "name", y: ["v"], group: "nope"), "no column"),
        // Columns of unequal length (a table built without checks).
        (Chart(kind: .line, table: Table(uncheckedNames: ["a", "b"], columns: [.numbers([1, 2]), .numbers([1])], rowCount: 2), x: "a", y: ["b"]), "wrong length"),
    ]
    for (chart, note) in cases {
        let out = svg(chart)
        #expect(out.contains("class=\"note\""), "\(note)")
        #expect(out.contains(note), "\(note)")
        #expect(out.hasPrefix("<svg class=\"folio-chart\" role=\"img\"") && out.hasSuffix("</svg>"))
    }
}

@Test func negativeBarsHangFromZero() {
    let table = makeTable(["k": strings(["a", "b"]), "v": numbers([-4, 6])])
    let out = svg(Chart(kind: .bar, table: table, x: "k", y: ["v"]))
    #expect(out.contains("class=\"zero\""))
    // Both bars start or end at the same zero line.
    let rects = out.components(separatedBy: "<rect x=\"").dropFirst().map { String($0.prefix { $0 != "/" }) }
    func attr(_ r: String, _ name: String) -> Double {
        let part = r.components(separatedBy: "\(name)=\"").dropFirst().first ?? ""
        return Double(part.prefix { $0 != "\"" }) ?? .nan
    }
    #expect(rects.count == 2)
    let negative = rects[0], positive = rects[1]
    #expect(abs(attr(negative, "y") - (attr(positive, "y") + attr(positive, "height"))) < 0.02)
}

@Test func groupedAndStackedBars() {
    let table = makeTable([
        "year": strings(["2023", "2023", "2024", "2024"]), "svc": strings(["Army", "Navy", "Army", "Navy"]),
        "amt": numbers([10, 20, 15, nil]),
    ])
    let grouped = svg(Chart(kind: .bar, table: table, x: "year", y: ["amt"], group: "svc"))
    #expect(occurrences(of: "<rect x=", in: grouped) == 2 + 3)  // legend swatches + bars (a null draws none)
    #expect(grouped.contains(">Army</text>") && grouped.contains(">Navy</text>"))
    // Hover text on each bar: category, group and value.
    #expect(grouped.contains("<title>2023 · Navy: " + NumberFormat.general(20) + "</title>"))
    let stacked = svg(Chart(kind: .bar, table: table, x: "year", y: ["amt"], group: "svc", stacked: true))
    // The stack reaches 30: the top tick is at least that.
    #expect(stacked.contains(">30</text>") || stacked.contains(">30.0</text>") || stacked.contains(">35</text>"))
}

@Test func manyCategoriesRotateAndThin() {
    let names = (0..<200).map { "Category \($0)" }
    let table = makeTable(["k": strings(names), "v": numbers((0..<200).map(Double.init))])
    let out = svg(Chart(kind: .bar, table: table, x: "k", y: ["v"]))
    #expect(out.contains("rotate(-45"))
    let drawn = occurrences(of: "class=\"tick\"", in: out) - occurrences(of: "<line class=\"grid\"", in: out) - occurrences(of: "<line class=\"zero\"", in: out)
    #expect(drawn > 10 && drawn < 200)
    let few = svg(Chart(kind: .bar, table: makeTable(["k": strings(["a", "b"]), "v": numbers([1, 2])]), x: "k", y: ["v"]))
    #expect(!few.contains("rotate(-45"))
}

@Test func coordinatesHaveAtMostTwoDecimals() {
    let out = svg(Chart(kind: .scatter, table: SampleReport.budgetTable(), x: "year", y: ["gdp_share"], title: "t"))
    for attribute in ["x", "y", "cx", "cy", "x1", "y1", "width", "height"] {
        for part in out.components(separatedBy: " \(attribute)=\"").dropFirst() {
            let value = part.prefix { $0 != "\"" }
            let decimals = value.split(separator: ".").dropFirst().first?.count ?? 0
            #expect(decimals <= 2, "\(attribute)=\(value)")
        }
    }
}

@Test func chartLabelsAreEscaped() {
    let evil = "<script>alert(1)</script>\"onload=\"x"
    let table = makeTable([evil: strings([evil, "b"]), "v": numbers([1, 2]), "g": strings([evil, "c"])])
    let out = svg(Chart(kind: .bar, table: table, x: evil, y: ["v"], group: "g", title: evil, xLabel: evil, yLabel: evil,
                        referenceLines: [ReferenceLine(value: 1, label: evil)]))
    #expect(!out.contains("<script"))
    #expect(!out.contains("\"onload"))
    #expect(out.contains("&lt;script&gt;"))
}

@Test func standaloneSVGHasNamespaceAndBackground() {
    let file = ReportFiles.standaloneSVG(Chart(kind: .line, table: SampleReport.budgetTable(), x: "year", y: ["spending"]))
    #expect(file.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
    #expect(file.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(file.contains("class=\"chart-bg\""))
    #expect(file.contains("<title>Line chart of spending by year</title>"))
}

@Test func chartGoldens() {
    let budget = SampleReport.budgetTable()
    assertSnapshot(ReportFiles.standaloneSVG(Chart(kind: .line, table: budget, x: "year", y: ["spending", "gdp_share"],
                                                   title: "Two series", xLabel: "Year", yLabel: "Value",
                                                   referenceLines: [ReferenceLine(value: 100, label: "floor")])),
                   named: "line-chart.svg")
    let bars = makeTable(["k": strings(["a", "b", "a", "b"]), "g": strings(["x", "x", "y", "y"]), "v": numbers([3, -2, 1.5, 4])])
    assertSnapshot(ReportFiles.standaloneSVG(Chart(kind: .bar, table: bars, x: "k", y: ["v"], group: "g", stacked: true, title: "Stacked")),
                   named: "stacked-bar-chart.svg")
}

@Test func axesUseTheColumnsDisplayFormat() throws {
    var table = makeTable(["year": numbers([2020, 2021]), "share": numbers([0.01, 0.04])])
    table.display = [.plain, ColumnDisplay(format: "0.0%")]
    let out = svg(Chart(kind: .line, table: table, x: "year", y: ["share"]))
    let pattern = try NumberPattern("0.0%")
    #expect(out.contains(">" + Escape.text(pattern.format(0.04)) + "</text>"))
    #expect(!out.contains(">" + NumberFormat.general(0.04) + "</text>") || pattern.format(0.04) == NumberFormat.general(0.04))
}

/// Standalone SVG files are well-formed XML, whatever the labels hold.
@Test func standaloneSVGIsWellFormedXML() {
    let nasty = "a & b < c > d \" e ' f \u{01}\u{0B}\u{FFFE} ]]> <!-- x --> \u{1F600}"
    let table = makeTable(["k": strings([nasty, "b"]), "v": numbers([1, -2]), "g": strings([nasty, nasty])])
    let charts = [
        Chart(kind: .bar, table: table, x: "k", y: ["v"], group: "g", title: nasty, xLabel: nasty, yLabel: nasty,
              referenceLines: [ReferenceLine(value: 0.5, label: nasty)]),
        Chart(kind: .scatter, table: table, x: "v", y: ["v"], label: "k", title: nasty),
        Chart(kind: .line, table: table, x: "nope", y: ["v"], title: nasty),
    ] + SampleReport.edgeCharts().compactMap { if case .chart(let c) = $0.content { c } else { nil } }
    for chart in charts {
        let data = Data(ReportFiles.standaloneSVG(chart).utf8)
        let parser = XMLParser(data: data)
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }
}

/// Charts stay small whatever the row count, and look the same.
@Test func bigChartsStaySmall() {
    let n = 100_000
    let table = makeTable(["x": numbers((0..<n).map(Double.init)), "y": numbers((0..<n).map { Double(($0 * 7919) % 1000) })])
    let line = svg(Chart(kind: .line, table: table, x: "x", y: ["y"]))
    let points = line.components(separatedBy: " L").count
    #expect(points < 4 * 720 && points > 500)
    #expect(line.utf8.count < 200_000)
    // Dots on the same spot (to the half pixel) are drawn once.
    let banded = makeTable(["x": numbers((0..<n).map(Double.init)), "y": numbers((0..<n).map { Double($0 % 10) })])
    let scatter = svg(Chart(kind: .scatter, table: banded, x: "x", y: ["y"]))
    let dots = occurrences(of: "<circle", in: scatter)
    #expect(dots < 20_000 && dots > 5_000)
}

@Test func decimationKeepsExtremes() {
    // 1,000 points in one pixel column: first, lowest, highest and last remain.
    let run = (0..<1000).map { i -> (Double, Double, XYPoint) in
        (10 + Double(i) / 2000, Double((i * 37) % 101), XYPoint(x: Double(i), y: nil))
    }
    let kept = ChartMarks.decimated(run, left: 0, width: 100)
    #expect(kept.count <= 4)
    #expect(kept.first?.2.x == 0 && kept.last?.2.x == 999)
    #expect(kept.map(\.1).min() == 0 && kept.map(\.1).max() == 100)
}

@Test func legendStopsAtTwentyFourEntries() {
    let groups = (0..<60).map { "Group \($0)" }
    let table = makeTable(["k": strings(groups.map { _ in "a" }), "g": strings(groups), "v": numbers(groups.map { _ in 1 })])
    let out = svg(Chart(kind: .bar, table: table, x: "k", y: ["v"], group: "g", stacked: true))
    #expect(occurrences(of: "<rect x=", in: out) == 24 + 60)  // swatches + segments
    #expect(out.contains(">and 36 more</text>"))
}

@Test func categoricalLineAndLabelledScatter() {
    let table = makeTable(["q": strings(["Q1", "Q2", "Q3"]), "v": numbers([1, 3, 2]), "who": strings(["<a>", nil, "c"])])
    let line = svg(Chart(kind: .line, table: table, x: "q", y: ["v"]))
    #expect(occurrences(of: "<path ", in: line) == 1)
    #expect(line.contains(">Q1</text>") && line.contains(">Q3</text>"))
    #expect(line.contains("<title>Q2: " + NumberFormat.general(3) + "</title>"))
    let scatter = svg(Chart(kind: .scatter, table: table, x: "v", y: ["v"], label: "who"))
    #expect(scatter.contains(">&lt;a&gt;</text>") && scatter.contains(">c</text>"))
    #expect(occurrences(of: "<circle", in: scatter) == 3)
}
