import NotebookFormat
import Tabular
import Testing
@testable import Language

// Dates and fiscal periods (SPEC-2 §C). Expectations are `ValueText`'s text, which
// writes a date as `date("2024-04-01")` from its own walk over the calendar. Errors: the
// cell's text starts at line 2, column 5 of nb.yaml, so `column(code, part)` is 5 plus
// the offset of `part` in the (ASCII) code.

private func expectSame(_ code: String, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let (same, detail) = sameValue(code, expected)
    #expect(same, "\(code) → \(detail)", sourceLocation: sourceLocation)
}

private func column(_ code: String, _ part: String) -> Int {
    guard let range = code.range(of: part) else { return -1 }
    return 5 + code.utf8.distance(from: code.startIndex, to: range.lowerBound)
}

/// A runtime error with exactly `message`, at the first occurrence of `at` in `code`.
private func expectMessage(_ code: String, _ message: String, at part: String,
                           sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard case .runtimeError(let e) = run([code]) else {
        Issue.record("\(code) should fail at run time, got \(describe(run([code])))", sourceLocation: sourceLocation)
        return
    }
    #expect(e.message == message, "\(code)", sourceLocation: sourceLocation)
    let expected = column(code, part)
    #expect(e.location?.line == 2 && e.location?.column == expected, "\(code): \(e) (expected column \(expected))", sourceLocation: sourceLocation)
}

// MARK: Making dates

@Test func datesFromTextAndParts() {
    expectSame("date(\"2024-04-01\")", "date(\"2024-04-01\")")
    expectSame("date(2024, 4, 1)", "date(\"2024-04-01\")")
    expectSame("date(\"2024-02-29\")", "date(\"2024-02-29\")")
    expectSame("date(\"1969-12-31\")", "date(\"1969-12-31\")")
    expectSame("date(\"0001-01-01\")", "date(\"0001-01-01\")")
    expectSame("date(\"9999-12-31\")", "date(\"9999-12-31\")")
    expectSame("date([\"2024-04-01\", null, \"2000-02-29\"])", "[date(\"2024-04-01\"), null, date(\"2000-02-29\")]")
    expectSame("date(2025, [1, 2, 3], [31, 28, 31])", "[date(\"2025-01-31\"), date(\"2025-02-28\"), date(\"2025-03-31\")]")
    expectSame("date([2024, null], 4, 1)", "[date(\"2024-04-01\"), null]")
    expectSame("date(null)", "null")
    expectSame("date(date(\"2024-04-01\"))", "date(\"2024-04-01\")")
}

@Test func anImpossibleDateIsAnErrorNamingIt() {
    let feb30 = "x = date(\"2024-02-30\")"
    expectMessage(feb30, "`date`: \"2024-02-30\" is not a valid date: February 2024 has 29 days", at: "\"2024")
    expectMessage("date(\"2023-02-29\")", "`date`: \"2023-02-29\" is not a valid date: February 2023 has 28 days", at: "\"")
    expectMessage("date(\"2024-13-01\")", "`date`: \"2024-13-01\" is not a valid date: the month must be between 1 and 12", at: "\"")
    expectMessage("date(\"2024-4-1\")",
                  "`date`: \"2024-4-1\" is not a valid date: a date is written YYYY-MM-DD (a calendar day: no time of day, no time zone)", at: "\"")
    expectMessage("date(\"2024-04-01T10:00\")",
                  "`date`: \"2024-04-01T10:00\" is not a valid date: a date is written YYYY-MM-DD (a calendar day: no time of day, no time zone)", at: "\"")
    expectMessage("date([\"2024-04-01\", \"2024-04-31\"])",
                  "`date`: \"2024-04-31\" is not a valid date (element 1): April 2024 has 30 days", at: "[")
    // date(2024, 13, 1): at the month.
    expectMessage("date(2024, 13, 1)", "`date`: year 2024, month 13, day 1 is not a valid date: the month must be between 1 and 12", at: "13")
    expectMessage("date(2024, 2, 30)", "`date`: year 2024, month 2, day 30 is not a valid date: February 2024 has 29 days", at: "30")
    expectMessage("date(0, 1, 1)", "`date`: year 0, month 1, day 1 is not a valid date: the year must be between 1 and 9999", at: "0")
    expectMessage("date(2024, 1.5, 1)", "`date`: year 2024, month 1.5, day 1 is not a valid date: the year, month and day must be whole numbers", at: "1.5")
    expectMessage("date(2024, 4)", "`date`: give the year, `month` and `day` together (`date(2024, 4, 1)`), or one \"YYYY-MM-DD\" text", at: "date")
}

// MARK: Parts, arithmetic, fiscal years

@Test func partsOfADate() {
    let d = "d = date(\"2024-04-01\"); "
    expectSame(d + "[year(d), month(d), day(d), quarter(d), weekday(d)]", "[2024, 4, 1, 2, 1]")
    // ISO weekdays: 2024-04-07 is a Sunday, 1970-01-01 a Thursday, 1900-01-01 a Monday.
    expectSame("weekday(date([\"2024-04-07\", \"1970-01-01\", \"1900-01-01\", \"2000-02-29\"]))", "[7, 4, 1, 2]")
    expectSame("quarter(date([\"2024-01-01\", \"2024-03-31\", \"2024-07-01\", \"2024-12-31\"]))", "[1, 1, 3, 4]")
    expectSame("year([date(\"2024-04-01\"), null])", "[2024, null]")
    expectSame("year(null)", "null")
    expectMessage("year(\"2024-04-01\")", "`year`: argument `d` must be a date or a list of dates, not a string; make one with `date(\"2024-04-01\")`", at: "\"")
    expectMessage("month(2024)", "`month`: argument `d` must be a date or a list of dates, not a number", at: "2024")
}

@Test func addingDaysAndMonths() {
    expectSame("add_days(date(\"2024-02-28\"), [1, 2, -59])", "[date(\"2024-02-29\"), date(\"2024-03-01\"), date(\"2023-12-31\")]")
    expectSame("add_months(date(\"2024-01-31\"), 1)", "date(\"2024-02-29\")")
    expectSame("add_months(date(\"2023-01-31\"), 1)", "date(\"2023-02-28\")")
    expectSame("add_months(date(\"2024-03-31\"), -1)", "date(\"2024-02-29\")")
    expectSame("add_months(date(\"2024-11-30\"), 3)", "date(\"2025-02-28\")")
    expectSame("add_months(date(\"2024-01-15\"), -13)", "date(\"2022-12-15\")")
    expectSame("add_months(date([\"2024-01-31\", \"2024-05-31\"]), [1, 1])", "[date(\"2024-02-29\"), date(\"2024-06-30\")]")
    expectSame("add_days([date(\"2024-01-01\"), null], 1)", "[date(\"2024-01-02\"), null]")
    expectSame("add_days(date(\"2024-01-01\"), null)", "null")
    expectMessage("add_days(date(\"9999-12-31\"), 1)", "`add_days`: the date is outside the years 1–9999", at: "add_days")
    expectMessage("add_months(date(\"2024-01-01\"), 1e300)", "`add_months`: the date is outside the years 1–9999", at: "add_months")
    expectMessage("add_days(date(\"2024-01-01\"), 1.5)", "`add_days`: `n` must be a whole number, not 1.5", at: "1.5")
    expectMessage("add_days(date([\"2024-01-01\", \"2024-01-02\"]), [1, 2, 3])", "`add_days`: lists of different lengths (2 and 3)", at: "[1")
}

@Test func daysBetweenAndSubtraction() {
    expectSame("days_between(date(\"2024-01-01\"), date(\"2024-12-31\"))", "365")
    expectSame("days_between(date(\"2024-03-01\"), date(\"2024-02-01\"))", "-29")
    expectSame("date(\"2024-04-01\") - date(\"2024-03-01\")", "31")
    expectSame("date([\"2024-04-01\", \"2025-04-01\"]) - date(\"2024-04-01\")", "[0, 365]")
    expectSame("date(\"2024-04-01\") - date([\"2024-03-31\", \"2023-04-01\"])", "[1, 366]")
    expectSame("date([\"2024-04-01\", null]) - date([\"2024-01-01\", \"2024-01-01\"])", "[91, null]")
    expectSame("date(\"2024-04-01\") - null", "null")
    expectSame("days_between(date(\"1970-01-01\"), date([\"9999-12-31\", \"0001-01-01\"]))", "[2932896, -719162]")
}

@Test func datesAndNumbersDoNotAdd() {
    let code = "d = date(\"2024-04-01\"); d + 1"
    expectMessage(code, "`+` does not add days or months to a date; use `add_days(d, n)` or `add_months(d, n)`", at: "+")
    expectMessage("date(\"2024-04-01\") - 7", "`-` does not add days or months to a date; use `add_days(d, n)` or `add_months(d, n)`", at: "- 7")
    expectMessage("date(\"2024-04-01\") + date(\"2024-04-01\")", "`+` needs numbers (or `date - date`, which gives days), not a date and a date", at: "+")
    expectMessage("date(\"2024-04-01\") * 2", "`*` needs numbers (or `date - date`, which gives days), not a date and a number", at: "*")
    expectMessage("date([\"2024-04-01\"]) + 1", "`+` does not add days or months to a date; use `add_days(d, n)` or `add_months(d, n)`", at: "+")
}

@Test func datesCompareElementWise() {
    let d = "d = date([\"2024-04-01\", \"2024-10-01\", null]); "
    expectSame(d + "d < date(\"2024-06-30\")", "[true, false, null]")
    expectSame(d + "d >= date(\"2024-10-01\")", "[false, true, null]")
    expectSame(d + "date(\"2024-06-30\") > d", "[true, false, null]")
    expectSame(d + "d == date([\"2024-04-01\", \"2024-04-01\", \"2024-04-01\"])", "[true, false, null]")
    expectSame(d + "d != d", "[false, false, null]")
    expectSame("date(\"2024-04-01\") <= date(\"2024-04-01\")", "true")
    expectSame("date(\"2024-04-01\") == null", "null")
    expectSame("equal(date(\"2024-04-01\"), date(2024, 4, 1))", "true")
    expectSame("equal(date(\"2024-04-01\"), \"2024-04-01\")", "false")
    expectMessage("date(\"2024-04-01\") < \"2024-05-01\"",
                  "cannot compare a date with a string using `<`; write the date as `date(\"2024-04-01\")`", at: "<")
}

@Test func fiscalYears() {
    // Japan: April to March, named by the starting year.
    expectSame("fiscal_year(date(\"2025-03-31\"), start_month: 4)", "2024")
    expectSame("fiscal_year(date([\"2024-04-01\", \"2025-03-31\", \"2025-04-01\"]), start_month: 4)", "[2024, 2024, 2025]")
    // US federal: October to September, named by the ending year.
    expectSame("fiscal_year(date(\"2024-10-01\"), start_month: 10, named_by: \"end\")", "2025")
    expectSame("fiscal_year(date(\"2024-09-30\"), start_month: 10, named_by: \"end\")", "2024")
    expectSame("fiscal_year(date(\"2024-09-30\"), start_month: 10)", "2023")
    // A year starting in January has one name either way.
    expectSame("fiscal_year(date(\"2024-06-30\"), start_month: 1, named_by: \"end\")", "2024")
    expectSame("fiscal_year(date(\"2024-06-30\"), start_month: 1)", "2024")
    expectSame("fiscal_start(2024, start_month: 4)", "date(\"2024-04-01\")")
    expectSame("fiscal_end(2024, start_month: 4)", "date(\"2025-03-31\")")
    expectSame("fiscal_start(2025, start_month: 10, named_by: \"end\")", "date(\"2024-10-01\")")
    expectSame("fiscal_end(2025, start_month: 10, named_by: \"end\")", "date(\"2025-09-30\")")
    expectSame("fiscal_end([2023, null], start_month: 3)", "[date(\"2024-02-29\"), null]")
    expectSame("fiscal_start(2024, start_month: 1, named_by: \"end\")", "date(\"2024-01-01\")")
    expectSame("fiscal_end(2024, start_month: 1)", "date(\"2024-12-31\")")
    // Each day is in the fiscal year whose bounds hold it.
    expectSame("""
        d = add_days(date("2023-01-01"), 0..800)
        fy = fiscal_year(d, start_month: 7, named_by: "end")
        [len(d), sum(if_else(fiscal_start(fy, start_month: 7, named_by: "end") - d <= 0 and fiscal_end(fy, start_month: 7, named_by: "end") - d >= 0, 1, 0))]
        """, "[801, 801]")
    expectMessage("fiscal_year(date(\"2024-04-01\"), start_month: 13)",
                  "`fiscal_year`: `start_month` must be a month number from 1 to 12 (4 for April), not 13", at: "13")
    expectMessage("fiscal_start(2024, start_month: 0)",
                  "`fiscal_start`: `start_month` must be a month number from 1 to 12 (4 for April), not 0", at: "0)")
    expectMessage("fiscal_year(date(\"2024-04-01\"), start_month: 4, named_by: \"middle\")",
                  "`fiscal_year`: `named_by` must be `\"start\"` (the year is named by the calendar year it starts in, as in Japan) or `\"end\"` (the year it ends in, as the US federal government does), not \"middle\"",
                  at: "\"middle")
    expectMessage("fiscal_end(2024.5, start_month: 4)", "`fiscal_end`: `fy` must be a whole number, not 2024.5", at: "2024.5")
    expectMessage("fiscal_end(9999, start_month: 4)", "`fiscal_end`: the date is outside the years 1–9999", at: "9999")
}

@Test func fiscalStartMonthIsRequiredAndNamed() {
    guard case .staticErrors(let d) = run(["fiscal_year(date(\"2024-04-01\"))"]) else {
        Issue.record("a missing start_month should be a static error")
        return
    }
    #expect(d.first?.message.contains("start_month") == true, "\(d)")
}

// MARK: Text and patterns

@Test func dateText() {
    expectSame("str(date(\"2024-04-01\"))", "\"2024-04-01\"")
    expectSame("str(date(\"0045-01-09\"))", "\"0045-01-09\"")
    expectSame("join(date([\"2024-04-01\", \"2024-04-02\"]), \", \")", "\"2024-04-01, 2024-04-02\"")
    expectSame("\"FY\" + str(fiscal_year(date(\"2025-03-31\"), start_month: 4))", "\"FY2024\"")
    #expect(eval("date(\"2024-04-01\")")?.displayText == "2024-04-01")
    #expect(eval("date([\"2024-04-01\", null])")?.displayText == "2024-04-01, ")
}

@Test func datePatterns() {
    let d = "d = date(\"2024-04-01\"); "
    expectSame(d + "fmt(d, \"d MMM yyyy\")", "\"1 Apr 2024\"")
    expectSame(d + "fmt(d, \"yyyy yy MMMM MMM MM M dd d EEEE EEE\")", "\"2024 24 April Apr 04 4 01 1 Monday Mon\"")
    expectSame(d + "fmt(d, \"dd.MM.yyyy\")", "\"01.04.2024\"")
    expectSame(d + "fmt(d, \"MMM d, yyyy\")", "\"Apr 1, 2024\"")
    expectSame(d + "fmt(d, \"\\\"FY\\\"yyyy \\\"Q\\\"\")", "\"FY2024 Q\"")
    expectSame(d + "fmt(d, \"yyyy\\\\d\")", "\"2024d\"")
    expectSame(d + "fmt(d, \"yyyy-MM (Qx)\")", "\"2024-04 (Qx)\"")
    expectSame("fmt(date([\"2024-12-25\", null, \"2025-09-07\"]), \"EEE d MMMM\")", "[\"Wed 25 December\", null, \"Sun 7 September\"]")
    expectSame("fmt(date(\"0009-02-03\"), \"yyyy yy\")", "\"0009 09\"")
    expectSame("fmt(null, \"yyyy\")", "null")
    // Number patterns keep working, single letters among digits included.
    expectSame("fmt(5.4, \"0.0M\")", "\"5.4M\"")
    expectSame("fmt(1234.5, \"#,##0.00\")", "\"1,234.50\"")
}

@Test func patternErrors() {
    let d = "d = date(\"2024-04-01\"); "
    expectMessage(d + "fmt(d, \"yyyy 0.0\")",
                  "`fmt`: bad pattern \"yyyy 0.0\": it mixes the date field 'yyyy' with digit placeholders ('0', '#'); put literal text in \"…\"", at: "\"yyyy")
    expectMessage("fmt(12.5, \"0.0 MM\")",
                  "`fmt`: bad pattern \"0.0 MM\": it mixes the date field 'MM' with digit placeholders ('0', '#'); put literal text in \"…\"", at: "\"0.0")
    expectMessage(d + "fmt(d, \"#,##0\")",
                  "`fmt`: \"#,##0\" is a number pattern; a date takes date letters (yyyy yy MMMM MMM MM M dd d EEEE EEE)", at: "\"#")
    expectMessage("fmt(2024, \"yyyy\")", "`fmt`: \"yyyy\" is a date pattern; a number takes digit placeholders (`0`, `#`)", at: "\"yyyy")
    expectMessage(d + "fmt(d, \"yyy\")",
                  "`fmt`: bad pattern \"yyy\": 'yyy' is not a date field (yyyy yy MMMM MMM MM M dd d EEEE EEE; put literal text in \"…\")", at: "\"yyy")
    expectMessage(d + "fmt(d, \"\\\"yyyy\")", "`fmt`: bad pattern \"\\\"yyyy\": a '\"' without its closing '\"'", at: "\"\\")
    expectMessage(d + "fmt(d, \"Q\")", "`fmt`: \"Q\" is a number pattern; a date takes date letters (yyyy yy MMMM MMM MM M dd d EEEE EEE)", at: "\"Q")
}

// MARK: Lists and tables of dates

@Test func listsOfDates() {
    let d = "d = date([\"2024-10-01\", null, \"2024-04-01\", \"2024-04-01\"]); "
    expectSame(d + "sort(d)", "[date(\"2024-04-01\"), date(\"2024-04-01\"), date(\"2024-10-01\"), null]")
    expectSame(d + "sort(d, true)", "[date(\"2024-10-01\"), date(\"2024-04-01\"), date(\"2024-04-01\"), null]")
    expectSame(d + "unique(d)", "[date(\"2024-10-01\"), null, date(\"2024-04-01\")]")
    expectSame(d + "contains(d, date(\"2024-04-01\"))", "true")
    expectSame(d + "count(d)", "3")
    expectSame(d + "lag(d)", "[null, date(\"2024-10-01\"), null, date(\"2024-04-01\")]")
    expectSame(d + "fill_forward(d)", "[date(\"2024-10-01\"), date(\"2024-10-01\"), date(\"2024-04-01\"), date(\"2024-04-01\")]")
    expectSame("[date(\"2024-04-01\"), date(\"2024-04-02\")]", "[date(\"2024-04-01\"), date(\"2024-04-02\")]")
    expectSame("str([date(\"2024-04-01\")])", "\"[date(\\\"2024-04-01\\\")]\"")
}

@Test func tablesOfDates() {
    let t = "t = table(day: date([\"2024-10-01\", \"2024-04-01\", \"2025-03-31\", \"2024-04-01\"]), v: [1, 2, 3, 4]); "
    expectSame(t + "sort(t, \"day\")",
               "table(day: [date(\"2024-04-01\"), date(\"2024-04-01\"), date(\"2024-10-01\"), date(\"2025-03-31\")], v: [2, 4, 1, 3])")
    expectSame(t + "group(t, by: \"day\", total: sum(v))",
               "table(day: [date(\"2024-10-01\"), date(\"2024-04-01\"), date(\"2025-03-31\")], total: [1, 6, 3])")
    expectSame(t + "group(with(t, fy: fiscal_year(day, start_month: 4)), by: \"fy\", total: sum(v))", "table(fy: [2024], total: [10])")
    expectSame(t + "where(t, day < date(\"2024-06-01\")).v", "[2, 4]")
    expectSame(t + "distinct(t, \"day\").v", "[1, 2, 3]")
    expectSame(t + "join(t, table(day: date([\"2024-04-01\"]), note: [\"start\"]), on: \"day\").v", "[2, 4]")
    expectSame(t + "with(t, next: add_months(day, 1)).next",
               "[date(\"2024-11-01\"), date(\"2024-05-01\"), date(\"2025-04-30\"), date(\"2024-05-01\")]")
    expectSame(t + "pivot_wider(head(t, 2), names_from: \"day\", values_from: \"v\", id: [])", "table(\"2024-10-01\": [1], \"2024-04-01\": [2])")
    expectSame(t + "format(t, day: \"d MMM yyyy\")",
               "format(table(day: [date(\"2024-10-01\"), date(\"2024-04-01\"), date(\"2025-03-31\"), date(\"2024-04-01\")], v: [1, 2, 3, 4]), day: \"d MMM yyyy\")")
    expectSame(t + "rows(head(t, 1))", "[{day: date(\"2024-10-01\"), v: 1}]")
    expectSame("table(n: [1, 2], at: date(\"2024-04-01\"))", "table(n: [1, 2], at: [date(\"2024-04-01\"), date(\"2024-04-01\")])")
    expectSame(t + "with(t, start: fiscal_start(2024, start_month: 4)).start[0]", "date(\"2024-04-01\")")
    expectSame(t + "group(t, by: \"v\", last: t.day[0]).last[0]", "date(\"2024-10-01\")")
    expectSame("table([{d: date(\"2024-04-01\")}, {d: null}])", "table(d: [date(\"2024-04-01\"), null])")
    expectMessage(t + "format(t, day: \"0.0\")",
                  "`format`: column `day` holds dates, but \"0.0\" is a number pattern; a date takes date letters (yyyy yy MMMM MMM MM M dd d EEEE EEE)", at: "\"0.0\"")
    expectMessage(t + "format(t, v: \"yyyy\")",
                  "`format`: column `v` holds numbers, but \"yyyy\" is a date pattern; a number takes digit placeholders (`0`, `#`)", at: "\"yyyy\")")
    expectMessage(t + "format(t, day: \"yyyy #\")",
                  "`format`: bad pattern \"yyyy #\" for column `day`: it mixes the date field 'yyyy' with digit placeholders ('0', '#'); put literal text in \"…\"", at: "\"yyyy #")
}

@Test func findingTheRowThatKeptAColumnText() {
    // docs/tables.md: a CSV column with one malformed date is text; these find the row.
    let t = "t = table(day: [\"2024-01-01\", \"2024/01/02\", \"2024-02-30\"]); "
    expectSame(t + "where(t, not matches(day, \"^\\\\d{4}-\\\\d{2}-\\\\d{2}$\")).day", "[\"2024/01/02\"]")
    expectMessage(t + "date(where(t, matches(day, \"^\\\\d{4}-\\\\d{2}-\\\\d{2}$\")).day)",
                  "`date`: \"2024-02-30\" is not a valid date (element 1): February 2024 has 29 days", at: "where(t, m")
}

// MARK: Names

@Test func dateFunctionNamesMayBeBound() {
    // Notebooks used `year`, `date`, `day` as names before these functions existed.
    expectSame("year = 2020; year + 1", "2021")
    expectSame("fn goal(year) = year * 2; goal(3)", "6")
    expectSame("for day in [1, 2] { day }; day", "2")
    expectSame("fn f(d) = year(d); f(date(\"2024-04-01\"))", "2024")
    expectSame("@year(date(\"2024-04-01\"))", "2024")
    guard case .staticErrors = run(["sum = 1"]) else {
        Issue.record("other built-in names stay reserved")
        return
    }
}

// MARK: Choosing among dates, extremes

@Test func ifElseCaseAndCoalesceTakeDates() {
    let d = "[date(\"2024-12-27\"), null, date(\"2025-12-26\")]"
    expectSame("if_else([true, false, null], \(d), date(\"2024-01-01\"))", "[date(\"2024-12-27\"), date(\"2024-01-01\"), null]")
    expectSame("if_else(1 > 2, date(\"2024-12-27\"), null)", "null")
    expectSame("if_else(2 > 1, date(\"2024-12-27\"), null)", "date(\"2024-12-27\")")
    expectSame("coalesce(\(d), date(\"2025-03-31\"))", "[date(\"2024-12-27\"), date(\"2025-03-31\"), date(\"2025-12-26\")]")
    expectSame("coalesce(null, date(2024, 4, 1))", "date(\"2024-04-01\")")
    expectSame("case([1, 5, 9] < 3, date(\"2024-01-01\"), [1, 5, 9] < 6, \(d), default: date(\"2026-01-01\"))",
               "[date(\"2024-01-01\"), null, date(\"2026-01-01\")]")
    expectSame("case([1, 5] < 3, date(\"2024-01-01\"))", "[date(\"2024-01-01\"), null]")
    // In a table: the first decision date, or the draft's when there is none.
    expectSame("with(table(on: [date(\"2024-12-17\"), null]), d: coalesce(on, date(\"2024-12-27\"))).d",
               "[date(\"2024-12-17\"), date(\"2024-12-27\")]")
}

@Test func choosingAmongDatesNeedsDatesOnEverySide() {
    var code = "if_else(true, date(\"2024-01-01\"), \"n/a\")"
    expectMessage(code, "`if_else`: argument `b` is a string but argument `a` is a date; `a` and `b` must be of one type (null fits any)", at: "\"n/a\"")
    code = "coalesce([date(\"2024-01-01\"), null], 0)"
    expectMessage(code, "`coalesce`: argument 2 is a number but argument 1 is a list of dates; the arguments must be of one type (null fits any)", at: "0)")
    code = "case(true, 1, default: date(\"2024-01-01\"))"
    expectMessage(code, "`case`: argument `default` is a date but argument 2 is a number; the values (and `default`) must be of one type (null fits any)", at: "date(")
    code = "upper(date(\"2024-01-01\"))"
    expectMessage(code, "`upper`: argument `s` must be a string or a list of strings, not a date", at: "date(")
}

@Test func minAndMaxOfDates() {
    let d = "[date(\"2025-12-26\"), null, date(\"2024-12-17\"), date(\"2024-12-27\")]"
    expectSame("min(\(d))", "date(\"2024-12-17\")")
    expectSame("max(\(d))", "date(\"2025-12-26\")")
    expectSame("max(date(\"2024-04-01\"), date(2025, 3, 31), null)", "date(\"2025-03-31\")")
    expectSame("min(\(d), date(\"2022-12-16\"))", "date(\"2022-12-16\")")
    expectSame("min([3, 1, 2])", "1")
    var code = "min(\(d), 3)"
    expectMessage(code, "`min` takes numbers or dates, not both: this argument holds the other kind", at: "3)")
    code = "max(1, date(\"2024-01-01\"))"
    expectMessage(code, "`max` takes numbers or dates, not both: this argument holds the other kind", at: "date(")
    code = "max([null, null])"
    expectMessage(code, "`max`: there are no numbers to take the max of", at: "max(")
}

@Test func sortUniqueAndRankOrderDatesByDay() {
    let d = "[date(\"2025-12-26\"), null, date(\"2024-12-17\"), date(\"2025-12-26\")]"
    expectSame("sort(\(d))", "[date(\"2024-12-17\"), date(\"2025-12-26\"), date(\"2025-12-26\"), null]")
    expectSame("sort(\(d), desc: true)", "[date(\"2025-12-26\"), date(\"2025-12-26\"), date(\"2024-12-17\"), null]")
    expectSame("unique(\(d))", "[date(\"2025-12-26\"), null, date(\"2024-12-17\")]")
    expectSame("rank(\(d))", "[2, null, 1, 2]")
    expectSame("rank(\(d), desc: true, ties: \"first\")", "[1, null, 3, 2]")
}

@Test func groupedExtremesOfDates() {
    let t = "table(k: [\"a\", \"b\", \"a\"], on: [date(\"2024-12-27\"), date(\"2024-12-17\"), date(\"2025-12-26\")])"
    expectSame("group(\(t), \"k\", first: min(on), last: max(on)).last", "[date(\"2025-12-26\"), date(\"2024-12-17\")]")
    expectSame("with(\(t), by: \"k\", first: min(on)).first", "[date(\"2024-12-27\"), date(\"2024-12-17\"), date(\"2024-12-27\")]")
    let code = "group(table(k: [\"a\", \"b\"], on: [date(\"2024-12-27\"), null]), \"k\", last: max(on))"
    expectMessage(code, "`max`: column `on` has no dates in the group where k = \"b\"", at: "max(")
}
