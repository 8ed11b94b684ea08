// The data behind a chart as a table, offered under it in the report in a collapsed
// `<details>` (a reader without sight of the chart, or wanting the numbers, reads it):
// the columns the chart draws, in the table's display; a histogram's bins and counts.
import ReportModel
import Tabular

enum ChartDataTable {
    static func table(for chart: Chart) -> Table? {
        let t = chart.table
        if chart.kind == .histogram, let facet = chart.facet, case .success(let facets) = PlotBuilder(chart: chart).facets() {
            // Small multiples of histograms: each panel's bins and counts, under its value.
            var names: [String] = [], from: [Double] = [], to: [Double] = [], counts: [Double] = []
            for panel in facets.panels {
                guard case .histogram(let h) = panel.plot.marks else { continue }
                for k in h.counts.indices where k + 1 < h.edges.count {
                    names.append(panel.name)
                    from.append(h.edges[k])
                    to.append(h.edges[k + 1])
                    counts.append(h.counts[k])
                }
            }
            return Table(uncheckedNames: [facet, "from", "to", "count"],
                         columns: [.strings(names), .numbers(from), .numbers(to), .numbers(counts)], rowCount: counts.count)
        }
        if chart.kind == .histogram, case .success(let plot) = PlotBuilder(chart: chart).build(),
           case .histogram(let h) = plot.marks {
            let k = h.counts.count
            return Table(uncheckedNames: ["from", "to", "count"],
                         columns: [.numbers(Array(h.edges.prefix(k))), .numbers(Array(h.edges.dropFirst().prefix(k))), .numbers(h.counts)],
                         rowCount: k)
        }
        var names: [String] = []
        for name in [chart.facet, chart.x].compactMap({ $0 }) + chart.y + [chart.group, chart.color, chart.label, chart.band?.lo, chart.band?.hi].compactMap({ $0 })
        where !names.contains(name) && t.column(named: name) != nil {
            names.append(name)
        }
        guard !names.isEmpty else { return nil }
        var columns: [Column] = [], display: [ColumnDisplay] = []
        for name in names {
            guard let i = t.names.firstIndex(of: name) else { continue }
            columns.append(t.columns[i])
            display.append(i < t.display.count ? t.display[i] : .plain)
        }
        return Table(uncheckedNames: names, columns: columns, rowCount: t.rowCount, display: display)
    }
}
