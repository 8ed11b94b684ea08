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
    static func seriesGroup(_ i: Int, kind: Chart.Kind = .line) -> String {
        let c = paletteIndex(i, kind: kind)
        return "<g class=\"series s\(c)\" color=\"\(ChartPalette.light[c])\">"
    }

    /// The palette colour of series `i`: in order, repeating past the eighth; a
    /// waterfall's rises, falls and total are blue, vermillion and black.
    static func paletteIndex(_ i: Int, kind: Chart.Kind) -> Int {
        if kind == .waterfall { return [0, 3, 7][min(max(i, 0), 2)] }
        return i % ChartPalette.count
    }

    /// Series are never told apart by colour alone (WCAG 1.4.1): every line or area
    /// series after the first has a dash pattern of its own (and colours repeat past the
    /// palette), so no two series share a dash, let alone colour and dash.
    static func dash(_ series: Int) -> String {
        guard series > 0 else { return "" }
        return " stroke-dasharray=\"\(dashPattern(series))\""
    }

    /// The dash pattern of series `i` ≥ 1: distinct for every `i`, and visible within a
    /// legend symbol's 16 px.
    static func dashPattern(_ i: Int) -> String {
        let fixed = ["6 3", "2 3", "8 3 2 3", "10 4", "4 2 1 2", "12 3 2 3 2 3", "1 2", "7 2 2 2 2 2"]
        if i - 1 < fixed.count { return fixed[i - 1] }
        // Beyond those: a long dash whose length grows with the series, then a dot.
        return "\(i + 4) 3 1 3"
    }

    /// The marker shapes of point series (scatter points, line markers), in series order:
    /// series `i` uses shape `i % count`. With eight colours and seven shapes, colour and
    /// shape repeat together only every 56 series.
    enum MarkerShape: Int, CaseIterable {
        case circle, square, triangle, diamond, triangleDown, plus, cross
    }

    static func markerShape(_ series: Int) -> MarkerShape {
        MarkerShape.allCases[series % MarkerShape.allCases.count]
    }

    /// A marker of series `i` centred on (`x`, `y`), about as large as a circle of
    /// radius `r`, drawn in `currentColor`; `extra` goes into the element's attributes,
    /// `content` between its tags (a tooltip).
    static func marker(_ series: Int, x: Double, y: Double, r: Double, extra: String = "", content: String = "") -> String {
        let element: String
        switch markerShape(series) {
        case .circle:
            element = "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"currentColor\"" + extra
            return element + (content.isEmpty ? "/>" : ">" + content + "</circle>")
        case .square:
            let h = r * 0.9
            element = "<rect x=\"\(n(x - h))\" y=\"\(n(y - h))\" width=\"\(n(2 * h))\" height=\"\(n(2 * h))\" fill=\"currentColor\"" + extra
            return element + (content.isEmpty ? "/>" : ">" + content + "</rect>")
        case .triangle, .triangleDown, .diamond:
            let k = r * 1.25, d: String
            switch markerShape(series) {
            case .triangle: d = "M\(n(x)) \(n(y - k))L\(n(x + k)) \(n(y + k * 0.8))L\(n(x - k)) \(n(y + k * 0.8))Z"
            case .triangleDown: d = "M\(n(x)) \(n(y + k))L\(n(x + k)) \(n(y - k * 0.8))L\(n(x - k)) \(n(y - k * 0.8))Z"
            default: d = "M\(n(x)) \(n(y - k))L\(n(x + k)) \(n(y))L\(n(x)) \(n(y + k))L\(n(x - k)) \(n(y))Z"
            }
            element = "<path d=\"\(d)\" fill=\"currentColor\"" + extra
            return element + (content.isEmpty ? "/>" : ">" + content + "</path>")
        case .plus, .cross:
            // Strokes, not a fill (`extra`'s outline is left out): thick enough to keep
            // the colour's contrast.
            let k = r * 1.15
            let d = markerShape(series) == .plus
                ? "M\(n(x - k)) \(n(y))H\(n(x + k))M\(n(x)) \(n(y - k))V\(n(y + k))"
                : "M\(n(x - k * 0.8)) \(n(y - k * 0.8))L\(n(x + k * 0.8)) \(n(y + k * 0.8))M\(n(x - k * 0.8)) \(n(y + k * 0.8))L\(n(x + k * 0.8)) \(n(y - k * 0.8))"
            element = "<path d=\"\(d)\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.25\""
            return element + (content.isEmpty ? "/>" : ">" + content + "</path>")
        }
    }

    /// The fill of bar series `i`: its colour, solid for the first series and hatched
    /// (`hatchDefs`) for every other, each with stripes of its own, so that bars are not
    /// told apart by colour alone; a waterfall's falls are hatched, its rises and total solid.
    static func barFill(_ i: Int, kind: Chart.Kind) -> String {
        let pattern = hatchIndex(i, kind: kind)
        return pattern == 0 ? "currentColor" : "url(#\(hatchID(pattern: pattern, color: paletteIndex(i, kind: kind))))"
    }

    /// Which hatching series `i` has (0: none).
    static func hatchIndex(_ i: Int, kind: Chart.Kind) -> Int {
        kind == .waterfall ? (i == 1 ? 1 : 0) : max(i, 0)
    }

    /// A hatch pattern's id: the same id always means the same pattern, so a page keeps
    /// the first definition of each (`withoutRepeatedPatterns`).
    static func hatchID(pattern: Int, color: Int) -> String { "folio-hatch-\(pattern)-\(color)" }

    /// `<defs>` with the hatch patterns of bar series `0..<count`.
    static func hatchDefs(seriesCount count: Int, kind: Chart.Kind) -> String {
        let patterns = (0..<count).filter { hatchIndex($0, kind: kind) > 0 }
        guard !patterns.isEmpty else { return "" }
        var s = "<defs>"
        for i in patterns {
            let p = hatchIndex(i, kind: kind), c = paletteIndex(i, kind: kind)
            // Pattern p: thin stripes in the page's colour, at an angle and spacing of its own.
            let angle = [45, 135, 0, 90][(p - 1) % 4]
            let gap = 5 + 2 * ((p - 1) / 4)
            s += "<pattern id=\"\(hatchID(pattern: p, color: c))\" width=\"\(gap)\" height=\"\(gap)\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(\(angle))\">"
                + "<rect class=\"s\(c)\" width=\"\(gap)\" height=\"\(gap)\" color=\"\(ChartPalette.light[c])\" fill=\"currentColor\"/><line class=\"seg\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"\(gap)\" stroke=\"#ffffff\" stroke-width=\"1.5\"/></pattern>"
        }
        return s + "</defs>\n"
    }

    /// `html` with every hatch pattern defined once: a later `<pattern>` with the id of an
    /// earlier one (the same id is the same pattern) is left out, so that ids stay
    /// unique in the page (small multiples define them per panel, a report per chart);
    /// `url(#…)` finds the first anywhere in the document. No escaped text can hold
    /// `<pattern`.
    static func withoutRepeatedPatterns(_ html: String) -> String {
        guard html.containsText("<pattern id=\"") else { return html }
        var seen = Set<Substring>()
        var out = ""
        var rest = html[...]
        while let open = rest.firstRangeOfText("<pattern id=\"") {
            out += rest[..<open.lowerBound]
            let afterID = rest[open.upperBound...]
            guard let quote = afterID.firstIndex(of: "\""), let close = afterID.firstRangeOfText("</pattern>") else {
                rest = rest[open.lowerBound...]
                break
            }
            if seen.insert(afterID[..<quote]).inserted { out += rest[open.lowerBound..<close.upperBound] }
            rest = afterID[close.upperBound...]
        }
        return out + rest
    }

    /// A legend entry's symbol at `x`, centred on the row's middle line `y`.
    static func legendSymbol(_ kind: Chart.Kind, series index: Int, x: Double, y: Double) -> String {
        switch kind {
        case .bar, .histogram, .waterfall:
            "<rect x=\"\(n(x))\" y=\"\(n(y - 5))\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(barFill(index, kind: kind))\"/>"
        case .area:
            "<rect x=\"\(n(x))\" y=\"\(n(y - 5))\" width=\"16\" height=\"12\" fill=\"currentColor\" fill-opacity=\"0.35\"/>"
                + "<line x1=\"\(n(x))\" y1=\"\(n(y - 5))\" x2=\"\(n(x + 16))\" y2=\"\(n(y - 5))\" stroke=\"currentColor\" stroke-width=\"2.5\"\(dash(index))/>"
        case .scatter:
            marker(index, x: x + 7, y: y + 1, r: 4.5)
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
                    s += marker(i, x: x, y: y, r: run.count == 1 ? 3.5 : 3,
                                content: tooltip(prefix + f.xText(point.x ?? 0) + ": " + f.yText(point.y ?? 0)))
                }
            }
            s += "</g>\n"
        }
        return s
    }

    /// Whether any line run is long enough to be thinned (`decimated`): the `<desc>` says so.
    static func simplifies(_ series: [XYSeries], _ f: PlotFrame) -> Bool {
        let limit = 4 * max(Int(f.width.rounded(.up)), 1)
        for line in series {
            var run = 0
            for point in line.points {
                if point.x != nil && point.y != nil { run += 1; if run > limit { return true } } else { run = 0 }
            }
        }
        return false
    }

    // MARK: Areas and bands

    /// Areas: each filled from its base up to its values (translucent, so overlapping
    /// areas stay visible; opaque when stacked), with its line on top.
    static func areas(_ series: [XYSeries], bases: [[Double?]], stacked: Bool, _ f: PlotFrame) -> String {
        var s = ""
        for (i, area) in series.enumerated() {
            s += seriesGroup(i, kind: .area)
            let base = i < bases.count ? bases[i] : []
            // A null ends a piece of area, as it breaks a line.
            var piece: [(Double, Double, Double)] = []
            func flush() {
                if piece.count > 1 {
                    let top = piece.enumerated().map { ($0.offset == 0 ? "M" : "L") + n($0.element.0) + " " + n($0.element.1) }.joined(separator: " ")
                    let bottom = piece.reversed().map { "L" + n($0.0) + " " + n($0.2) }.joined(separator: " ")
                    s += "<path d=\"\(top) \(bottom) Z\" fill=\"currentColor\" fill-opacity=\"\(stacked ? "0.55" : "0.25")\" stroke=\"none\"/>"
                    s += "<path d=\"\(top)\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linejoin=\"round\"\(dash(i))/>"
                }
                piece = []
            }
            for (p, point) in area.points.enumerated() {
                if let x = point.x, let y = point.y {
                    let top = f.point(x: x, y: y)
                    let b = f.yScale.map(p < base.count ? base[p] ?? 0 : 0)
                    piece.append((top.x, top.y, b))
                } else {
                    flush()
                }
            }
            flush()
            s += "</g>\n"
        }
        return s
    }

    /// A band: the area between its low and high values, light, under the marks, with
    /// thin edges.
    static func band(_ band: BandData, _ f: PlotFrame) -> String {
        var s = "<g class=\"band\" color=\"\(ChartPalette.light[0])\">"
        var piece: [(Double, Double, Double)] = []
        func flush() {
            if piece.count > 1 {
                let top = piece.enumerated().map { ($0.offset == 0 ? "M" : "L") + n($0.element.0) + " " + n($0.element.1) }.joined(separator: " ")
                let bottom = piece.reversed().map { "L" + n($0.0) + " " + n($0.2) }.joined(separator: " ")
                s += "<path d=\"\(top) \(bottom) Z\" fill=\"currentColor\" fill-opacity=\"0.18\" stroke=\"none\">" + tooltip(band.name) + "</path>"
                // Its edges in the full colour: the light shading alone is below 3:1
                // against the page (WCAG 1.4.11), the edges keep it.
                let low = piece.enumerated().map { ($0.offset == 0 ? "M" : "L") + n($0.element.0) + " " + n($0.element.2) }.joined(separator: " ")
                s += "<path class=\"band-edge\" d=\"\(top) \(low)\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1\"/>"
            }
            piece = []
        }
        for point in band.points {
            if let lo = point.lo, let hi = point.hi {
                let a = f.point(x: point.x, y: hi), b = f.point(x: point.x, y: lo)
                piece.append((a.x, a.y, b.y))
            } else {
                flush()
            }
        }
        flush()
        return s + "</g>\n"
    }

    // MARK: Histogram and waterfall

    static func histogram(_ h: HistogramData, _ f: PlotFrame) -> String {
        var s = seriesGroup(0, kind: .histogram)
        let zeroY = f.yScale.map(0)
        for (k, count) in h.counts.enumerated() where k + 1 < h.edges.count {
            let a = f.point(x: h.edges[k], y: count), b = f.point(x: h.edges[k + 1], y: count)
            // Adjacent bins touch; a hairline in the background colour separates them.
            s += "<rect x=\"\(n(a.x))\" y=\"\(n(a.y))\" width=\"\(n(max(b.x - a.x, 0.5)))\" height=\"\(n(max(zeroY - a.y, 0)))\" fill=\"currentColor\" stroke=\"#ffffff\" stroke-width=\"0.75\" class=\"seg\">"
                + tooltip(f.xText(h.edges[k]) + "–" + f.xText(h.edges[k + 1]) + ": " + DisplayText.number(count)) + "</rect>"
        }
        return s + "</g>\n"
    }

    /// Waterfall bars, each from where the last ended, with a thin connector from one
    /// bar's end to the next bar's start; rises, falls and the total in their colours.
    static func waterfall(_ steps: [WaterfallStep], _ f: PlotFrame) -> String {
        let band = f.xAxis.bandWidth
        let w = min(band * 0.7, 64)
        var groups = Array(repeating: "", count: 3)
        var connectors = ""
        for (c, step) in steps.enumerated() {
            let center = f.left + (Double(c) + 0.5) * band
            let y0 = f.yScale.map(max(step.start, step.end)), y1 = f.yScale.map(min(step.start, step.end))
            let change = step.kind == .total ? step.end : step.end - step.start
            let sign = change > 0 && step.kind != .total ? "+" : ""
            groups[step.kind.rawValue] += "<rect x=\"\(n(center - w / 2))\" y=\"\(n(y0))\" width=\"\(n(w))\" height=\"\(n(max(y1 - y0, 1)))\" fill=\"\(barFill(step.kind.rawValue, kind: .waterfall))\">"
                + tooltip(step.category + ": " + sign + f.yText(change)) + "</rect>"
            if c + 1 < steps.count {
                let y = f.yScale.map(step.end)
                connectors += "<line x1=\"\(n(center + w / 2))\" y1=\"\(n(y))\" x2=\"\(n(center + band - w / 2))\" y2=\"\(n(y))\" stroke=\"#6b7280\" stroke-width=\"1\" stroke-dasharray=\"2 2\"/>"
            }
        }
        var s = hatchDefs(seriesCount: 3, kind: .waterfall)
        for (k, body) in groups.enumerated() where !body.isEmpty {
            s += seriesGroup(k, kind: .waterfall) + body + "</g>\n"
        }
        s += "<g class=\"connectors\">" + connectors + "</g>\n"
        if f.yScale.domainLo < 0 {
            let zeroY = f.yScale.map(0)
            s += "<line class=\"zero\" x1=\"\(n(f.left))\" y1=\"\(n(zeroY))\" x2=\"\(n(f.right))\" y2=\"\(n(zeroY))\" stroke=\"#6b7280\" stroke-width=\"1\"/>\n"
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

    static func points(_ series: [XYSeries], labels perSeries: [[String?]], _ f: PlotFrame) -> String {
        var s = ""
        for (i, set) in series.enumerated() {
            let labels = i < perSeries.count ? perSeries[i] : []
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
                // Opaque, so the mark keeps its colour's contrast; a hairline in the page's
                // colour keeps overlapping points apart.
                let label = p < labels.count ? labels[p].map { $0 + " " } ?? "" : ""
                s += marker(i, x: cx, y: cy, r: 4, extra: " class=\"seg\" stroke=\"#ffffff\" stroke-width=\"0.75\"",
                            content: withTips ? tooltip(label + "(" + f.xText(x) + ", " + f.yText(y) + ")") : "")
            }
            s += "</g>\n"
        }
        // Point labels, when there are few enough points to read them.
        if let placed = pointLabels(series, labels: perSeries, f) {
            s += "<g class=\"point-labels\" font-size=\"\(n(PointLabelLayout.fontSize))\">"
            for label in placed.labels {
                let anchor = label.anchor == .end ? " text-anchor=\"end\"" : label.anchor == .middle ? " text-anchor=\"middle\"" : ""
                s += "<text class=\"ink\" x=\"\(n(label.x))\" y=\"\(n(label.y))\"" + anchor + " fill=\"#1d2125\">"
                    + Escape.text(label.text) + "</text>"
            }
            s += "</g>\n"
        }
        return s
    }

    /// The point labels of every series, placed together so that none overlaps another.
    static func pointLabels(_ series: [XYSeries], labels perSeries: [[String?]], _ f: PlotFrame) -> (labels: [PointLabelLayout.Label], leftOut: Int)? {
        guard !perSeries.isEmpty else { return nil }
        var points: [XYPoint] = [], texts: [String?] = []
        for (i, set) in series.enumerated() {
            points += set.points
            texts += i < perSeries.count && perSeries[i].count == set.points.count ? perSeries[i] : set.points.map { _ in nil }
        }
        return PointLabelLayout.place(points, texts: texts, in: f)
    }

    // MARK: Bars

    static func bars(_ bars: BarData, stacked: Bool, _ f: PlotFrame) -> String {
        let rects = BarGeometry.rects(bars, stacked: stacked, in: f)
        let seriesCount = rects.count
        let withTips = bars.values.count * seriesCount <= tooltipLimit
        // Stacked segments get a hairline in the background colour between them.
        let seam = stacked && seriesCount > 1 ? " class=\"seg\" stroke=\"#ffffff\" stroke-width=\"0.75\"" : ""
        var s = hatchDefs(seriesCount: bars.seriesNames.count, kind: .bar)
        if let colors = bars.colorOfCategory, let column = rects.first {
            // `color:`: one bar per category, in its colour value's colour, grouped by colour.
            for k in bars.seriesNames.indices {
                s += seriesGroup(k, kind: .bar)
                for (c, rect) in column.enumerated() where c < colors.count && colors[c] == k {
                    guard let rect, let value = bars.values[c][0] else { continue }
                    s += "<rect x=\"\(n(rect.x))\" y=\"\(n(rect.y0))\" width=\"\(n(rect.width))\" height=\"\(n(rect.height))\" fill=\"\(barFill(k, kind: .bar))\""
                    s += withTips ? ">" + tooltip(bars.categories[c] + " · " + bars.seriesNames[k] + ": " + f.yText(value)) + "</rect>" : "/>"
                }
                s += "</g>\n"
            }
        } else {
        for (k, column) in rects.enumerated() {
            s += seriesGroup(k, kind: .bar)
            for (c, rect) in column.enumerated() {
                guard let rect, let value = bars.values[c][k] else { continue }
                s += "<rect x=\"\(n(rect.x))\" y=\"\(n(rect.y0))\" width=\"\(n(rect.width))\" height=\"\(n(rect.height))\" fill=\"\(barFill(k, kind: .bar))\"\(seam)"
                if withTips, c < bars.categories.count {
                    let name = bars.seriesNames.count > 1 && k < bars.seriesNames.count ? " · " + bars.seriesNames[k] : ""
                    s += ">" + tooltip(bars.categories[c] + name + ": " + f.yText(value)) + "</rect>"
                } else {
                    s += "/>"
                }
            }
            s += "</g>\n"
        }
        }
        // The zero line over the bars, so negative bars read as hanging from it.
        if f.yScale.domainLo < 0 {
            let zeroY = f.yScale.map(0)
            s += "<line class=\"zero\" x1=\"\(n(f.left))\" y1=\"\(n(zeroY))\" x2=\"\(n(f.right))\" y2=\"\(n(zeroY))\" stroke=\"#6b7280\" stroke-width=\"1\"/>\n"
        }
        return s
    }
}
