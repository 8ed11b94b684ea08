import Foundation
import ReportModel
import Tabular
import Testing
@testable import Render

// Issue 17 (SPEC-2 E): the new kinds and options, by their layout and one golden SVG each.

private func svg(_ chart: Chart) -> String { ChartRenderer(chart: chart).svg(standalone: false) }

private let years = makeTable([
    "year": numbers([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]),
    "median": numbers([10, 11, 12.5, 13, 15, 16, 18, 19]),
    "p5": numbers([9, 9.5, 10, 10.5, 11, 11.5, 12, 12.5]),
    "p95": numbers([11, 12.5, 15, 16, 19, 21, 24, 26]),
    "bloc": strings(["EU", "EU", "NATO", "EU", "NATO", "other", "EU", "NATO"]),
])

private func plot(_ chart: Chart) throws -> Plot {
    switch PlotBuilder(chart: chart).build() {
    case .success(let p): return p
    case .failure(let note): Issue.record("\(note.text)"); throw note
    }
}

@Test func histogramUsesSturgesAndDrawsEmptyBinsAtZero() throws {
    // 8 values: ⌈log2 8⌉ + 1 = 4 equal bins over [1, 9]; the bin 5–7 is empty.
    let t = makeTable(["v": numbers([1, 1.5, 2, 3, 4.9, 8, 9, nil, 8.5])])
    let p = try plot(Chart(kind: .histogram, table: t, x: "v", y: []))
    guard case .histogram(let h) = p.marks else { Issue.record("not a histogram"); return }
    #expect(h.edges == [1, 3, 5, 7, 9])
    #expect(h.counts == [3, 2, 0, 3])  // the last bin includes its high edge
    #expect(p.yTicks.lo == 0)
    #expect(PlotBuilder.binEdges(.sturges, lo: 0, hi: 1, count: 1000).count == 12)  // ⌈log2 1000⌉ + 1 = 11 bins
    var edges = Chart(kind: .histogram, table: t, x: "v", y: [])
    edges.bins = .edges([0, 5, 10])
    guard case .histogram(let e) = try plot(edges).marks else { return }
    #expect(e.counts == [5, 3])
}

@Test func waterfallStepsStartWhereTheLastEnded() throws {
    let t = makeTable(["step": strings(["FY22", "pay", "ships", "ops"]), "change": numbers([50, 5, -3, 2])])
    var chart = Chart(kind: .waterfall, table: t, x: "step", y: ["change"])
    chart.total = "FY27"
    guard case .waterfall(let steps) = try plot(chart).marks else { Issue.record("not a waterfall"); return }
    #expect(steps.map(\.start) == [0, 50, 55, 52, 0])
    #expect(steps.map(\.end) == [50, 55, 52, 54, 54])
    #expect(steps.map(\.kind) == [.rise, .rise, .fall, .rise, .total])
    let out = svg(chart)
    // Rises, falls and the total in three colours, and a legend naming them.
    #expect(out.contains("color=\"#0072B2\"") && out.contains("color=\"#D55E00\"") && out.contains("color=\"#000000\""))
    #expect(out.contains(">Increase</text>") && out.contains(">Decrease</text>") && out.contains(">Total</text>"))
}

@Test func stackedAreasSitOnEachOther() throws {
    var chart = Chart(kind: .area, table: years, x: "year", y: ["p5", "median"], stacked: true)
    guard case .areas(let series, let bases) = try plot(chart).marks else { Issue.record("not areas"); return }
    #expect(series[1].points[0].y == 19 && bases[1][0] == 9 && bases[0][0] == 0)
    chart.stacked = false
    guard case .areas(let flat, _) = try plot(chart).marks else { return }
    #expect(flat[1].points[0].y == 10)
}

@Test func colorColoursBarsWithoutDodging() throws {
    var chart = Chart(kind: .bar, table: years, x: "year", y: ["median"])
    chart.color = "bloc"
    let p = try plot(chart)
    #expect(p.seriesNames == ["EU", "NATO", "other"])
    let l = ChartLayout(chart: chart, plot: p)
    guard case .bars(let bars) = p.marks else { return }
    let rects = BarGeometry.rects(bars, stacked: false, in: l.frame)
    // One bar per category, centred in it (not a slot for each colour).
    let first = try #require(rects[0][0])
    #expect(abs(first.x + first.width / 2 - (l.frame.left + l.xAxis.bandWidth / 2)) < 1e-9)
    let out = svg(chart)
    #expect(occurrences(of: "<rect x=", in: out) == 8 + 3)  // 8 bars, 3 legend swatches
}

@Test func logAxisTicksAtPowersOfTen() throws {
    let t = makeTable(["x": numbers([1, 2, 3]), "y": numbers([3, 400, 90000])])
    var chart = Chart(kind: .line, table: t, x: "x", y: ["y"])
    chart.logY = true
    let p = try plot(chart)
    #expect(p.yTicks.values == [1, 10, 100, 1000, 10000, 100000] && p.yTicks.log)
    let l = ChartLayout(chart: chart, plot: p)
    // Each decade the same height.
    let ys = l.yAxis.ticks.map(\.y)
    #expect(abs((ys[0] - ys[1]) - (ys[1] - ys[2])) < 1e-9)
}

@Test func axisLimitsSpanExactlyTheRangeAndClip() throws {
    var chart = Chart(kind: .line, table: years, x: "year", y: ["median"])
    chart.yMin = 12
    chart.yMax = 17
    chart.xMin = 2021
    chart.xMax = 2026
    let p = try plot(chart)
    #expect(p.yTicks.lo == 12 && p.yTicks.hi == 17 && p.clipped)
    guard case .numeric(_, let lo, let hi) = p.xScale else { Issue.record("not numeric"); return }
    #expect(lo == 2021 && hi == 2026)
    let out = svg(chart)
    #expect(out.contains("<svg class=\"clip\""))
    #expect(out.contains("cut off"))
}

@Test func referencesSpansAndAnnotationsArePlaced() throws {
    var chart = Chart(kind: .line, table: years, x: "year", y: ["median"],
                      referenceLines: [ReferenceLine(value: 2025, label: "2% goal", axis: .x), ReferenceLine(value: 15)])
    chart.spans = [Span(from: 2023, to: 2027, label: "plan")]
    chart.annotations = [Annotation(x: 2024, y: 15, text: "peak"), Annotation(x: 2040, y: 15, text: "far away")]
    let p = try plot(chart)
    let l = ChartLayout(chart: chart, plot: p)
    let x2025 = l.frame.point(x: 2025, y: 0).x
    #expect(l.verticalLines.count == 1 && abs(l.verticalLines[0].x - x2025) < 1e-9)
    #expect(l.referenceLines.count == 1)
    #expect(l.spans.count == 1 && abs(l.spans[0].x1 - l.frame.right) < 1e-9)
    #expect(l.annotations.map(\.text.text) == ["peak"] && l.annotationsLeftOut == 1)
    let out = svg(chart)
    #expect(out.contains("1 annotation lies outside the axes"))
}

@Test func endLabelsNeverOverlapAndReplaceTheLegend() throws {
    let t = makeTable(["x": numbers([1, 2]), "a": numbers([1, 5]), "b": numbers([1, 5.01]), "c": numbers([1, 4.99])])
    var chart = Chart(kind: .line, table: t, x: "x", y: ["a", "b", "c"])
    chart.endLabels = true
    let p = try plot(chart)
    let l = ChartLayout(chart: chart, plot: p)
    #expect(l.legend.rows.isEmpty && l.endLabels.count == 3)
    let ys = l.endLabels.map(\.text.y).sorted()
    #expect(zip(ys, ys.dropFirst()).allSatisfy { $1 - $0 >= l.size.fontSize })
    #expect(l.endLabels.allSatisfy { $0.text.x > l.frame.right && $0.text.y <= l.frame.bottom })
}

@Test func sizeOptionsSetThePicture() throws {
    var chart = Chart(kind: .line, table: years, x: "year", y: ["median"], title: "Sized")
    chart.width = 480
    chart.height = 300
    let l = ChartLayout.make(chart: chart, plot: try plot(chart))
    #expect(l.size.width == 480 && abs(l.height - 300) < 1e-9)
}

@Test func manySeriesNeverShareColourAndDash() {
    var seen = Set<String>()
    for i in 0..<200 {
        #expect(seen.insert("\(ChartMarks.paletteIndex(i, kind: .line))|\(ChartMarks.dash(i))").inserted)
    }
    // Every bar series after the first: a hatch pattern of its own.
    var fills = Set<String>()
    for i in 0..<40 { #expect(fills.insert("\(ChartMarks.paletteIndex(i, kind: .bar))|\(ChartMarks.barFill(i, kind: .bar))").inserted) }
    let groups = (0..<11).map { "c\($0)" }
    let t = makeTable(["k": strings(groups.map { _ in "a" }), "g": strings(groups), "v": numbers(groups.map { _ in 1.0 })])
    let out = svg(Chart(kind: .bar, table: t, x: "k", y: ["v"], group: "g", stacked: true))
    #expect(occurrences(of: "<pattern id=", in: out) == 10 && out.contains("fill=\"url(#folio-hatch-10-2)\""))
}

@Test func scatterLabelsNeverOverlapEachOtherOrTheEdges() throws {
    // Crowded points: every label placed lies inside the plot and overlaps no other.
    let n = 40
    let xs = (0..<n).map { Double($0 % 8) }, ys = (0..<n).map { Double($0 / 8) * 0.1 }
    let t = makeTable(["x": numbers(xs), "y": numbers(ys), "name": strings((0..<n).map { "Country \($0)" })])
    let chart = Chart(kind: .scatter, table: t, x: "x", y: ["y"], label: "name")
    let p = try plot(chart)
    let l = ChartLayout(chart: chart, plot: p)
    guard case .points(let series, let labels) = p.marks else { return }
    let placed = try #require(ChartMarks.pointLabels(series, labels: labels, l.frame))
    #expect(placed.leftOut > 0 && placed.labels.count + placed.leftOut == n)
    let boxes = placed.labels.map { label -> PointLabelLayout.Box in
        let w = TextMetrics.width(label.text, size: PointLabelLayout.fontSize)
        let x0 = label.anchor == .start ? label.x : label.anchor == .end ? label.x - w : label.x - w / 2
        return PointLabelLayout.Box(x0: x0, y0: label.y - 8.8, x1: x0 + w, y1: label.y + 2.75)
    }
    for (i, a) in boxes.enumerated() {
        #expect(a.x0 >= l.frame.left && a.x1 <= l.frame.right && a.y0 >= l.frame.top && a.y1 <= l.frame.bottom)
        for b in boxes[(i + 1)...] { #expect(!a.overlaps(b)) }
    }
    #expect(svg(chart).contains("point labels were left out"))
}

/// Its speed is measured by bench/charts (docs/PERFORMANCE.md), not here.
@Test func aHundredThousandPointLineIsSmallAndSaysItIsSimplified() {
    let n = 100_000
    let t = makeTable(["i": numbers((0..<n).map(Double.init)), "v": numbers((0..<n).map { sin(Double($0) / 500) * 100 + Double($0 % 7) })])
    let out = svg(Chart(kind: .line, table: t, x: "i", y: ["v"]))
    #expect(out.utf8.count < 2_000_000)
    #expect(out.contains("simplified below the pixel resolution"))
    // At most four points per pixel column of a 600-pixel plot survive.
    let points = out.split(separator: "<path").dropFirst().map { $0.filter { $0 == "L" }.count }.max() ?? 0
    #expect(points > 100 && points < 4 * 1000, "\(points)")
}

@Test func everyOptionMatchesItsGolden() {
    var band = Chart(kind: .line, table: years, x: "year", y: ["median"], title: "Band, span, reference, annotation",
                     referenceLines: [ReferenceLine(value: 2025, label: "goal year", axis: .x)])
    band.band = Band(lo: "p5", hi: "p95")
    band.spans = [Span(from: 2023, to: 2027, label: "plan")]
    band.annotations = [Annotation(x: 2022, y: 12.5, text: "<b>note</b> & \"quote\"")]
    assertSnapshot(ReportFiles.standaloneSVG(band), named: "option-band-span-reference.svg")
    var ends = Chart(kind: .line, table: years, x: "year", y: ["median", "p5", "p95"], title: "End labels, limits")
    ends.endLabels = true
    ends.yMin = 0
    ends.yMax = 30
    ends.width = 560
    ends.height = 320
    assertSnapshot(ReportFiles.standaloneSVG(ends), named: "option-end-labels-limits-size.svg")
    var log = Chart(kind: .scatter, table: years, x: "year", y: ["p95"], label: "bloc", title: "Log, colour")
    log.logY = true
    log.color = "bloc"
    assertSnapshot(ReportFiles.standaloneSVG(log), named: "option-log-color-scatter.svg")
    var colored = Chart(kind: .bar, table: years, x: "year", y: ["median"], title: "Coloured bars")
    colored.color = "bloc"
    assertSnapshot(ReportFiles.standaloneSVG(colored), named: "option-color-bar.svg")
    let hist = Chart(kind: .histogram, table: years, x: "p95", y: [], title: "Histogram")
    assertSnapshot(ReportFiles.standaloneSVG(hist), named: "kind-histogram.svg")
    let area = Chart(kind: .area, table: years, x: "year", y: ["p5", "median"], stacked: true, title: "Stacked areas")
    assertSnapshot(ReportFiles.standaloneSVG(area), named: "kind-area.svg")
    var fall = Chart(kind: .waterfall, table: makeTable(["s": strings(["FY22", "pay", "ships"]), "d": numbers([50, 4, -3])]), x: "s", y: ["d"], title: "Waterfall")
    fall.total = "FY27"
    assertSnapshot(ReportFiles.standaloneSVG(fall), named: "kind-waterfall.svg")
}
