import Testing
@testable import Tabular

// Dates in Tabular (SPEC-2 §C): the calendar arithmetic, date patterns, CSV typing and
// writing, and the kernels (sort, group, join, gather, append) on date columns.

/// The day number of y-m-d by a plain walk from 1970 (independent of `CalendarDate`).
private func walkedDay(_ y: Int, _ m: Int, _ d: Int) -> Int {
    func leap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    let lengths = [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    var days = 0
    if y >= 1970 { for year in 1970..<y { days += leap(year) ? 366 : 365 } } else { for year in y..<1970 { days -= leap(year) ? 366 : 365 } }
    for month in 1..<m { days += lengths[month - 1] }
    return days + d - 1
}

@Suite struct CalendarDateTests {
    @Test func dayNumbersAgreeWithAWalkOverTheCalendar() {
        // Every 37th year (leap rules included: 1, 38, …, 1999, 2036, …) and 1600, 1900, 2000.
        let years = Array(stride(from: 1, through: 9999, by: 37)) + [1600, 1900, 1970, 2000, 2024, 9999]
        for y in years {
            for m in 1...12 {
                for d in [1, 15, CalendarDate.daysInMonth(y, m)] {
                    let day = CalendarDate.day(year: y, month: m, day: d)
                    #expect(day.map(Int.init) == walkedDay(y, m, d), "\(y)-\(m)-\(d)")
                    guard let day else { continue }
                    #expect(CalendarDate.civil(day) == (y, m, d))
                    let text = CalendarDate.text(day)
                    #expect(CalendarDate.parse(text) == day, "\(text)")
                }
            }
        }
        #expect(CalendarDate.day(year: 1970, month: 1, day: 1) == 0)
        #expect(CalendarDate.minDay == -719_162 && CalendarDate.maxDay == 2_932_896)
    }

    @Test func impossibleDatesAreNil() {
        #expect(CalendarDate.day(year: 2024, month: 2, day: 30) == nil)
        #expect(CalendarDate.day(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate.day(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate.day(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate.day(year: 2024, month: 13, day: 1) == nil)
        #expect(CalendarDate.day(year: 0, month: 1, day: 1) == nil)
        #expect(CalendarDate.day(year: 10_000, month: 1, day: 1) == nil)
        for text in ["2024-02-30", "2024-4-01", "2024-04-1", " 2024-04-01", "2024/04/01", "2024-04-01T10:00", "20240401", "2024-0a-01", "+024-04-01"] {
            #expect(CalendarDate.parse(text) == nil, "\(text)")
        }
    }

    @Test func weekdaysMonthsAndFiscalYears() throws {
        let d = try #require(CalendarDate.parse("2024-04-01"))
        #expect(CalendarDate.weekday(d) == 1 && CalendarDate.quarter(d) == 2)
        #expect(CalendarDate.weekday(try #require(CalendarDate.parse("0001-01-01"))) == 1)
        #expect(CalendarDate.addingMonths(try #require(CalendarDate.parse("2024-01-31")), 1) == CalendarDate.parse("2024-02-29"))
        #expect(CalendarDate.addingMonths(try #require(CalendarDate.parse("0001-01-31")), -1) == nil)
        #expect(CalendarDate.addingMonths(d, Int.max) == nil)
        #expect(CalendarDate.fiscalYear(try #require(CalendarDate.parse("2025-03-31")), startMonth: 4, namedBy: .start) == 2024)
        #expect(CalendarDate.fiscalYear(try #require(CalendarDate.parse("2024-10-01")), startMonth: 10, namedBy: .end) == 2025)
        #expect(CalendarDate.fiscalStart(2025, startMonth: 10, namedBy: .end) == CalendarDate.parse("2024-10-01"))
        #expect(CalendarDate.fiscalEnd(2024, startMonth: 4, namedBy: .start) == CalendarDate.parse("2025-03-31"))
        #expect(CalendarDate.fiscalEnd(Int.min, startMonth: 4, namedBy: .end) == nil)
    }
}

@Suite struct DatePatternTests {
    @Test func everyLetter() throws {
        let d = try #require(CalendarDate.parse("2024-04-07"))
        #expect(try DatePattern("yyyy yy MMMM MMM MM M dd d EEEE EEE").format(d) == "2024 24 April Apr 04 4 07 7 Sunday Sun")
        #expect(try DatePattern("d MMM yyyy").format(d) == "7 Apr 2024")
        #expect(try DatePattern("\"week of\" d\\d").format(d) == "week of 7d")
    }

    @Test func kinds() {
        #expect(PatternKind("d MMM yyyy") == .date)
        #expect(PatternKind("#,##0.00") == .number)
        #expect(PatternKind("0.0M") == .number)
        #expect(PatternKind("¥0.0T") == .number)
        #expect(PatternKind("\"yyyy\"0") == .number)
        #expect(PatternKind("yyyy 0") == .mixed(run: "yyyy"))
        #expect(PatternKind("0 MM") == .mixed(run: "MM"))
    }

    @Test func errors() {
        #expect(throws: DatePattern.SyntaxError.self) { try DatePattern("yyyyy") }
        #expect(throws: DatePattern.SyntaxError.self) { try DatePattern("yyyy 0") }
        #expect(throws: DatePattern.SyntaxError.self) { try DatePattern("\"yyyy") }
        #expect(throws: DatePattern.SyntaxError.self) { try DatePattern("plain text") }
    }
}

@Suite struct DateCSVTests {
    private func read(_ text: String) throws -> Table {
        let whole = try CSV.read(Array(text.utf8))
        for size in [1, 3, 7] {
            var source = CSVBytes(Array(text.utf8))
            #expect(try CSV.read(from: &source, chunkSize: size) == whole, "chunks of \(size)")
        }
        return whole
    }

    @Test func aColumnOfDatesIsADateColumn() throws {
        let t = try read("day,v\n2024-04-01,1\n,2\n\"2025-03-31\",3\n")
        #expect(t.columns[0] == .dates([19_814, 0, 20_178], isNull: [false, true, false]))
        #expect(CSV.write(t) == Array("day,v\n2024-04-01,1\n,2\n2025-03-31,3\n".utf8))
        // Leading nulls, then dates.
        let late = try read("a,day\n1,\n2,\n3,2024-02-29\n")
        #expect(late.columns[1] == .dates([0, 0, 19_782], isNull: [true, true, false]))
    }

    @Test func otherTextMakesItText() throws {
        // One malformed date among many: text, every row as written.
        var rows = "day\n"
        for i in 0..<5000 { rows += i == 4321 ? "2024-02-30\n" : "2024-01-\(i % 28 + 1 < 10 ? "0" : "")\(i % 28 + 1)\n" }
        let t = try read(rows)
        guard case .string(let values) = t.columns[0].storage else {
            Issue.record("a malformed date makes the column text")
            return
        }
        #expect(values[0] == "2024-01-01" && values[4321] == "2024-02-30" && values[4999] == "2024-01-16")
        // Date-times, other layouts, spaces around: text.
        for (field, text) in [("2024-04-01T10:00", "2024-04-01T10:00"), ("\"2024-04-01 10:00\"", "2024-04-01 10:00"),
                              ("2024/04/01", "2024/04/01"), ("\" 2024-04-01\"", " 2024-04-01"), ("2024-4-1", "2024-4-1")] {
            let t = try read("day\n2024-04-01\n\(field)\n")
            #expect(t.columns[0] == .strings(["2024-04-01", text]), "\(field)")
        }
        // Numbers then a date: text (the numbers' text fetched by the second pass).
        let mixed = try read("x\n2024\n2024-04-01\n")
        #expect(mixed.columns[0] == .strings(["2024", "2024-04-01"]))
        // A date then a number: text too.
        let other = try read("x\n2024-04-01\n2024\n")
        #expect(other.columns[0] == .strings(["2024-04-01", "2024"]))
    }

    @Test func kernelsOnDates() throws {
        let days = Column.dates([30, 10, 20, 10], isNull: [false, false, false, false])
        let t = try Table(names: ["d", "v"], columns: [days, .numbers([1, 2, 3, 4])])
        #expect(t.sortPermutation(keys: [(0, false)]) == [1, 3, 2, 0])
        #expect(t.sortPermutation(keys: [(0, true)]) == [0, 2, 1, 3])
        let g = t.groupRows(by: [0])
        #expect(g.groupOfRow == [0, 1, 2, 1])
        let other = try Table(names: ["d", "w"], columns: [.dates([10, 40]), .numbers([7, 8])])
        let joined = try t.joined(other, on: ["d"], kind: .left)
        #expect(joined.column(named: "w") == .numbers([0, 7, 0, 7], isNull: [true, false, true, false]))
        #expect(days.gather([3, -1]) == .dates([10, 0], isNull: [false, true]))
        #expect(days.appending(.numbers([0], isNull: [true])) == .dates([30, 10, 20, 10, 0], isNull: [false, false, false, false, true]))
        #expect(days.text(at: 0) == "1970-01-31")
    }
}
