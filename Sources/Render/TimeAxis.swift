// The ticks of a time axis (a line, area or scatter chart with a date `x`): positions are
// day numbers (days since 1970-01-01), so points are spaced by time, not by row. Ticks
// fall on whole calendar units chosen by the span and the room the labels need
// (docs/charts.md, "Time axes"):
//
// - under two month starts in the span: days (every 1, 2, 7 or 14 days), labelled `d MMM`;
// - else the first of months (`MMM yyyy`), quarters (`Q1 2024`, calendar quarters),
//   years (`yyyy`) at steps of 1, 2, 5, 10, 20, 50… years that gives at most
//   `maxTicks` ticks whose labels fit the plot's width side by side.
import Tabular

enum TimeTicks {
    /// Never more ticks than this, however wide the plot.
    static let maxTicks = 10

    enum Unit: Equatable {
        case days(Int)
        case months
        case quarters
        case years(Int)
    }

    struct Tick: Equatable {
        var day: Int32
        var text: String
    }

    /// The ticks over the days `lo...hi` for a plot `plotWidth` wide; `fontSize` sizes
    /// the labels. Empty when the span is not a range of valid dates.
    static func choose(lo: Double, hi: Double, plotWidth: Double, fontSize fs: Double) -> (unit: Unit, ticks: [Tick]) {
        guard lo.isFinite, hi.isFinite, lo <= hi else { return (.years(1), []) }
        let a = Int32(max(lo.rounded(.up), Double(CalendarDate.minDay)))
        let b = Int32(min(hi.rounded(.down), Double(CalendarDate.maxDay)))
        guard a <= b else { return (.years(1), []) }
        func fits(_ ticks: [Tick]) -> Bool {
            guard ticks.count <= maxTicks else { return false }
            let widest = ticks.map { TextMetrics.width($0.text, size: fs) }.max() ?? 0
            return Double(ticks.count) * (widest + 12) <= plotWidth
        }
        var candidates: [Unit] = []
        if ticks(.months, a, b).count < 2 { candidates += [.days(1), .days(2), .days(7), .days(14)] }
        candidates += [.months, .quarters]
        var step = 1
        while step <= 10_000 {
            candidates += [.years(step), .years(step * 2), .years(step * 5)]
            step *= 10
        }
        for unit in candidates {
            let t = ticks(unit, a, b)
            if fits(t) { return (unit, t) }
        }
        return (.years(10_000), [])
    }

    /// Every tick of `unit` within the days `a...b`.
    static func ticks(_ unit: Unit, _ a: Int32, _ b: Int32) -> [Tick] {
        var out: [Tick] = []
        switch unit {
        case .days(let n):
            // Every day, every other day from an even day number, or weeks from Mondays
            // (1970-01-05 was a Monday).
            let origin = n >= 7 ? 4 : 0
            var d = Int(a) + ((origin - Int(a)) % n + n) % n
            while d <= Int(b), out.count <= 400 {
                let day = Int32(d)
                let c = CalendarDate.civil(day)
                out.append(Tick(day: day, text: "\(c.day) \(shortMonth(c.month))"))
                d += n
            }
        case .months, .quarters:
            let months = unit == .months ? 1 : 3
            let first = CalendarDate.civil(a)
            var y = first.year, m = first.month
            // Up to the first month (or quarter) start on or after `a`.
            if first.day > 1 { m += 1 }
            while (m - 1) % months != 0 { m += 1 }
            if m > 12 { m -= 12; y += 1 }
            while let day = CalendarDate.day(year: y, month: m, day: 1), day <= b, out.count <= 400 {
                out.append(Tick(day: day, text: unit == .months ? "\(shortMonth(m)) \(y)" : "Q\((m - 1) / 3 + 1) \(y)"))
                m += months
                if m > 12 { m -= 12; y += 1 }
            }
        case .years(let n):
            let first = CalendarDate.civil(a)
            var y = first.month == 1 && first.day == 1 ? first.year : first.year + 1
            y = (y + n - 1) / n * n
            while let day = CalendarDate.day(year: y, month: 1, day: 1), day <= b, out.count <= 400 {
                out.append(Tick(day: day, text: "\(y)"))
                y += n
            }
        }
        return out
    }

    static func shortMonth(_ m: Int) -> String {
        String(CalendarDate.monthNames[max(min(m, 12), 1) - 1].prefix(3))
    }
}
