import Testing
@testable import NotebookFormat

/// Every scalar in `yaml`, depth first, in file order.
func allScalars(_ node: YAMLNode) -> [YAMLScalar] {
    switch node.content {
    case .scalar(let scalar): return [scalar]
    case .sequence(let items): return items.flatMap(allScalars)
    case .mapping(let pairs): return pairs.flatMap { allScalars($0.key) + allScalars($0.value) }
    }
}

/// The character at a 1-based line and column of the file; a line break past the end.
func character(in source: SourceFile, line: Int, column: Int) -> Unicode.Scalar? {
    guard let text = source.line(line) else { return nil }
    let scalars = Array(text.unicodeScalars)
    if column - 1 < scalars.count { return scalars[column - 1] }
    return column - 1 == scalars.count ? "\n" : nil
}

/// The offset-map property: every value character maps to a file position holding
/// that same character, except characters the scalar style synthesizes (folded spaces
/// and line breaks map to a break or blank; escapes map to their backslash; `''` to a
/// quote).
func checkMap(_ yaml: String, file: String = "t.yaml", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let source = SourceFile(path: file, text: yaml)
    let (root, _) = try YAMLParser().parse(source)
    for scalar in allScalars(root) {
        let mapped = ScalarScanner.exactSourceText(for: scalar, in: source)
        #expect(mapped != nil, "re-scan differs from libyaml for \(scalar.style) \(String(reflecting: scalar.value))",
                sourceLocation: sourceLocation)
        guard let text = mapped else { continue }
        var offset = 0
        for valueScalar in scalar.value.unicodeScalars {
            let location = text.location(utf8Offset: offset)
            let fileScalar = character(in: source, line: location.line, column: location.column)
            let ok: Bool
            if fileScalar == valueScalar {
                ok = true
            } else if valueScalar == " " || valueScalar == "\n" || valueScalar == "\u{2028}" || valueScalar == "\u{2029}" {
                ok = fileScalar == "\n" || fileScalar == " " || fileScalar == "\t" || fileScalar == "\\"
            } else {
                ok = (scalar.style == .doubleQuoted && fileScalar == "\\") || (scalar.style == .singleQuoted && fileScalar == "'")
            }
            #expect(ok, "value char \(String(reflecting: String(valueScalar))) at offset \(offset) of \(String(reflecting: scalar.value)) maps to \(location) holding \(String(reflecting: fileScalar.map { String($0) }))",
                    sourceLocation: sourceLocation)
            offset += String(valueScalar).utf8.count
        }
    }
}

/// The file position of the first occurrence of `needle` in `scalar`'s value.
func mappedLocation(of needle: String, inValueOf key: String, yaml: String) throws -> NotebookFormat.SourceLocation {
    let source = SourceFile(path: "t.yaml", text: yaml)
    let (root, _) = try YAMLParser().parse(source)
    guard case .mapping(let pairs) = root.content,
          let pair = pairs.first(where: { $0.key.scalar?.value == key }),
          let scalar = pair.value.scalar else { throw MapTestError.noSuchKey }
    let text = try #require(ScalarScanner.exactSourceText(for: scalar, in: source))
    guard let offset = utf8Offset(of: needle, in: text.text) else { throw MapTestError.noSuchText }
    return text.location(utf8Offset: offset)
}

/// The UTF-8 offset of the first occurrence of `needle` in `text`.
func utf8Offset(of needle: String, in text: String) -> Int? {
    let haystack = Array(text.utf8)
    let pattern = Array(needle.utf8)
    guard !pattern.isEmpty, pattern.count <= haystack.count else { return nil }
    for start in 0...(haystack.count - pattern.count) where haystack[start..<start + pattern.count].elementsEqual(pattern) {
        return start
    }
    return nil
}

enum MapTestError: Error { case noSuchKey, noSuchText }

@Suite struct ScalarScannerTests {
    @Test func literalBlock() throws {
        try checkMap("""
        code: |
          x = 1
          y = "円¥" + x

            indented more
          tail
        other: 1
        """)
        let location = try mappedLocation(of: "+ x", inValueOf: "code", yaml: "code: |\n  x = 1\n  y = \"円¥\" + x\n")
        #expect(location.line == 3)
        #expect(location.column == 12)
    }

    @Test func literalChompingAndIndicators() throws {
        try checkMap("a: |-\n  one\n  two\n\n\nb: |+\n  keep\n\n\nc: |2\n    four spaces\n  two\nd: |1-\n  x\n")
        try checkMap("- |2\n   x\n  y\n- >-\n  folded\n  text\n")
        try checkMap("top:\n  inner: |3\n      deeper\n     base\n")
        try checkMap("|\n  a whole document\n  block\n")
        try checkMap("k: |  # comment after the header\n  body\n")
    }

    @Test func literalLeadingBlankLinesAndTabs() throws {
        try checkMap("code: |\n\n  \n  first\n  \tindented with a tab\n  a\tb\n")
        let location = try mappedLocation(of: "b", inValueOf: "code", yaml: "code: |\n\n  \n  first\n  a\tb\n")
        #expect(location.line == 5)
        #expect(location.column == 5)
    }

    @Test func foldedBlock() throws {
        try checkMap("text: >\n  one\n  two\n\n  three\n    more indented\n  back\n\n\n  end\n")
        let location = try mappedLocation(of: "three", inValueOf: "text", yaml: "text: >\n  one\n  two\n\n  three\n")
        #expect(location.line == 5)
        #expect(location.column == 3)
    }

    @Test func plainMultiLine() throws {
        try checkMap("k: a plain\n  scalar  over\n\n   lines ¥円 😀 end\nnext: v\n")
        try checkMap("- [one two, three\n   four]\n- {a: b c\n    d}\n")
        let location = try mappedLocation(of: "😀 end", inValueOf: "k", yaml: "k: a plain\n  scalar  over\n\n   lines ¥円 😀 end\n")
        #expect(location.line == 4)
        #expect(location.column == 13)
    }

    @Test func singleQuoted() throws {
        try checkMap("k: 'it''s ''quoted'' ¥'\nm: 'folded\n   over\n\n   lines '' end'\n")
        let location = try mappedLocation(of: "quoted", inValueOf: "k", yaml: "k: 'it''s ''quoted'' ¥'\n")
        #expect(location.column == 13)
    }

    @Test func doubleQuotedEscapes() throws {
        try checkMap(#"""
        k: "tab\there \"q\" \\ \x41\u00e9\U0001F600 é円 end"
        m: "escaped \
           break and
           fold\n\
           \ lead"
        n: "\0\a\b\v\f\r\e\ \/\N\_\L\P."
        """#)
        let yaml = #"k: "a\u00e9b\x41 end""# + "\n"
        let location = try mappedLocation(of: "b", inValueOf: "k", yaml: yaml)
        #expect(location.column == 12)
        let escape = try mappedLocation(of: "é", inValueOf: "k", yaml: yaml)
        #expect(escape.column == 6)
        let end = try mappedLocation(of: "end", inValueOf: "k", yaml: yaml)
        #expect(end.column == 18)
    }

    @Test func crlfFiles() throws {
        let yaml = "code: |\r\n  x = 1\r\n  y = x\r\n\r\n  z\r\ntext: >\r\n  a\r\n  b\r\nq: \"a\r\n  b\"\r\np: one\r\n  two\r\n"
        try checkMap(yaml)
        let location = try mappedLocation(of: "y", inValueOf: "code", yaml: yaml)
        #expect(location.line == 3)
        #expect(location.column == 3)
    }

    @Test func propertiesBeforeScalar() throws {
        try checkMap("a: &x |\n  anchored\nb: !!str 'tagged'\nc: *x\nd: &y !!str\n  plain on next line\n")
    }

    @Test func explicitIndentUnderAnAnchoredCollection() throws {
        try checkMap("a: &s\n  - |1\n    x\n     y\nb: &m\n  k: |2\n      deep\n")
    }

    @Test func fallbackAlignmentStaysNearTheText() throws {
        // A scalar whose recorded parent indentation is wrong on purpose: the exact
        // re-scan fails for every candidate only if the value is not in the file, so
        // check the fallback directly.
        let source = SourceFile(path: "t.yaml", text: "k: |\n  abc\n  de\n")
        let (root, _) = try YAMLParser().parse(source)
        guard case .mapping(let pairs) = root.content, var scalar = pairs.first?.value.scalar else {
            Issue.record("no scalar")
            return
        }
        scalar.parentIndent = 5
        let text = ScalarScanner.aligned(scalar, in: source)
        #expect(text.location(utf8Offset: 0) == SourceLocation(file: "t.yaml", line: 2, column: 3))
        #expect(text.location(utf8Offset: 4) == SourceLocation(file: "t.yaml", line: 3, column: 3))
    }

    @Test func nonASCIIBeforeOffsetCountsOneColumnEach() throws {
        let yaml = "code: |\n  ¥円😀 = bad\n"
        let location = try mappedLocation(of: "bad", inValueOf: "code", yaml: yaml)
        #expect(location.line == 2)
        #expect(location.column == 9)
    }
}

/// Deterministic generator for the randomized map tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct RandomizedScalarMapTests {
    static let alphabet: [String] = ["a", "b", "x", "1", "=", "(", ")", "¥", "円", "😀", "é", " ", " ", "\t", "'", "\"", "\\", "#", ":", "-", "%"]

    func line(_ rng: inout SplitMix64, maxLength: Int = 12) -> String {
        let length = Int.random(in: 0...maxLength, using: &rng)
        return (0..<length).map { _ in Self.alphabet.randomElement(using: &rng) ?? "a" }.joined()
    }

    /// A block scalar body: lines indented by `indent` plus random extra spaces;
    /// content never starts with a tab right at the indentation (YAML forbids it
    /// only before the indentation is known, so keep the first line safe).
    func blockLines(_ rng: inout SplitMix64, indent: Int) -> [String] {
        let count = Int.random(in: 1...6, using: &rng)
        return (0..<count).map { index in
            if Bool.random(using: &rng), index > 0, Int.random(in: 0...3, using: &rng) == 0 { return "" }
            let extra = index == 0 ? 0 : Int.random(in: 0...2, using: &rng)
            var text = line(&rng)
            if index == 0 { text = "k" + text }
            return String(repeating: " ", count: indent + extra) + text
        }
    }

    @Test(arguments: ["\n", "\r\n"])
    func literalAndFoldedBlocks(newline: String) throws {
        var rng = SplitMix64(state: 2026)
        for _ in 0..<150 {
            let indicator = ["|", ">", "|-", ">+", "|2", ">1-"].randomElement(using: &rng) ?? "|"
            // An indentation indicator counts from the enclosing mapping's column (4).
            let explicit = indicator.unicodeScalars.compactMap { Int(String($0)) }.first ?? 0
            let lines = blockLines(&rng, indent: explicit > 0 ? 4 + explicit : 6)
            let yaml = "cells:\n  - code: \(indicator)\n" + lines.joined(separator: "\n") + "\n    id: z\n"
            do {
                try checkMap(yaml.replacingAll("\n", with: newline))
            } catch {
                Issue.record("\(error) in \(String(reflecting: yaml))")
            }
        }
    }

    @Test(arguments: ["\n", "\r\n"])
    func doubleQuoted(newline: String) throws {
        var rng = SplitMix64(state: 7)
        let escapes = ["\\n", "\\t", "\\\\", "\\\"", "\\u00e9", "\\x41", "\\U0001F600", "\\ ", "\\/", "\\\n   "]
        for _ in 0..<150 {
            var body = ""
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                switch Int.random(in: 0...4, using: &rng) {
                case 0: body += escapes.randomElement(using: &rng) ?? "\\n"
                case 1: body += "\n" + String(repeating: " ", count: Int.random(in: 1...4, using: &rng))
                case 2: body += "\n\n   "
                default: body += line(&rng).replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
                }
            }
            try checkMap(("k: \"" + body + "\"\nz: 1\n").replacingAll("\n", with: newline))
        }
    }

    @Test func singleQuoted() throws {
        var rng = SplitMix64(state: 11)
        for _ in 0..<150 {
            var body = ""
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                switch Int.random(in: 0...3, using: &rng) {
                case 0: body += "\n" + String(repeating: " ", count: Int.random(in: 1...4, using: &rng))
                case 1: body += "\n\n  "
                default: body += line(&rng).replacingAll("'", with: "''")
                }
            }
            try checkMap("- '" + body + "'\n- z\n")
        }
    }

    @Test func plainMultiLine() throws {
        var rng = SplitMix64(state: 5)
        let safe = ["a", "b", "x", "1", "=", "(", ")", "¥", "円", "😀", "é", "-", "%", "'", "\""]
        for _ in 0..<150 {
            var text = "p" + (safe.randomElement(using: &rng) ?? "a")
            for _ in 0..<Int.random(in: 1...10, using: &rng) {
                switch Int.random(in: 0...5, using: &rng) {
                case 0: text += "\n" + String(repeating: " ", count: Int.random(in: 2...5, using: &rng))
                case 1: text += "\n\n  "
                case 2: text += " " + String(repeating: " ", count: Int.random(in: 0...2, using: &rng))
                case 3: text += "\t"
                default: text += safe.randomElement(using: &rng) ?? "a"
                }
            }
            text += "z"
            try checkMap("key: " + text + "\nnext: 1\n")
        }
    }
}

/// `SourceText.location(utf8Offset:)` on long runs, which get checkpoints: every offset
/// of a long mixed ASCII / non-ASCII line, and of several lines, maps where counting
/// from the run's start says (a cell of one long line took time quadratic in its length
/// to compile before: the interpreter fuzzer's slow units, docs/RELIABILITY.md).
@Suite struct SourceTextCheckpointTests {
    /// The reference: count scalars from the run's start, no checkpoints.
    func naive(_ text: String, _ offset: Int, line: Int, column: Int) -> NotebookFormat.SourceLocation {
        var scalars = 0
        for (i, byte) in text.utf8.enumerated() where i < offset && byte & 0xC0 != 0x80 { scalars += 1 }
        return NotebookFormat.SourceLocation(file: "f.yaml", line: line, column: column + scalars)
    }

    @Test func everyOffsetOfALongLineMapsAsWithoutCheckpoints() {
        let text = String(repeating: "ab é 日本 x + 𝛑 ", count: 120)
        let mapped = SourceText(text: text, file: "f.yaml", segments: [.init(utf8Offset: 0, line: 3, column: 12)])
        #expect(mapped.segments.count > text.utf8.count / (SourceText.checkpointBytes * 2))
        let utf8 = Array(text.utf8)
        for offset in 0...utf8.count where offset == utf8.count || utf8[offset] & 0xC0 != 0x80 {
            #expect(mapped.location(utf8Offset: offset) == naive(text, offset, line: 3, column: 12), "offset \(offset)")
        }
        #expect(mapped.location(utf8Offset: utf8.count + 5).column == naive(text, utf8.count, line: 3, column: 12).column + 5)
    }

    @Test func checkpointsStayInsideTheirRun() {
        // Two runs (two lines of a block scalar): the second run's positions come from
        // its own start, never from a checkpoint of the first.
        let first = String(repeating: "é", count: 400) + "\n"
        let second = String(repeating: "x", count: 700)
        let mapped = SourceText(text: first + second, file: "f.yaml",
                                segments: [.init(utf8Offset: 0, line: 2, column: 5), .init(utf8Offset: first.utf8.count, line: 3, column: 5)])
        #expect(mapped.location(utf8Offset: 2 * 399) == NotebookFormat.SourceLocation(file: "f.yaml", line: 2, column: 5 + 399))
        #expect(mapped.location(utf8Offset: first.utf8.count + 650) == NotebookFormat.SourceLocation(file: "f.yaml", line: 3, column: 5 + 650))
    }
}
