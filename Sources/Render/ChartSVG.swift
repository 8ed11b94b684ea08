// SVG charts drawn by hand: line, bar (grouped or stacked) and scatter. The layout
// (`ChartLayout.swift`) says where everything goes; this file writes one part at a time
// as SVG text, in drawing order. Every number written in coordinates has at most two
// decimals (`SVGNumber`); every label is escaped.
import ReportModel
import Tabular

/// Okabe–Ito colours (safe for the common colour-vision deficiencies), most legible
/// on white first (yellow, weak on white, comes late). In dark mode the report's CSS
/// turns black light grey.
let chartPalette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

struct ChartRenderer {
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

    var chart: Chart

    /// The chart's `<svg>` element. `standalone` adds an opaque background for use as
    /// an `.svg` file outside the report.
    func svg(standalone: Bool) -> String {
        let plot: Plot
        switch PlotBuilder(chart: chart).build() {
        case .success(let p): plot = p
        case .failure(let note): plot = Plot.empty(note: note.text)
        }
        let layout = ChartLayout(chart: chart, plot: plot)
        let svg = ChartSVG(chart: chart, layout: layout, plot: plot)
        return svg.open(title: accessibleTitle, description: plot.description, standalone: standalone)
            + svg.title() + svg.legend() + svg.yAxis() + svg.xAxis() + svg.marks() + svg.referenceLines() + svg.note()
            + "</svg>"
    }

    /// The text of the chart's `<title>`: its title, or a description of it.
    var accessibleTitle: String {
        if let title = chart.title, !title.isEmpty { return title }
        let kind = chart.kind == .line ? "Line chart" : chart.kind == .bar ? "Bar chart" : "Scatter chart"
        let table = chart.table
        return "\(kind) of \(chart.y.map(table.header(of:)).joined(separator: ", ")) by \(table.header(of: chart.x))"
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
        let width = layout.size.width, height = layout.height
        var s = "<svg class=\"folio-chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\""
        s += " width=\"\(n(width))\" height=\"\(n(height))\" font-family=\"\(Escape.attribute(ChartRenderer.fontFamily))\" font-size=\"\(n(layout.size.fontSize))\">\n"
        s += "<title>" + Escape.text(title) + "</title>\n"
        s += "<desc>" + Escape.text(description) + "</desc>\n"
        if standalone {
            s += "<rect class=\"chart-bg\" x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        }
        return s
    }

    /// The chart's title over everything.
    func title() -> String {
        guard let title = layout.title else { return "" }
        return "<text class=\"chart-title\" x=\"0\" y=\"\(n(ChartLayout.titleBaseline))\" font-size=\"\(n(ChartLayout.titleFontSize))\" font-weight=\"600\" fill=\"#1d2125\">"
            + Escape.text(title) + "</text>\n"
    }

    /// The legend's rows: each entry a symbol in its series' colour (per chart kind) and its name.
    func legend() -> String {
        let legend = layout.legend
        guard !legend.rows.isEmpty else { return "" }
        var s = "<g class=\"legend\">\n"
        for (r, row) in legend.rows.enumerated() {
            let y = legend.rowCenter(r)
            for entry in row {
                guard let index = entry.series else {
                    s += "<text class=\"tick\" x=\"\(n(entry.x))\" y=\"\(n(y + 5))\" fill=\"#5f6670\">" + Escape.text(entry.label) + "</text>\n"
                    continue
                }
                s += "<g class=\"series s\(index % chartPalette.count)\" color=\"\(chartPalette[index % chartPalette.count])\">"
                s += ChartMarks.legendSymbol(plot.kind, series: index, x: entry.x, y: y)
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
        case .points(let series, let labels): s += ChartMarks.points(series, labels: labels, f)
        case .bars(let bars): s += ChartMarks.bars(bars, stacked: chart.stacked, f)
        case .none: break
        }
        return s + "</g>\n"
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
