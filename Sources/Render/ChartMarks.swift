// The SVG of a chart's data, one emitter per kind of mark, and each kind's legend
// symbol. Positions come from the `PlotFrame` (and `BarGeometry`, `PointLabelLayout`);
// issue 17's histogram and waterfall reuse `bars`, an area chart adds its own emitter.
import ReportModel

enum ChartMarks {
    /// Hover text for a mark (an SVG `<title>` child): browsers show it as a tooltip,
    /// no script needed. Left out on very dense charts to keep files small.
    static let tooltipLimit = 2000

    private static let n = SVGNumber.text

    private static func tooltip(_ text: String) -> String {
        "<title>" + Escape.text(text) + "</title>"
    }

    /// `<g>` of series `i` in its palette colour (marks draw in `currentColor`).
    private static func seriesGroup(_ i: Int) -> String {
        "<g class=\"series s\(i % chartPalette.count)\" color=\"\(chartPalette[i % chartPalette.count])\">"
    }

    /// Past the palette, colours repeat: a dash pattern tells the series apart.
    static func dash(_ series: Int) -> String {
        switch (series / chartPalette.count) % 3 {
        case 1: " stroke-dasharray=\"6 3\""
        case 2: " stroke-dasharray=\"2 3\""
        default: ""
        }
    }

    /// A legend entry's symbol at `x`, centred on the row's middle line `y`.
    static func legendSymbol(_ kind: Chart.Kind, series index: Int, x: Double, y: Double) -> String {
        switch kind {
        case .bar:
            "<rect x=\"\(n(x))\" y=\"\(n(y - 5))\" width=\"12\" height=\"12\" rx=\"2\" fill=\"currentColor\"/>"
        case .scatter:
            "<circle cx=\"\(n(x + 7))\" cy=\"\(n(y + 1))\" r=\"4.5\" fill=\"currentColor\"/>"
        case .line:
            "<line x1=\"\(n(x))\" y1=\"\(n(y + 1))\" x2=\"\(n(x + 16))\" y2=\"\(n(y + 1))\" stroke=\"currentColor\" stroke-width=\"2.5\"\(dash(index))/>"
        }
    }

    // MARK: Lines

    static func lines(_ series: [XYSeries], _ f: PlotFrame) -> String {
        var s = ""
        for (i, line) in series.enumerated() {
            s += seriesGroup(i)
            // Nulls break the line: each run of present points is its own path.
            var runs: [[(Double, Double, XYPoint)]] = []
            var run: [(Double, Double, XYPoint)] = []
            for point in line.points {
                if let x = point.x, let y = point.y {
                    let p = f.point(x: x, y: y)
                    run.append((p.x, p.y, point))
                } else if !run.isEmpty {
                    runs.append(run)
                    run = []
                }
            }
            if !run.isEmpty { runs.append(run) }
            for full in runs where full.count > 1 {
                let run = decimated(full, left: f.left, width: f.width)
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

    // MARK: Points

    static func points(_ series: [XYSeries], labels: [String?], _ f: PlotFrame) -> String {
        var s = ""
        for (i, set) in series.enumerated() {
            s += seriesGroup(i)
            let withTips = set.points.count <= tooltipLimit
            // Past the tooltip limit, a dot on a spot already drawn (to the half pixel)
            // adds nothing visible: it is left out so the file stays small.
            var drawn = Set<Int64>()
            for (p, point) in set.points.enumerated() {
                guard let x = point.x, let y = point.y else { continue }
                let (cx, cy) = f.point(x: x, y: y)
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
        if let first = series.first, let placed = PointLabelLayout.labels(first.points, texts: labels, in: f) {
            s += "<g class=\"point-labels\" font-size=\"\(n(PointLabelLayout.fontSize))\">"
            for label in placed {
                s += "<text class=\"ink\" x=\"\(n(label.x))\" y=\"\(n(label.y))\""
                    + (label.endAnchored ? " text-anchor=\"end\"" : "") + " fill=\"#1d2125\">"
                    + Escape.text(label.text) + "</text>"
            }
            s += "</g>\n"
        }
        return s
    }

    // MARK: Bars

    static func bars(_ bars: BarData, stacked: Bool, _ f: PlotFrame) -> String {
        let rects = BarGeometry.rects(bars, stacked: stacked, in: f)
        let seriesCount = rects.count
        let withTips = bars.values.count * seriesCount <= tooltipLimit
        // Stacked segments get a hairline in the background colour between them.
        let seam = stacked && seriesCount > 1 ? " class=\"seg\" stroke=\"#ffffff\" stroke-width=\"0.75\"" : ""
        var s = ""
        for (k, column) in rects.enumerated() {
            s += seriesGroup(k)
            for (c, rect) in column.enumerated() {
                guard let rect, let value = bars.values[c][k] else { continue }
                s += "<rect x=\"\(n(rect.x))\" y=\"\(n(rect.y0))\" width=\"\(n(rect.width))\" height=\"\(n(rect.height))\" fill=\"currentColor\"\(seam)"
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
            let zeroY = f.yScale.map(0)
            s += "<line class=\"zero\" x1=\"\(n(f.left))\" y1=\"\(n(zeroY))\" x2=\"\(n(f.right))\" y2=\"\(n(zeroY))\" stroke=\"#6b7280\" stroke-width=\"1\"/>\n"
        }
        return s
    }
}
