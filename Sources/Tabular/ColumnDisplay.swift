/// How the report shows one column of a table: every per-column display setting in one
/// value, so that a new setting is added here and travels wherever the others do.
///
/// These settings never change the data: CSV files, `results.json` rows and the
/// language's values are the same whatever they hold. Table verbs carry them with their
/// columns (select, drop, rename, join, append, group's `by` columns, row operations);
/// a new column starts with `.plain`. ReportModel's `ColumnView` is the one reader.
package struct ColumnDisplay: Sendable, Hashable {
    /// A number pattern (`format(t, col: "#,##0")`); nil for the general format.
    package var format: String?
    /// The header the report shows (`label(t, col: "Shown name")`); nil for the
    /// column's own name.
    package var label: String?
    /// Left out of the report's table (`hide(t, col)`); still in the CSV.
    package var hidden: Bool

    package init(format: String? = nil, label: String? = nil, hidden: Bool = false) {
        self.format = format
        self.label = label
        self.hidden = hidden
    }

    /// No setting: the general format, the column's own name, shown.
    package static let plain = ColumnDisplay()

    package var isPlain: Bool { self == .plain }
}
