import Foundation
import ReportModel
import Tabular
import Testing
@testable import Render

// Small multiples (`facet:`): the panel grid, one set of scales for every panel, the limit
// on panels, and golden SVGs.

private let spend = makeTable([
    "year": numbers([2020, 2021, 2022, 2020, 2021, 2022, 2021, 2022, 2020, 2022]),
    "country": strings(["Japan", "Japan", "Japan", "Germany", "Germany", "Germany", "Poland", "Poland", "Estonia", "Estonia"]),
    "spend": numbers([1.0, 1.1, 1.3, 1.4, 1.5, 2.1, 2.4, 3.9, 2.0, nil]),
    "goal": numbers([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]),
    "bloc": strings(["other", "other", "other", "EU", "EU", "EU", "EU", "EU", "EU", "EU"]),
])

private func facets(_ chart: Chart) throws -> FacetPlots {
    switch PlotBuilder(chart: chart).facets() {
    case .success(let f): return f
    case .failure(let note): Issue.record("\(note.text)"); throw note
    }
}

private func faceted(_ kind: Chart.Kind, y: [String] = ["spend"], _ change: (inout Chart) -> Void = { _ in }) -> Chart {
    var chart = Chart(kind: kind, table: spend, x: "year", y: y)
    chart.facet = "country"
    change(&chart)
    return chart
}

private func isClose(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }

@Test func panelsGoInABalancedGrid() {
    // 720 px fit three 220 px panels across; rows are then balanced.
    #expect(FacetLayout.grid(count: 1, width: 720) == (1, 1))
    #expect(FacetLayout.grid(count: 3, width: 720) == (3, 1))
    #expect(FacetLayout.grid(count: 4, width: 720) == (2, 2))
    #expect(FacetLayout.grid(count: 5, width: 720) == (3, 2))
    #expect(FacetLayout.grid(count: 24, width: 720) == (3, 8))
    #expect(FacetLayout.grid(count: 24, width: 1000) == (4, 6))
    #expect(FacetLayout.grid(count: 3, width: 240) == (1, 3))
}

@Test func onePanelPerValueInFirstAppearanceOrder() throws {
    let f = try facets(faceted(.line))
    #expect(f.panels.map(\.name) == ["Japan", "Germany", "Poland", "Estonia"])
    // Each panel draws only its rows.
    guard case .lines(let japan) = f.panels[0].plot.marks, case .lines(let poland) = f.panels[2].plot.marks else {
        Issue.record("not lines"); return
    }
    #expect(japan[0].points.map(\.y) == [1.0, 1.1, 1.3])
    #expect(poland[0].points.map(\.x) == [2021, 2022])
}

@Test func everyPanelHasTheSameScales() throws {
    for chart in [faceted(.line, y: ["spend", "goal"]), faceted(.bar), faceted(.scatter), faceted(.area),
                  faceted(.histogram) { $0.y = []; $0.x = "spend" }] {
        let f = try facets(chart)
        let l = FacetLayout.make(chart: chart, facets: f)
        #expect(l.panels.count == 4)
        let frames = l.panels.map(\.frame)
        let first = frames[0]
        for (panel, frame) in zip(l.panels, frames) {
            // The same plot size, y domain and ticks, and x positions, in every panel.
            #expect(isClose(frame.width, first.width) && isClose(frame.bottom - frame.top, first.bottom - first.top), "\(chart.kind)")
            #expect(frame.yScale.domainLo == first.yScale.domainLo && frame.yScale.domainHi == first.yScale.domainHi, "\(chart.kind)")
            #expect(panel.layout.yAxis.ticks.map(\.text) == l.panels[0].layout.yAxis.ticks.map(\.text))
            #expect(panel.layout.xAxis.labels == l.panels[0].layout.xAxis.labels, "\(chart.kind)")
            #expect(isClose(frame.point(x: 2021, y: 2).x - frame.left, first.point(x: 2021, y: 2).x - first.left))
            #expect(isClose(frame.point(x: 2021, y: 2).y - frame.top, first.point(x: 2021, y: 2).y - first.top))
        }
        // The shared y axis covers the highest value of any panel (Poland's 3.9).
        if chart.kind != .histogram { #expect(first.yScale.domainHi >= 3.9, "\(chart.kind)") }
    }
    // Histograms share their bins too.
    let h = try facets(faceted(.histogram) { $0.y = []; $0.x = "spend"; $0.bins = .count(4) })
    let edges = h.panels.compactMap { panel -> [Double]? in
        if case .histogram(let data) = panel.plot.marks { return data.edges }
        return nil
    }
    #expect(edges.count == 4 && Set(edges.map { $0.map(String.init(describing:)).joined(separator: ",") }).count == 1)
}

@Test func panelsSitInTheirCellsWithoutOverlapping() throws {
    let chart = faceted(.line, y: ["spend", "goal"]) { $0.title = "Spending"; $0.xLabel = "year"; $0.yLabel = "% of GDP" }
    let l = FacetLayout.make(chart: chart, facets: try facets(chart))
    #expect(l.columns == 2 && l.rows == 2)
    // One legend for all, above the panels; the panels' own legends are empty.
    #expect(l.legend.rows.first?.map(\.label) == ["spend", "goal"])
    #expect(l.panels.allSatisfy { $0.layout.legend.rows.isEmpty && $0.layout.title == nil })
    let legendBottom = l.legend.top + l.legend.height
    for (i, a) in l.panels.enumerated() {
        let w = a.layout.size.width, h = a.layout.height
        #expect(a.y >= legendBottom && a.x + w <= l.size.width + 1e-9 && a.y + h <= l.height)
        // The panel's title above its plot, within its width.
        #expect(a.title.y < a.frame.top - 8 && a.title.x + TextMetrics.width(a.title.text, size: FacetLayout.panelTitleFontSize) <= a.x + w)
        for b in l.panels[(i + 1)...] {
            let apart = a.x + w <= b.x + 1e-9 || b.x + w <= a.x + 1e-9 || a.y + h <= b.y + 1e-9 || b.y + h <= a.y + 1e-9
            #expect(apart, "\(a.name) and \(b.name) overlap")
        }
    }
    // The axis titles are the grid's, once.
    #expect(l.xLabel?.text == "year" && l.yLabel?.text == "% of GDP")
    #expect(l.panels.allSatisfy { $0.layout.xLabel == nil && $0.layout.yLabel == nil })
}

@Test func heightSetsTheWholePicture() throws {
    let chart = faceted(.bar) { $0.height = 600; $0.width = 1000 }
    let l = FacetLayout.make(chart: chart, facets: try facets(chart))
    #expect(l.size.width == 1000 && abs(l.height - 600) < 1)
    #expect(l.columns == 4 && l.rows == 1)
}

@Test func aPanelWithoutDataIsDrawnEmptyOnTheSameAxes() throws {
    let t = makeTable(["x": numbers([1, 2, 1, 2]), "y": numbers([1, 2, nil, nil]), "g": strings(["a", "a", "b", "b"])])
    var chart = Chart(kind: .line, table: t, x: "x", y: ["y"])
    chart.facet = "g"
    let f = try facets(chart)
    #expect(f.panels[0].plot.note == nil && f.panels[1].plot.note != nil)
    #expect(f.panels[1].plot.yTicks == f.panels[0].plot.yTicks)
    let out = ChartRenderer(chart: chart).svg(standalone: false)
    #expect(out.contains("b: No data to plot"))
}

@Test func panelsPastTheLimitAreLeftOutAndSaidSo() throws {
    // The built-in refuses more values than the limit; a chart made otherwise draws the first ones.
    let n = Chart.facetLimit + 6
    let t = makeTable(["x": numbers((0..<n).map(Double.init)), "y": numbers((0..<n).map(Double.init)),
                       "g": strings((0..<n).map { "g\($0)" }), "h": strings((0..<n).map { $0 % 3 == 0 ? "a" : "b" })])
    var chart = Chart(kind: .scatter, table: t, x: "x", y: ["y"])
    chart.facet = "g"
    let f = try facets(chart)
    #expect(f.panels.count == Chart.facetLimit && f.valuesLeftOut == 6)
    #expect(ChartRenderer(chart: chart).svg(standalone: false).contains("Only the first \(Chart.facetLimit) values of g are drawn; 6 more are not."))
}

@Test func rowsWithoutAFacetValueAreLeftOutAndSaidSo() throws {
    let t = makeTable(["x": numbers([1, 2, 3]), "y": numbers([1, 2, 3]), "g": Column.strings(["a", "", "a"], isNull: [false, true, false])])
    var chart = Chart(kind: .scatter, table: t, x: "x", y: ["y"])
    chart.facet = "g"
    let out = ChartRenderer(chart: chart).svg(standalone: false)
    #expect(out.contains("1 row has no g and is not drawn."))
    #expect(out.contains("<title>Scatter chart of y by x, one panel per g</title>"))
}

@Test func facetColumnsLeadTheDataTable() throws {
    let chart = faceted(.line)
    #expect(ChartDataTable.table(for: chart)?.names == ["country", "year", "spend"])
    let h = faceted(.histogram) { $0.y = []; $0.x = "spend"; $0.bins = .count(2) }
    let table = try #require(ChartDataTable.table(for: h))
    #expect(table.names == ["country", "from", "to", "count"] && table.rowCount == 8)
}

@Test func facetsMatchTheirGoldens() {
    let lines = faceted(.line, y: ["spend", "goal"]) {
        $0.title = "Small multiples: lines by country"
        $0.yLabel = "% of GDP"
        $0.referenceLines = [ReferenceLine(value: 2021, label: "review", axis: .x)]
        $0.spans = [Span(from: 2021, to: 2022, label: "plan")]
    }
    assertSnapshot(ReportFiles.standaloneSVG(lines), named: "facet-lines.svg")
    let bars = faceted(.bar) { $0.title = "Small multiples: bars coloured by bloc"; $0.color = "bloc"; $0.referenceLines = [ReferenceLine(value: 2, label: "2%")] }
    assertSnapshot(ReportFiles.standaloneSVG(bars), named: "facet-bars-color.svg")
}

@Test func narrowPanelsKeepTheirXLabelsApart() throws {
    // Eight years in panels a third of the width: every other label, none touching.
    let years = (2020...2027).map(Double.init)
    let t = makeTable(["year": numbers(years + years + years), "v": numbers((0..<24).map(Double.init)),
                       "s": strings(years.map { _ in "navy" } + years.map { _ in "army" } + years.map { _ in "air" })])
    var chart = Chart(kind: .line, table: t, x: "year", y: ["v"])
    chart.facet = "s"
    let l = FacetLayout.make(chart: chart, facets: try facets(chart))
    for panel in l.panels {
        let labels = panel.layout.xAxis.labels
        #expect(labels.count >= 2 && labels.count < 8)
        for (a, b) in zip(labels, labels.dropFirst()) {
            let room = b.position - a.position
            #expect(room >= (TextMetrics.width(a.text, size: 12) + TextMetrics.width(b.text, size: 12)) / 2 + 4)
        }
    }
}
