// Where each part of a chart goes: a pure value computed from the chart (its labels and
// column formats), its plot data (`Plot`: series, ticks, categories) and the picture's
// size. No SVG here; `ChartSVG.swift` emits each part from this layout, and the tests
// check it without parsing SVG. All lengths are CSS pixels, y growing downwards.
//
// Where new chart options land (issue 17):
// - `width`/`height`: `ChartLayout.Size` (everything below derives from it);
// - `y_min`/`y_max`/`log_y`: the y ticks (`PlotBuilder.yTicks`) and `yScale` here;
//   `x_min`/`x_max`: `Plot.XScale` and `XAxisLayout`; a date x: `Plot.XScale.time`, its
//   ticks chosen for the plot's width by `TimeTicks` (TimeAxis.swift) in `XAxisLayout`;
// - vertical references, `spans`, `annotations`: placed here like `referenceLines`;
// - `labels: "end"`: a `LegendLayout` placement beside the plot instead of rows above it;
// - point labels that must not overlap: `PointLabelLayout`;
// - `facet`: one `PlotFrame` per panel, sharing the scales;
// - histogram, waterfall, `color` without dodging: `BarGeometry`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReportModel
import Tabular

struct ChartLayout {
    /// The picture's size and text size. Issue 17's `width`/`height` options set these.
    struct Size: Equatable {
        var width = 720.0
        /// The plot area's height; the picture's height adds the title, legend and x axis.
        var plotHeight = 270.0
        var fontSize = 12.0

        static let standard = Size()

        /// `width:`/`height:`'s sane range, in CSS pixels (the built-ins refuse others).
        static let widths: ClosedRange<Double> = 240...2400
        static let heights: ClosedRange<Double> = 160...1600
    }

    /// A vertical line at an x value (`reference: {x: …}`), its label at the plot's top.
    struct VerticalLineLayout: Equatable {
        var x: Double
        var label: PlacedText?
    }

    /// A shaded x range from `x0` to `x1` (`spans:`), its label at the plot's top.
    struct SpanLayout: Equatable {
        var x0: Double
        var x1: Double
        var label: PlacedText?
    }

    /// An annotation: the point it marks and its text (anchored at its start or end).
    struct AnnotationLayout: Equatable {
        var pointX: Double
        var pointY: Double
        var text: PlacedText
        var endAnchored: Bool
    }

    /// A series' name at its line's end (`labels: "end"`).
    struct EndLabel: Equatable {
        var series: Int
        var text: PlacedText
    }

    /// A line of text and its anchor point (the baseline's start, middle or end, as the
    /// emitter anchors it).
    struct PlacedText: Equatable {
        var text: String
        var x: Double
        var y: Double
    }

    /// A horizontal reference line at `y`, its label (cut to fit) at the plot's right.
    struct ReferenceLineLayout: Equatable {
        var y: Double
        var label: PlacedText?
    }

    static let titleFontSize = 15.0
    /// The title's baseline.
    static let titleBaseline = 18.0
    /// Space between the plot's right edge and the picture's.
    static let rightMargin = 16.0

    var size: Size
    /// The whole picture's height.
    var height: Double
    /// The chart's title, cut to the picture's width; nil when there is none.
    var title: String?
    var legend: LegendLayout
    var yAxis: YAxisLayout
    var xAxis: XAxisLayout
    /// The plot area and its scales: what the marks are drawn in.
    var frame: PlotFrame
    /// The x axis's title, centred under the tick labels.
    var xLabel: PlacedText?
    /// The y axis's title, centred on the plot's height (drawn rotated).
    var yLabel: PlacedText?
    /// Those of the plot's reference lines that lie within the y axis, in order.
    var referenceLines: [ReferenceLineLayout]
    /// Why the chart is empty, centred on the plot, cut to fit.
    var note: PlacedText?
    var verticalLines: [VerticalLineLayout] = []
    var spans: [SpanLayout] = []
    var annotations: [AnnotationLayout] = []
    /// Annotations outside the axes: left out (the chart's `<desc>` says how many).
    var annotationsLeftOut = 0
    var endLabels: [EndLabel] = []

    /// The chart's size: its `width`/`height` options, else the standard one. `height` is
    /// the whole picture's: the plot gets what the title, legend and axes leave.
    static func make(chart: Chart, plot: Plot) -> ChartLayout {
        var size = Size.standard
        if let w = chart.width { size.width = min(max(w, Size.widths.lowerBound), Size.widths.upperBound) }
        let first = ChartLayout(chart: chart, plot: plot, size: size)
        guard let h = chart.height else { return first }
        size.plotHeight = max(size.plotHeight + min(max(h, Size.heights.lowerBound), Size.heights.upperBound) - first.height, 60)
        return ChartLayout(chart: chart, plot: plot, size: size)
    }

    /// `top`: where the title (or the legend, or the plot) starts; `legend`: false for a
    /// panel of small multiples, whose one legend is the whole picture's.
    init(chart: Chart, plot: Plot, size: Size = .standard, top: Double = 14, legend showsLegend: Bool = true) {
        self.size = size
        let fs = size.fontSize
        let width = size.width

        // Title, then the legend under it; the plot starts below both.
        var top = top
        if let title = chart.title, !title.isEmpty {
            top += 20
            self.title = TextMetrics.truncate(title, maxWidth: width, size: Self.titleFontSize)
        } else {
            self.title = nil
        }
        legend = LegendLayout(seriesNames: chart.endLabels || !showsLegend ? [] : plot.seriesNames, width: width, fontSize: fs, top: top)
        top += legend.height

        // Y axis: tick labels' width sets the left margin.
        let yColumn = chart.y.first.flatMap { chart.table.columnView(named: $0) }
        let yText: (Double) -> String = { yColumn?.text($0) ?? DisplayText.number($0) }
        let yTickTexts = plot.yTicks.values.map(yText)
        let yTickWidth = yTickTexts.map { TextMetrics.width($0, size: fs) }.max() ?? 0
        let hasYLabel = !(chart.yLabel ?? "").isEmpty
        // Capped so that absurdly long tick text (a display pattern with words in it)
        // cannot squeeze the plot away.
        var left = min((hasYLabel ? 22.0 : 0) + yTickWidth + 14, width * 0.4)
        // Series named at their line ends take a right margin as wide as the longest name.
        let endNames = chart.endLabels ? plot.seriesNames.map { TextMetrics.truncate($0, maxWidth: width * 0.25, size: fs) } : []
        let rightMargin = endNames.isEmpty ? Self.rightMargin : (endNames.map { TextMetrics.width($0, size: fs) }.max() ?? 0) + 22
        var plotWidth = width - left - rightMargin

        // X axis: horizontal, rotated or thinned category labels set the bottom margin.
        let xColumn = chart.table.columnView(named: chart.x)
        let xNumberText: (Double) -> String = { xColumn?.text($0) ?? DisplayText.number($0) }
        var xAxis = XAxisLayout(plot: plot, plotWidth: plotWidth, fontSize: fs, text: xNumberText)
        if xAxis.rotated, let first = xAxis.labels.first {
            // A rotated label runs down and to the left of its tick: keep the first
            // one inside the picture.
            let reach = TextMetrics.width(first.text, size: fs) * 0.78 + 10
            if reach > left + first.position {
                left = min(reach - first.position + 4, width * 0.4)
                plotWidth = width - left - rightMargin
                xAxis = XAxisLayout(plot: plot, plotWidth: plotWidth, fontSize: fs, text: xNumberText)
            }
        }
        self.xAxis = xAxis
        let hasXLabel = !(chart.xLabel ?? "").isEmpty
        let plotTop = top
        let plotBottom = plotTop + size.plotHeight
        height = plotBottom + 8 + xAxis.labelHeight + (hasXLabel ? 24 : 6)

        let yScale = LinearScale(domainLo: plot.yTicks.lo, domainHi: plot.yTicks.hi, rangeLo: plotBottom, rangeHi: plotTop, log: plot.yTicks.log)
        yAxis = YAxisLayout(ticks: zip(plot.yTicks.values, yTickTexts).map { value, text in
            YAxisLayout.Tick(value: value, y: yScale.map(value), text: text, isZero: value == 0 && plot.yTicks.lo < 0)
        })
        frame = PlotFrame(left: left, width: plotWidth, top: plotTop, bottom: plotBottom, yScale: yScale, xAxis: xAxis,
                          xText: { x in
                              switch plot.xScale {
                              case .categories(let names):
                                  let i = Int(x)
                                  return names.indices.contains(i) ? names[i] : ""
                              case .numeric: return xNumberText(x)
                              case .time:
                                  // Tooltips show a date as the x column's format does.
                                  let text = Plot.dateText(x)
                                  guard !text.isEmpty, let xColumn else { return text }
                                  return xColumn.text(day: Int32(x.rounded()))
                              case .none: return ""
                              }
                          },
                          yText: yText)

        if hasYLabel, let label = chart.yLabel {
            yLabel = PlacedText(text: TextMetrics.truncate(label, maxWidth: size.plotHeight, size: fs), x: 12, y: (plotTop + plotBottom) / 2)
        } else {
            yLabel = nil
        }
        if hasXLabel, let label = chart.xLabel {
            xLabel = PlacedText(text: TextMetrics.truncate(label, maxWidth: plotWidth, size: fs), x: left + plotWidth / 2, y: height - 8)
        } else {
            xLabel = nil
        }

        // Reference lines outside the y axis's span are left out (the ticks include
        // every finite one, so only non-finite values are).
        referenceLines = plot.referenceLines.filter { $0.axis == .y && $0.value >= plot.yTicks.lo && $0.value <= plot.yTicks.hi }.map { line in
            let y = yScale.map(line.value)
            var label: PlacedText?
            if let text = line.label, !text.isEmpty {
                label = PlacedText(text: TextMetrics.truncate(text, maxWidth: plotWidth / 2, size: fs), x: left + plotWidth - 2, y: y - 5)
            }
            return ReferenceLineLayout(y: y, label: label)
        }
        referenceLines = Self.separated(referenceLines, fontSize: fs)

        let frame = self.frame
        // Vertical lines and spans: x values on a numeric axis, or the category of that text.
        verticalLines = plot.referenceLines.filter { $0.axis == .x }.compactMap { line in
            guard let x = frame.xPosition(of: line.value) else { return nil }
            let label = line.label.flatMap { $0.isEmpty ? nil : PlacedText(text: TextMetrics.truncate($0, maxWidth: plotWidth / 3, size: fs), x: x + 4, y: plotTop + 2 * fs + 8) }
            return VerticalLineLayout(x: x, label: label)
        }
        spans = chart.spans.compactMap { span in
            guard let a = frame.xPosition(of: span.from, clamped: true), let b = frame.xPosition(of: span.to, clamped: true) else { return nil }
            let (x0, x1) = (min(a, b), max(a, b))
            // At the span's top left; vertical lines' labels go a line lower, so the two never meet.
            let label = span.label.flatMap { $0.isEmpty ? nil : PlacedText(text: TextMetrics.truncate($0, maxWidth: max(x1 - x0 - 8, 40), size: fs), x: x0 + 4, y: plotTop + fs + 2) }
            return SpanLayout(x0: x0, x1: x1, label: label)
        }
        // Annotations: beside their point, turned left near the plot's right edge and
        // below it near the top; one outside the axes is left out (clipped).
        for note in chart.annotations {
            guard let px = frame.xPosition(of: note.x), note.y >= plot.yTicks.lo, note.y <= plot.yTicks.hi, note.y.isFinite,
                  !(plot.yTicks.log && note.y <= 0) else {
                annotationsLeftOut += 1
                continue
            }
            let py = yScale.map(note.y)
            let text = TextMetrics.truncate(note.text, maxWidth: min(220, plotWidth * 0.6), size: fs)
            let w = TextMetrics.width(text, size: fs)
            let endAnchored = px + 8 + w > left + plotWidth
            let ty = py - 8 - fs < plotTop ? py + fs + 6 : py - 8
            annotations.append(AnnotationLayout(pointX: px, pointY: py, text: PlacedText(text: text, x: endAnchored ? px - 6 : px + 6, y: ty), endAnchored: endAnchored))
        }
        endLabels = Self.endLabels(names: endNames, plot: plot, frame: frame, fontSize: fs)

        note = plot.note.map { note in
            PlacedText(text: TextMetrics.truncate(note, maxWidth: plotWidth - 20, size: fs), x: left + plotWidth / 2, y: (plotTop + plotBottom) / 2)
        }
    }
}

extension ChartLayout {
    /// Each series' name at the right of its last point, nudged apart so that no two
    /// overlap and all stay within the plot's height.
    /// Reference-line labels all end at the plot's right edge, so two lines closer than a
    /// line of text would print one label over the other. From the top down, each label
    /// sits above its line where there is room, else just below it, else as high as the
    /// label above it allows.
    static func separated(_ lines: [ReferenceLineLayout], fontSize fs: Double) -> [ReferenceLineLayout] {
        let gap = fs + 2
        var result = lines
        var lastBaseline = -Double.infinity
        for k in lines.indices.sorted(by: { lines[$0].y < lines[$1].y }) {
            guard var label = result[k].label else { continue }
            let y = result[k].y
            label.y = [y - 5, y + fs + 3].first { $0 >= lastBaseline + gap } ?? lastBaseline + gap
            result[k].label = label
            lastBaseline = label.y
        }
        return result
    }

    static func endLabels(names: [String], plot: Plot, frame f: PlotFrame, fontSize fs: Double) -> [EndLabel] {
        guard !names.isEmpty else { return [] }
        let series: [XYSeries]
        switch plot.marks {
        case .lines(let s), .areas(let s, _): series = s
        default: return []
        }
        var placed: [(Int, Double)] = series.enumerated().compactMap { i, s in
            guard i < names.count, let last = s.points.last(where: { $0.x != nil && $0.y != nil }), let x = last.x, let y = last.y else { return nil }
            return (i, f.point(x: x, y: y).y + fs * 0.35)
        }
        placed.sort { ($0.1, $0.0) < ($1.1, $1.0) }
        let gap = fs + 2
        for k in placed.indices.dropFirst() where placed[k].1 < placed[k - 1].1 + gap { placed[k].1 = placed[k - 1].1 + gap }
        // Pushed past the bottom: shift back up from the last one.
        if let last = placed.last, last.1 > f.bottom {
            placed[placed.count - 1].1 = f.bottom
            for k in placed.indices.dropLast().reversed() where placed[k].1 > placed[k + 1].1 - gap { placed[k].1 = placed[k + 1].1 - gap }
        }
        return placed.map { EndLabel(series: $0.0, text: PlacedText(text: names[$0.0], x: f.right + 6, y: $0.1)) }
    }
}

/// Small multiples (`facet:`): the panels in a grid, row by row, under one title and one
/// legend. Each panel is laid out as a chart of its own (`ChartLayout`, in the panel's own
/// coordinates, drawn translated to `origin`) from a plot on the same scales, so every
/// panel's `PlotFrame` has the same size and maps values alike; its facet value is its
/// title. The axis titles are the whole grid's.
struct FacetLayout {
    struct Panel {
        var name: String
        /// The panel's top left corner in the picture.
        var x: Double
        var y: Double
        /// The facet value above the plot, in picture coordinates (anchored at its start).
        var title: PlacedText
        /// The panel as a chart, in its own coordinates.
        var layout: ChartLayout
        var plot: Plot

        /// The panel's plot frame in picture coordinates.
        var frame: PlotFrame {
            var f = layout.frame
            f.left += x
            f.top += y
            f.bottom += y
            f.yScale.rangeLo += y
            f.yScale.rangeHi += y
            return f
        }
    }

    typealias PlacedText = ChartLayout.PlacedText

    /// The narrowest a panel may be: fewer columns rather than narrower panels.
    static let minPanelWidth = 220.0
    /// Space between panels, across and down (each panel also keeps a chart's right margin).
    static let gap = 8.0
    /// A panel's plot height, unless `height:` sets the picture's.
    static let plotHeight = 150.0
    static let panelTitleFontSize = 12.5
    /// The panel title's baseline, from the panel's top; the plot starts at `panelTop`.
    static let panelTitleBaseline = 13.0
    static let panelTop = 28.0

    var size: ChartLayout.Size
    var height: Double
    var title: String?
    var legend: LegendLayout
    var columns: Int
    var rows: Int
    var panels: [Panel]
    var xLabel: PlacedText?
    var yLabel: PlacedText?

    /// Columns and rows for `count` panels in `width`: as many columns as fit at
    /// `minPanelWidth`, then as few as keep that many rows (4 panels: 2 × 2, not 3 + 1).
    static func grid(count: Int, width: Double) -> (columns: Int, rows: Int) {
        let count = max(count, 1)
        let fit = max(1, Int(((width + gap) / (minPanelWidth + gap)).rounded(.down)))
        let rows = (count + fit - 1) / fit
        return ((count + rows - 1) / rows, rows)
    }

    /// A numeric axis's labels, every k-th kept so that none touches the next: a panel is
    /// narrower than a chart, and its ticks are the whole chart's. (Category labels are
    /// thinned or turned by `XAxisLayout` itself.)
    static func spacedOut(_ axis: XAxisLayout, fontSize fs: Double) -> [XAxisLayout.Label] {
        let labels = axis.labels
        guard axis.numericDomain != nil, labels.count > 1 else { return labels }
        let widest = labels.map { TextMetrics.width($0.text, size: fs) }.max() ?? 0
        let step = labels[1].position - labels[0].position
        guard step > 0 else { return labels }
        let every = max(1, Int(((widest + 8) / step).rounded(.up)))
        return labels.enumerated().filter { $0.offset % every == 0 }.map(\.element)
    }

    /// The layout at the chart's `width`/`height` (the whole picture's), else the standard width
    /// and `plotHeight` per panel.
    static func make(chart: Chart, facets: FacetPlots) -> FacetLayout {
        var size = ChartLayout.Size.standard
        if let w = chart.width { size.width = min(max(w, ChartLayout.Size.widths.lowerBound), ChartLayout.Size.widths.upperBound) }
        size.plotHeight = plotHeight
        let first = FacetLayout(chart: chart, facets: facets, size: size)
        guard let h = chart.height else { return first }
        let wanted = min(max(h, ChartLayout.Size.heights.lowerBound), ChartLayout.Size.heights.upperBound)
        size.plotHeight = max(size.plotHeight + (wanted - first.height) / Double(first.rows), 60)
        return FacetLayout(chart: chart, facets: facets, size: size)
    }

    /// `size.plotHeight` is each panel's plot height.
    init(chart: Chart, facets: FacetPlots, size: ChartLayout.Size) {
        self.size = size
        let fs = size.fontSize, width = size.width
        var top = 14.0
        if let title = chart.title, !title.isEmpty {
            top += 20
            self.title = TextMetrics.truncate(title, maxWidth: width, size: ChartLayout.titleFontSize)
        } else {
            self.title = nil
        }
        legend = LegendLayout(seriesNames: chart.endLabels ? [] : facets.seriesNames, width: width, fontSize: fs, top: top)
        top += legend.height

        let hasYLabel = !(chart.yLabel ?? "").isEmpty, hasXLabel = !(chart.xLabel ?? "").isEmpty
        let inset = hasYLabel ? 22.0 : 0
        (columns, rows) = Self.grid(count: facets.panels.count, width: width - inset)
        let panelWidth = max((width - inset - Double(columns - 1) * Self.gap) / Double(columns), 1)
        var panelChart = chart
        (panelChart.title, panelChart.xLabel, panelChart.yLabel) = (nil, nil, nil)
        let panelSize = ChartLayout.Size(width: panelWidth, plotHeight: size.plotHeight, fontSize: fs)
        let layouts = facets.panels.map { panel in
            var layout = ChartLayout(chart: panelChart, plot: panel.plot, size: panelSize, top: Self.panelTop, legend: false)
            layout.xAxis.labels = Self.spacedOut(layout.xAxis, fontSize: fs)
            return layout
        }
        // Every panel has the same axes, so the same height; the tallest counts all the same.
        let panelHeight = layouts.map(\.height).max() ?? 0
        var panels: [Panel] = []
        for (k, (panel, layout)) in zip(facets.panels, layouts).enumerated() {
            let x = inset + Double(k % columns) * (panelWidth + Self.gap)
            let y = top + Double(k / columns) * (panelHeight + Self.gap)
            let text = TextMetrics.truncate(panel.name, maxWidth: panelWidth - layout.frame.left - ChartLayout.rightMargin, size: Self.panelTitleFontSize)
            panels.append(Panel(name: panel.name, x: x, y: y, title: PlacedText(text: text, x: x + layout.frame.left, y: y + Self.panelTitleBaseline),
                                layout: layout, plot: panel.plot))
        }
        self.panels = panels
        let gridBottom = top + Double(rows) * panelHeight + Double(rows - 1) * Self.gap
        height = gridBottom + (hasXLabel ? 22 : 4)
        if hasXLabel, let label = chart.xLabel {
            xLabel = PlacedText(text: TextMetrics.truncate(label, maxWidth: width - inset, size: fs), x: inset + (width - inset) / 2, y: height - 8)
        } else {
            xLabel = nil
        }
        if hasYLabel, let label = chart.yLabel {
            yLabel = PlacedText(text: TextMetrics.truncate(label, maxWidth: gridBottom - top, size: fs), x: 12, y: (top + gridBottom) / 2)
        } else {
            yLabel = nil
        }
    }
}

/// The legend: one row or more under the title, only for several series; at most
/// `limit` entries, then a count of the rest. Long names wrap onto further rows rather
/// than being cut short.
struct LegendLayout: Equatable {
    struct Entry: Equatable {
        /// The series, or nil for the "and N more" note.
        var series: Int?
        /// The entry's left edge (its symbol's).
        var x: Double
        var label: String
    }

    static let limit = 24
    static let rowHeight = 20.0

    var rows: [[Entry]] = []
    /// The top of the first row.
    var top: Double

    /// The height the legend takes above the plot (with the gap under it).
    var height: Double { Double(rows.count) * Self.rowHeight + (rows.isEmpty ? 0 : 10) }

    /// The middle line of row `r`: the symbol is centred on it, the text's baseline is 5 below.
    func rowCenter(_ r: Int) -> Double { top + Double(r) * Self.rowHeight + 8 }

    init(seriesNames: [String], width: Double, fontSize fs: Double, top: Double) {
        self.top = top
        guard seriesNames.count > 1 else { return }
        var row: [Entry] = []
        var x = 0.0
        for (i, name) in seriesNames.prefix(Self.limit).enumerated() {
            let label = TextMetrics.truncate(name, maxWidth: width - 40, size: fs)
            // Symbol (16–22), gap, text, gap before the next entry.
            let itemWidth = 22 + TextMetrics.width(label, size: fs) + 16
            if x + itemWidth > width, !row.isEmpty {
                rows.append(row)
                row = []
                x = 0
            }
            row.append(Entry(series: i, x: x, label: label))
            x += itemWidth
        }
        if seriesNames.count > Self.limit {
            let more = "and \(seriesNames.count - Self.limit) more"
            if x + TextMetrics.width(more, size: fs) > width, !row.isEmpty {
                rows.append(row)
                row = []
                x = 0
            }
            row.append(Entry(series: nil, x: x, label: more))
        }
        rows.append(row)
    }
}

/// The y axis's ticks, placed: each one's gridline and label share its `y`.
struct YAxisLayout: Equatable {
    struct Tick: Equatable {
        var value: Double
        var y: Double
        var text: String
        /// Zero on an axis that goes below it: drawn darker than the other gridlines.
        var isZero: Bool
    }

    var ticks: [Tick]
}

/// The plot area and its scales: what every mark is positioned with.
struct PlotFrame {
    var left: Double
    var width: Double
    var top: Double
    var bottom: Double
    var yScale: LinearScale
    var xAxis: XAxisLayout
    /// Data values as text for tooltips: the axis formats.
    var xText: (Double) -> String
    var yText: (Double) -> String

    var right: Double { left + width }

    /// A data point (x a number, or a category index) in picture coordinates.
    func point(x: Double, y: Double) -> (x: Double, y: Double) {
        (left + xAxis.position(of: x), yScale.map(y))
    }

    /// An x value as an option gives it (a number; on a category axis, the category with
    /// that text) in picture coordinates; nil outside the axis (`clamped`: its nearer end).
    func xPosition(of value: Double, clamped: Bool = false) -> Double? {
        guard value.isFinite else { return nil }
        if let domain = xAxis.numericDomain {
            if clamped { return left + xAxis.position(of: min(max(value, domain.lo), domain.hi)) }
            guard value >= domain.lo, value <= domain.hi else { return nil }
            return left + xAxis.position(of: value)
        }
        guard let index = xAxis.categoryTexts.firstIndex(of: DisplayText.number(value)) else { return nil }
        return left + xAxis.position(of: Double(index))
    }
}

struct LinearScale: Equatable {
    var domainLo: Double
    var domainHi: Double
    var rangeLo: Double
    var rangeHi: Double
    /// Positions proportional to log10 of the value (`log_y`); the domain is positive.
    var log = false

    /// A data value to a position; the middle of the range when the domain is empty.
    /// On a log scale a non-positive value maps below the range's low end.
    func map(_ v: Double) -> Double {
        if log {
            guard domainLo > 0, domainHi > 0 else { return (rangeLo + rangeHi) / 2 }
            let lo = log10(domainLo), span = log10(domainHi) - lo
            guard span != 0, span.isFinite else { return (rangeLo + rangeHi) / 2 }
            let t = v > 0 ? (log10(v) - lo) / span : -1
            return rangeLo + t * (rangeHi - rangeLo)
        }
        let span = domainHi - domainLo
        guard span != 0, span.isFinite else { return (rangeLo + rangeHi) / 2 }
        return rangeLo + (v - domainLo) / span * (rangeHi - rangeLo)
    }
}

/// Where x labels go and how they are drawn. Positions are distances from the plot's left.
struct XAxisLayout: Equatable {
    struct Label: Equatable {
        var position: Double
        var text: String
    }

    var labels: [Label] = []
    var rotated = false
    /// Height the labels need under the axis.
    var labelHeight = 0.0
    /// Categories: the width each category gets.
    var bandWidth = 0.0
    private var numeric: LinearScale?
    /// Categories: their full texts (options find a category by its text).
    var categoryTexts: [String] = []
    var numericDomain: (lo: Double, hi: Double)? { numeric.map { ($0.domainLo, $0.domainHi) } }

    /// `text` writes a numeric tick (the x column's format).
    init(plot: Plot, plotWidth: Double, fontSize fs: Double, text: (Double) -> String = DisplayText.number) {
        switch plot.xScale {
        case .numeric(let ticks, let lo, let hi):
            // The axis spans the data (ticks inside it), so a line fills the plot's width.
            let scale = LinearScale(domainLo: lo, domainHi: hi, rangeLo: 0, rangeHi: plotWidth)
            numeric = scale
            labels = ticks.values.filter { $0 >= lo - ticks.step * 1e-9 && $0 <= hi + ticks.step * 1e-9 }
                .map { Label(position: scale.map($0), text: text($0)) }
            labelHeight = fs + 4
        case .time(let lo, let hi):
            // Dates: ticks at whole days, months, quarters or years (`TimeTicks`).
            let scale = LinearScale(domainLo: lo, domainHi: hi, rangeLo: 0, rangeHi: plotWidth)
            numeric = scale
            labels = TimeTicks.choose(lo: lo, hi: hi, plotWidth: plotWidth, fontSize: fs).ticks
                .map { Label(position: scale.map(Double($0.day)), text: $0.text) }
            labelHeight = fs + 4
        case .categories(let names):
            categoryTexts = names
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

/// Bars as rectangles: side by side within each category (grouped), or stacked, with
/// positive values stacking up from zero and negative ones down.
enum BarGeometry {
    struct Rect: Equatable {
        var x: Double
        /// Top edge (`y0 <= y1`).
        var y0: Double
        var y1: Double
        var width: Double

        var height: Double { max(y1 - y0, 0) }
    }

    /// `rects[series][category]`, nil where there is no value.
    static func rects(_ bars: BarData, stacked: Bool, in f: PlotFrame) -> [[Rect?]] {
        let band = f.xAxis.bandWidth
        let inner = band * 0.78
        // Coloured bars (`color:`) are one series: never side by side.
        let seriesCount = bars.colorOfCategory != nil ? 1 : max(bars.seriesNames.count, 1)
        let zeroY = f.yScale.map(0)
        return (0..<seriesCount).map { k in
            bars.values.enumerated().map { c, row -> Rect? in
                guard k < row.count, let value = row[k] else { return nil }
                let bandCenter = f.left + (Double(c) + 0.5) * band
                let x: Double
                let w: Double
                var y0: Double
                var y1: Double
                if stacked || seriesCount == 1 {
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
                return Rect(x: x, y0: y0, y1: y1, width: w)
            }
        }
    }
}

/// Scatter point labels, placed greedily in point order: each takes the first of eight
/// positions around its point (right, left, above, below, then the diagonals) where it
/// overlaps no placed label, no point and none of the plot's edges; a label with no such
/// position is left out (the chart's `<desc>` says how many).
enum PointLabelLayout {
    static let fontSize = 11.0
    /// Above this many points no label is drawn: they could not be read.
    static let limit = 60

    enum Anchor: Equatable { case start, middle, end }

    struct Label: Equatable {
        var x: Double
        var y: Double
        var anchor: Anchor
        var text: String

        /// Anchored at its end (drawn to the left of `x`).
        var endAnchored: Bool { anchor == .end }
    }

    struct Box {
        var x0, y0, x1, y1: Double

        func overlaps(_ o: Box) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }
    }

    /// The labels placed, and how many were left out; nil when the points are not
    /// labelled or too many to label.
    static func place(_ points: [XYPoint], texts: [String?], in f: PlotFrame) -> (labels: [Label], leftOut: Int)? {
        guard texts.count == points.count, !texts.isEmpty, texts.count <= limit else { return nil }
        let fs = fontSize
        // Every point is an obstacle (its dot, radius 4, and a pixel of air).
        var taken: [Box] = points.compactMap { p in
            guard let x = p.x, let y = p.y else { return nil }
            let c = f.point(x: x, y: y)
            return Box(x0: c.x - 5, y0: c.y - 5, x1: c.x + 5, y1: c.y + 5)
        }
        var out: [Label] = []
        var leftOut = 0
        for (point, text) in zip(points, texts) {
            guard let x = point.x, let y = point.y, let text, !text.isEmpty else { continue }
            let c = f.point(x: x, y: y)
            let label = TextMetrics.truncate(text, maxWidth: 120, size: fs)
            let w = TextMetrics.width(label, size: fs)
            // (anchor x, baseline y, anchor): the text's box is [baseline − 0.8·fs, baseline + 0.25·fs].
            let candidates: [(Double, Double, Anchor)] = [
                (c.x + 7, c.y + 4, .start), (c.x - 7, c.y + 4, .end), (c.x, c.y - 8, .middle), (c.x, c.y + 16, .middle),
                (c.x + 5, c.y - 6, .start), (c.x + 5, c.y + 14, .start), (c.x - 5, c.y - 6, .end), (c.x - 5, c.y + 14, .end),
            ]
            var placed = false
            for (ax, by, anchor) in candidates {
                let x0 = anchor == .start ? ax : anchor == .end ? ax - w : ax - w / 2
                let box = Box(x0: x0, y0: by - fs * 0.8, x1: x0 + w, y1: by + fs * 0.25)
                guard box.x0 >= f.left + 1, box.x1 <= f.right - 1, box.y0 >= f.top + 1, box.y1 <= f.bottom - 1,
                      !taken.contains(where: { $0.overlaps(box) }) else { continue }
                taken.append(box)
                out.append(Label(x: ax, y: by, anchor: anchor, text: label))
                placed = true
                break
            }
            if !placed { leftOut += 1 }
        }
        return (out, leftOut)
    }

    static func labels(_ points: [XYPoint], texts: [String?], in f: PlotFrame) -> [Label]? {
        place(points, texts: texts, in: f)?.labels
    }
}
