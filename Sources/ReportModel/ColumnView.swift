// How the report shows a table's columns. The settings themselves travel with the
// `Table` as one `ColumnDisplay` per column (Tabular's verbs carry them through select,
// rename, join and group, so `format`, `label` and `hide` survive them); this is the
// one place that reads them, for the HTML table, the chart axes and legends, the
// ipynb and results.json alike.
import Tabular

/// One column as the report shows it.
package struct ColumnView: Sendable, Equatable {
    /// The column's own name (the CSV's header, the name code uses).
    package var name: String
    /// The header the report shows: the column's label, or its name.
    package var header: String
    /// The pattern of `format(t, col: pattern)`; nil for the general number format
    /// (also for a pattern that does not parse: the built-in checked it, a hand-made
    /// table may not have).
    package var pattern: NumberPattern?
    /// Left out of the report's table (`hide`); CSV and results.json still hold it.
    package var hidden: Bool

    package init(name: String, header: String? = nil, pattern: NumberPattern? = nil, hidden: Bool = false) {
        self.name = name
        self.header = header ?? name
        self.pattern = pattern
        self.hidden = hidden
    }

    /// The date pattern of `format(t, col: pattern)` on a date column; nil for
    /// `YYYY-MM-DD`.
    package var datePattern: DatePattern? = nil

    /// A number of this column as the report shows it.
    package func text(_ x: Double) -> String {
        pattern?.format(x) ?? DisplayText.number(x)
    }

    /// A date (day number) of this column as the report shows it.
    package func text(day: Int32) -> String {
        datePattern?.format(day) ?? CalendarDate.text(day)
    }
}

extension Table {
    /// Column `index` (in range) as the report shows it.
    package func columnView(_ index: Int) -> ColumnView {
        let settings = index < display.count ? display[index] : .plain
        if let source = settings.format, PatternKind(source) == .date {
            var view = ColumnView(name: names[index], header: settings.label, hidden: settings.hidden)
            view.datePattern = try? DatePattern(source)
            return view
        }
        return ColumnView(name: names[index], header: settings.label,
                          pattern: settings.format.flatMap { try? NumberPattern($0) }, hidden: settings.hidden)
    }

    /// The column called `name` as the report shows it; nil when there is none.
    package func columnView(named name: String) -> ColumnView? {
        columnIndex(named: name).map(columnView)
    }

    /// Every column as the report shows it, in order (hidden ones included).
    package var columnViews: [ColumnView] {
        names.indices.map(columnView)
    }

    /// The indices of the columns the report's table shows, in order: all but the
    /// hidden ones. When every column is hidden (`hide` refuses that, but `select` of
    /// hidden columns can get there), all are shown: an empty table would say nothing.
    package var shownColumnIndices: [Int] {
        let all = 0..<min(names.count, columns.count)
        let shown = all.filter { !($0 < display.count && display[$0].hidden) }
        return shown.isEmpty ? Array(all) : shown
    }

    /// The header the report shows for column `name` (its label, or the name itself,
    /// also when there is no such column).
    package func header(of name: String) -> String {
        columnIndex(named: name).flatMap { $0 < display.count ? display[$0].label : nil } ?? name
    }
}
