import Testing
@testable import NotebookFormat

@Suite struct DiagnosticRendererTests {
    func renderer(_ text: String, color: Bool = false) -> DiagnosticRenderer {
        var sources = SourceFiles()
        sources.add(SourceFile(path: "nb.yaml", text: text))
        return DiagnosticRenderer(sources: sources, color: color)
    }

    @Test func errorWithExcerptAndCaret() {
        let text = "folio: 1\ntitle: x\ncells:\n  - code: x\n    captoin: y\n"
        let diagnostic = Diagnostic.error("unknown key `captoin`", at: SourceLocation(file: "nb.yaml", line: 5, column: 5))
        #expect(renderer(text).render(diagnostic) == """
        nb.yaml:5:5: error: unknown key `captoin`
            captoin: y
            ^

        """)
    }

    @Test func notesFollowInTheSameShape() {
        let text = "title: a\ntitle: b\n"
        let diagnostic = Diagnostic.error("duplicate key `title`", at: SourceLocation(file: "nb.yaml", line: 2, column: 1),
                                          notes: [Diagnostic(.note, "`title` is first defined here", at: SourceLocation(file: "nb.yaml", line: 1, column: 1))])
        #expect(renderer(text).render(diagnostic) == """
        nb.yaml:2:1: error: duplicate key `title`
        title: b
        ^
        nb.yaml:1:1: note: `title` is first defined here
        title: a
        ^

        """)
    }

    @Test func caretAlignsAfterTabsAndWideCharacters() {
        let text = "code: |\n  \tx = \"円¥😀\" + é\n"
        // `+` is column 14: two spaces, tab, `x = "`, 円 ¥ 😀, `" `.
        let diagnostic = Diagnostic.error("bad operand", at: SourceLocation(file: "nb.yaml", line: 2, column: 14))
        let lines = renderer(text).render(diagnostic).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "  \tx = \"円¥😀\" + é")
        // Tabs copied; `x = "` five cells, 円 two, ¥ one, 😀 two, `" ` two.
        let expected = "  \t" + "     " + "  " + " " + "  " + "  " + "^"
        #expect(lines[2] == expected)
    }

    @Test func combiningMarksTakeNoCell() {
        #expect(DiagnosticRenderer.caretPadding(line: "e\u{301}x", column: 3) == " ")
        #expect(DiagnosticRenderer.displayWidth("円") == 2)
        #expect(DiagnosticRenderer.displayWidth("a") == 1)
    }

    @Test func columnPastTheLineEnd() {
        let diagnostic = Diagnostic.error("expected a value", at: SourceLocation(file: "nb.yaml", line: 1, column: 7))
        #expect(renderer("title:\n").render(diagnostic) == "nb.yaml:1:7: error: expected a value\ntitle:\n      ^\n")
    }

    @Test func withoutSourceOrLocation() {
        let unknownFile = Diagnostic.error("boom", at: SourceLocation(file: "other.csv", line: 3, column: 2))
        #expect(renderer("").render(unknownFile) == "other.csv:3:2: error: boom\n")
        #expect(renderer("").render(Diagnostic.error("no place", at: nil)) == "error: no place\n")
        let pastEnd = Diagnostic.error("late", at: SourceLocation(file: "nb.yaml", line: 9, column: 1))
        #expect(renderer("a\n").render(pastEnd) == "nb.yaml:9:1: error: late\n")
    }

    @Test func colorOnlyWhenAsked() {
        let diagnostic = Diagnostic.error("bad", at: SourceLocation(file: "nb.yaml", line: 1, column: 1))
        let plain = renderer("x\n").render(diagnostic)
        #expect(!plain.contains("\u{1B}"))
        let colored = renderer("x\n", color: true).render(diagnostic)
        #expect(colored == "\u{1B}[1mnb.yaml:1:1:\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m \u{1B}[1mbad\u{1B}[0m\nx\n\u{1B}[1;32m^\u{1B}[0m\n")
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        let diagnostic = Diagnostic.error("unknown key `a\u{1B}[2Jb`", at: SourceLocation(file: "nb.yaml", line: 1, column: 5))
        let rendered = renderer("x\u{1B}[2J: 1\n").render(diagnostic)
        #expect(!rendered.contains("\u{1B}"))
        #expect(rendered == "nb.yaml:1:5: error: unknown key `a\\u{1B}[2Jb`\nx\u{FFFD}[2J: 1\n    ^\n")
    }

    @Test func longLinesShowAWindowAroundTheColumn() {
        let line = String(repeating: "a", count: 1000) + "X" + String(repeating: "b", count: 1000)
        let diagnostic = Diagnostic.error("here", at: SourceLocation(file: "nb.yaml", line: 1, column: 1001))
        let lines = renderer(line + "\n").render(diagnostic).split(separator: "\n")
        #expect(lines[1].unicodeScalars.count == DiagnosticRenderer.maxExcerpt + 2)
        #expect(lines[1].hasPrefix("…"))
        #expect(lines[1].hasSuffix("…"))
        let caret = lines[2].unicodeScalars.count - 1
        #expect(Array(lines[1].unicodeScalars)[caret] == "X")
        // Near the start: no leading mark, caret in place.
        let early = Diagnostic.error("here", at: SourceLocation(file: "nb.yaml", line: 1, column: 3))
        let earlyLines = renderer(line + "\n").render(early).split(separator: "\n")
        #expect(earlyLines[1].hasPrefix("aaa"))
        #expect(earlyLines[2] == "  ^")
    }

    @Test func crlfLinesShowWithoutCarriageReturn() {
        let diagnostic = Diagnostic.error("bad", at: SourceLocation(file: "nb.yaml", line: 2, column: 3))
        #expect(renderer("a: 1\r\nbb: 2\r\n").render(diagnostic) == "nb.yaml:2:3: error: bad\nbb: 2\n  ^\n")
    }

    @Test func rendersLoaderErrorsEndToEnd() throws {
        let text = "folio: 1\ntitle: x\ncells:\n  - code: |\n      x = 1\n    ehco: false\n"
        var sources = SourceFiles()
        sources.add(SourceFile(path: "nb.yaml", text: text))
        do {
            _ = try NotebookLoader.load(bytes: Array(text.utf8), file: "nb.yaml")
            Issue.record("loaded")
        } catch {
            #expect(DiagnosticRenderer(sources: sources).render(error) == """
            nb.yaml:6:5: error: unknown key `ehco` in cell 1; did you mean `echo`?
                ehco: false
                ^

            """)
        }
    }
}
