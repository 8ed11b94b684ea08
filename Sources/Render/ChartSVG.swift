// SVG charts drawn by hand: line, bar (grouped or stacked) and scatter. The layout
// (`ChartLayout.swift`) says where everything goes; this file writes one part at a time
// as SVG text, in drawing order. Every number written in coordinates has at most two
// decimals (`SVGNumber`); every label is escaped.
import ReportModel
import Tabular

package struct ChartRenderer {
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

    var chart: Chart

    /// The chart's `<svg>` element. `standalone` adds an opaque background for use as
    /// an `.svg` file outside the report.
    func svg(standalone: Bool) -> String {
        let plot: Plot
        if chart.facet != nil {
            switch PlotBuilder(chart: chart).facets() {
            case .success(let facets): return facetSVG(facets, standalone: standalone)
            case .failure(let note): plot = Plot.empty(note: note.text)
            }
        } else {
            switch PlotBuilder(chart: chart).build() {
            case .success(let p): plot = p
            case .failure(let note): plot = Plot.empty(note: note.text)
            }
        }
        let layout = ChartLayout.make(chart: chart, plot: plot)
        let svg = ChartSVG(chart: chart, layout: layout, plot: plot)
        return svg.open(title: accessibleTitle, description: Self.description(plot: plot, layout: layout), standalone: standalone)
            + svg.title() + svg.legend() + svg.yAxis() + svg.xAxis() + svg.spans() + svg.clipped(svg.band() + svg.marks())
            + svg.referenceLines() + svg.verticalLines() + svg.annotations() + svg.endLabels() + svg.note()
            + "</svg>"
    }

    /// How many of `chart`'s annotations fall outside its axes: the picture leaves them
    /// out (and says so in its note); the Runner also warns where `annotations:` was
    /// given. A chart with small multiples takes no annotations.
    package static func annotationsOutsideAxes(_ chart: Chart) -> Int {
        guard !chart.annotations.isEmpty, chart.facet == nil, case .success(let plot) = PlotBuilder(chart: chart).build() else { return 0 }
        return ChartLayout.make(chart: chart, plot: plot).annotationsLeftOut
    }

    /// Small multiples: the title and legend, the grid's axis titles, then each panel (its
    /// title, and its axes and marks drawn by `ChartSVG` in a translated group).
    func facetSVG(_ facets: FacetPlots, standalone: Bool) -> String {
        let layout = FacetLayout.make(chart: chart, facets: facets)
        var s = ChartSVG.open(width: layout.size.width, height: layout.height, fontSize: layout.size.fontSize, title: accessibleTitle,
                              description: Self.description(facets: facets, layout: layout, chart: chart), standalone: standalone)
        s += ChartSVG.title(layout.title) + ChartSVG.legend(layout.legend, kind: facets.kind)
        s += ChartSVG.axisTitles(x: layout.xLabel, y: layout.yLabel)
        var panelChart = chart
        (panelChart.title, panelChart.xLabel, panelChart.yLabel) = (nil, nil, nil)
        let n = SVGNumber.text
        for panel in layout.panels {
            let svg = ChartSVG(chart: panelChart, layout: panel.layout, plot: panel.plot)
            s += "<g class=\"panel\">\n<text class=\"panel-title\" x=\"\(n(panel.title.x))\" y=\"\(n(panel.title.y))\" font-size=\"\(n(FacetLayout.panelTitleFontSize))\" font-weight=\"600\" fill=\"#1d2125\">"
                + Escape.text(panel.title.text) + "</text>\n"
            s += "<g transform=\"translate(\(n(panel.x)) \(n(panel.y)))\">\n"
            s += svg.yAxis() + svg.xAxis() + svg.spans() + svg.clipped(svg.band() + svg.marks())
                + svg.referenceLines() + svg.verticalLines() + svg.endLabels() + svg.note()
            s += "</g>\n</g>\n"
        }
        return ChartMarks.withoutRepeatedPatterns(s + "</svg>")
    }

    /// Small multiples' `<desc>`: what the panels show, then each panel's summary.
    static func description(facets: FacetPlots, layout: FacetLayout, chart: Chart) -> String {
        let count = facets.panels.count
        let by = chart.table.header(of: chart.facet ?? "")
        var parts = ["Small multiples by \(by): \(count) panel\(count == 1 ? "" : "s") (\(facets.panels.map(\.name).joined(separator: ", "))) on the same axes."]
        var simplified = false, labelsLeftOut = 0
        for panel in layout.panels {
            let plot = panel.plot
            var text = "\(panel.name): " + (plot.note ?? plot.description)
            let summary = plot.summary
            if plot.note == nil, !summary.isEmpty { text += " " + summary + "." }
            parts.append(text)
            let notes = leftOut(plot: plot, frame: panel.layout.frame)
            simplified = simplified || notes.simplified
            labelsLeftOut += notes.pointLabels
        }
        parts += leftOutText(simplified: simplified, pointLabels: labelsLeftOut)
        if facets.panels.contains(where: \.plot.clipped) { parts.append("Data outside the axis limits is cut off.") }
        if facets.rowsLeftOut > 0 {
            parts.append("\(facets.rowsLeftOut) row\(facets.rowsLeftOut == 1 ? " has" : "s have") no \(by) and \(facets.rowsLeftOut == 1 ? "is" : "are") not drawn.")
        }
        if facets.valuesLeftOut > 0 {
            parts.append("Only the first \(Chart.facetLimit) values of \(by) are drawn; \(facets.valuesLeftOut) more are not.")
        }
        return parts.joined(separator: " ")
    }

    /// Whether a plot's lines are simplified, and how many point labels had no room.
    static func leftOut(plot: Plot, frame f: PlotFrame) -> (simplified: Bool, pointLabels: Int) {
        switch plot.marks {
        case .lines(let series): return (ChartMarks.simplifies(series, f), 0)
        case .points(let series, let labels): return (false, ChartMarks.pointLabels(series, labels: labels, f)?.leftOut ?? 0)
        default: return (false, 0)
        }
    }

    static func leftOutText(simplified: Bool, pointLabels: Int) -> [String] {
        var parts: [String] = []
        if simplified {
            parts.append("Lines are simplified below the pixel resolution (each pixel column keeps its first, last, lowest and highest point); the data table has every row.")
        }
        if pointLabels > 0 {
            parts.append("\(pointLabels) point label\(pointLabels == 1 ? " was" : "s were") left out: there was no room without overlapping.")
        }
        return parts
    }

    /// The `<desc>`: what the chart shows, a summary of each series' data, and what
    /// was simplified or left out.
    static func description(plot: Plot, layout: ChartLayout) -> String {
        var parts = [plot.description]
        let summary = plot.summary
        if !summary.isEmpty { parts.append(summary + ".") }
        let notes = leftOut(plot: plot, frame: layout.frame)
        parts += leftOutText(simplified: notes.simplified, pointLabels: notes.pointLabels)
        if plot.clipped { parts.append("Data outside the axis limits is cut off.") }
        if layout.annotationsLeftOut > 0 {
            parts.append("\(layout.annotationsLeftOut) annotation\(layout.annotationsLeftOut == 1 ? " lies" : "s lie") outside the axes and \(layout.annotationsLeftOut == 1 ? "is" : "are") not drawn.")
        }
        return parts.joined(separator: " ")
    }

    /// The text of the chart's `<title>`: its title, or a description of it.
    var accessibleTitle: String {
        if let title = chart.title, !title.isEmpty { return title }
        let table = chart.table
        let panels = chart.facet.map { ", one panel per \(table.header(of: $0))" } ?? ""
        if chart.kind == .histogram { return "Histogram of \(table.header(of: chart.x))" + panels }
        return "\(Self.kindName(chart.kind)) of \(chart.y.map(table.header(of:)).joined(separator: ", ")) by \(table.header(of: chart.x))" + panels
    }

    static func kindName(_ kind: Chart.Kind) -> String {
        switch kind {
        case .line: "Line chart"
        case .bar: "Bar chart"
        case .scatter: "Scatter chart"
        case .histogram: "Histogram"
        case .area: "Area chart"
        case .waterfall: "Waterfall chart"
        }
    }
}

/// The SVG text of each part of a laid-out chart. Each emitter reads the layout only
/// (and the plot's data for the marks); none computes a position of its own beyond a
/// fixed offset from a laid-out one.
struct ChartSVG {
    /// The chart's options, as the notebook gave them.
    var chart: Chart
    var layout: ChartLayout
    var plot: Plot

    private var n: (Double) -> String { SVGNumber.text }

    /// The `<svg>` start tag, its `<title>` and `<desc>`, and the background of a standalone file.
    func open(title: String, description: String, standalone: Bool) -> String {
        Self.open(width: layout.size.width, height: layout.height, fontSize: layout.size.fontSize, title: title, description: description, standalone: standalone)
    }

    static func open(width: Double, height: Double, fontSize: Double, title: String, description: String, standalone: Bool) -> String {
        let n = SVGNumber.text
        var s = "<svg class=\"folio-chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\""
        s += " width=\"\(n(width))\" height=\"\(n(height))\" font-family=\"\(Escape.attribute(ChartRenderer.fontFamily))\" font-size=\"\(n(fontSize))\">\n"
        s += "<title>" + Escape.text(title) + "</title>\n"
        s += "<desc>" + Escape.text(description) + "</desc>\n"
        if standalone {
            s += "<rect class=\"chart-bg\" x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        }
        return s
    }

    /// Small multiples' axis titles, the whole grid's (a chart's own are in `xAxis`, `yAxis`).
    static func axisTitles(x: ChartLayout.PlacedText?, y: ChartLayout.PlacedText?) -> String {
        let n = SVGNumber.text
        var s = ""
        if let label = y {
            s += "<text class=\"axis-label\" x=\"\(n(label.x))\" y=\"\(n(label.y))\" transform=\"rotate(-90 \(n(label.x)) \(n(label.y)))\" text-anchor=\"middle\" fill=\"#3b4149\">"
                + Escape.text(label.text) + "</text>\n"
        }
        if let label = x {
            s += "<text class=\"axis-label\" x=\"\(n(label.x))\" y=\"\(n(label.y))\" text-anchor=\"middle\" fill=\"#3b4149\">"
                + Escape.text(label.text) + "</text>\n"
        }
        return s
    }

    /// The chart's title over everything.
    func title() -> String { Self.title(layout.title) }

    static func title(_ title: String?) -> String {
        let n = SVGNumber.text
        guard let title else { return "" }
        return "<text class=\"chart-title\" x=\"0\" y=\"\(n(ChartLayout.titleBaseline))\" font-size=\"\(n(ChartLayout.titleFontSize))\" font-weight=\"600\" fill=\"#1d2125\">"
            + Escape.text(title) + "</text>\n"
    }

    /// The legend's rows: each entry a symbol in its series' colour (per chart kind) and its name.
    func legend() -> String { Self.legend(layout.legend, kind: plot.kind) }

    static func legend(_ legend: LegendLayout, kind: Chart.Kind) -> String {
        let n = SVGNumber.text
        guard !legend.rows.isEmpty else { return "" }
        var s = "<g class=\"legend\">\n"
        for (r, row) in legend.rows.enumerated() {
            let y = legend.rowCenter(r)
            for entry in row {
                guard let index = entry.series else {
                    s += "<text class=\"tick\" x=\"\(n(entry.x))\" y=\"\(n(y + 5))\" fill=\"#5f6670\">" + Escape.text(entry.label) + "</text>\n"
                    continue
                }
                s += ChartMarks.seriesGroup(index, kind: kind)
                s += ChartMarks.legendSymbol(kind, series: index, x: entry.x, y: y)
                s += "<text class=\"ink\" x=\"\(n(entry.x + 22))\" y=\"\(n(y + 5))\" fill=\"#1d2125\">" + Escape.text(entry.label) + "</text></g>\n"
            }
        }
        return s + "</g>\n"
    }

    /// The y axis: a gridline and a label per tick, and the axis title.
    func yAxis() -> String {
        var s = "<g class=\"y-axis\">\n"
        for tick in layout.yAxis.ticks {
            s += gridline(tick) + yTickLabel(tick) + "\n"
        }
        if let label = layout.yLabel {
            s += "<text class=\"axis-label\" x=\"\(n(label.x))\" y=\"\(n(label.y))\" transform=\"rotate(-90 \(n(label.x)) \(n(label.y)))\" text-anchor=\"middle\" fill=\"#3b4149\">"
                + Escape.text(label.text) + "</text>\n"
        }
        return s + "</g>\n"
    }

    /// A horizontal gridline across the plot at a y tick (darker at zero).
    func gridline(_ tick: YAxisLayout.Tick) -> String {
        let f = layout.frame
        return "<line class=\"\(tick.isZero ? "zero" : "grid")\" x1=\"\(n(f.left))\" y1=\"\(n(tick.y))\" x2=\"\(n(f.right))\" y2=\"\(n(tick.y))\" stroke=\"\(tick.isZero ? "#6b7280" : "#e3e5e8")\" stroke-width=\"1\"/>"
    }

    func yTickLabel(_ tick: YAxisLayout.Tick) -> String {
        "<text class=\"tick\" x=\"\(n(layout.frame.left - 8))\" y=\"\(n(tick.y + 4))\" text-anchor=\"end\" fill=\"#5f6670\">" + Escape.text(tick.text) + "</text>"
    }

    /// The x axis: its line, a tick mark and label per label (horizontal or rotated), and the axis title.
    func xAxis() -> String {
        let f = layout.frame
        let fs = layout.size.fontSize
        var s = "<g class=\"x-axis\">\n"
        s += "<line class=\"axis\" x1=\"\(n(f.left))\" y1=\"\(n(f.bottom))\" x2=\"\(n(f.right))\" y2=\"\(n(f.bottom))\" stroke=\"#6b7280\" stroke-width=\"1\"/>\n"
        for label in layout.xAxis.labels {
            let x = f.left + label.position
            let y = f.bottom + 8
            s += "<line class=\"tick-mark\" x1=\"\(n(x))\" y1=\"\(n(f.bottom))\" x2=\"\(n(x))\" y2=\"\(n(f.bottom + 4))\" stroke=\"#6b7280\"/>"
            if layout.xAxis.rotated {
                let ty = y + 4
                s += "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(ty))\" transform=\"rotate(-45 \(n(x)) \(n(ty)))\" text-anchor=\"end\" dominant-baseline=\"hanging\" fill=\"#5f6670\">"
            } else {
                s += "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(y + fs))\" text-anchor=\"middle\" fill=\"#5f6670\">"
            }
            s += Escape.text(label.text) + "</text>\n"
        }
        if let label = layout.xLabel {
            s += "<text class=\"axis-label\" x=\"\(n(label.x))\" y=\"\(n(label.y))\" text-anchor=\"middle\" fill=\"#3b4149\">"
                + Escape.text(label.text) + "</text>\n"
        }
        return s + "</g>\n"
    }

    /// The data: one emitter per kind of mark (`ChartMarks`). A new chart kind adds its
    /// case to `Plot.Marks` and its emitter here.
    func marks() -> String {
        let f = layout.frame
        var s = "<g class=\"marks\">\n"
        switch plot.marks {
        case .lines(let series): s += ChartMarks.lines(series, f)
        case .areas(let series, let bases): s += ChartMarks.areas(series, bases: bases, stacked: chart.stacked, f)
        case .points(let series, let labels): s += ChartMarks.points(series, labels: labels, f)
        case .bars(let bars): s += ChartMarks.bars(bars, stacked: chart.stacked, f)
        case .histogram(let h): s += ChartMarks.histogram(h, f)
        case .waterfall(let steps): s += ChartMarks.waterfall(steps, f)
        case .none: break
        }
        return s + "</g>\n"
    }

    /// The band under the marks (`band:`).
    func band() -> String {
        guard let band = plot.band else { return "" }
        return ChartMarks.band(band, layout.frame)
    }

    /// `content` clipped to the plot when axis limits cut data off: a nested `<svg>`
    /// whose viewport is the plot clips without an id (ids would clash between the
    /// charts of one report).
    func clipped(_ content: String) -> String {
        guard plot.clipped else { return content }
        let f = layout.frame
        let box = "\(n(f.left)) \(n(f.top)) \(n(f.width)) \(n(f.bottom - f.top))"
        return "<svg class=\"clip\" x=\"\(n(f.left))\" y=\"\(n(f.top))\" width=\"\(n(f.width))\" height=\"\(n(f.bottom - f.top))\" viewBox=\"\(box)\" overflow=\"hidden\">\n"
            + content + "</svg>\n"
    }

    /// Shaded x ranges (`spans:`) under everything else in the plot, labelled at the top.
    func spans() -> String {
        let f = layout.frame
        var s = ""
        for span in layout.spans {
            s += "<g class=\"span\"><rect x=\"\(n(span.x0))\" y=\"\(n(f.top))\" width=\"\(n(max(span.x1 - span.x0, 1)))\" height=\"\(n(f.bottom - f.top))\" fill=\"#6b7280\" fill-opacity=\"0.12\"/>"
            if let label = span.label {
                s += "<text class=\"span-label\" x=\"\(n(label.x))\" y=\"\(n(label.y))\" fill=\"#3b4149\">" + Escape.text(label.text) + "</text>"
            }
            s += "</g>\n"
        }
        return s
    }

    /// Vertical reference lines (`reference: {x: …}`), over the marks.
    func verticalLines() -> String {
        let f = layout.frame
        var s = ""
        for line in layout.verticalLines {
            s += "<g class=\"reference\"><line x1=\"\(n(line.x))\" y1=\"\(n(f.top))\" x2=\"\(n(line.x))\" y2=\"\(n(f.bottom))\" stroke=\"#b42318\" stroke-width=\"1.25\" stroke-dasharray=\"5 4\"/>"
            if let label = line.label {
                // Near the right edge the label goes to the line's left.
                let end = label.x + TextMetrics.width(label.text, size: layout.size.fontSize) > f.right
                s += "<text class=\"reference-label\" x=\"\(n(end ? line.x - 4 : label.x))\" y=\"\(n(label.y))\"\(end ? " text-anchor=\"end\"" : "") fill=\"#b42318\">"
                    + Escape.text(label.text) + "</text>"
            }
            s += "</g>\n"
        }
        return s
    }

    /// Annotations: a ring on the point and the note's text beside it.
    func annotations() -> String {
        var s = ""
        for note in layout.annotations {
            s += "<g class=\"annotation\"><circle class=\"annotation-ring\" cx=\"\(n(note.pointX))\" cy=\"\(n(note.pointY))\" r=\"5\" fill=\"none\" stroke=\"#1d2125\" stroke-width=\"1.25\"/>"
                + "<text class=\"ink\" x=\"\(n(note.text.x))\" y=\"\(n(note.text.y))\"\(note.endAnchored ? " text-anchor=\"end\"" : "") fill=\"#1d2125\">"
                + Escape.text(note.text.text) + "</text></g>\n"
        }
        return s
    }

    /// Series names at their line ends (`labels: "end"`), in their series' colour.
    func endLabels() -> String {
        var s = ""
        for label in layout.endLabels {
            // A short stroke in the series' colour and dash, then its name in ink (a pale
            // colour would not be legible as text).
            let y = label.text.y - layout.size.fontSize * 0.35
            s += ChartMarks.seriesGroup(label.series, kind: plot.kind)
                + "<line x1=\"\(n(label.text.x - 4))\" y1=\"\(n(y))\" x2=\"\(n(label.text.x + 6))\" y2=\"\(n(y))\" stroke=\"currentColor\" stroke-width=\"2.5\"\(ChartMarks.dash(label.series))/>"
                + "<text class=\"ink end-label\" x=\"\(n(label.text.x + 9))\" y=\"\(n(label.text.y))\" fill=\"#1d2125\">"
                + Escape.text(label.text.text) + "</text></g>\n"
        }
        return s
    }

    /// Reference lines, over the marks.
    func referenceLines() -> String {
        let f = layout.frame
        var s = ""
        for line in layout.referenceLines {
            s += "<g class=\"reference\"><line x1=\"\(n(f.left))\" y1=\"\(n(line.y))\" x2=\"\(n(f.right))\" y2=\"\(n(line.y))\" stroke=\"#b42318\" stroke-width=\"1.25\" stroke-dasharray=\"5 4\"/>"
            if let label = line.label {
                s += "<text class=\"reference-label\" x=\"\(n(label.x))\" y=\"\(n(label.y))\" text-anchor=\"end\" fill=\"#b42318\">"
                    + Escape.text(label.text) + "</text>"
            }
            s += "</g>\n"
        }
        return s
    }

    /// Why an empty chart is empty, in the middle of the plot.
    func note() -> String {
        guard let note = layout.note else { return "" }
        return "<text class=\"note\" x=\"\(n(note.x))\" y=\"\(n(note.y))\" text-anchor=\"middle\" fill=\"#5f6670\">"
            + Escape.text(note.text) + "</text>\n"
    }
}
