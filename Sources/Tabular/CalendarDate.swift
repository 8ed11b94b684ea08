// Dates (SPEC-2 §C): a calendar day with no time of day and no time zone, stored as the
// number of days since 1970-01-01 in an `Int32` (proleptic Gregorian calendar). A date
// column is a contiguous `[Int32]` plus the null mask, like a number column. Years run
// from 1 to 9999, so every date has the one text `YYYY-MM-DD` and reads back from it.
// Decisions: docs/tables.md ("Dates").

/// The calendar arithmetic on day numbers (days since 1970-01-01).
package enum CalendarDate {
    package static let minYear = 1
    package static let maxYear = 9999
    /// 0001-01-01 and 9999-12-31 as day numbers.
    package static let minDay: Int32 = Int32(truncatingIfNeeded: daysFromCivil(1, 1, 1))
    package static let maxDay: Int32 = Int32(truncatingIfNeeded: daysFromCivil(9999, 12, 31))

    package static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days in `month` (1–12) of `year`.
    package static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The day number of a valid year, month and day; nil when there is no such day
    /// (`2024-02-30`, month 13) or the year is outside 1–9999.
    package static func day(year: Int, month: Int, day: Int) -> Int32? {
        guard (minYear...maxYear).contains(year), (1...12).contains(month),
              day >= 1, day <= daysInMonth(year, month) else { return nil }
        return Int32(truncatingIfNeeded: daysFromCivil(year, month, day))
    }

    /// Days from 1970-01-01 (H. Hinnant's `days_from_civil`), for any proleptic date.
    @inline(__always)
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Year, month (1–12) and day (1–31) of a day number (`civil_from_days`).
    @inline(__always)
    package static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    package static func year(_ days: Int32) -> Int { civil(days).year }
    package static func month(_ days: Int32) -> Int { civil(days).month }
    package static func dayOfMonth(_ days: Int32) -> Int { civil(days).day }
    package static func quarter(_ days: Int32) -> Int { (civil(days).month - 1) / 3 + 1 }

    /// ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    package static func weekday(_ days: Int32) -> Int {
        let r = (Int(days) + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// Whether a day number is within the years 1–9999.
    package static func inRange(_ days: Int) -> Bool {
        days >= Int(minDay) && days <= Int(maxDay)
    }

    /// `days` plus `n` months, the day clamped to the new month's end (2024-01-31 plus
    /// one month is 2024-02-29); nil outside the years 1–9999.
    package static func addingMonths(_ days: Int32, _ n: Int) -> Int32? {
        let (y, m, d) = civil(days)
        let (total, overflow) = (y * 12 + (m - 1)).addingReportingOverflow(n)
        guard !overflow else { return nil }
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        let month = total - year * 12 + 1
        guard (minYear...maxYear).contains(year) else { return nil }
        return day(year: year, month: month, day: min(d, daysInMonth(year, month)))
    }

    // MARK: Fiscal years

    /// How a fiscal year is named: by the calendar year it starts in (Japan: FY2024 is
    /// April 2024 – March 2025) or the one it ends in (US federal: FY2025 is October
    /// 2024 – September 2025). A year starting in January has one name either way.
    package enum FiscalNaming: String, Sendable, CaseIterable {
        case start, end
    }

    /// The fiscal year holding `days` for years starting on the first of `startMonth`.
    package static func fiscalYear(_ days: Int32, startMonth: Int, namedBy: FiscalNaming) -> Int {
        let (y, m, _) = civil(days)
        let startYear = m >= startMonth ? y : y - 1
        return startYear + endOffset(startMonth, namedBy)
    }

    /// The first day of fiscal year `fy`; nil outside the years 1–9999.
    package static func fiscalStart(_ fy: Int, startMonth: Int, namedBy: FiscalNaming) -> Int32? {
        let (startYear, overflow) = fy.subtractingReportingOverflow(endOffset(startMonth, namedBy))
        guard !overflow else { return nil }
        return day(year: startYear, month: startMonth, day: 1)
    }

    /// The last day of fiscal year `fy`; nil outside the years 1–9999.
    package static func fiscalEnd(_ fy: Int, startMonth: Int, namedBy: FiscalNaming) -> Int32? {
        let (startYear, overflow) = fy.subtractingReportingOverflow(endOffset(startMonth, namedBy))
        guard !overflow, startYear >= minYear, startYear <= maxYear else { return nil }
        // One year on, less a day: the last day of the month before the start month.
        let endYear = startMonth == 1 ? startYear : startYear + 1
        let endMonth = startMonth == 1 ? 12 : startMonth - 1
        return day(year: endYear, month: endMonth, day: daysInMonth(endYear, endMonth))
    }

    /// Years between the start year and the name: 1 when named by the end year of a
    /// year that does not start in January.
    private static func endOffset(_ startMonth: Int, _ namedBy: FiscalNaming) -> Int {
        namedBy == .end && startMonth > 1 ? 1 : 0
    }

    // MARK: Text

    /// `YYYY-MM-DD`.
    package static func text(_ days: Int32) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendText(days, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `YYYY-MM-DD` (the year has four digits: dates stay within 1–9999).
    @inline(__always)
    package static func appendText(_ days: Int32, to out: inout [UInt8]) {
        let (y, m, d) = civil(days)
        let zero = UInt8(ascii: "0"), dash = UInt8(ascii: "-")
        let year = max(0, min(9999, y))
        out.append(zero + UInt8(year / 1000))
        out.append(zero + UInt8(year / 100 % 10))
        out.append(zero + UInt8(year / 10 % 10))
        out.append(zero + UInt8(year % 10))
        out.append(dash)
        out.append(zero + UInt8(m / 10))
        out.append(zero + UInt8(m % 10))
        out.append(dash)
        out.append(zero + UInt8(d / 10))
        out.append(zero + UInt8(d % 10))
    }

    /// The day of exactly `YYYY-MM-DD` (ten bytes from `start`, a valid date); nil
    /// otherwise. The CSV reader's fast path: fixed positions, no allocation.
    @inline(__always)
    package static func parse(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32? {
        guard end - start == 10, b[start + 4] == UInt8(ascii: "-"), b[start + 7] == UInt8(ascii: "-") else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int {
            let d = b[start + i] &- UInt8(ascii: "0")
            return d <= 9 ? Int(d) : -100_000
        }
        let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        let month = digit(5) * 10 + digit(6)
        let dayOfMonth = digit(8) * 10 + digit(9)
        guard year >= 0, month >= 0, dayOfMonth >= 0 else { return nil }
        return day(year: year, month: month, day: dayOfMonth)
    }

    /// The day of exactly `YYYY-MM-DD`; nil otherwise.
    package static func parse(_ text: String) -> Int32? {
        var text = text
        return text.withUTF8 { parse($0, 0, $0.count) }
    }

    /// English month names, January first.
    package static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]
    /// English weekday names, Monday first (ISO order).
    package static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}
