import Foundation
import Testing
@testable import Tabular

/// The regular-expression engine of `matches` / `extract` (Sources/Tabular/Regex).
@Suite struct RegexTests {
    /// The first match's texts (`[0]` the whole match, then every group), `nil` when it
    /// does not match.
    static func texts(_ pattern: String, _ text: String) throws -> [String?]? {
        let regex = try RegularExpression(pattern)
        guard let ranges = regex.firstMatch(in: text) else { return nil }
        return ranges.map { $0.map { RegexMatcher.text($0, of: text) } }
    }

    /// Pattern, text, the expected whole match and groups (`nil`: no match).
    static let cases: [(String, String, [String?]?)] = [
        // Literals, leftmost match.
        ("abc", "xabcx", ["abc"]),
        ("abc", "ab", nil),
        ("b+", "abbbc", ["bbb"]),
        ("a*", "baaa", [""]),
        ("", "abc", [""]),
        ("", "", [""]),
        // Leftmost-first alternation (Perl's preference, not the longest match).
        ("a|ab", "ab", ["a"]),
        ("ab|a", "ab", ["ab"]),
        ("(a|ab)(c|bcd)", "abcd", ["abcd", "a", "bcd"]),
        ("x|y|z", "--z", ["z"]),
        ("a|", "b", [""]),
        ("|a", "a", [""]),
        // Greedy and lazy.
        ("a+", "aaa", ["aaa"]),
        ("a+?", "aaa", ["a"]),
        ("a*?b", "aab", ["aab"]),
        ("<.*>", "<a><b>", ["<a><b>"]),
        ("<.*?>", "<a><b>", ["<a>"]),
        ("x?", "x", ["x"]),
        ("x??", "x", [""]),
        ("x??y", "xy", ["xy"]),
        ("a{2,3}", "aaaa", ["aaa"]),
        ("a{2,3}?", "aaaa", ["aa"]),
        ("a{2}", "a", nil),
        ("a{2}", "aaa", ["aa"]),
        ("a{2,}", "aaaaa", ["aaaaa"]),
        ("a{2,}?", "aaaaa", ["aa"]),
        ("a{0}b", "ab", ["b"]),
        ("(a{1,2}?)(a*)", "aaa", ["aaa", "a", "aa"]),
        ("(a*)(a*)", "aa", ["aa", "aa", ""]),
        ("(a*?)(a*)", "aa", ["aa", "", "aa"]),
        // Empty iterations, as Perl: the loop body runs once, empty.
        ("(a*)*", "b", ["", ""]),
        ("(a*)+", "b", ["", ""]),
        // The one difference from Perl (and Swift's `Regex`): after a non-empty iteration,
        // an empty last one does not replace the group's text (Perl gives "" here).
        ("(a|)*b", "aab", ["aab", "a"]),
        ("(?:^)?a", "ba", ["a"]),
        ("(^|x)+a", "xxa", ["xxa", "x"]),
        ("()", "x", ["", ""]),
        // Anchors.
        ("^a", "ba", nil),
        ("a$", "ab", nil),
        ("b$", "ab", ["b"]),
        ("^$", "", [""]),
        ("^$", "a", nil),
        ("\\Aa\\z", "a", ["a"]),
        ("\\Aa\\z", "aa", nil),
        ("^(?:a|b)+$", "abba", ["abba"]),
        ("a$|b", "ab", ["b"]),
        ("^b|a", "ba", ["b"]),
        ("x^", "x", nil),
        ("$", "abc", [""]),
        ("\\bfoo\\b", "a foo b", ["foo"]),
        ("\\bfoo\\b", "afoo", nil),
        ("\\bfoo", "foo", ["foo"]),
        ("foo\\b", "foo", ["foo"]),
        ("\\Boo", "foo", ["oo"]),
        ("\\B", "", [""]),
        ("\\b", "", nil),
        ("\\b\\w+", "¿qué?", ["qu"]),  // `\w` and `\b` are ASCII
        // Classes.
        ("[abc]+", "xcabz", ["cab"]),
        ("[^a-z]+", "abC1d", ["C1"]),
        ("[a-c-]+", "x-ab-", ["-ab-"]),
        ("[-a]+", "x-a", ["-a"]),
        ("[]a]+", "x]a]", ["]a]"]),
        ("[^]a]+", "]]bc]", ["bc"]),
        ("[\\]\\\\]+", "a]\\b", ["]\\"]),
        ("[\\d.]+", "v1.25x", ["1.25"]),
        ("[^\\d]+", "12ab3", ["ab"]),
        ("[\\w-]+", "!a-b_c!", ["a-b_c"]),
        ("[\\s,]+", "a, \tb", [", \t"]),
        ("[\\D]+", "12ab3", ["ab"]),
        ("[.*+?]+", "a.*+?b", [".*+?"]),
        ("[\\^a]+", "x^a", ["^a"]),
        ("[a^]+", "x^a", ["^a"]),
        ("[\\n]", "a\nb", ["\n"]),
        ("[^a]", "a\nb", ["\n"]),  // a negated class includes newline
        ("[\\x41-\\x43]+", "xABCD", ["ABC"]),
        // \d \w \s and their negations: ASCII.
        ("\\d+", "ab 123", ["123"]),
        ("\\d", "٣", nil),
        ("\\D+", "12ab3", ["ab"]),
        ("\\w+", "  hi_5 ", ["hi_5"]),
        ("\\w", "é", nil),
        ("\\W+", "ab, cd", [", "]),
        ("\\s+", "a \t\n\r\u{0B}\u{0C}b", [" \t\n\r\u{0B}\u{0C}"]),
        ("\\s", "\u{A0}", nil),
        ("\\S+", "  ab ", ["ab"]),
        // `.`: any scalar but a newline.
        (".", "\n", nil),
        ("a.c", "abc", ["abc"]),
        (".+", "ab\ncd", ["ab"]),
        (".", "\r", ["\r"]),
        // Escapes.
        ("\\.", "a.b", ["."]),
        ("a\\.b", "axb", nil),
        ("\\*\\+\\?", "*+?", ["*+?"]),
        ("\\(\\)\\[\\]\\{\\}\\|\\^\\$\\/\\\\", "x()[]{}|^$/\\", ["()[]{}|^$/\\"]),
        ("\\n\\t\\r", "a\n\t\rb", ["\n\t\r"]),
        ("\\x41\\x{263A}", "A☺", ["A☺"]),
        ("\\-\\#\\ \\,", "-# ,", ["-# ,"]),
        ("a}b]", "a}b]", ["a}b]"]),
        // Groups.
        ("(a)(b)?", "a", ["a", "a", nil]),
        ("(a)|b", "b", ["b", nil]),
        ("(?:ab)+", "ababx", ["abab"]),
        ("(?:a|b)(c)", "bc", ["bc", "c"]),
        ("(?<year>\\d{4})-(\\d\\d)", "on 2024-05", ["2024-05", "2024", "05"]),
        ("(?P<y>\\d+)", "x42", ["42", "42"]),
        ("((a)|b)+", "ab", ["ab", "b", "a"]),  // a group keeps its last value
        ("(a(b(c)))", "abc", ["abc", "abc", "bc", "c"]),
        ("(a)*", "aaa", ["aaa", "a"]),
        ("FY(\\d+)", "FY2024 est.", ["FY2024", "2024"]),
        ("a(x)?", "ab", ["a", nil]),
        // Case-insensitive.
        ("(?i)sipri", "Japan (SIPRI)", ["SIPRI"]),
        ("(?i:a)b", "AB", nil),
        ("(?i:a)b", "Ab", ["Ab"]),
        ("a(?i)b", "aB", ["aB"]),
        ("a(?i)b", "AB", nil),
        ("((?i)a)b", "AB", nil),
        ("(?i)a(?-i)b", "Ab", ["Ab"]),
        ("(?i)a(?-i)b", "AB", nil),
        ("(?i)[a-c]+", "xAbCd", ["AbC"]),
        ("(?i)[^a]", "A", nil),
        ("(?i)é", "É", ["É"]),
        ("(?i)σ", "Σ", ["Σ"]),
        ("(?i)\\d", "1", ["1"]),
        // Unicode: matching is by scalar.
        ("é+", "café", ["é"]),
        (".", "😀", ["😀"]),
        ("^.$", "😀", ["😀"]),
        ("[α-ω]+", "Ωαβγ", ["αβγ"]),
        ("^.$", "e\u{301}", nil),  // two scalars, one Character
        ("^..$", "e\u{301}", ["e\u{301}"]),
        ("e", "e\u{301}", ["e"]),
        ("[😀-😂]", "a😁", ["😁"]),
        ("¥(\\d+)", "¥8.7", ["¥8", "8"]),
        ("\\d+", "€ 12", ["12"]),
        ("(é)(.)", "xéy", ["éy", "é", "y"]),
        // The finding-12 shapes: linear, and the right answer.
        ("(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaa!", nil),
        ("(a+)+$", "aaaa", ["aaaa", "aaaa"]),
        ("(a|aa)*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaac", nil),
        ("(.*a){3}", "xaxaxa", ["xaxaxa", "xa"]),
    ]

    @Test func theTableOfCases() throws {
        for (pattern, text, expected) in RegexTests.cases {
            let got = try RegexTests.texts(pattern, text)
            #expect(got == expected, "\(pattern) on \(text.debugDescription)")
            #expect(try RegularExpression(pattern).matches(text) == (expected != nil), "matches: \(pattern) on \(text.debugDescription)")
        }
    }

    /// Pattern, a part of the expected message.
    static let refused: [(String, String)] = [
        ("(a", "'(' is not closed"),
        ("(?:a", "'(' is not closed"),
        ("a)", "')' has no matching '('"),
        ("[a", "'[' is not closed"),
        ("[", "'[' is not closed"),
        ("[^]", "'[' is not closed"),
        ("*a", "'*' has nothing to repeat"),
        ("a|+", "'+' has nothing to repeat"),
        ("(?)", "'(?)' is not supported"),
        ("{2}", "'{2}' has nothing to repeat"),
        ("(?i)*", "'*' has nothing to repeat"),
        ("a**", "'**': a quantifier cannot follow another one"),
        ("a{2}{3}", "cannot follow another one"),
        ("a???", "cannot follow another one"),
        ("a*+", "possessive quantifiers ('*+')"),
        ("a{1,2}+", "possessive quantifiers ('{1,2}+')"),
        ("^*", "cannot repeat an anchor"),
        ("\\b+", "cannot repeat an anchor"),
        ("a{", "'{' must begin a repetition"),
        ("a{x}", "'{' must begin a repetition"),
        ("a{,3}", "'{' must begin a repetition"),
        ("a{2,1}", "'{2,1}': the maximum is below the minimum"),
        ("a{1001}", "at most 1000"),
        ("a{99999999999999999999}", "at most 1000"),
        ("(a)\\1", "back-references ('\\1')"),
        ("(?<n>a)\\k<n>", "back-references ('\\k')"),
        ("(?P<n>a)(?P=n)", "back-references ('(?P=')"),
        ("(?=a)", "look-ahead '(?=…)'"),
        ("(?!a)", "look-ahead '(?!…)'"),
        ("(?<=a)b", "look-behind '(?<=…)'"),
        ("(?<!a)b", "look-behind '(?<!…)'"),
        ("(?>a)", "atomic groups"),
        ("(?m)^a", "inline option 'm'"),
        ("(?s).", "inline option 's'"),
        ("(?x)a", "inline option 'x'"),
        ("(?#c)", "'(?#' is not supported"),
        ("(?<1a>x)", "group name"),
        ("(?<>x)", "group name"),
        ("(?<n>x)(?<n>y)", "'n' is used twice"),
        ("\\p{L}", "Unicode property classes ('\\p{…}')"),
        ("\\P{L}", "('\\P{…}')"),
        ("\\q", "unknown escape '\\q'"),
        ("\\Z", "unknown escape '\\Z'"),
        ("\\0", "unknown escape '\\0'"),
        ("a\\", "a lone '\\' at the end"),
        ("[a\\", "a lone '\\' at the end"),
        ("[z-a]", "the range 'z-a' is out of order"),
        ("[\\d-z]", "cannot start or end at a class"),
        ("[a-\\d]", "cannot start or end at a class"),
        ("[[:alpha:]]", "POSIX classes"),
        ("[a[b]]", "nested classes"),
        ("[\\b]", "'\\b' is not allowed inside a class"),
        ("\\xZZ", "'\\x' must be followed"),
        ("\\x{110000}", "'\\x' must be followed"),
        ("\\x{D800}", "'\\x' must be followed"),
        ("((a{1000}){10}){2}", "too large (more than 10,000 instructions"),
        ("(?:(?:(?:a{100}){100}){100}){100}", "too large"),
        (String(repeating: "(", count: 300) + String(repeating: ")", count: 300), "nested too deeply (more than 200 levels)"),
    ]

    @Test func refusalsNameTheConstruct() {
        for (pattern, part) in RegexTests.refused {
            do {
                _ = try RegularExpression(pattern)
                Issue.record("\(pattern) was accepted")
            } catch {
                #expect(error.message.contains(part), "\(pattern): \(error.message)")
            }
        }
    }

    @Test func aLongPatternAndDeepButAllowedNesting() throws {
        let long = String(repeating: "ab|", count: 1000) + "c"
        #expect(try RegularExpression(long).matches("xxc"))
        let deep = String(repeating: "(", count: 200) + "a" + String(repeating: ")", count: 200)
        #expect(try RegularExpression(deep).firstMatch(in: "a")?.count == 201)
    }

    /// Finding 12 (docs/RELIABILITY.md): Swift's `Regex` backtracked for hours on this.
    @Test func nestedQuantifiersRunInLinearTime() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let regex = try RegularExpression("(a+)+$")
        #expect(regex.firstMatch(in: "aaaaaaaaaaaaaaaaaaaaaaaaaaaa!") == nil)
        #expect(regex.firstMatch(in: String(repeating: "a", count: 5_000) + "!") == nil)
        #expect(try RegularExpression("(a|aa)*b").firstMatch(in: String(repeating: "a", count: 5_000)) == nil)
        #expect(try RegularExpression("(.*a){20}").firstMatch(in: String(repeating: "a", count: 19)) == nil)
        // A hang guard, not a speed measurement: backtracking took hours; linear takes milliseconds.
        let elapsed = clock.now - start
        #expect(elapsed < .seconds(30), "\(elapsed)")
    }

    struct Stop: Error {}

    /// A long match polls its caller, which can stop it.
    @Test func aLongMatchPollsAndCanBeStopped() throws {
        let text = String(repeating: "a", count: 200_000)
        let matcher = try RegularExpression("(a|aa)*b").matcher(groups: 1)
        var polls = 0
        #expect(throws: Stop.self) {
            _ = try matcher.firstMatch(in: text) { () throws(Stop) in
                polls += 1
                if polls == 3 { throw Stop() }
            }
        }
        #expect(polls == 3)
        // And a matcher is reusable afterwards.
        #expect(try matcher.firstMatch(in: "aab") { () throws(Stop) in }?.count == 2)
        var count = 0
        #expect(try matcher.matches(text + "b") { () throws(Never) in count += 1 })
        #expect(count > 0)
    }

    @Test func aMatcherKeepsOnlyTheGroupsAskedFor() throws {
        let regex = try RegularExpression("(a)(b)(c)")
        #expect(regex.captureCount == 3)
        let ranges = regex.matcher(groups: 1).firstMatch(in: "xabc") { () throws(Never) in }
        #expect(ranges == [1..<4, 1..<2])
        #expect(regex.matcher(groups: 0).firstMatch(in: "xabc") { () throws(Never) in } == [1..<4])
        #expect(regex.matcher(groups: 9).firstMatch(in: "xabc") { () throws(Never) in }?.count == 4)
    }

    // MARK: - Against Swift's `Regex`

    /// Random small patterns of the supported grammar over short random texts, compared
    /// with Swift's `Regex` in Unicode-scalar mode with ASCII classes and simple word
    /// boundaries (the meanings this engine documents): the match's range and the first
    /// group's.
    @Test func agreesWithSwiftRegexOnRandomPatterns() throws {
        // A fixed seed, so that CI is repeatable; FOLIO_REGEX_SEED=random (or a number) explores
        // further. Known gap (docs/RELIABILITY.md): a repeated group whose body can match
        // empty *and* whose later alternative consumes text, e.g. `(?:1*\W{0,}|[b-é])+[ab]?`
        // on " bcé", can end its match later than a backtracking engine (seed 7558663743104596159).
        let given = ProcessInfo.processInfo.environment["FOLIO_REGEX_SEED"]
        let seed = given == "random" ? UInt64.random(in: 0...UInt64.max) : given.flatMap { UInt64($0) } ?? 20261206
        print("RegexTests.agreesWithSwiftRegexOnRandomPatterns seed: \(seed)")
        try RegexTests.differential(seed: seed, patterns: 3000)
        try RegexTests.differential(seed: 12, patterns: 1500)
    }

    static func differential(seed: UInt64, patterns: Int) throws {
        var rng = SplitMix(seed: seed)
        let alphabet: [String] = ["a", "b", "c", "1", " ", "é", "-"]
        var compared = 0
        for _ in 0..<patterns {
            var generator = PatternGenerator(rng: rng)
            let pattern = generator.alternation(depth: 3)
            rng = generator.rng
            let ours = try RegularExpression(pattern)
            let swift = try Regex(pattern).matchingSemantics(.unicodeScalar).asciiOnlyCharacterClasses().wordBoundaryKind(.simple)
            for _ in 0..<8 {
                let n = rng.next(below: 7)
                let text = (0..<n).map { _ in alphabet[rng.next(below: alphabet.count)] }.joined()
                let expected: [Range<Int>?]?
                if let m = text.firstMatch(of: swift) {
                    let whole = offsets(m.range, in: text)
                    if m.output.count > 1 {
                        expected = [whole, m.output[1].range.map { offsets($0, in: text) }]
                    } else {
                        expected = [whole]
                    }
                } else {
                    expected = nil
                }
                let got = ours.matcher(groups: 1).firstMatch(in: text) { () throws(Never) in }
                if ours.repeatsNullableCapture, let got, let expected, got.count == 2, expected.count == 2 {
                    // The group may differ (an empty last iteration); the match may not.
                    #expect(got[0] == expected[0], "seed \(seed): \(pattern) on \(text.debugDescription)")
                } else {
                    #expect(got == expected, "seed \(seed): \(pattern) on \(text.debugDescription)")
                }
                #expect(ours.matches(text) == (expected != nil), "seed \(seed): matches \(pattern) on \(text.debugDescription)")
                compared += 1
            }
        }
        #expect(compared == patterns * 8)
    }

    static func offsets(_ r: Range<String.Index>, in text: String) -> Range<Int> {
        let u = text.utf8
        return u.distance(from: u.startIndex, to: r.lowerBound)..<u.distance(from: u.startIndex, to: r.upperBound)
    }
}

/// Patterns of the supported grammar (no anchors under a quantifier, which are refused).
struct PatternGenerator {
    var rng: SplitMix

    static let atoms = ["a", "b", "c", "1", "é", ".", "[ab]", "[^a]", "[a-c]", "[b-é]", "\\d", "\\w", "\\s", "\\W", "\\D", "\\.", "-"]
    /// Not `\\b` `\\B`: Swift's `Regex` with simple word boundaries disagrees with itself
    /// on ASCII text (`\\B.` on "a 1a 1" gives the space); the table tests them.
    static let anchors = ["^", "$", "\\A", "\\z"]
    static let quantifiers = ["*", "+", "?", "{2}", "{1,2}", "{0,}", "{0,2}", "*?", "+?", "??", "{1,2}?", "{2,}?"]

    mutating func alternation(depth: Int) -> String {
        var branches = [concatenation(depth: depth)]
        while rng.next(below: 5) == 0 { branches.append(concatenation(depth: depth)) }
        return branches.joined(separator: "|")
    }

    mutating func concatenation(depth: Int) -> String {
        (0..<rng.next(below: 4)).map { _ in piece(depth: depth) }.joined()
    }

    mutating func piece(depth: Int) -> String {
        let roll = rng.next(below: 10)
        if roll == 0 { return PatternGenerator.anchors[rng.next(below: PatternGenerator.anchors.count)] }
        var atom: String
        if roll <= 2 && depth > 0 {
            let open = rng.next(below: 3) == 0 ? "(?:" : "("
            atom = open + alternation(depth: depth - 1) + ")"
        } else {
            atom = PatternGenerator.atoms[rng.next(below: PatternGenerator.atoms.count)]
        }
        if rng.next(below: 3) == 0 {
            atom += PatternGenerator.quantifiers[rng.next(below: PatternGenerator.quantifiers.count)]
        }
        return atom
    }
}
