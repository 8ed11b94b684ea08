import NotebookFormat
import ReportModel
import Tabular

// Chart built-ins (SPEC §3 "Charts"): they check the table and columns where the
// chart is asked for, so a typo is an error at the call, and return ReportModel's
// `Chart`, which Render draws. A new chart option: a field of `Chart`, a parameter here
// (named, after the columns), and its check where the chart is built.

/// The parameters every chart ends with: its labels, reference lines and the options of
/// issue 17 (SPEC-2 E). Every kind takes every option by name; one that makes no sense for
/// the kind is an error at its argument (`ChartOption.kinds` says which take which).
private let labelParameters = [p("title", .absent, namedOnly: true), p("x_label", .absent, namedOnly: true), p("y_label", .absent, namedOnly: true),
                               p("reference", .absent, namedOnly: true)]
    + ChartOption.allCases.map { p($0.rawValue, .absent, namedOnly: true) }

/// The chart options and the kinds each applies to (docs/charts.md has this table).
enum ChartOption: String, CaseIterable {
    case color, band, log_y, y_min, y_max, x_min, x_max, spans, annotations, width, height, labels, facet

    var kinds: [Chart.Kind] {
        switch self {
        case .color: [.bar, .scatter]
        case .band, .labels: [.line, .area]
        case .log_y: [.line, .scatter]
        case .x_min, .x_max: [.line, .scatter, .area, .histogram]
        case .y_min, .y_max, .spans, .annotations, .width, .height: [.line, .bar, .scatter, .histogram, .area, .waterfall]
        // A waterfall is one running total: split into panels it would no longer add up.
        case .facet: [.line, .bar, .scatter, .histogram, .area]
        }
    }
}

private func kindText(_ kind: Chart.Kind) -> String {
    switch kind {
    case .line: "line_chart"
    case .bar: "bar_chart"
    case .scatter: "scatter_chart"
    case .histogram: "histogram"
    case .area: "area_chart"
    case .waterfall: "waterfall_chart"
    }
}

private enum ColumnKind {
    /// `numbersOrDates`, `numbersStringsOrDates`: an x column that may be dates (a time axis).
    case numbers, numbersOrStrings, numbersOrDates, numbersStringsOrDates, any

    var text: String {
        switch self {
        case .numbers: "numbers"
        case .numbersOrStrings: "numbers or strings"
        case .numbersOrDates: "numbers or dates"
        case .numbersStringsOrDates: "numbers, strings or dates"
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
        case (.any, _), (.numbers, .number), (.numbersOrStrings, .number), (.numbersOrStrings, .string),
             (.numbersOrDates, .number), (.numbersOrDates, .date),
             (.numbersStringsOrDates, .number), (.numbersStringsOrDates, .string), (.numbersStringsOrDates, .date): ok = true
        default: ok = false
        }
        guard ok else {
            throw Diagnostic.error(.inBuiltin(builtin.name, .chartColumnHolds(role: role, column: name, expected: kind.text, holds: column.typeName)), at: location)
        }
    }

    fileprivate func optionalString(_ i: Int) throws(Diagnostic) -> String? {
        guard let v = values[i], !v.isNull else { return nil }
        guard case .string(let s) = v else { throw typeError(i, expected: "a string", got: v) }
        return s
    }

    /// `record[key]` as text (nil when absent or null).
    fileprivate func optionalText(_ record: Record, _ key: String, _ i: Int, what: String) throws(Diagnostic) -> String? {
        switch record[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw error(i, .chartRecordTextNotString(what, key, got: other.typeName))
        }
    }

    fileprivate func recordNumber(_ record: Record, _ key: String, _ i: Int, example: String) throws(Diagnostic) -> Double {
        guard case .number(let x)? = record[key], x.isFinite else { throw error(i, .chartRecordNeeds(builtin.parameters[i].name, key, example: example)) }
        return x
    }

    /// An x value of an option's record: on a time axis a date (its day number), else a number.
    fileprivate func recordX(_ record: Record, _ key: String, _ i: Int, timeAxis: Bool, example: String) throws(Diagnostic) -> Double {
        let option = builtin.parameters[i].name
        switch (record[key], timeAxis) {
        case (.date(let d)?, true): return Double(d)
        case (.date?, false): throw error(i, .chartDateNeedsTimeAxis("\(option)` `\(key)"))
        case (_, true): throw error(i, .chartRecordNeedsDate(option, key))
        default: return try recordNumber(record, key, i, example: example)
        }
    }

    /// The records of option `i`: one record or a list of them, each with only `keys`.
    fileprivate func records(_ i: Int, keys: [String], example: String) throws(Diagnostic) -> [Record] {
        guard let v = values[i], !v.isNull else { return [] }
        var out: [Record] = []
        let elements: [Value]
        if case .list(let list) = v { elements = list.elements } else { elements = [v] }
        for element in elements {
            guard case .record(let r) = element else {
                throw typeError(i, expected: "a record such as \(example) or a list of them", got: element)
            }
            for key in r.keys where !keys.contains(key) {
                throw error(i, .chartRecordKey(builtin.parameters[i].name, key, allowed: keys))
            }
            out.append(r)
        }
        return out
    }

    fileprivate func index(_ name: String) -> Int {
        builtin.parameters.firstIndex { $0.name == name } ?? 0
    }

    /// Whether option `name` was given (not null); an error at it when `kind` does not take it.
    fileprivate func given(_ option: ChartOption, for kind: Chart.Kind) throws(Diagnostic) -> Int? {
        let i = index(option.rawValue)
        guard let v = values[i], !v.isNull else { return nil }
        guard option.kinds.contains(kind) else {
            throw error(i, .chartOptionNotForKind(option.rawValue, kindText(kind), applies: option.kinds.map(kindText)))
        }
        return i
    }

    /// The options every chart ends with (after `reference`), checked against `kind`
    /// and the table, set on `chart`.
    fileprivate func applyOptions(to chart: inout Chart) throws(Diagnostic) {
        let t = chart.table, kind = chart.kind
        // A line, area or scatter chart of a date x has a time axis: its options' x values are dates.
        var timeAxis = false
        if [.line, .area, .scatter].contains(kind), case .date? = t.column(named: chart.x)?.storage { timeAxis = true }
        chart.referenceLines = try references(index("reference"), timeAxis: timeAxis)
        if let i = try given(.color, for: kind) {
            let name = try string(i)
            try checkChartColumn(t, name, .any, role: "color", at: locations[i])
            if chart.group != nil { throw error(i, .colorWithGroup) }
            chart.color = name
        }
        if let i = try given(.band, for: kind) {
            let names = try self.names(i)
            guard names.count == 2 else { throw error(i, .bandNeedsTwoColumns(names.count)) }
            for name in names { try checkChartColumn(t, name, .numbers, role: "band", at: locations[i]) }
            chart.band = Band(lo: names[0], hi: names[1])
        }
        for (option, path) in [(ChartOption.y_min, \Chart.yMin), (.y_max, \Chart.yMax), (.x_min, \Chart.xMin), (.x_max, \Chart.xMax)] {
            if let i = try given(option, for: kind) {
                let isX = option == .x_min || option == .x_max
                switch (values[i], isX && timeAxis) {
                case (.date(let d)?, true): chart[keyPath: path] = Double(d); continue
                case (.date?, false) where isX: throw error(i, .chartDateNeedsTimeAxis(option.rawValue))
                case (let v?, true): throw error(i, .chartXNeedsDate(option.rawValue, got: v.typeName))
                default: break
                }
                let x = try number(i)
                guard x.isFinite else { throw error(i, .notFinite(for: x)) }
                chart[keyPath: path] = x
            }
        }
        if let lo = chart.yMin, let hi = chart.yMax, lo >= hi { throw error(index("y_max"), .axisLimitsOrder("y", lo, hi)) }
        if let lo = chart.xMin, let hi = chart.xMax, lo >= hi {
            throw error(index("x_max"), timeAxis ? .axisDateLimitsOrder(Int32(lo), Int32(hi)) : .axisLimitsOrder("x", lo, hi))
        }
        if chart.xMin != nil || chart.xMax != nil, kind != .histogram,
           case .string? = t.column(named: chart.x)?.storage {
            throw error(index(chart.xMin != nil ? "x_min" : "x_max"), .axisLimitsNeedNumericX(chart.x))
        }
        if let i = try given(.log_y, for: kind) {
            chart.logY = try bool(i)
            if chart.logY {
                if let lo = chart.yMin, lo <= 0 { throw error(index("y_min"), .logAxisNonPositive(column: "y_min", value: lo, row: nil)) }
                for name in chart.y + [chart.band?.lo, chart.band?.hi].compactMap({ $0 }) {
                    guard let c = t.column(named: name), case .number(let values) = c.storage else { continue }
                    if let row = values.indices.first(where: { !c.isNull(at: $0) && values[$0] <= 0 }) {
                        throw error(i, .logAxisNonPositive(column: name, value: values[row], row: row + 1))
                    }
                }
            }
        }
        if let i = try given(.spans, for: kind) {
            for r in try records(i, keys: ["from", "to", "label"], example: "{from: 2023, to: 2027, label: \"plan\"}") {
                chart.spans.append(Span(from: try recordX(r, "from", i, timeAxis: timeAxis, example: "{from: 2023, to: 2027}"),
                                        to: try recordX(r, "to", i, timeAxis: timeAxis, example: "{from: 2023, to: 2027}"),
                                        label: try optionalText(r, "label", i, what: "a span's")))
            }
        }
        if let i = try given(.annotations, for: kind) {
            chart.annotationsLocation = locations[i]
            for r in try records(i, keys: ["x", "y", "text"], example: "{x: 2027, y: 2, text: \"goal\"}") {
                guard let text = try optionalText(r, "text", i, what: "an annotation's") else {
                    throw error(i, .chartRecordNeeds("annotations", "text", example: "{x: 2027, y: 2, text: \"goal\"}"))
                }
                chart.annotations.append(Annotation(x: try recordX(r, "x", i, timeAxis: timeAxis, example: "{x: 2027, y: 2, text: \"goal\"}"),
                                                    y: try recordNumber(r, "y", i, example: "{x: 2027, y: 2, text: \"goal\"}"), text: text))
            }
        }
        for (option, range) in [(ChartOption.width, 240.0...2400.0), (.height, 160.0...1600.0)] {
            if let i = try given(option, for: kind) {
                let x = try number(i)
                guard range.contains(x) else { throw error(i, .chartSizeOutOfRange(option.rawValue, x, range)) }
                if option == .width { chart.width = x } else { chart.height = x }
            }
        }
        if let i = try given(.labels, for: kind) {
            let how = try string(i)
            guard how == "end" || how == "legend" else { throw error(i, .chartLabelsPlacement(how)) }
            chart.endLabels = how == "end"
        }
        if let i = try given(.facet, for: kind) {
            let name = try string(i)
            try checkChartColumn(t, name, .any, role: "facet", at: locations[i])
            let count = distinctValues(t.columns[try columnIndex(t, name, at: locations[i])])
            guard count > 0 else { throw error(i, .facetWithoutValues(name)) }
            guard count <= Chart.facetLimit else { throw error(i, .facetTooManyPanels(name, count: count, limit: Chart.facetLimit)) }
            if !chart.annotations.isEmpty { throw error(index("annotations"), .annotationsWithFacet) }
            chart.facet = name
        }
    }

    /// How many distinct non-null values `column` holds, told apart as chart panels are
    /// (numbers by their display text). The whole column is counted: the error names the count.
    fileprivate func distinctValues(_ column: Column) -> Int {
        var seen = Set<String>()
        switch column.storage {
        case .number(let v):
            for i in v.indices where !column.isNull(at: i) { seen.insert(DisplayText.number(v[i])) }
        case .string(let v):
            for i in v.indices where !column.isNull(at: i) { seen.insert(v[i]) }
        case .bool(let v):
            for i in v.indices where !column.isNull(at: i) { seen.insert(DisplayText.bool(v[i])) }
        case .date(let v):
            for i in v.indices where !column.isNull(at: i) { seen.insert(String(v[i])) }
        }
        return seen.count
    }

    /// `y`: one column name or a list of them, each numeric.
    fileprivate func yColumns(_ t: Table, _ i: Int, single: Bool) throws(Diagnostic) -> [String] {
        let names = try self.names(i)
        guard !names.isEmpty else { throw error(i, .chartYNamesNoColumn) }
        if single, names.count > 1 { throw error(i, .chartYMustBeOneColumn(names.count)) }
        for name in names { try checkChartColumn(t, name, .numbers, role: "y", at: locations[i]) }
        return names
    }

    /// title, x_label, y_label at parameters `first`, `first + 1`, `first + 2`.
    fileprivate func labels(from first: Int) throws(Diagnostic) -> (String?, String?, String?) {
        (try optionalString(first), try optionalString(first + 1), try optionalString(first + 2))
    }

    /// `reference:` at parameter `i`: a number, a record `{y: number, label: string}` or
    /// `{x: number, label: string}`, or a list of those — horizontal lines such as a 2%
    /// target, vertical ones such as a goal year.
    fileprivate func references(_ i: Int, timeAxis: Bool) throws(Diagnostic) -> [ReferenceLine] {
        guard let v = values[i], !v.isNull else { return [] }
        func one(_ v: Value) throws(Diagnostic) -> ReferenceLine {
            switch v {
            case .number(let y):
                return ReferenceLine(value: y)
            case .record(let record):
                let axis: ReferenceLine.Axis = record["x"] != nil ? .x : .y
                if axis == .x, record["y"] == nil, let x = record["x"], case .date = x {
                    // A vertical line at a date: only on a time axis.
                    guard timeAxis, case .date(let d) = x else { throw error(i, .chartDateNeedsTimeAxis("reference` `x")) }
                    for key in record.keys where key != "x" && key != "label" {
                        throw error(i, .referenceRecordKey(key))
                    }
                    return ReferenceLine(value: Double(d), label: try optionalText(record, "label", i, what: "a reference's"), axis: .x)
                }
                if axis == .x, timeAxis, record["y"] == nil { throw error(i, .chartRecordNeedsDate("reference", "x")) }
                guard case .number(let value)? = record[axis == .x ? "x" : "y"], !(record["x"] != nil && record["y"] != nil) else {
                    throw error(i, .referenceRecordNeedsValue)
                }
                for key in record.keys where key != "y" && key != "x" && key != "label" {
                    throw error(i, .referenceRecordKey(key))
                }
                let label = try optionalText(record, "label", i, what: "a reference's")
                return ReferenceLine(value: value, label: label, axis: axis)
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
            doc: "A line chart of one or several `y` columns (numbers) against `x` (numbers; dates, on a time axis; or strings as categories in table order). "
                + "Every chart also takes `reference:` — a number, a record `{y: 2, label: \"target\"}` (horizontal) or `{x: 2027, label: \"goal\"}` "
                + "(vertical), or a list of those — and the options of docs/charts.md: `color`, `band`, `log_y`, `y_min`, `y_max`, `x_min`, `x_max`, "
                + "`spans`, `annotations`, `width`, `height`, `labels`, `facet` (small multiples: one panel per value of a column, on the same axes), "
                + "each on the kinds where it makes sense.",
            examples: [("line_chart(table(year: [2024, 2025], a: [1, 2], b: [2, 1]), x: \"year\", y: [\"a\", \"b\"], title: \"Trend\")",
                        "line_chart(table(year: [2024, 2025], a: [1, 2], b: [2, 1]), \"year\", [\"a\", \"b\"], title: \"Trend\")"),
                       ("line_chart(table(year: [2024, 2025], m: [1, 2], lo: [0, 1], hi: [2, 3]), \"year\", \"m\", band: [\"lo\", \"hi\"], labels: \"end\", reference: {x: 2025, label: \"goal\"})",
                        "line_chart(table(year: [2024, 2025], m: [1, 2], lo: [0, 1], hi: [2, 3]), \"year\", \"m\", reference: [{x: 2025, label: \"goal\"}], labels: \"end\", band: [\"lo\", \"hi\"])")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        let x = try args.chartColumn(t, 1, .numbersStringsOrDates)
        let y = try args.yColumns(t, 2, single: false)
        let (title, xLabel, yLabel) = try args.labels(from: 3)
        var chart = Chart(kind: .line, table: t, x: x, y: y, title: title, xLabel: xLabel, yLabel: yLabel)
        try args.applyOptions(to: &chart)
        return .chart(chart)
    },
    Builtin(name: "area_chart", group: .charts,
            parameters: [p("t"), p("x"), p("y"), p("stacked", .value(.bool(false), text: "false"), namedOnly: true)] + labelParameters,
            doc: "An area chart: each `y` column (numbers) filled down to zero against `x`, translucent so that overlapping areas stay visible; "
                + "with `stacked: true` each area sits on the ones before it (nulls count as zero).",
            examples: [("area_chart(table(year: [2024, 2025], a: [1, 2], b: [2, 1]), \"year\", [\"a\", \"b\"], stacked: true)",
                        "area_chart(table(year: [2024, 2025], a: [1, 2], b: [2, 1]), x: \"year\", y: [\"a\", \"b\"], stacked: true)")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        let x = try args.chartColumn(t, 1, .numbersStringsOrDates)
        let y = try args.yColumns(t, 2, single: false)
        let stacked = try args.bool(3)
        let (title, xLabel, yLabel) = try args.labels(from: 4)
        var chart = Chart(kind: .area, table: t, x: x, y: y, stacked: stacked, title: title, xLabel: xLabel, yLabel: yLabel)
        try args.applyOptions(to: &chart)
        return .chart(chart)
    },
    Builtin(name: "bar_chart", group: .charts,
            parameters: [p("t"), p("x"), p("y"), p("group", .absent, namedOnly: true), p("stacked", .value(.bool(false), text: "false"), namedOnly: true)] + labelParameters,
            doc: "A bar chart: one bar per `x` category of the `y` column (numbers); with `group`, one bar per group value in each category "
                + "(side by side, or stacked with `stacked: true`); several `y` columns without `group` draw one bar per column; "
                + "`color: \"col\"` colours each bar by a column's value without placing bars side by side.",
            examples: [("bar_chart(table(c: [\"NO\", \"SE\"], v: [1, 2]), x: \"c\", y: \"v\")",
                        "bar_chart(table(c: [\"NO\", \"SE\"], v: [1, 2]), \"c\", \"v\", stacked: false)")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        let x = try args.chartColumn(t, 1, .any)
        let group = try args.optionalString(3)
        let y = try args.yColumns(t, 2, single: group != nil)
        if let group { try args.checkChartColumn(t, group, .any, role: "group", at: args.locations[3]) }
        let stacked = try args.bool(4)
        if stacked && group == nil && y.count == 1 {
            throw args.error(4, .stackedNeedsGroup)
        }
        let (title, xLabel, yLabel) = try args.labels(from: 5)
        var chart = Chart(kind: .bar, table: t, x: x, y: y, group: group, stacked: stacked, title: title, xLabel: xLabel, yLabel: yLabel)
        try args.applyOptions(to: &chart)
        if chart.color != nil, y.count > 1 { throw args.error(args.index("color"), .colorWithGroup) }
        return .chart(chart)
    },
    Builtin(name: "scatter_chart", group: .charts,
            parameters: [p("t"), p("x"), p("y"), p("label", .absent, namedOnly: true)] + labelParameters,
            doc: "A scatter chart of `y` (numbers) against `x` (numbers, or dates on a time axis); `label` names a column whose values label the points "
                + "(placed so that no two overlap; a label with no room is left out and the chart's description says so); "
                + "`color: \"col\"` colours each point by a column's value.",
            examples: [("scatter_chart(table(gdp: [1, 2], spend: [3, 4], c: [\"NO\", \"SE\"]), x: \"gdp\", y: \"spend\", label: \"c\")",
                        "scatter_chart(table(gdp: [1, 2], spend: [3, 4], c: [\"NO\", \"SE\"]), \"gdp\", \"spend\", label: \"c\")")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        let x = try args.chartColumn(t, 1, .numbersOrDates)
        let y = try args.yColumns(t, 2, single: true)
        let label = try args.optionalString(3)
        if let label { try args.checkChartColumn(t, label, .any, role: "label", at: args.locations[3]) }
        let (title, xLabel, yLabel) = try args.labels(from: 4)
        var chart = Chart(kind: .scatter, table: t, x: x, y: y, label: label, title: title, xLabel: xLabel, yLabel: yLabel)
        try args.applyOptions(to: &chart)
        return .chart(chart)
    },
    Builtin(name: "histogram", group: .charts,
            parameters: [p("t"), p("x"), p("bins", .absent, namedOnly: true)] + labelParameters,
            doc: "A histogram of the `x` column (numbers): how many values fall in each bin. `bins` is a count of equal bins over [min, max], "
                + "or a list of increasing edges (each bin includes its low edge, the last also its high one); by default Sturges' rule: "
                + "⌈log2 n⌉ + 1 equal bins. Empty bins are drawn at zero; a column with no numbers is an error.",
            examples: [("histogram(table(v: [1, 2, 2, 3, 7]), \"v\", bins: 3)", "histogram(table(v: [1, 2, 2, 3, 7]), x: \"v\", bins: 3)")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        let x = try args.chartColumn(t, 1, .numbers)
        if let c = t.column(named: x), case .number(let values) = c.storage,
           !values.indices.contains(where: { !c.isNull(at: $0) && values[$0].isFinite }) {
            throw args.error(1, .emptyHistogram(x))
        }
        let (title, xLabel, yLabel) = try args.labels(from: 3)
        var chart = Chart(kind: .histogram, table: t, x: x, y: [], title: title, xLabel: xLabel, yLabel: yLabel ?? "count")
        if let v = args.values[2], !v.isNull {
            switch v {
            case .number:
                chart.bins = .count(try args.integer(2, in: 1...1000))
            case .list:
                let (edges, nulls) = try args.numbers(2)
                guard nulls == nil, edges.count >= 2, edges.allSatisfy(\.isFinite), zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }), edges.count <= 1001 else {
                    throw args.error(2, .badBinEdges)
                }
                chart.bins = .edges(edges)
            default:
                throw args.typeError(2, expected: "a number of bins or a list of edges", got: v)
            }
        }
        try args.applyOptions(to: &chart)
        return .chart(chart)
    },
    Builtin(name: "waterfall_chart", group: .charts,
            parameters: [p("t"), p("x"), p("y"), p("total", .absent, namedOnly: true)] + labelParameters,
            doc: "A waterfall (a bridge): one bar per `x` category showing its change `y`, each starting where the last ended; rises and falls "
                + "in two colours, with dotted connectors; `total: \"label\"` adds a final bar from zero to the end value.",
            examples: [("waterfall_chart(table(step: [\"FY22\", \"pay\", \"ships\"], change: [50, 3, -1]), \"step\", \"change\", total: \"FY27\")",
                        "waterfall_chart(table(step: [\"FY22\", \"pay\", \"ships\"], change: [50, 3, -1]), x: \"step\", y: \"change\", total: \"FY27\")")]) { args throws(Diagnostic) in
        let t = try args.table(0)
        let x = try args.chartColumn(t, 1, .any)
        let y = try args.yColumns(t, 2, single: true)
        let total = try args.optionalString(3)
        let (title, xLabel, yLabel) = try args.labels(from: 4)
        var chart = Chart(kind: .waterfall, table: t, x: x, y: y, title: title, xLabel: xLabel, yLabel: yLabel)
        chart.total = total
        try args.applyOptions(to: &chart)
        return .chart(chart)
    },
]
