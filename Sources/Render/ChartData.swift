// From a chart's table to what is drawn: series, categories and scales. Any mismatch
// with the table (a missing column, text where numbers are needed, no rows) becomes a
// note shown in an empty chart, never a crash.
import ReportModel
import Tabular

struct XYPoint {
    var x: Double?
    var y: Double?
}

struct XYSeries {
    var name: String
    var points: [XYPoint]
}

/// Bars: `values[category][series]`, nil where there is no value.
struct BarData {
    var categories: [String]
    var seriesNames: [String]
    var values: [[Double?]]
    /// `color:`: each category's colour (an index into `seriesNames`, the colour
    /// column's values); the bars are one series, never placed side by side.
    var colorOfCategory: [Int]? = nil
}

/// A histogram: `counts[k]` values in [edges[k], edges[k+1]) (the last bin closed).
struct HistogramData {
    var edges: [Double]
    var counts: [Double]
}

/// A waterfall's bars in category order: each from where the last ended (`start`)
/// to `end`; the total bar (when asked for) from zero.
struct WaterfallStep {
    enum Kind: Int { case rise = 0, fall = 1, total = 2 }
    var category: String
    var start: Double
    var end: Double
    var kind: Kind
}

/// A shaded band: per x (in x order), its low and high values.
struct BandData {
    var name: String
    var points: [(x: Double, lo: Double?, hi: Double?)]
}

struct Plot {
    enum Marks {
        case lines([XYSeries])
        /// Areas filled down to `bases[series][point]` (zero, or the series below when stacked).
        case areas([XYSeries], bases: [[Double?]])
        /// `labels[series][point]`: the label of each point, when the points are labelled.
        case points([XYSeries], labels: [[String?]])
        case bars(BarData)
        case histogram(HistogramData)
        case waterfall([WaterfallStep])
        case none
    }

    /// The x axis.
    enum XScale {
        /// Ticks, and the span the axis covers.
        case numeric(Ticks, lo: Double, hi: Double)
        /// Dates (line, area, scatter): the span in day numbers; the layout chooses the
        /// ticks for the plot's width (`TimeTicks`).
        case time(lo: Double, hi: Double)
        /// Category labels in order; data x values are indices into it.
        case categories([String])
        case none

        /// The span a numeric or time axis covers.
        var span: (lo: Double, hi: Double)? {
            switch self {
            case .numeric(_, let lo, let hi), .time(let lo, let hi): (lo, hi)
            case .categories, .none: nil
            }
        }
    }

    var kind: Chart.Kind
    var seriesNames: [String]
    var marks: Marks
    var xScale: XScale
    var yTicks: Ticks
    var referenceLines: [ReferenceLine]
    var note: String?
    /// One sentence for the SVG's `<desc>`.
    var description: String
    /// `band:` shading, drawn under the marks.
    var band: BandData? = nil
    /// Whether any mark or the band falls outside fixed axis limits (then the marks are clipped).
    var clipped = false
    /// The lowest and highest value the y axis was made to show (before padding and
    /// rounding to ticks): small multiples make one axis from every panel's.
    var yExtent: (lo: Double, hi: Double)? = nil

    static func empty(note: String) -> Plot {
        Plot(kind: .line, seriesNames: [], marks: .none, xScale: .none, yTicks: Ticks(values: [], step: 1),
             referenceLines: [], note: note, description: "Empty chart: \(note)")
    }

    /// A day number as `YYYY-MM-DD` (the `<desc>`'s dates); empty outside the calendar.
    static func dateText(_ x: Double) -> String {
        guard x.isFinite, x >= Double(CalendarDate.minDay), x <= Double(CalendarDate.maxDay) else { return "" }
        return CalendarDate.text(Int32(x.rounded()))
    }

    /// The summary of the data for `<desc>`: each series' name, x range, lowest and highest value.
    var summary: String {
        func range(_ xs: [Double]) -> (Double, Double)? {
            guard let lo = xs.min(), let hi = xs.max() else { return nil }
            return (lo, hi)
        }
        func xText(_ x: Double) -> String {
            switch xScale {
            case .categories(let names): let i = Int(x); return names.indices.contains(i) ? names[i] : ""
            case .time: return Self.dateText(x)
            case .numeric, .none: return DisplayText.number(x)
            }
        }
        func seriesText(_ name: String, _ points: [XYPoint]) -> String? {
            let present = points.compactMap { p -> (Double, Double)? in
                guard let x = p.x, let y = p.y else { return nil }
                return (x, y)
            }
            guard let xr = range(present.map(\.0)), let lo = present.min(by: { $0.1 < $1.1 }),
                  let hi = present.max(by: { $0.1 < $1.1 }) else { return nil }
            return "\(name) (\(xText(xr.0)) to \(xText(xr.1))): lowest \(DisplayText.number(lo.1)) at \(xText(lo.0)), highest \(DisplayText.number(hi.1)) at \(xText(hi.0))"
        }
        var parts: [String] = []
        switch marks {
        case .lines(let series), .areas(let series, _), .points(let series, _):
            parts = series.compactMap { seriesText($0.name, $0.points) }
        case .bars(let bars):
            let names = bars.colorOfCategory == nil ? bars.seriesNames : ["value"]
            for (k, name) in names.enumerated() {
                let points = bars.values.enumerated().map { c, row in XYPoint(x: Double(c), y: k < row.count ? row[k] : nil) }
                if let text = seriesText(name, points) { parts.append(text) }
            }
        case .histogram(let h):
            if let first = h.edges.first, let last = h.edges.last {
                parts.append("\(h.counts.count) bins from \(DisplayText.number(first)) to \(DisplayText.number(last)), counts from \(DisplayText.number(h.counts.min() ?? 0)) to \(DisplayText.number(h.counts.max() ?? 0)), \(DisplayText.number(h.counts.reduce(0, +))) values in all")
            }
        case .waterfall(let steps):
            if let first = steps.first, let last = steps.last {
                parts.append("from \(first.category) to \(last.category), ending at \(DisplayText.number(last.end))")
            }
        case .none: break
        }
        if let band, let text = seriesText(band.name + " (low)", band.points.map { XYPoint(x: $0.x, y: $0.lo) }),
           let high = seriesText(band.name + " (high)", band.points.map { XYPoint(x: $0.x, y: $0.hi) }) {
            parts += [text, high]
        }
        return parts.joined(separator: "; ")
    }
}

struct ChartNote: Error {
    var text: String
}

struct PlotBuilder {
    var chart: Chart
    /// A panel of small multiples (`facet:`): only these rows are drawn, while the x axis,
    /// categories, groups, colours and bins are made from every row, so that each panel
    /// has the same ones.
    var rows: [Int]? = nil

    /// The rows drawn: the panel's, else all.
    private var drawnRows: [Int] { rows ?? Array(0..<table.rowCount) }

    func build() -> Result<Plot, ChartNote> {
        do {
            return .success(try plot())
        } catch {
            return .failure(error)
        }
    }

    private var table: Table { chart.table }

    private func plot() throws(ChartNote) -> Plot {
        let x = try column(chart.x, role: "x")
        guard table.rowCount > 0 else { throw ChartNote(text: "No data to plot: the table has no rows") }
        if chart.kind == .histogram { return try histogramPlot(x: x) }
        guard !chart.y.isEmpty else { throw ChartNote(text: "No data to plot: no y column given") }
        // Series are named by the headers the report shows (a column's label, else its name).
        var ys: [(String, [Double?])] = []
        for name in chart.y {
            ys.append((table.header(of: name), try numbers(name, role: "y")))
        }
        switch chart.kind {
        case .bar: return try barPlot(x: x, ys: ys)
        case .waterfall: return try waterfallPlot(x: x, y: ys[0])
        case .line, .scatter, .area, .histogram: return try xyPlot(x: x, ys: ys)
        }
    }

    private func column(_ name: String, role: String) throws(ChartNote) -> Column {
        guard let column = table.column(named: name) else {
            throw ChartNote(text: "No data to plot: the table has no column \u{201C}\(name)\u{201D} for \(role)")
        }
        guard column.count == table.rowCount else {
            throw ChartNote(text: "No data to plot: column \u{201C}\(name)\u{201D} has the wrong length")
        }
        return column
    }

    private func numbers(_ name: String, role: String) throws(ChartNote) -> [Double?] {
        let c = try column(name, role: role)
        guard let values = Self.numbers(c) else {
            throw ChartNote(text: "No data to plot: \(role) column \u{201C}\(name)\u{201D} holds \(c.typeName)s, not numbers")
        }
        return values
    }

    /// A number column's values, nil for nulls and anything not finite.
    static func numbers(_ c: Column) -> [Double?]? {
        guard case .number(let values) = c.storage else { return nil }
        return values.indices.map { i in
            c.isNull(at: i) || !values[i].isFinite ? nil : values[i]
        }
    }

    /// Any column's values as label text (numbers in the general format), nil for nulls.
    static func labels(_ c: Column) -> [String?] {
        switch c.storage {
        case .number(let v): v.indices.map { c.isNull(at: $0) ? nil : DisplayText.number(v[$0]) }
        case .string(let v): v.indices.map { c.isNull(at: $0) ? nil : v[$0] }
        case .bool(let v): v.indices.map { c.isNull(at: $0) ? nil : DisplayText.bool(v[$0]) }
        case .date(let v): v.indices.map { c.isNull(at: $0) ? nil : CalendarDate.text(v[$0]) }
        }
    }

    /// Distinct non-null labels in order of first appearance, and each row's index.
    private static func categories(_ labels: [String?]) -> ([String], [Int?]) {
        var order: [String] = []
        var index: [String: Int] = [:]
        var rows: [Int?] = []
        for label in labels {
            guard let label else { rows.append(nil); continue }
            if let i = index[label] {
                rows.append(i)
            } else {
                index[label] = order.count
                rows.append(order.count)
                order.append(label)
            }
        }
        return (order, rows)
    }

    /// Whether the y axis of this kind always includes zero (bars, areas, counts).
    var yIncludesZero: Bool { chart.kind != .line && chart.kind != .scatter }

    /// The lowest and highest of `values` (`Plot.yExtent`).
    static func extent(_ values: [Double]) -> (lo: Double, hi: Double)? {
        guard let lo = values.min(), let hi = values.max() else { return nil }
        return (lo, hi)
    }

    /// The one y axis of every panel of small multiples: made from their extents as one
    /// chart's is from its values.
    func sharedYTicks(_ extents: [(lo: Double, hi: Double)]) -> Ticks? {
        try? yTicks(extents.flatMap { [$0.lo, $0.hi] }, includeZero: yIncludesZero)
    }

    private func yTicks(_ values: [Double], includeZero: Bool) throws(ChartNote) -> Ticks {
        var lo = values.min() ?? 0
        var hi = values.max() ?? 1
        for line in chart.referenceLines where line.axis == .y && line.value.isFinite {
            lo = min(lo, line.value)
            hi = max(hi, line.value)
        }
        if chart.logY {
            // The built-in refused non-positive values; any left (a reference line) are dropped.
            let positive = (values + chart.referenceLines.filter { $0.axis == .y }.map(\.value)).filter { $0 > 0 && $0.isFinite }
            let fixed = chart.yMin != nil || chart.yMax != nil
            guard let ticks = Ticks.logarithmic(lo: chart.yMin ?? positive.min() ?? 1, hi: chart.yMax ?? positive.max() ?? 10, fixed: fixed) else {
                throw ChartNote(text: "No data to plot: a logarithmic axis needs positive values")
            }
            return ticks
        }
        if let yMin = chart.yMin, let yMax = chart.yMax {
            // Axis limits: the axis spans exactly them; ticks at nice steps inside.
            guard let ticks = Ticks.nice(lo: yMin, hi: yMax) else { throw ChartNote(text: "No data to plot: the y limits cannot be drawn") }
            return Ticks(values: ticks.values.filter { $0 >= yMin - ticks.step * 1e-9 && $0 <= yMax + ticks.step * 1e-9 }, step: ticks.step, lo: yMin, hi: yMax)
        }
        if let yMin = chart.yMin { lo = yMin; hi = max(hi, yMin) }
        if let yMax = chart.yMax { hi = yMax; lo = min(lo, yMax) }
        if includeZero {
            if chart.yMin == nil { lo = min(lo, 0) }
            if chart.yMax == nil { hi = max(hi, 0) }
        } else if hi > lo {
            // Headroom so that a point on the extreme value is not drawn on the plot's
            // edge (its marker and label cut), without crossing zero.
            let pad = (hi - lo) * 0.04
            if chart.yMin == nil { lo = lo >= 0 ? max(lo - pad, 0) : lo - pad }
            if chart.yMax == nil { hi = hi <= 0 ? min(hi + pad, 0) : hi + pad }
        }
        guard let ticks = Ticks.nice(lo: lo, hi: hi) else {
            throw ChartNote(text: "No data to plot: the values are too large to draw")
        }
        // One fixed end: the axis starts (or ends) exactly there.
        if chart.yMin != nil || chart.yMax != nil {
            let a = chart.yMin ?? ticks.lo, b = chart.yMax ?? ticks.hi
            return Ticks(values: ticks.values.filter { $0 >= a - ticks.step * 1e-9 && $0 <= b + ticks.step * 1e-9 }, step: ticks.step, lo: a, hi: b)
        }
        return ticks
    }

    /// A numeric x axis over `present` (the data's x values), honouring `x_min`/`x_max`;
    /// `pad`: dots that must not sit on the plot's edge.
    private func numericXScale(_ present: [Double], pad padData: Bool, extra: [Double] = []) throws(ChartNote) -> Plot.XScale {
        let all = present + extra
        var lo = chart.xMin ?? all.min() ?? 0
        var hi = chart.xMax ?? all.max() ?? 1
        if hi < lo { swap(&lo, &hi) }
        let integral = present.allSatisfy { $0 == $0.rounded() } && (chart.xMin ?? 0) == (chart.xMin ?? 0).rounded() && (chart.xMax ?? 0) == (chart.xMax ?? 0).rounded()
        guard let ticks = Ticks.nice(lo: lo, hi: hi, target: 6, integral: integral) else {
            throw ChartNote(text: "No data to plot: the x values are too large to draw")
        }
        if lo == hi || (padData && chart.xMin == nil && chart.xMax == nil) {
            // One x value, or dots that must not sit on the plot's edge: pad the span.
            let pad = lo == hi ? (ticks.hi - ticks.lo) / 2 : (hi - lo) * 0.04
            if chart.xMin == nil { lo -= pad }
            if chart.xMax == nil { hi += pad }
        }
        return .numeric(ticks, lo: lo, hi: hi)
    }

    /// A time axis over `present` (day numbers), honouring `x_min`/`x_max` (day numbers);
    /// `pad`: dots that must not sit on the plot's edge. One date alone gets a fortnight
    /// either side.
    private func timeXScale(_ present: [Double], pad padData: Bool, extra: [Double] = []) -> Plot.XScale {
        let all = present + extra.filter(\.isFinite)
        var lo = chart.xMin ?? all.min() ?? 0
        var hi = chart.xMax ?? all.max() ?? 0
        if hi < lo { swap(&lo, &hi) }
        if lo == hi || (padData && chart.xMin == nil && chart.xMax == nil) {
            let pad = lo == hi ? 15 : ((hi - lo) * 0.04).rounded(.up)
            if chart.xMin == nil { lo -= pad }
            if chart.xMax == nil { hi += pad }
        }
        return .time(lo: max(lo, Double(CalendarDate.minDay)), hi: min(hi, Double(CalendarDate.maxDay)))
    }

    /// x positions the options put on the axis (vertical references, spans, annotations),
    /// which a numeric x axis must include.
    private var optionXs: [Double] {
        chart.referenceLines.filter { $0.axis == .x }.map(\.value) + chart.spans.flatMap { [$0.from, $0.to] }
    }

    private func xyPlot(x xColumn: Column, ys: [(String, [Double?])]) throws(ChartNote) -> Plot {
        let rowCount = table.rowCount
        var order = drawnRows
        let xScale: Plot.XScale
        let xs: [Double?]
        if case .date(let days) = xColumn.storage {
            // A time axis: points at their dates, joined in date order.
            let dates: [Double?] = days.indices.map { xColumn.isNull(at: $0) ? nil : Double(days[$0]) }
            let present = dates.compactMap { $0 }
            guard !present.isEmpty else { throw ChartNote(text: "No data to plot: x column \u{201C}\(chart.x)\u{201D} has no dates") }
            xScale = timeXScale(present, pad: chart.kind == .scatter, extra: optionXs)
            xs = dates
            if chart.kind != .scatter {
                order = order.filter { dates[$0] != nil }.sorted { (dates[$0] ?? 0, $0) < (dates[$1] ?? 0, $1) }
            }
        } else if let numeric = Self.numbers(xColumn) {
            let present = numeric.compactMap { $0 }
            guard !present.isEmpty else { throw ChartNote(text: "No data to plot: x column \u{201C}\(chart.x)\u{201D} has no numbers") }
            xScale = try numericXScale(present, pad: chart.kind == .scatter, extra: optionXs)
            xs = numeric
            if chart.kind != .scatter {
                // A line joins points in x order, whatever the table's row order.
                order = order.filter { numeric[$0] != nil }.sorted { (numeric[$0] ?? 0, $0) < (numeric[$1] ?? 0, $1) }
            }
        } else {
            let (names, rows) = Self.categories(Self.labels(xColumn))
            guard !names.isEmpty else { throw ChartNote(text: "No data to plot: x column \u{201C}\(chart.x)\u{201D} is empty") }
            xScale = .categories(names)
            xs = rows.map { $0.map(Double.init) }
        }

        var series: [XYSeries] = []
        var seriesNames = ys.map(\.0)
        var allY: [Double] = []
        var labels: [[String?]] = []
        let rowLabels: [String?]? = chart.label.flatMap { table.column(named: $0) }.flatMap { $0.count == rowCount ? Self.labels($0) : nil }
        if chart.kind == .scatter, let colorName = chart.color {
            // One series per colour value, in order of first appearance.
            let (names, colorOfRow) = Self.categories(Self.labels(try column(colorName, role: "color")))
            seriesNames = names
            let values = ys[0].1
            for (k, name) in names.enumerated() {
                let rows = order.filter { colorOfRow[$0] == k }
                series.append(XYSeries(name: name, points: rows.map { XYPoint(x: xs[$0], y: values[$0]) }))
                labels.append(rows.map { rowLabels?[$0] })
            }
        } else {
            for (name, values) in ys {
                series.append(XYSeries(name: name, points: order.map { XYPoint(x: xs[$0], y: values[$0]) }))
                if let rowLabels { labels.append(order.map { rowLabels[$0] }) }
            }
        }
        var bases: [[Double?]] = []
        if chart.kind == .area {
            // Areas fill down to zero, or (stacked) each onto the sum of those before it.
            var running = Array(repeating: 0.0, count: order.count)
            for k in series.indices {
                bases.append(running.map { Optional($0) })
                if chart.stacked {
                    for p in series[k].points.indices {
                        let v = series[k].points[p].y ?? 0
                        series[k].points[p].y = running[p] + v
                        running[p] += v
                    }
                }
            }
            allY.append(0)
        }
        for s in series { allY += s.points.compactMap { $0.x == nil ? nil : $0.y } }
        guard !allY.isEmpty else {
            throw ChartNote(text: "No data to plot: y has no numbers")
        }
        var band: BandData?
        if let b = chart.band {
            let lo = try numbers(b.lo, role: "band"), hi = try numbers(b.hi, role: "band")
            band = BandData(name: "\(table.header(of: b.lo))–\(table.header(of: b.hi))",
                            points: order.compactMap { r in xs[r].map { (x: $0, lo: lo[r], hi: hi[r]) } })
            allY += order.compactMap { lo[$0] } + order.compactMap { hi[$0] }
        }
        let ticks = try yTicks(allY, includeZero: chart.kind == .area)
        let marks: Plot.Marks
        switch chart.kind {
        case .scatter: marks = .points(series, labels: labels)
        case .area: marks = .areas(series, bases: bases)
        default: marks = .lines(series)
        }
        let kindName = chart.kind == .line ? "Line chart" : chart.kind == .area ? (chart.stacked && series.count > 1 ? "Stacked area chart" : "Area chart") : "Scatter chart"
        let by = chart.kind == .scatter && chart.color != nil ? " coloured by \(table.header(of: chart.color ?? ""))" : ""
        let description = "\(kindName) of \(ys.map(\.0).joined(separator: ", ")) against \(table.header(of: chart.x))\(by); \(order.count) row\(order.count == 1 ? "" : "s")."
        var plot = Plot(kind: chart.kind, seriesNames: seriesNames, marks: marks, xScale: xScale, yTicks: ticks,
                        referenceLines: chart.referenceLines, note: nil, description: description)
        plot.band = band
        plot.yExtent = Self.extent(allY)
        if let (lo, hi) = xScale.span, chart.xMin != nil || chart.xMax != nil || chart.yMin != nil || chart.yMax != nil {
            let outside = xs.contains { $0.map { $0 < lo || $0 > hi } ?? false } || allY.contains { $0 < ticks.lo || $0 > ticks.hi }
            plot.clipped = outside
        } else if chart.yMin != nil || chart.yMax != nil {
            plot.clipped = allY.contains { $0 < ticks.lo || $0 > ticks.hi }
        }
        return plot
    }

    /// A histogram of the x column: Sturges' bins by default (⌈log2 n⌉ + 1 equal bins
    /// over [min, max]), a count, or given edges; empty bins count zero.
    private func histogramPlot(x xColumn: Column) throws(ChartNote) -> Plot {
        guard let numeric = Self.numbers(xColumn) else {
            throw ChartNote(text: "No data to plot: x column \u{201C}\(chart.x)\u{201D} holds \(xColumn.typeName)s, not numbers")
        }
        // The bins come from every row (a panel of small multiples has the same ones as
        // the others); the counts from the rows drawn.
        let all = numeric.compactMap { $0 }
        let values = rows.map { $0.compactMap { numeric[$0] } } ?? all
        guard let lo = all.min(), let hi = all.max() else {
            throw ChartNote(text: "No data to plot: x column \u{201C}\(chart.x)\u{201D} has no numbers")
        }
        let edges = Self.binEdges(chart.bins, lo: chart.xMin ?? lo, hi: chart.xMax ?? hi, count: all.count)
        guard edges.count >= 2 else { throw ChartNote(text: "No data to plot: the bins cannot be drawn") }
        let counts = Self.binCounts(values, edges: edges)
        guard let first = edges.first, let last = edges.last, let xTicks = Ticks.nice(lo: first, hi: last, target: 6) else {
            throw ChartNote(text: "No data to plot: the x values are too large to draw")
        }
        let ticks = try yTicks(counts, includeZero: true)
        let n = values.count
        let description = "Histogram of \(table.header(of: chart.x)); \(n) value\(n == 1 ? "" : "s") in \(counts.count) bin\(counts.count == 1 ? "" : "s")."
        var plot = Plot(kind: .histogram, seriesNames: [], marks: .histogram(HistogramData(edges: edges, counts: counts)),
                        xScale: .numeric(xTicks, lo: first, hi: last), yTicks: ticks,
                        referenceLines: chart.referenceLines, note: nil, description: description)
        plot.yExtent = Self.extent(counts)
        return plot
    }

    /// The edges of `bins` over [lo, hi] for `count` values.
    static func binEdges(_ bins: Chart.Bins, lo: Double, hi: Double, count: Int) -> [Double] {
        let k: Int
        switch bins {
        case .edges(let edges): return edges
        case .count(let n): k = max(n, 1)
        case .sturges:
            // ⌈log2 n⌉ exactly, in integers: the bit width of n − 1.
            let n = max(count, 1)
            k = (Int.bitWidth - (n - 1).leadingZeroBitCount) + 1
        }
        guard hi > lo else { return [lo - 0.5, lo + 0.5] }
        let width = (hi - lo) / Double(k)
        return (0...k).map { $0 == k ? hi : lo + Double($0) * width }
    }

    /// How many values fall in each bin: [e_k, e_k+1), the last bin closed; values
    /// outside the edges are not counted.
    static func binCounts(_ values: [Double], edges: [Double]) -> [Double] {
        var counts = Array(repeating: 0.0, count: max(edges.count - 1, 0))
        guard let first = edges.first, let last = edges.last, !counts.isEmpty else { return counts }
        for v in values where v >= first && v <= last {
            // The last edge not above v (binary search), clamped into the last bin.
            var a = 0, b = edges.count - 1
            while b - a > 1 {
                let m = (a + b) / 2
                if edges[m] <= v { a = m } else { b = m }
            }
            counts[min(a, counts.count - 1)] += 1
        }
        return counts
    }

    /// A waterfall: each category's change from where the last ended; a total bar when asked.
    private func waterfallPlot(x xColumn: Column, y: (String, [Double?])) throws(ChartNote) -> Plot {
        let (categories, categoryOfRow) = Self.categories(Self.labels(xColumn))
        var changes = Array(repeating: 0.0, count: categories.count)
        for row in drawnRows {
            guard let c = categoryOfRow[row], let v = y.1[row] else { continue }
            changes[c] += v
        }
        guard !categories.isEmpty else { throw ChartNote(text: "No data to plot: x column \u{201C}\(chart.x)\u{201D} is empty") }
        var steps: [WaterfallStep] = []
        var running = 0.0
        for (c, name) in categories.enumerated() {
            let end = running + changes[c]
            steps.append(WaterfallStep(category: name, start: running, end: end, kind: changes[c] < 0 ? .fall : .rise))
            running = end
        }
        if let total = chart.total {
            steps.append(WaterfallStep(category: total, start: 0, end: running, kind: .total))
        }
        let ticks = try yTicks(steps.flatMap { [$0.start, $0.end] }, includeZero: true)
        var names = ["Increase", "Decrease"]
        if chart.total != nil { names.append("Total") }
        let description = "Waterfall chart of \(y.0) over \(table.header(of: chart.x)): \(categories.count) step\(categories.count == 1 ? "" : "s")\(chart.total != nil ? " and a total" : "")."
        var plot = Plot(kind: .waterfall, seriesNames: names, marks: .waterfall(steps), xScale: .categories(steps.map(\.category)),
                        yTicks: ticks, referenceLines: chart.referenceLines, note: nil, description: description)
        plot.yExtent = Self.extent(steps.flatMap { [$0.start, $0.end] })
        return plot
    }

    private func barPlot(x xColumn: Column, ys: [(String, [Double?])]) throws(ChartNote) -> Plot {
        let (categories, categoryOfRow) = Self.categories(Self.labels(xColumn))
        guard !categories.isEmpty else { throw ChartNote(text: "No data to plot: x column \u{201C}\(chart.x)\u{201D} is empty") }
        var seriesNames: [String]
        var values: [[Double?]]
        var barColors: [Int]?
        let drawnRows = self.drawnRows
        if let groupName = chart.group {
            let groupColumn = try column(groupName, role: "group")
            let (groups, groupOfRow) = Self.categories(Self.labels(groupColumn))
            guard !groups.isEmpty else { throw ChartNote(text: "No data to plot: group column \u{201C}\(groupName)\u{201D} is empty") }
            seriesNames = groups
            values = Array(repeating: Array(repeating: nil, count: groups.count), count: categories.count)
            let y = ys[0].1
            for row in drawnRows {
                // Several rows for one (x, group) add up.
                guard let c = categoryOfRow[row], let g = groupOfRow[row], let v = y[row] else { continue }
                values[c][g] = (values[c][g] ?? 0) + v
            }
        } else if let colorName = chart.color {
            // Coloured by a column, one bar per category: the colour is the category's first row's.
            let (colors, colorOfRow) = Self.categories(Self.labels(try column(colorName, role: "color")))
            seriesNames = colors
            values = Array(repeating: [nil], count: categories.count)
            var colorOfCategory = Array(repeating: -1, count: categories.count)
            for row in drawnRows {
                guard let c = categoryOfRow[row] else { continue }
                if colorOfCategory[c] < 0, let k = colorOfRow[row] { colorOfCategory[c] = k }
                if let v = ys[0].1[row] { values[c][0] = (values[c][0] ?? 0) + v }
            }
            barColors = colorOfCategory.map { max($0, 0) }
        } else {
            seriesNames = ys.map(\.0)
            values = Array(repeating: Array(repeating: nil, count: ys.count), count: categories.count)
            for (k, (_, y)) in ys.enumerated() {
                for row in drawnRows {
                    guard let c = categoryOfRow[row], let v = y[row] else { continue }
                    values[c][k] = (values[c][k] ?? 0) + v
                }
            }
        }
        var extent: [Double] = []
        for row in values {
            if chart.stacked {
                extent.append(row.compactMap { $0 }.filter { $0 > 0 }.reduce(0, +))
                extent.append(row.compactMap { $0 }.filter { $0 < 0 }.reduce(0, +))
            } else {
                extent += row.compactMap { $0 }
            }
        }
        guard values.contains(where: { $0.contains { $0 != nil } }) else {
            throw ChartNote(text: "No data to plot: y has no numbers")
        }
        let ticks = try yTicks(extent, includeZero: true)
        let data = BarData(categories: categories, seriesNames: seriesNames, values: values, colorOfCategory: barColors)
        let how = barColors != nil ? "Bar chart" : seriesNames.count > 1 ? (chart.stacked ? "Stacked bar chart" : "Grouped bar chart") : "Bar chart"
        let description = "\(how) of \(ys[0].0)\((chart.group ?? chart.color).map { " by \(table.header(of: $0))" } ?? "") for each \(table.header(of: chart.x)); \(categories.count) categor\(categories.count == 1 ? "y" : "ies")."
        var plot = Plot(kind: .bar, seriesNames: seriesNames, marks: .bars(data), xScale: .categories(categories), yTicks: ticks,
                        referenceLines: chart.referenceLines, note: nil, description: description)
        plot.yExtent = Self.extent(extent)
        return plot
    }
}

/// Small multiples (`facet:`): one plot per distinct value of the facet column, in order
/// of first appearance, all on one x axis (made from every row) and one y axis (made
/// from every panel's values), with the same series, colours and bins.
struct FacetPlots {
    struct Panel {
        /// The facet value: the panel's title.
        var name: String
        var plot: Plot
    }

    var panels: [Panel]
    /// The series of every panel (one legend for all).
    var seriesNames: [String]
    var kind: Chart.Kind
    /// Rows with no facet value (null): not drawn.
    var rowsLeftOut = 0
    /// Distinct values past `Chart.facetLimit`: not drawn (the built-in refuses them).
    var valuesLeftOut = 0
}

extension PlotBuilder {
    /// The panels of `chart.facet`; a panel without data is drawn empty with its note, on
    /// the same axes. A failure of every panel (a column missing) is the chart's note.
    func facets() -> Result<FacetPlots, ChartNote> {
        do {
            return .success(try facetPlots())
        } catch {
            return .failure(error)
        }
    }

    private func facetPlots() throws(ChartNote) -> FacetPlots {
        let name = chart.facet ?? ""
        guard let column = chart.table.column(named: name), column.count == chart.table.rowCount else {
            throw ChartNote(text: "No data to plot: the table has no column \u{201C}\(name)\u{201D} for facet")
        }
        let (values, valueOfRow) = Self.categories(Self.labels(column))
        guard !values.isEmpty else { throw ChartNote(text: "No data to plot: facet column \u{201C}\(name)\u{201D} has no values") }
        let shown = min(values.count, Chart.facetLimit)
        var rowsOf = Array(repeating: [Int](), count: shown)
        var rowsLeftOut = 0
        for (row, v) in valueOfRow.enumerated() {
            if let v { if v < shown { rowsOf[v].append(row) } } else { rowsLeftOut += 1 }
        }
        var results: [(String, Result<Plot, ChartNote>)] = []
        for k in 0..<shown {
            var panel = self
            panel.rows = rowsOf[k]
            results.append((values[k], panel.build()))
        }
        let plots = results.compactMap { try? $0.1.get() }
        guard let first = plots.first else {
            if case .failure(let note)? = results.first?.1 { throw note }
            throw ChartNote(text: "No data to plot: facet column \u{201C}\(name)\u{201D} has no values")
        }
        let shared = sharedYTicks(plots.compactMap(\.yExtent)) ?? first.yTicks
        let panels = results.map { name, result -> FacetPlots.Panel in
            switch result {
            case .success(var plot):
                plot.yTicks = shared
                return FacetPlots.Panel(name: name, plot: plot)
            case .failure(let note):
                // No data in this panel: its axes like the others', and why it is empty.
                var plot = Plot.empty(note: note.text)
                plot.kind = first.kind
                plot.xScale = first.xScale
                plot.yTicks = shared
                plot.referenceLines = first.referenceLines
                return FacetPlots.Panel(name: name, plot: plot)
            }
        }
        return FacetPlots(panels: panels, seriesNames: first.seriesNames, kind: first.kind, rowsLeftOut: rowsLeftOut,
                          valuesLeftOut: values.count - shown)
    }
}
