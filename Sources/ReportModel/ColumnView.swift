// How the report shows a table's columns. The settings themselves travel with the
// `Table` (Tabular's verbs carry `displayFormats` through select, rename, join and
// group, so `format(t, col: pattern)` survives them); this is the one place that reads
// them. A new column setting (a shown label, say) is read here, once, for the HTML
// table, the chart axes and the ipynb alike.
import Tabular

/// One column as the report shows it.
package struct ColumnView: Sendable, Equatable {
    /// The column's name, as the header shows it.
    package var name: String
    /// The pattern of `format(t, col: pattern)`; nil for the general number format
    /// (also for a pattern that does not parse: the built-in checked it, a hand-made
    /// table may not have).
    package var pattern: NumberPattern?

    package init(name: String, pattern: NumberPattern? = nil) {
        self.name = name
        self.pattern = pattern
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
        let source = index < displayFormats.count ? displayFormats[index] : nil
        if let source, PatternKind(source) == .date {
            var view = ColumnView(name: names[index])
            view.datePattern = try? DatePattern(source)
            return view
        }
        return ColumnView(name: names[index], pattern: source.flatMap { try? NumberPattern($0) })
    }

    /// The column called `name` as the report shows it; nil when there is none.
    package func columnView(named name: String) -> ColumnView? {
        columnIndex(named: name).map(columnView)
    }

    /// Every column as the report shows it, in order.
    package var columnViews: [ColumnView] {
        names.indices.map(columnView)
    }
}
