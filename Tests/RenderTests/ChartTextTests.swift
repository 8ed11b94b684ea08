import Foundation
import ReportModel
import Tabular
import Testing
@testable import Render

// The reader's test of issue 17 on the layout values: in a sample of the gallery's charts
// (docs/gallery/gallery.yaml), at the standard width and at `width: 600` and `width: 1000`,
// no two texts overlap and none is cut off by the picture's edge. (The report scales a
// chart to its column, so a 600 or 1,000 px window shows the same layout, scaled; the
// Chromium screenshot test in folioTests draws them.) Boxes are the emitter's anchors
// with `TextMetrics` widths: a line's box runs 0.8 em above its baseline and 0.25 below.

struct TextBox: CustomStringConvertible {
    var text: String
    var x0, y0, x1, y1: Double

    init(_ text: String, x: Double, baseline y: Double, anchor: String = "start", size: Double = 12) {
        let w = TextMetrics.width(text, size: size)
        let x0 = anchor == "start" ? x : anchor == "end" ? x - w : x - w / 2
        self.text = text
        (self.x0, self.y0, self.x1, self.y1) = (x0, y - size * 0.8, x0 + w, y + size * 0.25)
    }

    /// A text turned -90° about its anchor, centred on it.
    init(rotated text: String, x: Double, y: Double, size: Double = 12) {
        let w = TextMetrics.width(text, size: size)
        self.text = text
        (self.x0, self.y0, self.x1, self.y1) = (x - size * 0.8, y - w / 2, x + size * 0.25, y + w / 2)
    }

    func offset(_ dx: Double, _ dy: Double) -> TextBox {
        var b = self
        (b.x0, b.x1, b.y0, b.y1) = (x0 + dx, x1 + dx, y0 + dy, y1 + dy)
        return b
    }

    func overlaps(_ o: TextBox) -> Bool { x0 < o.x1 - 0.5 && o.x0 < x1 - 0.5 && y0 < o.y1 - 0.5 && o.y0 < y1 - 0.5 }

    var description: String { "\"\(text)\" [\(Int(x0))–\(Int(x1)) × \(Int(y0))–\(Int(y1))]" }
}

/// Every text of a laid-out chart as the emitters place it (rotated category labels are
/// left out: `XAxisLayout` thins them by their rotated spacing).
func textBoxes(_ l: ChartLayout) -> [TextBox] {
    let fs = l.size.fontSize, f = l.frame
    var boxes: [TextBox] = []
    if let title = l.title { boxes.append(TextBox(title, x: 0, baseline: ChartLayout.titleBaseline, size: ChartLayout.titleFontSize)) }
    for (r, row) in l.legend.rows.enumerated() {
        for entry in row {
            boxes.append(TextBox(entry.label, x: entry.x + (entry.series == nil ? 0 : 22), baseline: l.legend.rowCenter(r) + 5))
        }
    }
    for tick in l.yAxis.ticks { boxes.append(TextBox(tick.text, x: f.left - 8, baseline: tick.y + 4, anchor: "end")) }
    if !l.xAxis.rotated {
        for label in l.xAxis.labels { boxes.append(TextBox(label.text, x: f.left + label.position, baseline: f.bottom + 8 + fs, anchor: "middle")) }
    }
    if let label = l.xLabel { boxes.append(TextBox(label.text, x: label.x, baseline: label.y, anchor: "middle")) }
    if let label = l.yLabel { boxes.append(TextBox(rotated: label.text, x: label.x, y: label.y)) }
    for line in l.referenceLines { if let label = line.label { boxes.append(TextBox(label.text, x: label.x, baseline: label.y, anchor: "end")) } }
    for line in l.verticalLines {
        guard let label = line.label else { continue }
        let end = label.x + TextMetrics.width(label.text, size: fs) > f.right
        boxes.append(TextBox(label.text, x: end ? line.x - 4 : label.x, baseline: label.y, anchor: end ? "end" : "start"))
    }
    for span in l.spans { if let label = span.label { boxes.append(TextBox(label.text, x: label.x, baseline: label.y)) } }
    for note in l.annotations { boxes.append(TextBox(note.text.text, x: note.text.x, baseline: note.text.y, anchor: note.endAnchored ? "end" : "start")) }
    for label in l.endLabels { boxes.append(TextBox(label.text.text, x: label.text.x + 9, baseline: label.text.y)) }
    if let note = l.note { boxes.append(TextBox(note.text, x: note.x, baseline: note.y, anchor: "middle")) }
    return boxes
}

/// Every text of small multiples: the grid's own and each panel's, in picture coordinates.
func textBoxes(_ l: FacetLayout) -> [TextBox] {
    let fs = l.size.fontSize
    var boxes: [TextBox] = []
    if let title = l.title { boxes.append(TextBox(title, x: 0, baseline: ChartLayout.titleBaseline, size: ChartLayout.titleFontSize)) }
    for (r, row) in l.legend.rows.enumerated() {
        for entry in row { boxes.append(TextBox(entry.label, x: entry.x + (entry.series == nil ? 0 : 22), baseline: l.legend.rowCenter(r) + 5)) }
    }
    if let label = l.xLabel { boxes.append(TextBox(label.text, x: label.x, baseline: label.y, anchor: "middle", size: fs)) }
    if let label = l.yLabel { boxes.append(TextBox(rotated: label.text, x: label.x, y: label.y)) }
    for panel in l.panels {
        boxes.append(TextBox(panel.title.text, x: panel.title.x, baseline: panel.title.y, size: FacetLayout.panelTitleFontSize))
        boxes += textBoxes(panel.layout).map { $0.offset(panel.x, panel.y) }
    }
    return boxes
}

private let budget = makeTable([
    "year": numbers([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]),
    "navy": numbers([180, 188, 195, 201, 228, 236, 244, 250]),
    "army": numbers([170, 171, 175, 178, 182, 190, 193, 199]),
    "air": numbers([160, 166, 170, 181, 190, 199, 205, 214]),
    "bloc": strings(["EU", "EU", "NATO", "EU", "NATO", "other", "EU", "NATO"]),
    "median": numbers([100, 103, 107, 110, 115, 119, 124, 128]),
    "p5": numbers([96, 97, 99, 100, 102, 103, 105, 106]),
    "p95": numbers([104, 109, 116, 121, 129, 136, 144, 151]),
])

/// The gallery's line, band, waterfall, scatter, coloured-bar and facet charts.
private func gallerySample() -> [(String, Chart)] {
    var line = Chart(kind: .line, table: budget, x: "year", y: ["navy", "army", "air"], title: "Lines with end labels, a plan period and a goal year",
                     yLabel: "US$ bn", referenceLines: [ReferenceLine(value: 2025, label: "goal year", axis: .x), ReferenceLine(value: 200, label: "200 bn")])
    line.endLabels = true
    line.spans = [Span(from: 2023, to: 2027, label: "plan period")]
    var band = Chart(kind: .line, table: budget, x: "year", y: ["median"], title: "A median with its 5th–95th percentile band")
    band.band = Band(lo: "p5", hi: "p95")
    band.annotations = [Annotation(x: 2024, y: 115, text: "review")]
    let steps = makeTable(["step": strings(["FY2022", "personnel", "procurement", "R&D", "operations", "other"]),
                           "change": numbers([52, 3.1, 9.4, 2.2, -1.3, -0.4])])
    var fall = Chart(kind: .waterfall, table: steps, x: "step", y: ["change"], title: "Waterfall: a budget bridge", yLabel: "¥ trillion")
    fall.total = "FY2027"
    let pts = makeTable(["gdp": numbers([1.2, 1.25, 1.3, 2.1, 2.2, 3.4, 3.45, 0.9]), "spend": numbers([1.9, 2.0, 2.05, 2.4, 1.3, 2.9, 3.0, 1.1]),
                         "c": strings(["Australia", "Netherlands", "Belgium", "Germany", "Japan", "Poland", "Estonia", "Spain"]),
                         "bloc": strings(["other", "EU", "EU", "EU", "other", "EU", "EU", "EU"])])
    var scatter = Chart(kind: .scatter, table: pts, x: "gdp", y: ["spend"], label: "c", title: "Scatter: labels placed without overlap, coloured by bloc")
    scatter.color = "bloc"
    var bars = Chart(kind: .bar, table: budget, x: "year", y: ["navy"], title: "Bars coloured by a column (no dodging)")
    bars.color = "bloc"
    let services = makeTable(["year": numbers((0..<24).map { 2020 + Double($0 % 8) }),
                              "spend": numbers([180, 188, 195, 201, 228, 236, 244, 250, 170, 171, 175, 178, 182, 190, 193, 199, 160, 166, 170, 181, 190, 199, 205, 214]),
                              "service": strings((0..<24).map { ["navy", "army", "air"][$0 / 8] })])
    var facet = Chart(kind: .line, table: services, x: "year", y: ["spend"], title: "Small multiples: one panel per service, on the same axes",
                      yLabel: "US$ bn", referenceLines: [ReferenceLine(value: 200, label: "200 bn")])
    facet.facet = "service"
    facet.spans = [Span(from: 2023, to: 2027, label: "plan")]
    return [("line", line), ("band", band), ("waterfall", fall), ("scatter", scatter), ("color", bars), ("facet", facet)]
}

private func expectApartAndInside(_ boxes: [TextBox], width: Double, height: Double, _ name: String) {
    for (i, a) in boxes.enumerated() {
        #expect(a.x0 >= -0.5 && a.x1 <= width + 0.5 && a.y0 >= -0.5 && a.y1 <= height + 0.5, "\(name) at \(width): \(a) is cut off")
        for b in boxes[(i + 1)...] { #expect(!a.overlaps(b), "\(name) at \(width): \(a) overlaps \(b)") }
    }
}

@Test(arguments: [nil, 600.0, 1000.0])
func galleryTextsNeitherOverlapNorLeaveThePicture(width: Double?) throws {
    for (name, base) in gallerySample() {
        var chart = base
        chart.width = width
        if chart.facet != nil {
            let facets = try PlotBuilder(chart: chart).facets().get()
            let l = FacetLayout.make(chart: chart, facets: facets)
            #expect(textBoxes(l).count > 20)
            expectApartAndInside(textBoxes(l), width: l.size.width, height: l.height, name)
        } else {
            let plot = try PlotBuilder(chart: chart).build().get()
            let l = ChartLayout.make(chart: chart, plot: plot)
            var boxes = textBoxes(l)
            // Scatter point labels, placed by `PointLabelLayout`.
            if case .points(let series, let labels) = plot.marks, let placed = ChartMarks.pointLabels(series, labels: labels, l.frame) {
                boxes += placed.labels.map { TextBox($0.text, x: $0.x, baseline: $0.y, anchor: $0.anchor == .start ? "start" : $0.anchor == .end ? "end" : "middle", size: PointLabelLayout.fontSize) }
            }
            #expect(boxes.count > 8, "\(name)")
            expectApartAndInside(boxes, width: l.size.width, height: l.height, name)
        }
    }
}

@Test func theOverlapCheckSeesOverlaps() throws {
    // Two labels ending at the same point a few pixels apart overlap, and the check above would say so.
    let a = TextBox("two hundred", x: 500, baseline: 100, anchor: "end", size: 12)
    let b = TextBox("two hundred and one", x: 500, baseline: 104, anchor: "end", size: 12)
    #expect(a.overlaps(b) && b.overlaps(a))
    #expect(!a.overlaps(TextBox("far", x: 500, baseline: 130, anchor: "end", size: 12)))
}

@Test func closeReferenceLinesKeepTheirLabelsApart() throws {
    // Three reference lines a hair apart (given out of order): every label stays readable,
    // the first above its line.
    let chart = Chart(kind: .line, table: budget, x: "year", y: ["navy"],
                      referenceLines: [ReferenceLine(value: 201, label: "two hundred and one"), ReferenceLine(value: 200, label: "two hundred"),
                                       ReferenceLine(value: 202, label: "two hundred and two")])
    let l = ChartLayout.make(chart: chart, plot: try PlotBuilder(chart: chart).build().get())
    let labels = textBoxes(l).filter { $0.text.hasPrefix("two") }
    #expect(labels.count == 3)
    for (i, a) in labels.enumerated() {
        for b in labels[(i + 1)...] { #expect(!a.overlaps(b), "\(a.text) / \(b.text)") }
    }
    let top = try #require(l.referenceLines.min { $0.y < $1.y })
    #expect(try #require(top.label).y == top.y - 5)
}
