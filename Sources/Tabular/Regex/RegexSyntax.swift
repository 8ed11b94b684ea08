// The syntax of `matches` / `extract` regular expressions: a parser from the pattern's
// Unicode scalars to a small tree. docs/language-design.md ("Regular expressions")
// lists what is accepted and what is refused, and why.
//
// Matching is by Unicode scalar (as RE2, Python and Rust's regex do), not by Swift
// `Character`: `.` is one scalar, a literal is one scalar.

/// An empty-width test at a position.
enum RegexAssertion: Int32, Sendable {
    /// `^`, `\A`: the start of the text.
    case textStart
    /// `$`, `\z`: the end of the text.
    case textEnd
    /// `\b`: between a word scalar (`\w`, ASCII) and a non-word one (or an end).
    case wordBoundary
    /// `\B`: not a word boundary.
    case notWordBoundary
}

/// A set of scalars: sorted, non-overlapping, non-adjacent ranges, optionally negated,
/// optionally compared case-insensitively (`(?i)`).
struct ScalarSet: Sendable {
    var ranges: [ClosedRange<UInt32>]
    var negated: Bool
    var foldCase: Bool
    /// The answer for each ASCII scalar, precomputed (bit `c` of word `c / 64`).
    private var ascii: (UInt64, UInt64) = (0, 0)

    init(_ ranges: [ClosedRange<UInt32>], negated: Bool = false, foldCase: Bool = false) {
        self.ranges = ScalarSet.normalized(ranges)
        self.negated = negated
        self.foldCase = foldCase
        var low: UInt64 = 0, high: UInt64 = 0
        for c in UInt32(0)..<128 where slowContains(c) {
            if c < 64 { low |= 1 << UInt64(c) } else { high |= 1 << UInt64(c - 64) }
        }
        ascii = (low, high)
    }

    @inline(__always)
    func contains(_ c: UInt32) -> Bool {
        if c < 64 { return ascii.0 & (1 << UInt64(c)) != 0 }
        if c < 128 { return ascii.1 & (1 << UInt64(c - 64)) != 0 }
        return slowContains(c)
    }

    private func slowContains(_ c: UInt32) -> Bool {
        var found = inRanges(c)
        if !found && foldCase {
            found = inRanges(RegexCase.fold(c)) || inRanges(RegexCase.lower(c)) || inRanges(RegexCase.upper(c))
        }
        return found != negated
    }

    private func inRanges(_ c: UInt32) -> Bool {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].upperBound < c { lo = mid + 1 } else { hi = mid }
        }
        return lo < ranges.count && ranges[lo].contains(c)
    }

    static func normalized(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var out: [ClosedRange<UInt32>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, r.lowerBound <= last.upperBound &+ 1 {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// Every scalar not in `ranges` (normalized).
    static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var out: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for r in normalized(ranges) {
            if r.lowerBound > next { out.append(next...(r.lowerBound - 1)) }
            next = r.upperBound &+ 1
            if r.upperBound >= 0x10FFFF { return out }
        }
        if next <= 0x10FFFF { out.append(next...0x10FFFF) }
        return out
    }

    // `\d \w \s`: ASCII meanings.
    static let digit: [ClosedRange<UInt32>] = [48...57]
    static let word: [ClosedRange<UInt32>] = [48...57, 65...90, 95...95, 97...122]
    /// Tab, newline, vertical tab, form feed, carriage return, space.
    static let space: [ClosedRange<UInt32>] = [9...13, 32...32]
}

/// Simple (one scalar to one scalar) case mapping for `(?i)`.
enum RegexCase {
    static func lower(_ c: UInt32) -> UInt32 {
        if c < 128 { return c >= 65 && c <= 90 ? c + 32 : c }
        return single(c) { $0.properties.lowercaseMapping }
    }

    static func upper(_ c: UInt32) -> UInt32 {
        if c < 128 { return c >= 97 && c <= 122 ? c - 32 : c }
        return single(c) { $0.properties.uppercaseMapping }
    }

    /// The key two scalars share when they are equal ignoring case: the lower case of
    /// the upper case (so `ſ` and `s`, `K` (Kelvin) and `k` agree).
    static func fold(_ c: UInt32) -> UInt32 {
        if c < 128 { return c >= 65 && c <= 90 ? c + 32 : c }
        return lower(upper(c))
    }

    /// Whether `c` has another case (so a case-insensitive literal needs the fold test).
    static func hasCase(_ c: UInt32) -> Bool {
        lower(c) != c || upper(c) != c || fold(c) != c
    }

    private static func single(_ c: UInt32, _ mapping: (Unicode.Scalar) -> String) -> UInt32 {
        guard let s = Unicode.Scalar(c) else { return c }
        let mapped = mapping(s).unicodeScalars
        guard mapped.count == 1, let m = mapped.first else { return c }
        return m.value
    }
}

/// The parsed expression.
indirect enum RegexNode: Sendable {
    case empty
    /// One scalar; `foldCase` under `(?i)`.
    case literal(UInt32, foldCase: Bool)
    case set(ScalarSet)
    /// `.`: any scalar but a newline (U+000A).
    case anyButNewline
    case assertion(RegexAssertion)
    /// A capturing group, numbered from 1 in the order of its `(`.
    case capture(Int, RegexNode)
    case concatenation([RegexNode])
    case alternation([RegexNode])
    /// `max == nil`: no upper bound.
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)

    /// Whether it repeats (more than once) a group that can match empty and holds a
    /// capture: the one case where a group's text can differ from Perl's (an empty last
    /// iteration; docs/language-design.md).
    var repeatsNullableCapture: Bool {
        switch self {
        case .empty, .assertion, .literal, .set, .anyButNewline: return false
        case .capture(_, let inner): return inner.repeatsNullableCapture
        case .concatenation(let items): return items.contains(where: \.repeatsNullableCapture)
        case .alternation(let branches): return branches.contains(where: \.repeatsNullableCapture)
        case .repetition(let inner, _, let max, _):
            return ((max ?? 2) > 1 && inner.isNullable && inner.hasCapture) || inner.repeatsNullableCapture
        }
    }

    var hasCapture: Bool {
        switch self {
        case .empty, .assertion, .literal, .set, .anyButNewline: return false
        case .capture: return true
        case .concatenation(let items): return items.contains(where: \.hasCapture)
        case .alternation(let branches): return branches.contains(where: \.hasCapture)
        case .repetition(let inner, _, _, _): return inner.hasCapture
        }
    }

    /// Whether it can match the empty text.
    var isNullable: Bool {
        switch self {
        case .empty, .assertion: return true
        case .literal, .set, .anyButNewline: return false
        case .capture(_, let inner): return inner.isNullable
        case .concatenation(let items): return items.allSatisfy(\.isNullable)
        case .alternation(let branches): return branches.contains(where: \.isNullable)
        case .repetition(let inner, let min, _, _): return min == 0 || inner.isNullable
        }
    }
}

/// Parses a pattern. Every refusal is a `RegularExpression.SyntaxError` naming the
/// construct (Messages.swift).
struct RegexParser {
    typealias SyntaxError = RegularExpression.SyntaxError

    /// Groups nested deeper than this are refused (the parser and compiler recurse).
    static let maxDepth = 200
    /// The largest count in `{n}`, `{n,}`, `{n,m}` (as RE2).
    static let maxCount = 1000

    private let scalars: [Unicode.Scalar]
    private var i = 0
    private var foldCase = false
    private var depth = 0
    private(set) var captureCount = 0
    private var names: Set<String> = []

    init(_ pattern: String) {
        scalars = Array(pattern.unicodeScalars)
    }

    mutating func parse() throws(SyntaxError) -> RegexNode {
        let node = try alternation()
        if i < scalars.count { throw .unmatchedClose }  // only a `)` stops `alternation` early
        return node
    }

    private var peek: Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }
    private func peek(_ k: Int) -> Unicode.Scalar? { i + k < scalars.count ? scalars[i + k] : nil }

    private mutating func alternation() throws(SyntaxError) -> RegexNode {
        var branches = [try concatenation()]
        while peek == "|" {
            i += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func concatenation() throws(SyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != "|", c != ")" {
            if c == "*" || c == "+" || c == "?" || (c == "{" && quantifierAhead()) {
                throw .nothingToRepeat(quantifierText())
            }
            // A quantifier may not repeat an anchor written bare (`^*`); a group holding
            // one (`(?:^)?`) is an ordinary atom.
            let bareAnchor = c == "^" || c == "$"
                || (c == "\\" && peek(1).map { "bBAz".unicodeScalars.contains($0) } == true)
            guard let atom = try atom() else {
                // `(?i)`: nothing to repeat after it.
                if let q = peek, q == "*" || q == "+" || q == "?" || (q == "{" && quantifierAhead()) {
                    throw .nothingToRepeat(quantifierText())
                }
                continue
            }
            items.append(try quantified(atom, bareAnchor: bareAnchor))
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concatenation(items))
    }

    /// Whether a `{` at `i` starts `{n}`, `{n,}` or `{n,m}`.
    private func quantifierAhead() -> Bool {
        var k = i + 1
        var digits = 0
        while k < scalars.count, isDigit(scalars[k]) { k += 1; digits += 1 }
        guard digits > 0, k < scalars.count else { return false }
        if scalars[k] == "}" { return true }
        guard scalars[k] == "," else { return false }
        k += 1
        while k < scalars.count, isDigit(scalars[k]) { k += 1 }
        return k < scalars.count && scalars[k] == "}"
    }

    /// The quantifier at `i` as written (for messages).
    private func quantifierText() -> String {
        guard peek == "{" else { return peek.map { String($0) } ?? "" }
        var k = i
        var text = ""
        while k < scalars.count {
            text.unicodeScalars.append(scalars[k])
            if scalars[k] == "}" { break }
            k += 1
        }
        return text
    }

    private func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    private mutating func quantified(_ atom: RegexNode, bareAnchor: Bool) throws(SyntaxError) -> RegexNode {
        guard let c = peek else { return atom }
        let written = quantifierText()
        let min: Int, max: Int?
        switch c {
        case "*": (min, max) = (0, nil); i += 1
        case "+": (min, max) = (1, nil); i += 1
        case "?": (min, max) = (0, 1); i += 1
        case "{":
            guard quantifierAhead() else { throw .braceNotQuantifier }
            i += 1
            let low = try count(written)
            var high: Int? = low
            if peek == "," {
                i += 1
                high = peek == "}" ? nil : try count(written)
            }
            i += 1  // `}`
            if let high, high < low { throw .countsOutOfOrder(written) }
            (min, max) = (low, high)
        default:
            return atom
        }
        if bareAnchor { throw .repeatedAnchor(written) }
        var greedy = true
        if peek == "?" {
            greedy = false
            i += 1
        } else if peek == "+" {
            throw .possessive(written + "+")
        }
        if let next = peek, next == "*" || next == "+" || next == "?" || (next == "{" && quantifierAhead()) {
            throw .stackedQuantifier(written + (greedy ? "" : "?") + quantifierText())
        }
        return .repetition(atom, min: min, max: max, greedy: greedy)
    }

    /// The decimal number at `i` (digits known to be there), at most `maxCount`.
    private mutating func count(_ written: String) throws(SyntaxError) -> Int {
        var n = 0
        while let c = peek, isDigit(c) {
            n = Swift.min(n * 10 + Int(c.value - 48), RegexParser.maxCount + 1)
            i += 1
        }
        if n > RegexParser.maxCount { throw .countTooLarge(written) }
        return n
    }

    /// One atom; `nil` for an option setting such as `(?i)`, which matches nothing.
    private mutating func atom() throws(SyntaxError) -> RegexNode? {
        guard let c = peek else { return .empty }
        switch c {
        case "(": return try group()
        case "[": return try characterClass()
        case ".": i += 1; return .anyButNewline
        case "^": i += 1; return .assertion(.textStart)
        case "$": i += 1; return .assertion(.textEnd)
        case "\\":
            switch try escape(inClass: false) {
            case .scalar(let s): return literal(s)
            case .set(let ranges): return .set(ScalarSet(ranges, foldCase: foldCase))
            case .assertion(let a): return .assertion(a)
            }
        default:
            i += 1
            return literal(c.value)
        }
    }

    private func literal(_ c: UInt32) -> RegexNode {
        .literal(c, foldCase: foldCase && RegexCase.hasCase(c))
    }

    private mutating func group() throws(SyntaxError) -> RegexNode? {
        i += 1  // `(`
        depth += 1
        defer { depth -= 1 }
        if depth > RegexParser.maxDepth { throw .nestedTooDeeply(RegexParser.maxDepth) }
        let outerFold = foldCase
        var capture: Int? = nil
        if peek == "?" {
            i += 1
            guard let c = peek else { throw .unclosedGroup }
            switch c {
            case ":":
                i += 1
            case "=", "!":
                throw .lookaround("(?\(c)")
            case "<" where peek(1) == "=" || peek(1) == "!":
                throw .lookaround("(?<\(peek(1).map { String($0) } ?? "")")
            case "<", "P", "'":
                if c == "P" {
                    if peek(1) == "=" { throw .backreference("(?P=") }
                    if peek(1) == ">" { throw .unsupportedGroup("(?P>") }
                    guard peek(1) == "<" else { throw .unsupportedGroup("(?P") }
                    i += 1
                }
                let close: Unicode.Scalar = peek == "'" ? "'" : ">"
                i += 1
                var name = ""
                while let s = peek, s != close {
                    let v = s.value
                    let ok = (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 95 || (!name.isEmpty && v >= 48 && v <= 57)
                    guard ok else { throw .badGroupName }
                    name.unicodeScalars.append(s)
                    i += 1
                }
                guard peek == close, !name.isEmpty else { throw .badGroupName }
                i += 1
                guard names.insert(name).inserted else { throw .duplicateGroupName(name) }
                captureCount += 1
                capture = captureCount
            case ">":
                throw .atomicGroup
            case "#":
                throw .unsupportedGroup("(?#")
            default:
                // Inline options: only `i`, on (`(?i)`) or off (`(?-i)`), for the rest of
                // the enclosing group, or for a group of their own (`(?i:…)`).
                var on = true
                var value = foldCase
                var written = "(?"
                while let s = peek, s != ")", s != ":" {
                    written.unicodeScalars.append(s)
                    if s == "-" && on {
                        on = false
                    } else if s == "i" {
                        value = on
                    } else if s.properties.isAlphabetic || s == "-" {
                        throw .unsupportedOption(s)
                    } else {
                        throw .unsupportedGroup(written)
                    }
                    i += 1
                }
                guard let end = peek else { throw .unclosedGroup }
                if written == "(?" || written == "(?-" { throw .unsupportedGroup(written + String(end)) }
                i += 1
                if end == ")" {
                    foldCase = value  // for the rest of the enclosing group
                    return nil
                }
                foldCase = value
            }
        } else {
            captureCount += 1
            capture = captureCount
        }
        let inner = try alternation()
        guard peek == ")" else { throw .unclosedGroup }
        i += 1
        foldCase = outerFold
        if let capture { return .capture(capture, inner) }
        return inner
    }

    private enum Escaped {
        case scalar(UInt32)
        case set([ClosedRange<UInt32>])
        case assertion(RegexAssertion)
    }

    /// `\` and what follows, at `i`.
    private mutating func escape(inClass: Bool) throws(SyntaxError) -> Escaped {
        i += 1  // `\`
        guard let c = peek else { throw .trailingBackslash }
        i += 1
        switch c {
        case "d": return .set(ScalarSet.digit)
        case "D": return .set(ScalarSet.complement(ScalarSet.digit))
        case "w": return .set(ScalarSet.word)
        case "W": return .set(ScalarSet.complement(ScalarSet.word))
        case "s": return .set(ScalarSet.space)
        case "S": return .set(ScalarSet.complement(ScalarSet.space))
        case "n": return .scalar(10)
        case "t": return .scalar(9)
        case "r": return .scalar(13)
        case "f": return .scalar(12)
        case "v": return .scalar(11)
        case "x": return .scalar(try hexEscape())
        case "b", "B", "A", "z":
            if inClass { throw .anchorInClass(c) }
            switch c {
            case "b": return .assertion(.wordBoundary)
            case "B": return .assertion(.notWordBoundary)
            case "A": return .assertion(.textStart)
            default: return .assertion(.textEnd)
            }
        case "1", "2", "3", "4", "5", "6", "7", "8", "9":
            throw .backreference("\\\(c)")
        case "k", "g":
            throw .backreference("\\\(c)")
        case "p", "P":
            throw .unicodeProperty(c)
        default:
            let v = c.value
            if (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) {
                throw .unknownEscape(c)
            }
            return .scalar(v)  // any other escaped character is itself: `\.` `\/` `\-` …
        }
    }

    /// `\xHH` or `\x{H…}` after the `x`.
    private mutating func hexEscape() throws(SyntaxError) -> UInt32 {
        func hex(_ s: Unicode.Scalar?) -> UInt32? {
            guard let v = s?.value else { return nil }
            switch v {
            case 48...57: return v - 48
            case 65...70: return v - 55
            case 97...102: return v - 87
            default: return nil
            }
        }
        var value: UInt32 = 0
        if peek == "{" {
            i += 1
            var digits = 0
            while let d = hex(peek) {
                value = Swift.min(value * 16 + d, 0x110000)
                digits += 1
                i += 1
            }
            guard digits > 0, peek == "}" else { throw .badHexEscape }
            i += 1
        } else {
            guard let a = hex(peek), let b = hex(peek(1)) else { throw .badHexEscape }
            i += 2
            value = a * 16 + b
        }
        guard Unicode.Scalar(value) != nil else { throw .badHexEscape }
        return value
    }

    /// `[…]` at `i`.
    private mutating func characterClass() throws(SyntaxError) -> RegexNode {
        i += 1  // `[`
        var negated = false
        if peek == "^" {
            negated = true
            i += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while true {
            guard let c = peek else { throw .unclosedClass }
            if c == "]" && !first {
                i += 1
                break
            }
            first = false
            if c == "[" { throw .nestedClass }
            let low = try classItem()
            let isRange = peek == "-" && peek(1) != nil && peek(1) != "]"
            switch low {
            case .set(let set):
                if isRange { throw .rangeWithClass }
                ranges += set
            case .scalar(let a):
                guard isRange else {
                    ranges.append(a...a)
                    continue
                }
                i += 1  // `-`
                if peek == "[" { throw .nestedClass }
                guard case .scalar(let b) = try classItem() else { throw .rangeWithClass }
                guard a <= b else { throw .rangeOutOfOrder(a, b) }
                ranges.append(a...b)
            case .assertion:
                throw .unclosedClass  // not produced inside a class
            }
        }
        return .set(ScalarSet(ranges, negated: negated, foldCase: foldCase))
    }

    private mutating func classItem() throws(SyntaxError) -> Escaped {
        guard let c = peek else { throw .unclosedClass }
        if c == "\\" { return try escape(inClass: true) }
        i += 1
        return .scalar(c.value)
    }
}
