import NotebookFormat
import ReportModel
import Tabular
import Testing
@testable import Language

// Chart built-ins (SPEC §3 "Charts"): the chart they return and the errors at the call.

private let data = """
    t = table(year: [2024, 2025, 2026], country: ["NO", "SE", "NO"], spend: [1.5, 2, 2.5], gdp: [10, 20, 30], ok: [true, false, true])
    """

private func chart(_ code: String) -> Chart? {
    if case .value(.chart(let c)) = run([data + "\n" + code]) { return c }
    Issue.record("\(code): \(describe(run([data + "\n" + code])))")
    return nil
}

private func expectError(_ code: String, _ fragments: [String], column: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let result = run([data + "\n" + code])
    guard case .runtimeError(let e) = result else {
        Issue.record("\(code) should fail, got \(describe(result))", sourceLocation: sourceLocation)
        return
    }
    for f in fragments {
        #expect(e.message.contains(f), "\(code): \"\(e.message)\" lacks \"\(f)\"", sourceLocation: sourceLocation)
    }
    #expect(e.location?.line == 3 && e.location?.column == column, "\(code): \(e)", sourceLocation: sourceLocation)
}

@Test func lineChartBuildsTheChart() throws {
    let c = try #require(chart("line_chart(t, x: \"year\", y: [\"spend\", \"gdp\"], title: \"Spend\", x_label: \"Year\", y_label: \"bn\")"))
    #expect(c.kind == .line && c.x == "year" && c.y == ["spend", "gdp"])
    #expect(c.title == "Spend" && c.xLabel == "Year" && c.yLabel == "bn")
    #expect(c.table.rowCount == 3 && c.group == nil && c.label == nil && !c.stacked)
    // x and y may also be given by position; a single y is a one-element list.
    let d = try #require(chart("line_chart(t, \"country\", \"spend\")"))
    #expect(d.x == "country" && d.y == ["spend"] && d.title == nil)
}

@Test func barChartBuildsTheChart() throws {
    let c = try #require(chart("bar_chart(t, x: \"year\", y: \"spend\", group: \"country\", stacked: true)"))
    #expect(c.kind == .bar && c.x == "year" && c.y == ["spend"] && c.group == "country" && c.stacked)
    let d = try #require(chart("bar_chart(t, x: \"country\", y: [\"spend\", \"gdp\"])"))
    #expect(d.y == ["spend", "gdp"] && d.group == nil && !d.stacked)
}

@Test func scatterChartPassesLabel() throws {
    let c = try #require(chart("scatter_chart(t, x: \"gdp\", y: \"spend\", label: \"country\", title: \"Burden\")"))
    #expect(c.kind == .scatter && c.x == "gdp" && c.y == ["spend"] && c.label == "country" && c.title == "Burden")
}

@Test func chartErrorsAtTheCall() {
    expectError("line_chart(t, x: \"yaer\", y: \"spend\")", ["no column \"yaer\"", "did you mean \"year\""], column: 22)
    expectError("line_chart(t, x: \"year\", y: [\"spend\", \"country\"])", ["y column `country` must hold numbers", "strings"], column: 33)
    expectError("line_chart(t, x: \"ok\", y: \"spend\")", ["x column `ok` must hold numbers, strings or dates", "bools"], column: 22)
    expectError("line_chart(t, x: \"year\", y: [])", ["`y` names no column"], column: 33)
    expectError("scatter_chart(t, x: \"country\", y: \"spend\")", ["x column `country` must hold numbers"], column: 25)
    expectError("scatter_chart(t, x: \"gdp\", y: \"spend\", label: \"cuntry\")", ["did you mean \"country\""], column: 51)
    expectError("bar_chart(t, x: \"year\", y: \"spend\", group: \"contry\")", ["did you mean \"country\""], column: 48)
    expectError("bar_chart(t, x: \"year\", y: [\"spend\", \"gdp\"], group: \"country\")", ["one column here"], column: 32)
    expectError("bar_chart(t, x: \"year\", y: \"spend\", stacked: true)", ["needs `group`"], column: 50)
    expectError("line_chart(t, x: \"year\", y: \"spend\", title: 3)", ["`title` must be a string"], column: 49)
    expectError("line_chart([1, 2], x: \"year\", y: \"spend\")", ["must be a table"], column: 16)
}

@Test func chartArgumentNamesAreChecked() {
    let result = run([data + "\nline_chart(t, x: \"year\", y: \"spend\", colour: \"red\")"])
    guard case .staticErrors(let errors) = result else {
        Issue.record("expected a static error, got \(describe(result))")
        return
    }
    #expect(errors.first?.message.contains("no parameter named `colour`") == true)
}

@Test func referenceLinesTakeNumbersRecordsOrLists() throws {
    let a = try #require(chart("line_chart(t, x: \"year\", y: \"spend\", reference: 2)"))
    #expect(a.referenceLines == [ReferenceLine(value: 2)])
    let b = try #require(chart("bar_chart(t, x: \"year\", y: \"spend\", reference: {y: 2%, label: \"2% goal\"})"))
    #expect(b.referenceLines == [ReferenceLine(value: 0.02, label: "2% goal")])
    let c = try #require(chart("scatter_chart(t, x: \"gdp\", y: \"spend\", reference: [1, {y: 2, label: \"two\"}])"))
    #expect(c.referenceLines == [ReferenceLine(value: 1), ReferenceLine(value: 2, label: "two")])
    #expect(try #require(chart("line_chart(t, x: \"year\", y: \"spend\")")).referenceLines.isEmpty)
}

@Test func referenceLineErrors() {
    expectError("line_chart(t, x: \"year\", y: \"spend\", reference: \"2%\")", ["must be a number, a record {y, label} or a list of those"], column: 53)
    expectError("line_chart(t, x: \"year\", y: \"spend\", reference: {label: \"x\"})", ["needs a number `y`"], column: 53)
    expectError("line_chart(t, x: \"year\", y: \"spend\", reference: {y: 1, colour: \"red\"})", ["not `colour`"], column: 53)
    expectError("line_chart(t, x: \"year\", y: \"spend\", reference: {y: 1, label: 3})", ["`label` must be a string"], column: 53)
}

// Issue 17: the new kinds and options, and their errors at the argument.

@Test func newKindsBuildTheirCharts() throws {
    let h = try #require(chart("histogram(t, \"spend\", bins: [0, 2, 4])"))
    #expect(h.kind == .histogram && h.x == "spend" && h.bins == .edges([0, 2, 4]))
    #expect(try #require(chart("histogram(t, \"gdp\")")).bins == .sturges)
    let a = try #require(chart("area_chart(t, \"year\", [\"spend\", \"gdp\"], stacked: true)"))
    #expect(a.kind == .area && a.stacked && a.y == ["spend", "gdp"])
    let w = try #require(chart("waterfall_chart(t, \"country\", \"spend\", total: \"All\")"))
    #expect(w.kind == .waterfall && w.total == "All")
}

@Test func optionsReachTheChart() throws {
    let c = try #require(chart("""
        line_chart(t, "year", "spend", band: ["gdp", "spend"], log_y: true, y_min: 1, y_max: 100, x_min: 2023, x_max: 2027, \
        reference: [{x: 2025, label: "goal"}, 2], spans: {from: 2024, to: 2025, label: "plan"}, \
        annotations: [{x: 2025, y: 2, text: "peak"}], width: 600, height: 400, labels: "end")
        """))
    #expect(c.band == Band(lo: "gdp", hi: "spend") && c.logY && c.yMin == 1 && c.yMax == 100 && c.xMin == 2023 && c.xMax == 2027)
    #expect(c.referenceLines == [ReferenceLine(value: 2025, label: "goal", axis: .x), ReferenceLine(value: 2)])
    #expect(c.spans == [Span(from: 2024, to: 2025, label: "plan")])
    #expect(c.annotations == [Annotation(x: 2025, y: 2, text: "peak")])
    #expect(c.width == 600 && c.height == 400 && c.endLabels)
    #expect(try #require(chart("bar_chart(t, \"year\", \"spend\", color: \"country\")")).color == "country")
}

@Test func chartOptionErrorsAtTheirArgument() {
    // data's third line is the call; columns count from 1.
    expectError("line_chart(t, \"year\", \"spend\", color: \"country\")", ["`color` does not apply to line_chart", "bar_chart, scatter_chart"], column: 43)
    expectError("bar_chart(t, \"year\", \"spend\", band: [\"spend\", \"gdp\"])", ["`band` does not apply to bar_chart"], column: 41)
    expectError("line_chart(t, \"year\", \"spend\", band: [\"spend\", \"country\"])", ["band", "numbers"], column: 42)
    expectError("line_chart(t, \"year\", \"spend\", band: [\"spend\"])", ["two columns"], column: 42)
    expectError("line_chart(table(x: [1, 2, 3], y: [4, 0, -1]), \"x\", \"y\", log_y: true)", ["positive", "`y` is 0 in row 2"], column: 69)
    expectError("histogram(where(t, spend > 100), \"spend\")", ["no numbers"], column: 38)
    expectError("line_chart(t, \"year\", \"spend\", width: 10000)", ["between 240 and 2400"], column: 43)
    expectError("line_chart(t, \"year\", \"spend\", height: 20)", ["between 160 and 1600"], column: 44)
    expectError("line_chart(t, \"year\", \"spend\", y_min: 5, y_max: 1)", ["below"], column: 53)
    expectError("line_chart(t, \"year\", \"spend\", labels: \"start\")", ["\"end\""], column: 44)
    expectError("line_chart(t, \"year\", \"spend\", spans: [{from: 1}])", ["`to`"], column: 43)
    expectError("line_chart(t, \"year\", \"spend\", annotations: {x: 1, y: 2, txt: \"a\"})", ["`txt`"], column: 49)
    expectError("histogram(t, \"spend\", bins: [3, 1])", ["increasing"], column: 33)
    expectError("waterfall_chart(t, \"country\", \"spend\", log_y: true)", ["`log_y` does not apply to waterfall_chart"], column: 51)
}

@Test func facetReachesTheChart() throws {
    #expect(try #require(chart("line_chart(t, \"year\", \"spend\", facet: \"country\")")).facet == "country")
    #expect(try #require(chart("histogram(t, \"spend\", facet: \"ok\")")).facet == "ok")
    #expect(try #require(chart("bar_chart(t, \"year\", \"spend\", facet: \"country\", reference: 2)")).facet == "country")
}

@Test func facetErrorsAtItsArgument() {
    // A column of 500 values: refused above the limit, naming the count and the limit.
    expectError("line_chart(with(table(i: seq(1, 500)), v: i * 2), \"i\", \"v\", facet: \"i\")",
                ["500 values of `i`", "at most \(Chart.facetLimit) panels"], column: 72)
    expectError("line_chart(t, \"year\", \"spend\", facet: \"cuntry\")", ["did you mean \"country\""], column: 43)
    expectError("waterfall_chart(t, \"country\", \"spend\", facet: \"year\")", ["`facet` does not apply to waterfall_chart"], column: 51)
    expectError("line_chart(t, \"year\", \"spend\", facet: 3)", ["must be a string"], column: 43)
    expectError("line_chart(with(t, c: map(year, y => null)), \"year\", \"spend\", facet: \"c\")", ["no values"], column: 74)
    expectError("line_chart(t, \"year\", \"spend\", annotations: {x: 2025, y: 2, text: \"a\"}, facet: \"country\")", ["repeat in every panel"], column: 49)
    // At the limit: accepted.
    #expect(chart("line_chart(with(table(i: seq(1, \(Chart.facetLimit))), v: i * 2), \"i\", \"v\", facet: \"i\")")?.facet == "i")
}

// A date x on line, area and scatter charts: a time axis whose options take dates.

private let dated = "table(on: [date(\"2024-01-05\"), date(\"2024-12-27\")], v: [7.9, 8.7], k: [\"a\", \"b\"])"

/// The error of `code` is at the first character of `at` in it (the data's third line,
/// indented by 4 in the notebook's YAML).
private func expectDateError(_ code: String, at marker: String, _ fragments: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let column = code.range(of: marker).map { code.distance(from: code.startIndex, to: $0.lowerBound) + 5 } ?? 0
    expectError(code, fragments, column: column, sourceLocation: sourceLocation)
}

@Test func dateXOptionsAreDatesOnATimeAxis() throws {
    let day = { (text: String) in Double(CalendarDate.parse(text) ?? 0) }
    let c = try #require(chart("""
        scatter_chart(\(dated), "on", "v", label: "k", x_min: date("2023-12-01"), x_max: date(2025, 1, 31), \
        reference: [{x: date("2024-04-01"), label: "FY2024"}, 8], spans: {from: date("2024-04-01"), to: date("2025-03-31")}, \
        annotations: {x: date("2024-12-27"), y: 8.7, text: "draft"})
        """))
    #expect(c.xMin == day("2023-12-01") && c.xMax == day("2025-01-31"))
    #expect(c.referenceLines == [ReferenceLine(value: day("2024-04-01"), label: "FY2024", axis: .x), ReferenceLine(value: 8)])
    #expect(c.spans == [Span(from: day("2024-04-01"), to: day("2025-03-31"))])
    #expect(c.annotations == [Annotation(x: day("2024-12-27"), y: 8.7, text: "draft")])
    #expect(try #require(chart("line_chart(\(dated), \"on\", \"v\")")).x == "on")
    #expect(try #require(chart("area_chart(\(dated), \"on\", \"v\")")).x == "on")
    // Bars keep dates as categories.
    #expect(try #require(chart("bar_chart(\(dated), \"on\", \"v\")")).x == "on")
}

@Test func dateXOptionErrors() {
    var code = "line_chart(\(dated), \"on\", \"v\", x_min: 2024)"
    expectDateError(code, at: "2024)", ["`x_min` must be a date on a time axis", "not a number"])
    code = "line_chart(\(dated), \"on\", \"v\", x_min: date(\"2024-06-01\"), x_max: date(\"2024-02-01\"))"
    expectDateError(code, at: "date(\"2024-02-01\")", ["`x_min` (2024-06-01) must be before `x_max` (2024-02-01)"])
    code = "line_chart(\(dated), \"on\", \"v\", reference: {x: 2024})"
    expectDateError(code, at: "{x: 2024}", ["needs a date `x` on a time axis"])
    code = "scatter_chart(\(dated), \"on\", \"v\", spans: {from: date(\"2024-04-01\"), to: 2025})"
    expectDateError(code, at: "{from", ["each of `spans` needs a date `to`"])
    code = "line_chart(t, \"year\", \"spend\", reference: {x: date(\"2024-04-01\")})"
    expectDateError(code, at: "{x:", ["`reference` `x` is a date, but only a line, area or scatter chart with a date x column has a time axis"])
    code = "line_chart(t, \"year\", \"spend\", x_max: date(\"2024-04-01\"))"
    expectDateError(code, at: "date(", ["`x_max` is a date"])
    code = "bar_chart(\(dated), \"on\", \"v\", annotations: {x: date(\"2024-04-01\"), y: 1, text: \"a\"})"
    expectDateError(code, at: "{x:", ["`annotations` `x` is a date"])
    code = "histogram(\(dated), \"on\")"
    expectDateError(code, at: "\"on\"", ["must hold numbers, but it holds dates"])
}
