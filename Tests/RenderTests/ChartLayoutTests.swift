import ReportModel
import Tabular
import Testing
@testable import Render

// The chart layout on its own: ticks, scales, legend and label placement, checked as
// numbers, without reading any SVG.

private func layout(_ chart: Chart, size: ChartLayout.Size = .standard) throws -> (ChartLayout, Plot) {
    let plot = try PlotBuilder(chart: chart).build().get()
    return (ChartLayout(chart: chart, plot: plot, size: size), plot)
}

private func isClose(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }

private let years = makeTable(["year": numbers([2020, 2021, 2022, 2023]), "v": numbers([3, 40, 97, 12]),
                               "share": numbers([0.01, 0.02, 0.03, 0.025])])

// MARK: Ticks

@Test func barTicksStartAtZeroAndSpanThePlot() throws {
    let (l, _) = try layout(Chart(kind: .bar, table: years, x: "year", y: ["v"]))
    #expect(l.yAxis.ticks.map(\.value) == [0, 20, 40, 60, 80, 100])
    #expect(l.yAxis.ticks.map(\.text) == ["0", "20", "40", "60", "80", "100"])
    // The lowest tick on the plot's bottom edge, the highest on its top.
    let first = try #require(l.yAxis.ticks.first), last = try #require(l.yAxis.ticks.last)
    #expect(isClose(first.y, l.frame.bottom) && isClose(last.y, l.frame.top))
    #expect(!l.yAxis.ticks.contains { $0.isZero })  // zero is only marked when the axis goes below it
}

@Test func tickLabelsUseTheColumnsFormatAndWidenTheMargin() throws {
    var formatted = years
    formatted.display = [.plain, .plain, ColumnDisplay(format: "0.0%")]
    let (plain, _) = try layout(Chart(kind: .line, table: years, x: "year", y: ["share"]))
    let (percent, _) = try layout(Chart(kind: .line, table: formatted, x: "year", y: ["share"]))
    #expect(plain.yAxis.ticks.map(\.value) == percent.yAxis.ticks.map(\.value))
    #expect(percent.yAxis.ticks.allSatisfy { $0.text.hasSuffix("%") })
    // The widest tick label sets the left margin (with 14 px between it and the plot).
    for l in [plain, percent] {
        let widest = l.yAxis.ticks.map { TextMetrics.width($0.text, size: 12) }.max() ?? 0
        #expect(isClose(l.frame.left, widest + 14))
    }
    #expect(plain.frame.left != percent.frame.left)
    // Years on x: whole numbers, never 2020.5.
    #expect(plain.xAxis.labels.map(\.text) == ["2020", "2021", "2022", "2023"])
}

@Test func negativeValuesMarkTheZeroTick() throws {
    let table = makeTable(["k": strings(["a", "b"]), "v": numbers([-5, 12])])
    let (l, _) = try layout(Chart(kind: .bar, table: table, x: "k", y: ["v"]))
    let zero = try #require(l.yAxis.ticks.first { $0.value == 0 })
    #expect(zero.isZero && l.yAxis.ticks.filter { $0.isZero }.count == 1)
    #expect(zero.y < l.frame.bottom && zero.y > l.frame.top)
}

// MARK: Scales

@Test func linearScaleMapsTheDomainOntoTheRange() {
    let down = LinearScale(domainLo: 0, domainHi: 100, rangeLo: 300, rangeHi: 30)  // y grows downwards
    #expect(down.map(0) == 300 && down.map(100) == 30 && down.map(50) == 165)
    #expect(isClose(down.map(-10), 327))  // outside the domain: extrapolated, not clamped
    // An empty or infinite domain maps everything to the middle of the range.
    #expect(LinearScale(domainLo: 5, domainHi: 5, rangeLo: 0, rangeHi: 10).map(123) == 5)
    #expect(LinearScale(domainLo: -.infinity, domainHi: 0, rangeLo: 0, rangeHi: 10).map(0) == 5)
}

@Test func numericXSpansTheDataAndCategoriesTakeEqualBands() throws {
    let (l, _) = try layout(Chart(kind: .line, table: years, x: "year", y: ["v"]))
    // A line fills the plot's width: first and last x at its edges.
    #expect(isClose(l.xAxis.position(of: 2020), 0) && isClose(l.xAxis.position(of: 2023), l.frame.width))
    #expect(isClose(l.frame.point(x: 2023, y: 97).x, l.frame.right))

    let table = makeTable(["c": strings(["NO", "SE", "DK", "FI"]), "v": numbers([1, 2, 3, 4])])
    let (bars, _) = try layout(Chart(kind: .bar, table: table, x: "c", y: ["v"]))
    let band = bars.frame.width / 4
    #expect(isClose(bars.xAxis.bandWidth, band) && !bars.xAxis.rotated)
    #expect(bars.xAxis.labels.map(\.text) == ["NO", "SE", "DK", "FI"])
    for (i, label) in bars.xAxis.labels.enumerated() {
        #expect(isClose(label.position, (Double(i) + 0.5) * band))  // each label under its band's centre
    }
}

@Test func crowdedCategoriesRotateThinAndStayInsideThePicture() throws {
    let names = (1...80).map { "Procurement line \($0)" }
    let table = makeTable(["c": strings(names), "v": numbers(names.indices.map(Double.init))])
    let (l, _) = try layout(Chart(kind: .bar, table: table, x: "c", y: ["v"]))
    #expect(l.xAxis.rotated)
    #expect(l.xAxis.labels.count < names.count)  // every k-th label only
    // The first rotated label (running down-left of its tick) starts inside the picture.
    let first = try #require(l.xAxis.labels.first)
    #expect(l.frame.left + first.position >= TextMetrics.width(first.text, size: 12) * 0.78 + 10 - 1e-9)
    // The picture grows to hold the rotated labels.
    #expect(l.height > l.frame.bottom + 8 + 12 + 6)
}

// MARK: Legend

@Test func oneSeriesHasNoLegend() throws {
    let (l, _) = try layout(Chart(kind: .line, table: years, x: "year", y: ["v"]))
    #expect(l.legend.rows.isEmpty && l.legend.height == 0)
    #expect(l.frame.top == 14)
    let (titled, _) = try layout(Chart(kind: .line, table: years, x: "year", y: ["v"], title: "Spending"))
    #expect(titled.title == "Spending" && titled.frame.top == 34)
}

@Test func legendSitsUnderTheTitleAndPushesThePlotDown() throws {
    let (l, _) = try layout(Chart(kind: .line, table: years, x: "year", y: ["v", "share"], title: "Two"))
    #expect(l.legend.top == 34)
    #expect(l.legend.rows.count == 1 && l.legend.rows[0].map(\.series) == [0, 1])
    #expect(l.legend.rows[0].map(\.label) == ["v", "share"])
    #expect(l.legend.rows[0][0].x == 0 && l.legend.rows[0][1].x > 22 + TextMetrics.width("v", size: 12))
    #expect(l.frame.top == 34 + 20 + 10)
    #expect(l.legend.rowCenter(0) == 42)
}

@Test func legendWrapsWithinTheWidthAndCountsTheRest() {
    let names = (1...30).map { "A fairly long series name \($0)" }
    let legend = LegendLayout(seriesNames: names, width: 720, fontSize: 12, top: 14)
    #expect(legend.rows.count > 1)
    for row in legend.rows {
        // Every entry but the "more" note ends within the width.
        for entry in row where entry.series != nil {
            #expect(entry.x + 22 + TextMetrics.width(entry.label, size: 12) <= 720)
        }
        #expect(row.first?.x == 0 && zip(row, row.dropFirst()).allSatisfy { $0.x < $1.x })
    }
    let entries = legend.rows.flatMap { $0 }
    #expect(entries.compactMap(\.series) == Array(0..<LegendLayout.limit))
    #expect(entries.last?.series == nil && entries.last?.label == "and 6 more")
    #expect(legend.height == Double(legend.rows.count) * 20 + 10)
}

@Test func aNarrowerPictureWrapsTheLegendSooner() {
    let names = ["Army", "Navy", "Air Force", "Space Force", "Marines", "Coast Guard"]
    let wide = LegendLayout(seriesNames: names, width: 720, fontSize: 12, top: 0)
    let narrow = LegendLayout(seriesNames: names, width: 300, fontSize: 12, top: 0)
    #expect(wide.rows.count == 1 && narrow.rows.count > 1)
}

// MARK: Labels, references, bars

@Test func axisTitlesReferenceLinesAndNotesArePlaced() throws {
    let chart = Chart(kind: .line, table: years, x: "year", y: ["v"], xLabel: "Year", yLabel: "Spend",
                      referenceLines: [ReferenceLine(value: 50, label: "target"), ReferenceLine(value: .nan), ReferenceLine(value: 60)])
    let (l, _) = try layout(chart)
    let y = try #require(l.yLabel), x = try #require(l.xLabel)
    #expect(y.text == "Spend" && y.y == (l.frame.top + l.frame.bottom) / 2)
    #expect(x.text == "Year" && x.x == l.frame.left + l.frame.width / 2 && x.y == l.height - 8)
    // The y title takes room on the left.
    let (untitled, _) = try layout(Chart(kind: .line, table: years, x: "year", y: ["v"]))
    #expect(l.frame.left == untitled.frame.left + 22)
    // A non-finite reference line is left out; a label sits at the plot's right, above its line.
    #expect(l.referenceLines.count == 2)
    let target = try #require(l.referenceLines.first)
    #expect(isClose(target.y, l.frame.yScale.map(50)) && target.label?.text == "target" && target.label?.x == l.frame.right - 2)
    #expect(l.referenceLines[1].label == nil)
    #expect(l.note == nil)

    let empty = Chart(kind: .line, table: years, x: "nope", y: ["v"])
    let emptyLayout = ChartLayout(chart: empty, plot: Plot.empty(note: "No data"))
    #expect(emptyLayout.note?.text == "No data" && emptyLayout.yAxis.ticks.isEmpty)
}

@Test func stackedBarsTouchAndGroupedBarsSitSideBySide() throws {
    let table = makeTable(["year": strings(["2023", "2024"]), "a": numbers([10, 5]), "b": numbers([20, -4])])
    let (l, plot) = try layout(Chart(kind: .bar, table: table, x: "year", y: ["a", "b"], stacked: true))
    guard case .bars(let data) = plot.marks else { Issue.record("not bars"); return }
    let stacked = BarGeometry.rects(data, stacked: true, in: l.frame)
    let a0 = try #require(stacked[0][0]), b0 = try #require(stacked[1][0])
    #expect(isClose(b0.y1, a0.y0) && a0.x == b0.x)  // b sits on a
    #expect(isClose(a0.y1, l.frame.yScale.map(0)))
    // A negative value stacks down from zero, not onto the positive bar.
    let b1 = try #require(stacked[1][1])
    #expect(isClose(b1.y0, l.frame.yScale.map(0)))

    let grouped = BarGeometry.rects(data, stacked: false, in: l.frame)
    let ga = try #require(grouped[0][0]), gb = try #require(grouped[1][0])
    #expect(ga.x + ga.width <= gb.x && ga.width == gb.width)
    // Both within their category's band.
    #expect(ga.x >= l.frame.left && gb.x + gb.width <= l.frame.left + l.xAxis.bandWidth)
}

@Test func pointLabelsTurnLeftNearTheRightEdge() throws {
    let table = makeTable(["g": numbers([1, 2, 3]), "s": numbers([3, 1, 2]), "c": strings(["NO", nil, "Netherlands"])])
    let (l, plot) = try layout(Chart(kind: .scatter, table: table, x: "g", y: ["s"], label: "c"))
    guard case .points(let series, let texts) = plot.marks else { Issue.record("not points"); return }
    let labels = try #require(PointLabelLayout.labels(series[0].points, texts: texts[0], in: l.frame))
    #expect(labels.map(\.text) == ["NO", "Netherlands"])  // a null label draws nothing
    let (left, right) = (labels[0], labels[1])
    #expect(!left.endAnchored && left.x > l.frame.point(x: 1, y: 3).x)
    #expect(right.endAnchored && right.x < l.frame.point(x: 3, y: 2).x)
    // Too many points: no labels at all.
    let many = (0..<61).map { XYPoint(x: Double($0), y: 1) }
    #expect(PointLabelLayout.labels(many, texts: many.map { _ in "x" }, in: l.frame) == nil)
}

@Test func aSmallerSizeShrinksThePlot() throws {
    let chart = Chart(kind: .line, table: years, x: "year", y: ["v"])
    let (standard, _) = try layout(chart)
    let (small, _) = try layout(chart, size: ChartLayout.Size(width: 400, plotHeight: 150))
    #expect(isClose(small.frame.width, standard.frame.width - 320))
    #expect(small.frame.bottom - small.frame.top == 150 && small.height == standard.height - 120)
}
