// A chart as the notebook asked for it: built by Language's chart built-ins, held in a
// `Value`, drawn by Render. A new chart option is a field here (and its argument in
// `Language/BuiltinsChart.swift`); nothing mirrors this type.
import NotebookFormat
import Tabular

/// The table to draw and what to draw of it. The built-ins check the columns where the
/// chart is asked for; Render still draws any mismatch as an empty chart with a note.
package struct Chart: Sendable, Equatable {
    package enum Kind: String, Sendable, Equatable {
        case line, bar, scatter, histogram, area, waterfall
    }

    /// `histogram`'s bins: how many equal ones over the data's span, or their edges.
    package enum Bins: Sendable, Equatable {
        /// Sturges: ⌈log2 n⌉ + 1 equal bins over [min, max].
        case sturges
        case count(Int)
        /// Increasing edges; bin k is [edges[k], edges[k+1]) (the last one closed).
        case edges([Double])
    }

    package var kind: Kind
    package var table: Table
    package var x: String
    /// line/area: one or several series; bar: one (several without `group` draw grouped
    /// bars, one per column); scatter, waterfall: one; histogram: none (it counts `x`).
    package var y: [String]
    /// bar: one bar per distinct value of this column in each x category.
    package var group: String?
    /// bar with `group` (or several `y`), area with several `y`: stack the series.
    package var stacked: Bool
    /// scatter: a column whose values label the points.
    package var label: String?
    package var title: String?
    package var xLabel: String?
    package var yLabel: String?
    /// Reference lines across the plot ("2% target", "goal year"), in the order given (`reference:`).
    package var referenceLines: [ReferenceLine]

    // Issue 17's options (docs/charts.md says which kinds take which).

    /// bar/scatter/histogram-free: colour each bar or point by this column's value (no dodging).
    package var color: String?
    /// line/area: shade between these two number columns.
    package var band: Band?
    /// line/scatter: a logarithmic y axis (every value positive).
    package var logY: Bool
    /// Axis limits: the axis spans exactly the given range.
    package var yMin: Double?
    package var yMax: Double?
    package var xMin: Double?
    package var xMax: Double?
    /// Shaded x ranges (a plan period).
    package var spans: [Span]
    /// Text notes at data points.
    package var annotations: [Annotation]
    /// Where `annotations:` was given: a note that falls outside the axes is left out of
    /// the picture, and the run warns about it here.
    package var annotationsLocation: SourceLocation?
    /// The picture's size in CSS pixels (nil: the standard size).
    package var width: Double?
    package var height: Double?
    /// line/area: series named at their line ends instead of in a legend.
    package var endLabels: Bool
    /// Small multiples: one panel per distinct value of this column (first-appearance
    /// order), all on the same axes; at most `facetLimit` values.
    package var facet: String?
    /// histogram only.
    package var bins: Bins
    /// waterfall only: the label of a final bar showing the total.
    package var total: String?

    /// The most panels `facet:` draws (docs/charts.md): the built-in refuses a column with
    /// more distinct values; Render draws the first this many of any other chart.
    package static let facetLimit = 24

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
        color = nil
        band = nil
        logY = false
        spans = []
        annotations = []
        endLabels = false
        facet = nil
        bins = .sturges
        total = nil
    }
}

/// A reference line at `value` with an optional label: horizontal (a y value, the
/// default) or vertical (an x value).
package struct ReferenceLine: Sendable, Equatable {
    package enum Axis: Sendable, Equatable { case x, y }

    package var value: Double
    package var label: String?
    package var axis: Axis

    package init(value: Double, label: String? = nil, axis: Axis = .y) {
        self.value = value
        self.label = label
        self.axis = axis
    }
}

/// The shaded range between two columns (a 5th–95th percentile band).
package struct Band: Sendable, Equatable {
    package var lo: String
    package var hi: String

    package init(lo: String, hi: String) {
        self.lo = lo
        self.hi = hi
    }
}

/// A shaded x range from `from` to `to`, with an optional label at its top.
package struct Span: Sendable, Equatable {
    package var from: Double
    package var to: Double
    package var label: String?

    package init(from: Double, to: Double, label: String? = nil) {
        self.from = from
        self.to = to
        self.label = label
    }
}

/// A text note at the data point (x, y).
package struct Annotation: Sendable, Equatable {
    package var x: Double
    package var y: Double
    package var text: String

    package init(x: Double, y: Double, text: String) {
        self.x = x
        self.y = y
        self.text = text
    }
}
