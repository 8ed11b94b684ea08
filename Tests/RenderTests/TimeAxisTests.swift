import ReportModel
import Tabular
import Testing
@testable import Render

// A date x on line, area and scatter charts: a time axis (SPEC-2 C), checked as layout
// numbers and by two goldens.

private func day(_ text: String) -> Int32 {
    CalendarDate.parse(text) ?? 0
}

private func dates(_ texts: [String?]) -> Column {
    Column.dates(texts.map { $0.map(day) ?? 0 }, isNull: texts.map { $0 == nil })
}

private func ticks(_ from: String, _ to: String, width: Double = 640) -> (TimeTicks.Unit, [String]) {
    let chosen = TimeTicks.choose(lo: Double(day(from)), hi: Double(day(to)), plotWidth: width, fontSize: 12)
    return (chosen.unit, chosen.ticks.map(\.text))
}

// MARK: Tick choice by span

@Test func aSpanOfDaysGetsDayTicks() {
    #expect(ticks("2024-04-01", "2024-04-06") == (.days(1), ["1 Apr", "2 Apr", "3 Apr", "4 Apr", "5 Apr", "6 Apr"]))
    // Three weeks: weekly ticks on Mondays (2024-04-01 was one).
    #expect(ticks("2024-03-30", "2024-04-20") == (.days(7), ["1 Apr", "8 Apr", "15 Apr"]))
}

@Test func aSpanOfMonthsGetsMonthTicks() {
    #expect(ticks("2024-01-15", "2024-04-20") == (.months, ["Feb 2024", "Mar 2024", "Apr 2024"]))
    // Across a year's end; a tick on the first day itself.
    #expect(ticks("2024-11-01", "2025-02-10") == (.months, ["Nov 2024", "Dec 2024", "Jan 2025", "Feb 2025"]))
}

@Test func aSpanOfAYearOrTwoGetsQuarterTicks() {
    #expect(ticks("2023-02-10", "2024-07-01") == (.quarters, ["Q2 2023", "Q3 2023", "Q4 2023", "Q1 2024", "Q2 2024", "Q3 2024"]))
}

@Test func aSpanOfYearsGetsYearTicks() {
    #expect(ticks("2015-06-01", "2024-03-01") == (.years(1), (2016...2024).map(String.init)))
    // Eleven years would be eleven ticks: every second year instead.
    #expect(ticks("2013-06-01", "2024-03-01") == (.years(2), ["2014", "2016", "2018", "2020", "2022", "2024"]))
}

@Test func aSpanOfDecadesGetsDecadeTicks() {
    #expect(ticks("1950-01-01", "2024-12-31") == (.years(10), ["1950", "1960", "1970", "1980", "1990", "2000", "2010", "2020"]))
    #expect(ticks("0001-01-01", "9999-12-31").0 == .years(1000))
}

@Test func aNarrowPlotTakesACoarserUnit() {
    // Quarters' labels do not fit 200 px side by side: years.
    #expect(ticks("2023-02-10", "2024-07-01", width: 200) == (.years(1), ["2024"]))
}

@Test func neverMoreThanTenTicksAndAlwaysOnWholeUnits() {
    var lo = day("1990-01-01")
    for length in [1, 3, 10, 31, 45, 61, 100, 200, 365, 500, 800, 1100, 2000, 4000, 9000, 30000] {
        for width in [200.0, 640, 2000] {
            let chosen = TimeTicks.choose(lo: Double(lo), hi: Double(lo) + Double(length), plotWidth: width, fontSize: 12)
            #expect(chosen.ticks.count <= TimeTicks.maxTicks)
            #expect(chosen.ticks.allSatisfy { $0.day >= lo && $0.day <= lo + Int32(length) })
            switch chosen.unit {
            case .months, .quarters, .years: #expect(chosen.ticks.allSatisfy { CalendarDate.dayOfMonth($0.day) == 1 })
            case .days: #expect(length < 62)
            }
        }
        lo += 17
    }
}

// MARK: Charts with a date x

private let events = makeTable([
    "on": dates(["2024-12-27", "2024-01-05", "2025-12-26", "2024-12-17"]),
    "amount": numbers([8.7, 7.9, 9.0, 0.5]),
    "event": strings(["FY2025 draft", "FY2024 draft", "FY2026 draft", "Supplementary"]),
])

@Test func pointsAreSpacedByTimeNotByRow() throws {
    let chart = Chart(kind: .line, table: events, x: "on", y: ["amount"])
    let plot = try PlotBuilder(chart: chart).build().get()
    guard case .time(let lo, let hi) = plot.xScale, case .lines(let series) = plot.marks else {
        Issue.record("not a time axis")
        return
    }
    // A line spans its data exactly and joins the points in date order.
    #expect(lo == Double(day("2024-01-05")) && hi == Double(day("2025-12-26")))
    #expect(series[0].points.map(\.y) == [7.9, 0.5, 8.7, 9.0])
    let l = ChartLayout(chart: chart, plot: plot)
    let xs = series[0].points.compactMap { $0.x.map { l.frame.point(x: $0, y: 0).x } }
    // Ten days apart (Dec 17 and 27) are close; a year apart is far.
    let perDay = l.frame.width / (hi - lo)
    #expect(abs((xs[2] - xs[1]) - 10 * perDay) < 1e-9)
    #expect(abs(xs[0] - l.frame.left) < 1e-9 && abs(xs[3] - l.frame.right) < 1e-9)
    // Quarters from the first whole one (the data start on 5 Jan 2024).
    #expect(l.xAxis.labels.map(\.text) == ["Q2 2024", "Q3 2024", "Q4 2024", "Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"])
    // The tooltip and the description write dates.
    #expect(l.frame.xText(Double(day("2024-12-17"))) == "2024-12-17")
    #expect(plot.summary == "amount (2024-01-05 to 2025-12-26): lowest 0.5 at 2024-12-17, highest 9 at 2025-12-26")
}

@Test func tooltipsFollowTheDateColumnsFormat() throws {
    var t = events
    t.display = [ColumnDisplay(format: "d MMM yyyy"), .plain, .plain]
    let chart = Chart(kind: .scatter, table: t, x: "on", y: ["amount"])
    let l = ChartLayout(chart: chart, plot: try PlotBuilder(chart: chart).build().get())
    #expect(l.frame.xText(Double(day("2024-12-17"))) == "17 Dec 2024")
}

@Test func dateOptionsLandAtTheirDates() throws {
    var chart = Chart(kind: .scatter, table: events, x: "on", y: ["amount"], label: "event",
                      referenceLines: [ReferenceLine(value: Double(day("2022-12-16")), label: "plan", axis: .x)])
    chart.spans = [Span(from: Double(day("2024-04-01")), to: Double(day("2025-03-31")), label: "FY2024")]
    chart.annotations = [Annotation(x: Double(day("2024-12-17")), y: 0.5, text: "supplementary")]
    let plot = try PlotBuilder(chart: chart).build().get()
    guard case .time(let lo, _) = plot.xScale else {
        Issue.record("not a time axis")
        return
    }
    // The reference before the data widens the axis (then 4% padding for the dots).
    #expect(lo < Double(day("2022-12-16")))
    let l = ChartLayout(chart: chart, plot: plot)
    let at = { (text: String) in l.frame.left + l.xAxis.position(of: Double(day(text))) }
    #expect(l.verticalLines.map(\.x) == [at("2022-12-16")])
    #expect(l.spans.map(\.x0) == [at("2024-04-01")] && l.spans.map(\.x1) == [at("2025-03-31")])
    #expect(l.annotations.map(\.pointX) == [at("2024-12-17")])
    // The dots' padding reaches into 2026 (45 days past 26 Dec 2025).
    #expect(l.xAxis.labels.map(\.text) == ["2023", "2024", "2025", "2026"])
}

@Test func axisLimitsOnATimeAxisClipTheData() throws {
    var chart = Chart(kind: .line, table: events, x: "on", y: ["amount"])
    chart.xMin = Double(day("2024-07-01"))
    chart.xMax = Double(day("2025-06-30"))
    let plot = try PlotBuilder(chart: chart).build().get()
    guard case .time(let lo, let hi) = plot.xScale else {
        Issue.record("not a time axis")
        return
    }
    #expect(lo == chart.xMin && hi == chart.xMax && plot.clipped)
    let l = ChartLayout(chart: chart, plot: plot)
    #expect(l.xAxis.labels.map(\.text) == ["Q3 2024", "Q4 2024", "Q1 2025", "Q2 2025"])
}

@Test func oneDateAloneGetsAFortnightEitherSide() throws {
    let t = makeTable(["on": dates(["2024-06-15"]), "v": numbers([1])])
    let plot = try PlotBuilder(chart: Chart(kind: .line, table: t, x: "on", y: ["v"])).build().get()
    guard case .time(let lo, let hi) = plot.xScale else {
        Issue.record("not a time axis")
        return
    }
    #expect(lo == Double(day("2024-05-31")) && hi == Double(day("2024-06-30")))
}

@Test func nullDatesAreLeftOutAndAllNullIsANote() throws {
    let some = makeTable(["on": dates(["2024-01-01", nil, "2024-03-01"]), "v": numbers([1, 2, 3])])
    let plot = try PlotBuilder(chart: Chart(kind: .line, table: some, x: "on", y: ["v"])).build().get()
    guard case .lines(let series) = plot.marks else { return }
    #expect(series[0].points.map(\.y) == [1, 3])
    let none = makeTable(["on": dates([nil, nil]), "v": numbers([1, 2])])
    guard case .failure(let note) = PlotBuilder(chart: Chart(kind: .line, table: none, x: "on", y: ["v"])).build() else {
        Issue.record("expected a note")
        return
    }
    #expect(note.text == "No data to plot: x column \u{201C}on\u{201D} has no dates")
}

@Test func barsKeepDatesAsCategories() throws {
    let plot = try PlotBuilder(chart: Chart(kind: .bar, table: events, x: "on", y: ["amount"])).build().get()
    guard case .categories(let names) = plot.xScale else {
        Issue.record("not categories")
        return
    }
    #expect(names == ["2024-12-27", "2024-01-05", "2025-12-26", "2024-12-17"])
}

@Test func timeAxisChartsMatchTheirGoldens() {
    var scatter = Chart(kind: .scatter, table: events, x: "on", y: ["amount"], label: "event", title: "Budget decisions",
                        referenceLines: [ReferenceLine(value: Double(day("2024-04-01")), label: "FY2024 starts", axis: .x)])
    scatter.spans = [Span(from: Double(day("2025-04-01")), to: Double(day("2026-03-31")), label: "FY2025")]
    assertSnapshot(ReportFiles.standaloneSVG(scatter), named: "time-scatter.svg")
    let n = 40
    let monthly = makeTable([
        "month": Column.dates((0..<n).compactMap { CalendarDate.addingMonths(day("2022-04-01"), $0) }),
        "yen": numbers((0..<n).map { 130 + Double(($0 * 37) % 23) }),
    ])
    let line = Chart(kind: .line, table: monthly, x: "month", y: ["yen"], title: "Monthly yen")
    assertSnapshot(ReportFiles.standaloneSVG(line), named: "time-line.svg")
}
