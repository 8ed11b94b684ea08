import NotebookFormat
import ReportModel
import Tabular

// Chart built-ins (SPEC §3 "Charts"): they check the table and columns where the
// chart is asked for, so a typo is an error at the call, and return ReportModel's
// `Chart`, which Render draws. A new chart option: a field of `Chart`, a parameter here
// (named, after the columns), and its check where the chart is built.

/// The parameters every chart ends with: its labels and horizontal reference lines.
private let labelParameters = [p("title", .absent, namedOnly: true), p("x_label", .absent, namedOnly: true), p("y_label", .absent, namedOnly: true),
                               p("reference", .absent, namedOnly: true)]

private enum ColumnKind {
    case numbers, numbersOrStrings, any

    var text: String {
        switch self {
        case .numbers: "numbers"
        case .numbersOrStrings: "numbers or strings"
        case .any: "values"
        }
    }
}

extension Arguments {
    /// The column named by string argument `i`, checked to exist in `t` and to hold `kind`.
    fileprivate func chartColumn(_ t: Table, _ i: Int, _ kind: ColumnKind) throws(Diagnostic) -> String {
        let name = try string(i)
        try checkChartColumn(t, name, kind, role: builtin.parameters[i].name, at: locations[i])
        return name
    }

    fileprivate func checkChartColumn(_ t: Table, _ name: String, _ kind: ColumnKind, role: String, at location: SourceLocation) throws(Diagnostic) {
        let index = try columnIndex(t, name, at: location)
        let column = t.columns[index]
        let ok: Bool
        switch (kind, column.storage) {
        case (.any, _), (.numbers, .number), (.numbersOrStrings, .number), (.numbersOrStrings, .string): ok = true
        default: ok = false
        }
        guard ok else {
            throw Diagnostic.error("`\(builtin.name)`: the \(role) column `\(name)` must hold \(kind.text), but it holds \(column.typeName)s", at: location)
        }
    }

    fileprivate func optionalString(_ i: Int) throws(Diagnostic) -> String? {
        guard let v = values[i], !v.isNull else { return nil }
        guard case .string(let s) = v else { throw typeError(i, expected: "a string", got: v) }
        return s
    }

    /// `y`: one column name or a list of them, each numeric.
    fileprivate func yColumns(_ t: Table, _ i: Int, single: Bool) throws(Diagnostic) -> [String] {
        let names = try self.names(i)
        guard !names.isEmpty else { throw error(i, "`y` names no column") }
        if single, names.count > 1 { throw error(i, "`y` must be one column here, not \(names.count)") }
        for name in names { try checkChartColumn(t, name, .numbers, role: "y", at: locations[i]) }
        return names
    }

    /// title, x_label, y_label at parameters `first`, `first + 1`, `first + 2`.
    fileprivate func labels(from first: Int) throws(Diagnostic) -> (String?, String?, String?) {
        (try optionalString(first), try optionalString(first + 1), try optionalString(first + 2))
    }

    /// `reference:` at parameter `i`: a number, a record `{y: number, label: string}`, or a
    /// list of those — horizontal lines such as a 2% target.
    fileprivate func references(_ i: Int) throws(Diagnostic) -> [ReferenceLine] {
        guard let v = values[i], !v.isNull else { return [] }
        func one(_ v: Value) throws(Diagnostic) -> ReferenceLine {
            switch v {
            case .number(let y):
                return ReferenceLine(value: y)
            case .record(let record):
                guard case .number(let y)? = record["y"] else {
                    throw error(i, "a reference record needs a number `y` (e.g. `{y: 2, label: \"target\"}`)")
                }
                for key in record.keys where key != "y" && key != "label" {
                    throw error(i, "a reference record has only `y` and `label`, not `\(key)`")
                }
                switch record["label"] {
                case nil, .null?: return ReferenceLine(value: y)
                case .string(let label)?: return ReferenceLine(value: y, label: label)
                case let other?: throw error(i, "a reference's `label` must be a string, not \(article(other.typeName))")
                }
            default:
                throw typeError(i, expected: "a number, a record {y, label} or a list of those", got: v)
            }
        }
        if case .list(let list) = v {
            var out: [ReferenceLine] = []
            for element in list.elements { out.append(try one(element)) }
            return out
        }
        return [try one(v)]
    }
}

let chartBuiltins: [Builtin] = [
    Builtin(name: "line_chart", group: .charts, parameters: [p("t"), p("x"), p("y")] + labelParameters,
            doc: "A line chart of one or several `y` columns (numbers) against `x` (numbers, or strings as categories in table order). "
                + "Every chart also takes `reference:` — a number, a record `{y: 2, label: \"target\"}`, or a list of those — drawn as horizontal lines.",
            examples: [("line_chart(table(year: [2024, 2025], a: [1, 2], b: [2, 1]), x: \"year\", y: [\"a\", \"b\"], title: \"Trend\")",
                        "line_chart(table(year: [2024, 2025], a: [1, 2], b: [2, 1]), \"year\", [\"a\", \"b\"], title: \"Trend\")")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        let x = try args.chartColumn(t, 1, .numbersOrStrings)
        let y = try args.yColumns(t, 2, single: false)
        let (title, xLabel, yLabel) = try args.labels(from: 3)
        return .chart(Chart(kind: .line, table: t, x: x, y: y, title: title, xLabel: xLabel, yLabel: yLabel,
                            referenceLines: try args.references(6)))
    },
    Builtin(name: "bar_chart", group: .charts,
            parameters: [p("t"), p("x"), p("y"), p("group", .absent, namedOnly: true), p("stacked", .value(.bool(false), text: "false"), namedOnly: true)] + labelParameters,
            doc: "A bar chart: one bar per `x` category of the `y` column (numbers); with `group`, one bar per group value in each category "
                + "(side by side, or stacked with `stacked: true`); several `y` columns without `group` draw one bar per column.",
            examples: [("bar_chart(table(c: [\"NO\", \"SE\"], v: [1, 2]), x: \"c\", y: \"v\")",
                        "bar_chart(table(c: [\"NO\", \"SE\"], v: [1, 2]), \"c\", \"v\", stacked: false)")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        let x = try args.chartColumn(t, 1, .any)
        let group = try args.optionalString(3)
        let y = try args.yColumns(t, 2, single: group != nil)
        if let group { try args.checkChartColumn(t, group, .any, role: "group", at: args.locations[3]) }
        let stacked = try args.bool(4)
        if stacked && group == nil && y.count == 1 {
            throw args.error(4, "`stacked: true` needs `group` (or several `y` columns) to stack")
        }
        let (title, xLabel, yLabel) = try args.labels(from: 5)
        return .chart(Chart(kind: .bar, table: t, x: x, y: y, group: group, stacked: stacked, title: title, xLabel: xLabel, yLabel: yLabel,
                            referenceLines: try args.references(8)))
    },
    Builtin(name: "scatter_chart", group: .charts,
            parameters: [p("t"), p("x"), p("y"), p("label", .absent, namedOnly: true)] + labelParameters,
            doc: "A scatter chart of `y` against `x` (both numbers); `label` names a column whose values label the points.",
            examples: [("scatter_chart(table(gdp: [1, 2], spend: [3, 4], c: [\"NO\", \"SE\"]), x: \"gdp\", y: \"spend\", label: \"c\")",
                        "scatter_chart(table(gdp: [1, 2], spend: [3, 4], c: [\"NO\", \"SE\"]), \"gdp\", \"spend\", label: \"c\")")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        let x = try args.chartColumn(t, 1, .numbers)
        let y = try args.yColumns(t, 2, single: true)
        let label = try args.optionalString(3)
        if let label { try args.checkChartColumn(t, label, .any, role: "label", at: args.locations[3]) }
        let (title, xLabel, yLabel) = try args.labels(from: 4)
        return .chart(Chart(kind: .scatter, table: t, x: x, y: y, label: label, title: title, xLabel: xLabel, yLabel: yLabel,
                            referenceLines: try args.references(7)))
    },
]
