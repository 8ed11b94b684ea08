// SVG charts drawn by hand: line, bar (grouped or stacked) and scatter. Every number
// written in coordinates has at most two decimals; every label is escaped.
import ReportModel
import Tabular

/// Okabe–Ito colours (safe for the common colour-vision deficiencies), most legible
/// on white first (yellow, weak on white, comes late). In dark mode the report's CSS
/// turns black light grey.
let chartPalette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

struct ChartRenderer {
    static let width = 720.0
    static let plotHeight = 270.0
    static let fontSize = 12.0
    static let legendLimit = 24

    private struct LegendEntry {
        /// The series, or nil for the "and N more" note.
        var index: Int?
        var x: Double
        var label: String
    }
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
        return draw(plot, standalone: standalone)
    }

    /// The text of the chart's `<title>`: its title, or a description of it.
    var accessibleTitle: String {
        if let title = chart.title, !title.isEmpty { return title }
        let kind = chart.kind == .line ? "Line chart" : chart.kind == .bar ? "Bar chart" : "Scatter chart"
        return "\(kind) of \(chart.y.joined(separator: ", ")) by \(chart.x)"
    }

    // MARK: Drawing

    private func draw(_ plot: Plot, standalone: Bool) -> String {
        let fs = Self.fontSize
        let width = Self.width
        var top = 14.0
        var titleLine = ""
        if let title = chart.title, !title.isEmpty {
            top += 20
            titleLine = "<text class=\"chart-title\" x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"600\" fill=\"#1d2125\">"
                + Escape.text(TextMetrics.truncate(title, maxWidth: width, size: 15)) + "</text>\n"
        }

        // Legend: one row or more under the title, only for several series; at most
        // `legendLimit` entries, then a count of the rest.
        var legendRows: [[LegendEntry]] = []
        if plot.seriesNames.count > 1 {
            var row: [LegendEntry] = []
            var x = 0.0
            for (i, name) in plot.seriesNames.prefix(Self.legendLimit).enumerated() {
                // Long series names wrap onto further rows rather than being cut short.
                let label = TextMetrics.truncate(name, maxWidth: width - 40, size: fs)
                let itemWidth = 22 + TextMetrics.width(label, size: fs) + 16
                if x + itemWidth > width, !row.isEmpty {
                    legendRows.append(row)
                    row = []
                    x = 0
                }
                row.append(LegendEntry(index: i, x: x, label: label))
                x += itemWidth
            }
            if plot.seriesNames.count > Self.legendLimit {
                let more = "and \(plot.seriesNames.count - Self.legendLimit) more"
                if x + TextMetrics.width(more, size: fs) > width, !row.isEmpty {
                    legendRows.append(row)
                    row = []
                    x = 0
                }
                row.append(LegendEntry(index: nil, x: x, label: more))
            }
            legendRows.append(row)
        }
        let legendTop = top
        top += Double(legendRows.count) * 20 + (legendRows.isEmpty ? 0 : 10)

        // Y axis: tick labels' width sets the left margin.
        let yFormat = displayPattern(chart.y.first)
        let yTickTexts = plot.yTicks.values.map { yFormat?.format($0) ?? NumberFormat.general($0) }
        let yTickWidth = yTickTexts.map { TextMetrics.width($0, size: fs) }.max() ?? 0
        let hasYLabel = !(chart.yLabel ?? "").isEmpty
        // Capped so that absurdly long tick text (a display pattern with words in it)
        // cannot squeeze the plot away.
        var left = min((hasYLabel ? 22.0 : 0) + yTickWidth + 14, width * 0.4)
        let right = 16.0
        var plotWidth = width - left - right

        // X axis: horizontal, rotated or thinned category labels set the bottom margin.
        let xFormat = displayPattern(chart.x)
        var xAxis = XAxisLayout(plot: plot, plotWidth: plotWidth, fontSize: fs, format: xFormat)
        if xAxis.rotated, let first = xAxis.labels.first {
            // A rotated label runs down and to the left of its tick: keep the first
            // one inside the picture.
            let reach = TextMetrics.width(first.text, size: fs) * 0.78 + 10
            if reach > left + first.position {
                left = min(reach - first.position + 4, width * 0.4)
                plotWidth = width - left - right
                xAxis = XAxisLayout(plot: plot, plotWidth: plotWidth, fontSize: fs, format: xFormat)
            }
        }
        let hasXLabel = !(chart.xLabel ?? "").isEmpty
        let plotTop = top
        let plotBottom = plotTop + Self.plotHeight
        let height = plotBottom + 8 + xAxis.labelHeight + (hasXLabel ? 24 : 6)

        let yScale = LinearScale(domainLo: plot.yTicks.lo, domainHi: plot.yTicks.hi, rangeLo: plotBottom, rangeHi: plotTop)
        let n = SVGNumber.text

        var s = "<svg class=\"folio-chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\""
        s += " width=\"\(n(width))\" height=\"\(n(height))\" font-family=\"\(Escape.attribute(Self.fontFamily))\" font-size=\"\(n(fs))\">\n"
        s += "<title>" + Escape.text(accessibleTitle) + "</title>\n"
        s += "<desc>" + Escape.text(plot.description) + "</desc>\n"
        if standalone {
            s += "<rect class=\"chart-bg\" x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        }
        s += titleLine

        // Legend.
        if !legendRows.isEmpty {
            s += "<g class=\"legend\">\n"
            for (r, row) in legendRows.enumerated() {
                let y = legendTop + Double(r) * 20 + 8
                for entry in row {
                    guard let index = entry.index else {
                        s += "<text class=\"tick\" x=\"\(n(entry.x))\" y=\"\(n(y + 5))\" fill=\"#5f6670\">" + Escape.text(entry.label) + "</text>\n"
                        continue
                    }
                    let color = chartPalette[index % chartPalette.count]
                    s += "<g class=\"series s\(index % chartPalette.count)\" color=\"\(color)\">"
                    if plot.kind == .bar {
                        s += "<rect x=\"\(n(entry.x))\" y=\"\(n(y - 5))\" width=\"12\" height=\"12\" rx=\"2\" fill=\"currentColor\"/>"
                    } else if plot.kind == .scatter {
                        s += "<circle cx=\"\(n(entry.x + 7))\" cy=\"\(n(y + 1))\" r=\"4.5\" fill=\"currentColor\"/>"
                    } else {
                        s += "<line x1=\"\(n(entry.x))\" y1=\"\(n(y + 1))\" x2=\"\(n(entry.x + 16))\" y2=\"\(n(y + 1))\" stroke=\"currentColor\" stroke-width=\"2.5\"\(dash(index))/>"
                    }
                    s += "<text class=\"ink\" x=\"\(n(entry.x + 22))\" y=\"\(n(y + 5))\" fill=\"#1d2125\">" + Escape.text(entry.label) + "</text></g>\n"
                }
            }
            s += "</g>\n"
        }

        // Grid and y ticks.
        s += "<g class=\"y-axis\">\n"
        for (value, text) in zip(plot.yTicks.values, yTickTexts) {
            let y = yScale.map(value)
            let isZero = value == 0 && plot.yTicks.lo < 0
            s += "<line class=\"\(isZero ? "zero" : "grid")\" x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y))\" stroke=\"\(isZero ? "#6b7280" : "#e3e5e8")\" stroke-width=\"1\"/>"
            s += "<text class=\"tick\" x=\"\(n(left - 8))\" y=\"\(n(y + 4))\" text-anchor=\"end\" fill=\"#5f6670\">" + Escape.text(text) + "</text>\n"
        }
        if hasYLabel, let label = chart.yLabel {
            let cy = (plotTop + plotBottom) / 2
            s += "<text class=\"axis-label\" x=\"12\" y=\"\(n(cy))\" transform=\"rotate(-90 12 \(n(cy)))\" text-anchor=\"middle\" fill=\"#3b4149\">"
                + Escape.text(TextMetrics.truncate(label, maxWidth: Self.plotHeight, size: fs)) + "</text>\n"
        }
        s += "</g>\n"

        // X axis line and labels.
        s += "<g class=\"x-axis\">\n"
        s += "<line class=\"axis\" x1=\"\(n(left))\" y1=\"\(n(plotBottom))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(plotBottom))\" stroke=\"#6b7280\" stroke-width=\"1\"/>\n"
        for label in xAxis.labels {
            let x = left + label.position
            let y = plotBottom + 8
            s += "<line class=\"tick-mark\" x1=\"\(n(x))\" y1=\"\(n(plotBottom))\" x2=\"\(n(x))\" y2=\"\(n(plotBottom + 4))\" stroke=\"#6b7280\"/>"
            if xAxis.rotated {
                let ty = y + 4
                s += "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(ty))\" transform=\"rotate(-45 \(n(x)) \(n(ty)))\" text-anchor=\"end\" dominant-baseline=\"hanging\" fill=\"#5f6670\">"
            } else {
                s += "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(y + fs))\" text-anchor=\"middle\" fill=\"#5f6670\">"
            }
            s += Escape.text(label.text) + "</text>\n"
        }
        if hasXLabel, let label = chart.xLabel {
            s += "<text class=\"axis-label\" x=\"\(n(left + plotWidth / 2))\" y=\"\(n(height - 8))\" text-anchor=\"middle\" fill=\"#3b4149\">"
                + Escape.text(TextMetrics.truncate(label, maxWidth: plotWidth, size: fs)) + "</text>\n"
        }
        s += "</g>\n"

        // Marks.
        let frame = Frame(left: left, width: plotWidth, top: plotTop, bottom: plotBottom, yScale: yScale, xAxis: xAxis,
                          xText: { x in
                              switch plot.xScale {
                              case .categories(let names):
                                  let i = Int(x)
                                  return names.indices.contains(i) ? names[i] : ""
                              case .numeric: return xFormat?.format(x) ?? NumberFormat.general(x)
                              case .none: return ""
                              }
                          },
                          yText: { yFormat?.format($0) ?? NumberFormat.general($0) })
        s += "<g class=\"marks\">\n"
        switch plot.marks {
        case .lines(let series): s += drawLines(series, frame)
        case .points(let series, let labels): s += drawPoints(series, labels: labels, frame)
        case .bars(let bars): s += drawBars(bars, frame)
        case .none: break
        }
        s += "</g>\n"

        // Reference lines, over the marks.
        for line in plot.referenceLines where line.value >= plot.yTicks.lo && line.value <= plot.yTicks.hi {
            let y = yScale.map(line.value)
            s += "<g class=\"reference\"><line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(y))\" stroke=\"#b42318\" stroke-width=\"1.25\" stroke-dasharray=\"5 4\"/>"
            if let label = line.label, !label.isEmpty {
                s += "<text class=\"reference-label\" x=\"\(n(left + plotWidth - 2))\" y=\"\(n(y - 5))\" text-anchor=\"end\" fill=\"#b42318\">"
                    + Escape.text(TextMetrics.truncate(label, maxWidth: plotWidth / 2, size: fs)) + "</text>"
            }
            s += "</g>\n"
        }

        if let note = plot.note {
            s += "<text class=\"note\" x=\"\(n(left + plotWidth / 2))\" y=\"\(n((plotTop + plotBottom) / 2))\" text-anchor=\"middle\" fill=\"#5f6670\">"
                + Escape.text(TextMetrics.truncate(note, maxWidth: plotWidth - 20, size: fs)) + "</text>\n"
        }
        s += "</svg>"
        return s
    }

    /// The display format a column was given with `format(t, col: pattern)`: axes
    /// show numbers the way the table does (`0%` → ticks in percent).
    private func displayPattern(_ column: String?) -> NumberPattern? {
        column.flatMap { chart.table.columnView(named: $0)?.pattern }
    }

    private func dash(_ series: Int) -> String {
        // Past the palette, colours repeat: a dash pattern tells the series apart.
        switch (series / chartPalette.count) % 3 {
        case 1: " stroke-dasharray=\"6 3\""
        case 2: " stroke-dasharray=\"2 3\""
        default: ""
        }
    }

    struct Frame {
        var left: Double
        var width: Double
        var top: Double
        var bottom: Double
        var yScale: LinearScale
        var xAxis: XAxisLayout
        /// Data values as text for tooltips: the axis formats.
        var xText: (Double) -> String
        var yText: (Double) -> String
    }

    /// Hover text for a mark (an SVG `<title>` child): browsers show it as a tooltip,
    /// no script needed. Left out on very dense charts to keep files small.
    private static let tooltipLimit = 2000

    private func tooltip(_ text: String) -> String {
        "<title>" + Escape.text(text) + "</title>"
    }

    private func drawLines(_ series: [XYSeries], _ f: Frame) -> String {
        let n = SVGNumber.text
        var s = ""
        for (i, line) in series.enumerated() {
            let color = chartPalette[i % chartPalette.count]
            s += "<g class=\"series s\(i % chartPalette.count)\" color=\"\(color)\">"
            // Nulls break the line: each run of present points is its own path.
            var runs: [[(Double, Double, XYPoint)]] = []
            var run: [(Double, Double, XYPoint)] = []
            for point in line.points {
                if let x = point.x, let y = point.y {
                    run.append((f.left + f.xAxis.position(of: x), f.yScale.map(y), point))
                } else if !run.isEmpty {
                    runs.append(run)
                    run = []
                }
            }
            if !run.isEmpty { runs.append(run) }
            for full in runs where full.count > 1 {
                let run = Self.decimated(full, left: f.left, width: f.width)
                let d = run.enumerated().map { ($0.offset == 0 ? "M" : "L") + n($0.element.0) + " " + n($0.element.1) }.joined(separator: " ")
                s += "<path d=\"\(d)\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.25\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dash(i))/>"
            }
            // Markers when points are few enough to tell apart, and always for a point
            // that nulls isolate (it has no line to show it).
            let present = runs.reduce(0) { $0 + $1.count }
            let prefix = series.count > 1 ? line.name + " · " : ""
            for run in runs where run.count == 1 || present <= 40 {
                for (x, y, point) in run {
                    s += "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(run.count == 1 ? "3.5" : "2.75")\" fill=\"currentColor\">"
                        + tooltip(prefix + f.xText(point.x ?? 0) + ": " + f.yText(point.y ?? 0)) + "</circle>"
                }
            }
            s += "</g>\n"
        }
        return s
    }

    /// A long run thinned to what can be seen: per pixel column its first, lowest,
    /// highest and last points (the M4 method), so the drawn line is the same while
    /// the file stays small whatever the row count.
    static func decimated(_ run: [(Double, Double, XYPoint)], left: Double, width: Double) -> [(Double, Double, XYPoint)] {
        let columns = max(Int(width.rounded(.up)), 1)
        guard run.count > 4 * columns else { return run }
        var keep: [Int] = []
        var bucketStart = 0
        while bucketStart < run.count {
            let column = Int((run[bucketStart].0 - left).rounded(.down))
            var end = bucketStart
            var lowest = bucketStart
            var highest = bucketStart
            while end + 1 < run.count, Int((run[end + 1].0 - left).rounded(.down)) == column {
                end += 1
                if run[end].1 < run[lowest].1 { lowest = end }
                if run[end].1 > run[highest].1 { highest = end }
            }
            for index in Set([bucketStart, lowest, highest, end]).sorted() { keep.append(index) }
            bucketStart = end + 1
        }
        return keep.map { run[$0] }
    }

    private func drawPoints(_ series: [XYSeries], labels: [String?], _ f: Frame) -> String {
        let n = SVGNumber.text
        var s = ""
        for (i, set) in series.enumerated() {
            let color = chartPalette[i % chartPalette.count]
            s += "<g class=\"series s\(i % chartPalette.count)\" color=\"\(color)\">"
            let withTips = set.points.count <= Self.tooltipLimit
            // Past the tooltip limit, a dot on a spot already drawn (to the half pixel)
            // adds nothing visible: it is left out so the file stays small.
            var drawn = Set<Int64>()
            for (p, point) in set.points.enumerated() {
                guard let x = point.x, let y = point.y else { continue }
                let cx = f.left + f.xAxis.position(of: x)
                let cy = f.yScale.map(y)
                if !withTips {
                    // safe: coordinates lie inside the picture; the clamp keeps Int64() total anyway
                    let kx = Int64(max(min((cx * 2).rounded(), 1e9), -1e9))
                    let ky = Int64(max(min((cy * 2).rounded(), 1e9), -1e9))
                    let key = kx << 32 | (ky & 0xFFFF_FFFF)
                    guard drawn.insert(key).inserted else { continue }
                }
                s += "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"4\" fill=\"currentColor\" fill-opacity=\"0.8\""
                if withTips {
                    let label = p < labels.count ? labels[p].map { $0 + " " } ?? "" : ""
                    s += ">" + tooltip(label + "(" + f.xText(x) + ", " + f.yText(y) + ")") + "</circle>"
                } else {
                    s += "/>"
                }
            }
            s += "</g>\n"
        }
        // Point labels, when there are few enough points to read them.
        if let first = series.first, labels.count == first.points.count, labels.count <= 60 {
            s += "<g class=\"point-labels\" font-size=\"11\">"
            for (point, label) in zip(first.points, labels) {
                guard let x = point.x, let y = point.y, let label, !label.isEmpty else { continue }
                let px = f.left + f.xAxis.position(of: x)
                let nearRight = px > f.left + f.width - 80
                s += "<text class=\"ink\" x=\"\(n(nearRight ? px - 7 : px + 7))\" y=\"\(n(f.yScale.map(y) - 5))\""
                    + (nearRight ? " text-anchor=\"end\"" : "") + " fill=\"#1d2125\">"
                    + Escape.text(TextMetrics.truncate(label, maxWidth: 120, size: 11)) + "</text>"
            }
            s += "</g>\n"
        }
        return s
    }

    private func drawBars(_ bars: BarData, _ f: Frame) -> String {
        let n = SVGNumber.text
        let band = f.xAxis.bandWidth
        let inner = band * 0.78
        let seriesCount = max(bars.seriesNames.count, 1)
        let zeroY = f.yScale.map(0)
        let withTips = bars.values.count * seriesCount <= Self.tooltipLimit
        var s = ""
        for k in 0..<seriesCount {
            let color = chartPalette[k % chartPalette.count]
            s += "<g class=\"series s\(k % chartPalette.count)\" color=\"\(color)\">"
            for (c, row) in bars.values.enumerated() {
                guard k < row.count, let value = row[k] else { continue }
                let bandCenter = f.left + (Double(c) + 0.5) * band
                let x: Double
                let w: Double
                var y0: Double
                var y1: Double
                if bars.stacked || seriesCount == 1 {
                    // Positive values stack up from zero, negative ones down.
                    var below = 0.0
                    for j in 0..<k { if let v = row[j], (v >= 0) == (value >= 0) { below += v } }
                    y0 = f.yScale.map(below)
                    y1 = f.yScale.map(below + value)
                    // Few categories must not make slabs: bars stay at most 64 wide.
                    w = min(inner, 64)
                    x = bandCenter - w / 2
                } else {
                    let slot = min(inner / Double(seriesCount), 40)
                    x = bandCenter - slot * Double(seriesCount) / 2 + Double(k) * slot
                    w = max(slot - 1, 0.5)
                    y0 = zeroY
                    y1 = f.yScale.map(value)
                }
                if y1 < y0 { swap(&y0, &y1) }
                // Stacked segments get a hairline in the background colour between them.
                let seam = bars.stacked && seriesCount > 1 ? " class=\"seg\" stroke=\"#ffffff\" stroke-width=\"0.75\"" : ""
                s += "<rect x=\"\(n(x))\" y=\"\(n(y0))\" width=\"\(n(w))\" height=\"\(n(max(y1 - y0, 0)))\" fill=\"currentColor\"\(seam)"
                if withTips, c < bars.categories.count {
                    let name = bars.seriesNames.count > 1 && k < bars.seriesNames.count ? " · " + bars.seriesNames[k] : ""
                    s += ">" + tooltip(bars.categories[c] + name + ": " + f.yText(value)) + "</rect>"
                } else {
                    s += "/>"
                }
            }
            s += "</g>\n"
        }
        // The zero line over the bars, so negative bars read as hanging from it.
        if f.yScale.domainLo < 0 {
            s += "<line class=\"zero\" x1=\"\(n(f.left))\" y1=\"\(n(zeroY))\" x2=\"\(n(f.left + f.width))\" y2=\"\(n(zeroY))\" stroke=\"#6b7280\" stroke-width=\"1\"/>\n"
        }
        return s
    }
}

struct LinearScale {
    var domainLo: Double
    var domainHi: Double
    var rangeLo: Double
    var rangeHi: Double

    func map(_ v: Double) -> Double {
        let span = domainHi - domainLo
        guard span != 0, span.isFinite else { return (rangeLo + rangeHi) / 2 }
        return rangeLo + (v - domainLo) / span * (rangeHi - rangeLo)
    }
}

/// Where x labels go and how they are drawn.
struct XAxisLayout {
    struct Label {
        var position: Double
        var text: String
    }

    var labels: [Label] = []
    var rotated = false
    /// Height the labels need under the axis.
    var labelHeight = 0.0
    var bandWidth = 0.0
    private var numeric: LinearScale?

    init(plot: Plot, plotWidth: Double, fontSize fs: Double, format: NumberPattern? = nil) {
        switch plot.xScale {
        case .numeric(let ticks, let lo, let hi):
            // The axis spans the data (ticks inside it), so a line fills the plot's width.
            let scale = LinearScale(domainLo: lo, domainHi: hi, rangeLo: 0, rangeHi: plotWidth)
            numeric = scale
            labels = ticks.values.filter { $0 >= lo - ticks.step * 1e-9 && $0 <= hi + ticks.step * 1e-9 }
                .map { Label(position: scale.map($0), text: format?.format($0) ?? NumberFormat.general($0)) }
            labelHeight = fs + 4
        case .categories(let names):
            let count = max(names.count, 1)
            bandWidth = plotWidth / Double(count)
            let maxLabel = 130.0
            let texts = names.map { TextMetrics.truncateMiddle($0, maxWidth: maxLabel, size: fs) }
            let widest = texts.map { TextMetrics.width($0, size: fs) }.max() ?? 0
            // Horizontal when every label fits its band; else rotated 45°, and when
            // even rotated labels would touch (bands narrower than a line of text),
            // only every k-th label is drawn.
            rotated = widest > bandWidth - 6
            let every = rotated ? max(1, Int((fs * 1.5 / bandWidth).rounded(.up))) : 1
            for (i, text) in texts.enumerated() where i % every == 0 {
                labels.append(Label(position: (Double(i) + 0.5) * bandWidth, text: text))
            }
            labelHeight = rotated ? widest * 0.71 + fs : fs + 4
        case .none:
            labelHeight = fs
        }
    }

    /// A data x (a number, or a category index) to a distance from the plot's left.
    func position(of x: Double) -> Double {
        if let numeric { return numeric.map(x) }
        return (x + 0.5) * bandWidth
    }
}
