// A chart as the notebook asked for it: built by Language's chart built-ins, held in a
// `Value`, drawn by Render. A new chart option is a field here (and its argument in
// `Language/BuiltinsChart.swift`); nothing mirrors this type.
import Tabular

/// The table to draw and what to draw of it. The built-ins check the columns where the
/// chart is asked for; Render still draws any mismatch as an empty chart with a note.
package struct Chart: Sendable, Equatable {
    package enum Kind: String, Sendable, Equatable {
        case line, bar, scatter
    }

    package var kind: Kind
    package var table: Table
    package var x: String
    /// line: one or several series; bar: one (several without `group` draw grouped
    /// bars, one per column); scatter: one.
    package var y: [String]
    /// bar: one bar per distinct value of this column in each x category.
    package var group: String?
    /// bar with `group` (or several `y`): stack the series instead of placing them side by side.
    package var stacked: Bool
    /// scatter: a column whose values label the points.
    package var label: String?
    package var title: String?
    package var xLabel: String?
    package var yLabel: String?
    /// Horizontal lines across the plot ("2% target"), in the order given (`reference:`).
    package var referenceLines: [ReferenceLine]

    package init(kind: Kind, table: Table, x: String, y: [String], group: String? = nil, stacked: Bool = false,
                label: String? = nil, title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
                referenceLines: [ReferenceLine] = []) {
        self.kind = kind
        self.table = table
        self.x = x
        self.y = y
        self.group = group
        self.stacked = stacked
        self.label = label
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.referenceLines = referenceLines
    }
}

/// A horizontal line across a chart at y = `value`, with an optional label.
package struct ReferenceLine: Sendable, Equatable {
    package var value: Double
    package var label: String?

    package init(value: Double, label: String? = nil) {
        self.value = value
        self.label = label
    }
}
