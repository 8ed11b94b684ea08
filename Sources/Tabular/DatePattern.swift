// Date patterns of `fmt(d, pattern)` and `format(t, col: pattern)` (SPEC-2 §C), and the
// one rule that tells a date pattern from a number pattern (`PatternKind`). Kept apart
// from `NumberPattern`: the two share only the literal syntax (`"…"` and `\`).

/// What kind of pattern a `fmt`/`format` pattern is, from its text alone.
///
/// Outside `"…"` and `\`-escapes: a pattern with date letters (`y M d E`) and no digit
/// placeholder (`0 #`) is a date pattern; one without date letters is a number pattern.
/// With both, a run of two or more date letters (`yyyy`, `MM`, `dd`, `EEE`) makes it
/// mixed, an error; a single letter beside digit placeholders stays literal text of a
/// number pattern (`0.0M`), as it always did.
package enum PatternKind: Sendable, Equatable {
    case number
    case date
    /// Date letters and digit placeholders together; `run` is the first date-letter run.
    case mixed(run: String)

    package init(_ pattern: String) {
        var hasDigit = false
        var dateRuns: [String] = []
        var scanner = PatternScanner(pattern)
        while let token = scanner.next() {
            switch token {
            case .letterRun(let c, let n):
                if DatePattern.letters.contains(c) { dateRuns.append(String(repeating: c, count: n)) }
            case .character(let c):
                if c == "0" || c == "#" { hasDigit = true }
            case .literal, .unterminated:
                break
            }
        }
        if dateRuns.isEmpty {
            self = .number
        } else if !hasDigit {
            self = .date
        } else if let run = dateRuns.first(where: { $0.count > 1 }) {
            self = .mixed(run: run)
        } else {
            self = .number
        }
    }
}

/// The tokens of a pattern: runs of one ASCII letter, literal text (`"…"` or `\x`), and
/// single other characters.
struct PatternScanner {
    enum Token {
        case letterRun(Character, Int)
        case literal(String)
        case character(Character)
        /// A `"` with no closing `"`, or a `\` at the end.
        case unterminated(String)
    }

    private let characters: [Character]
    private var i = 0

    init(_ pattern: String) {
        characters = Array(pattern)
    }

    mutating func next() -> Token? {
        guard i < characters.count else { return nil }
        let c = characters[i]
        if c == "\"" {
            var text = ""
            i += 1
            while i < characters.count, characters[i] != "\"" {
                text.append(characters[i])
                i += 1
            }
            guard i < characters.count else { return .unterminated("\"") }
            i += 1
            return .literal(text)
        }
        if c == "\\" {
            i += 1
            guard i < characters.count else { return .unterminated("\\") }
            i += 1
            return .literal(String(characters[i - 1]))
        }
        if c.isASCII, c.isLetter {
            var n = 1
            while i + n < characters.count, characters[i + n] == c { n += 1 }
            i += n
            return .letterRun(c, n)
        }
        i += 1
        return .character(c)
    }
}

/// A compiled date pattern: `yyyy` (2024), `yy` (24), `MMMM` (April), `MMM` (Apr), `MM`
/// (04), `M` (4), `dd` (01), `d` (1), `EEEE` (Monday), `EEE` (Mon); English names. Text
/// in `"…"` and a character after `\` are literal; other characters are copied.
package struct DatePattern: Sendable, Equatable {
    package struct SyntaxError: Error, Sendable, Equatable {
        package var message: String
        /// An unclosed `"` or a lone `\` at the end: wrong whatever the pattern's kind.
        package var isUnterminated = false
        package init(message: String) { self.message = message }
    }

    /// The letters with a meaning in a date pattern.
    static let letters: Set<Character> = ["y", "M", "d", "E"]

    enum Part: Sendable, Equatable {
        case literal(String)
        case year4, year2, monthName, monthAbbreviation, month2, month, day2, day, weekdayName, weekdayAbbreviation
    }

    package let source: String
    let parts: [Part]

    package init(_ pattern: String) throws(SyntaxError) {
        var parts: [Part] = []
        func literal(_ s: String) {
            if case .literal(let before)? = parts.last {
                parts[parts.count - 1] = .literal(before + s)
            } else {
                parts.append(.literal(s))
            }
        }
        var scanner = PatternScanner(pattern)
        var sawField = false
        while let token = scanner.next() {
            switch token {
            case .letterRun(let c, let n):
                let part: Part?
                switch (c, n) {
                case ("y", 4): part = .year4
                case ("y", 2): part = .year2
                case ("M", 4): part = .monthName
                case ("M", 3): part = .monthAbbreviation
                case ("M", 2): part = .month2
                case ("M", 1): part = .month
                case ("d", 2): part = .day2
                case ("d", 1): part = .day
                case ("E", 4): part = .weekdayName
                case ("E", 3): part = .weekdayAbbreviation
                case ("y", _), ("M", _), ("d", _), ("E", _):
                    throw SyntaxError(message: "'\(String(repeating: c, count: n))' is not a date field "
                        + "(yyyy yy MMMM MMM MM M dd d EEEE EEE; put literal text in \"…\")")
                default: part = nil
                }
                if let part {
                    parts.append(part)
                    sawField = true
                } else {
                    literal(String(repeating: c, count: n))
                }
            case .literal(let s):
                literal(s)
            case .character(let c):
                if c == "0" || c == "#" {
                    throw SyntaxError(message: "it mixes date letters with the number placeholder '\(c)' "
                        + "(put literal text in \"…\")")
                }
                literal(String(c))
            case .unterminated(let what):
                var error = SyntaxError(message: what == "\"" ? "a '\"' without its closing '\"'"
                    : "a lone '\\' at the end (write '\\\\' for a backslash)")
                error.isUnterminated = true
                throw error
            }
        }
        guard sawField else {
            throw SyntaxError(message: "no date field (yyyy yy MMMM MMM MM M dd d EEEE EEE)")
        }
        self.source = pattern
        self.parts = parts
    }

    /// The date of day number `days` as the pattern writes it.
    package func format(_ days: Int32) -> String {
        let (y, m, d) = CalendarDate.civil(days)
        var out = ""
        func padded(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count < width ? String(repeating: "0", count: width - s.count) + s : s
        }
        for part in parts {
            switch part {
            case .literal(let s): out += s
            case .year4: out += padded(y, 4)
            case .year2: out += padded(y % 100, 2)
            case .monthName: out += CalendarDate.monthNames[m - 1]
            case .monthAbbreviation: out += String(CalendarDate.monthNames[m - 1].prefix(3))
            case .month2: out += padded(m, 2)
            case .month: out += String(m)
            case .day2: out += padded(d, 2)
            case .day: out += String(d)
            case .weekdayName: out += CalendarDate.weekdayNames[CalendarDate.weekday(days) - 1]
            case .weekdayAbbreviation: out += String(CalendarDate.weekdayNames[CalendarDate.weekday(days) - 1].prefix(3))
            }
        }
        return out
    }
}
