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
}

struct Plot {
    enum Marks {
        case lines([XYSeries])
        case points([XYSeries], labels: [String?])
        case bars(BarData)
        case none
    }

    enum XScale {
        /// Ticks, and the span the axis covers.
        case numeric(Ticks, lo: Double, hi: Double)
        /// Category labels in order; data x values are indices into it.
        case categories([String])
        case none
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

    static func empty(note: String) -> Plot {
        Plot(kind: .line, seriesNames: [], marks: .none, xScale: .none, yTicks: Ticks(values: [], step: 1),
             referenceLines: [], note: note, description: "Empty chart: \(note)")
    }
}

struct ChartNote: Error {
    var text: String
}

struct PlotBuilder {
    var chart: Chart

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
        guard !chart.y.isEmpty else { throw ChartNote(text: "No data to plot: no y column given") }
        // Series are named by the headers the report shows (a column's label, else its name).
        var ys: [(String, [Double?])] = []
        for name in chart.y {
            ys.append((table.header(of: name), try numbers(name, role: "y")))
        }
        guard table.rowCount > 0 else { throw ChartNote(text: "No data to plot: the table has no rows") }
        switch chart.kind {
        case .bar: return try barPlot(x: x, ys: ys)
        case .line, .scatter: return try xyPlot(x: x, ys: ys)
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

    private func yTicks(_ values: [Double], includeZero: Bool) throws(ChartNote) -> Ticks {
        var lo = values.min() ?? 0
        var hi = values.max() ?? 1
        for line in chart.referenceLines where line.value.isFinite {
            lo = min(lo, line.value)
            hi = max(hi, line.value)
        }
        if includeZero {
            lo = min(lo, 0)
            hi = max(hi, 0)
        } else if hi > lo {
            // Headroom so that a point on the extreme value is not drawn on the plot's
            // edge (its marker and label cut), without crossing zero.
            let pad = (hi - lo) * 0.04
            lo = lo >= 0 ? max(lo - pad, 0) : lo - pad
            hi = hi <= 0 ? min(hi + pad, 0) : hi + pad
        }
        guard let ticks = Ticks.nice(lo: lo, hi: hi) else {
            throw ChartNote(text: "No data to plot: the values are too large to draw")
        }
        return ticks
    }

    private func xyPlot(x xColumn: Column, ys: [(String, [Double?])]) throws(ChartNote) -> Plot {
        let rowCount = table.rowCount
        var order = Array(0..<rowCount)
        let xScale: Plot.XScale
        let xs: [Double?]
        if let numeric = Self.numbers(xColumn) {
            let present = numeric.compactMap { $0 }
            guard !present.isEmpty else { throw ChartNote(text: "No data to plot: x column \u{201C}\(chart.x)\u{201D} has no numbers") }
            let integral = present.allSatisfy { $0 == $0.rounded() }
            guard let ticks = Ticks.nice(lo: present.min() ?? 0, hi: present.max() ?? 1, target: 6, integral: integral) else {
                throw ChartNote(text: "No data to plot: the x values are too large to draw")
            }
            var lo = present.min() ?? 0
            var hi = present.max() ?? 1
            if lo == hi || chart.kind == .scatter {
                // One x value, or dots that must not sit on the plot's edge: pad the span.
                let pad = lo == hi ? (ticks.hi - ticks.lo) / 2 : (hi - lo) * 0.04
                lo -= pad
                hi += pad
            }
            xScale = .numeric(ticks, lo: lo, hi: hi)
            xs = numeric
            if chart.kind == .line {
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
        var allY: [Double] = []
        for (name, values) in ys {
            let points = order.map { XYPoint(x: xs[$0], y: values[$0]) }
            allY += points.compactMap { $0.x == nil ? nil : $0.y }
            series.append(XYSeries(name: name, points: points))
        }
        guard !allY.isEmpty else {
            throw ChartNote(text: "No data to plot: y has no numbers")
        }
        let ticks = try yTicks(allY, includeZero: false)
        let marks: Plot.Marks
        if chart.kind == .scatter {
            var labels: [String?] = []
            if let name = chart.label, let c = table.column(named: name), c.count == rowCount {
                let all = Self.labels(c)
                labels = order.map { all[$0] }
            }
            marks = .points(series, labels: labels)
        } else {
            marks = .lines(series)
        }
        let kindName = chart.kind == .line ? "Line chart" : "Scatter chart"
        let description = "\(kindName) of \(ys.map(\.0).joined(separator: ", ")) against \(table.header(of: chart.x)); \(rowCount) row\(rowCount == 1 ? "" : "s")."
        return Plot(kind: chart.kind, seriesNames: ys.map(\.0), marks: marks, xScale: xScale, yTicks: ticks,
                    referenceLines: chart.referenceLines, note: nil, description: description)
    }

    private func barPlot(x xColumn: Column, ys: [(String, [Double?])]) throws(ChartNote) -> Plot {
        let (categories, categoryOfRow) = Self.categories(Self.labels(xColumn))
        guard !categories.isEmpty else { throw ChartNote(text: "No data to plot: x column \u{201C}\(chart.x)\u{201D} is empty") }
        var seriesNames: [String]
        var values: [[Double?]]
        if let groupName = chart.group {
            let groupColumn = try column(groupName, role: "group")
            let (groups, groupOfRow) = Self.categories(Self.labels(groupColumn))
            guard !groups.isEmpty else { throw ChartNote(text: "No data to plot: group column \u{201C}\(groupName)\u{201D} is empty") }
            seriesNames = groups
            values = Array(repeating: Array(repeating: nil, count: groups.count), count: categories.count)
            let y = ys[0].1
            for row in 0..<table.rowCount {
                // Several rows for one (x, group) add up.
                guard let c = categoryOfRow[row], let g = groupOfRow[row], let v = y[row] else { continue }
                values[c][g] = (values[c][g] ?? 0) + v
            }
        } else {
            seriesNames = ys.map(\.0)
            values = Array(repeating: Array(repeating: nil, count: ys.count), count: categories.count)
            for (k, (_, y)) in ys.enumerated() {
                for row in 0..<table.rowCount {
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
        let data = BarData(categories: categories, seriesNames: seriesNames, values: values)
        let how = seriesNames.count > 1 ? (chart.stacked ? "Stacked bar chart" : "Grouped bar chart") : "Bar chart"
        let description = "\(how) of \(ys[0].0)\(chart.group.map { " by \(table.header(of: $0))" } ?? "") for each \(table.header(of: chart.x)); \(categories.count) categor\(categories.count == 1 ? "y" : "ies")."
        return Plot(kind: .bar, seriesNames: seriesNames, marks: .bars(data), xScale: .categories(categories), yTicks: ticks,
                    referenceLines: chart.referenceLines, note: nil, description: description)
    }
}
