import Testing
@testable import NotebookFormat

/// The diagnostics loading `yaml` gives (empty when it loads).
func loadDiagnostics(_ yaml: String, file: String = "nb.yaml") -> [Diagnostic] {
    do {
        _ = try NotebookLoader.load(bytes: Array(yaml.utf8), file: file)
        return []
    } catch {
        return error.diagnostics
    }
}

/// Expects exactly one error at `line`:`column` whose message contains `fragment`.
func expectOneError(_ yaml: String, line: Int, column: Int, _ fragment: String,
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let diagnostics = loadDiagnostics(yaml)
    #expect(diagnostics.count == 1, "got \(diagnostics)", sourceLocation: sourceLocation)
    guard let diagnostic = diagnostics.first else { return }
    #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
    #expect(diagnostic.location == SourceLocation(file: "nb.yaml", line: line, column: column),
            "\(diagnostic)", sourceLocation: sourceLocation)
    #expect(diagnostic.message.contains(fragment), "\(diagnostic.message)", sourceLocation: sourceLocation)
}

let validHeader = "folio: 1\ntitle: Budget\n"
let oneCell = "cells:\n  - code: |\n      x = 1\n"

@Suite struct NotebookLoaderTests {
    @Test func loadsAFullNotebook() throws {
        let yaml = """
        folio: 1
        title: Defense budgets
        subtitle: "2025–2030"
        author: A. Analyst
        date: 2026-11-25
        description: >
          Long text
          folded.
        params:
          start: 2025
          growth: 2.5e-2
          label: 'FY'
          show: true
          years: [2025, 2030]
          big: 1_000_000
        data:
          budgets: data/budgets.csv
        cells:
          - markdown: |
              # Intro ¥円
          - id: totals
            code: |
              t = budgets
              show(t)
            caption: Totals
            echo: false
            export: totals.csv
        """
        let notebook = try NotebookLoader.load(bytes: Array(yaml.utf8), file: "nb.yaml")
        #expect(notebook.title == "Defense budgets")
        #expect(notebook.subtitle == "2025–2030")
        #expect(notebook.date == "2026-11-25")
        #expect(notebook.description == "Long text folded.\n")
        #expect(notebook.params.map(\.name) == ["start", "growth", "label", "show", "years", "big"])
        #expect(notebook.params.map(\.value) == [.number(2025), .number(0.025), .string("FY"), .bool(true),
                                                 .list([.number(2025), .number(2030)]), .number(1_000_000)])
        #expect(notebook.params[0].location == SourceLocation(file: "nb.yaml", line: 10, column: 3))
        #expect(notebook.params[0].valueLocation == SourceLocation(file: "nb.yaml", line: 10, column: 10))
        #expect(notebook.data == [DataSource(name: "budgets", path: "data/budgets.csv",
                                             location: SourceLocation(file: "nb.yaml", line: 17, column: 3),
                                             pathLocation: SourceLocation(file: "nb.yaml", line: 17, column: 12))])
        #expect(notebook.cells.count == 2)
        #expect(notebook.cells[0].id == "cell-1")
        #expect(notebook.cells[0].kind == .markdown)
        #expect(notebook.cells[0].source.text == "# Intro ¥円\n")
        let cell = notebook.cells[1]
        #expect(cell.id == "totals")
        #expect(cell.kind == .code)
        #expect(cell.source.text == "t = budgets\nshow(t)\n")
        #expect(cell.caption == "Totals")
        #expect(cell.echo == false)
        #expect(cell.export == "totals.csv")
        #expect(cell.exportLocation == SourceLocation(file: "nb.yaml", line: 27, column: 13))
        #expect(cell.location == SourceLocation(file: "nb.yaml", line: 21, column: 5))
        // `show` on line 24, column 7 of the file.
        #expect(cell.source.location(utf8Offset: 12) == SourceLocation(file: "nb.yaml", line: 24, column: 7))
        #expect(notebook.sourceFile?.line(24) == "      show(t)")
    }

    @Test func missingFileIsOneDiagnosticAtLineOne() {
        #expect(throws: DiagnosticList.self) { try NotebookLoader.load(path: "/nonexistent/folio/nb.yaml") }
        do {
            _ = try NotebookLoader.load(path: "/nonexistent/folio/nb.yaml")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics.first?.location == SourceLocation(file: "/nonexistent/folio/nb.yaml", line: 1, column: 1))
            #expect(error.diagnostics.first?.message.contains("/nonexistent/folio/nb.yaml") == true)
        }
    }

    @Test func directoryIsReported() {
        do {
            _ = try NotebookLoader.load(path: "/tmp")
            Issue.record("loaded a directory")
        } catch {
            #expect(error.diagnostics.first?.message.contains("directory") == true)
        }
    }

    @Test func loadsFromDiskAndRecordsTheSource() throws {
        let path = "/tmp/folio-format-test-\(UInt32.random(in: 0...UInt32.max)).yaml"
        let yaml = validHeader + "cells:\n  - code: |\n      y = z\n  - bogus: 1\n"
        try writeFile(path, yaml)
        var sources = SourceFiles()
        #expect(throws: DiagnosticList.self) { try NotebookLoader.load(path: path, sources: &sources) }
        #expect(sources[path]?.line(6) == "  - bogus: 1")
    }

    // MARK: one test per error class

    @Test func rootMustBeAMapping() {
        expectOneError("- a\n- b\n", line: 1, column: 1, "a notebook is a mapping")
    }

    @Test func missingRequiredKeys() {
        let diagnostics = loadDiagnostics("author: me\n")
        #expect(diagnostics.count == 3)
        #expect(diagnostics.allSatisfy { $0.location == SourceLocation(file: "nb.yaml", line: 1, column: 1) })
        #expect(diagnostics.map(\.message).joined(separator: "|").contains("`folio: 1`"))
        #expect(diagnostics.map(\.message).joined(separator: "|").contains("`title`"))
        #expect(diagnostics.map(\.message).joined(separator: "|").contains("`cells`"))
    }

    @Test func formatVersion() {
        expectOneError("folio: 2\ntitle: x\n" + oneCell, line: 1, column: 8, "unsupported notebook format version `2`")
        expectOneError("folio: \"1\"\ntitle: x\n" + oneCell, line: 1, column: 8, "must be the integer 1")
        expectOneError("folio: 1.5\ntitle: x\n" + oneCell, line: 1, column: 8, "must be the integer 1, found `1.5`")
    }

    @Test func stringFields() {
        expectOneError("folio: 1\ntitle: [a, b]\n" + oneCell, line: 2, column: 8, "`title` must be a string, found a list")
        expectOneError("folio: 1\ntitle:\n" + oneCell, line: 2, column: 7, "`title` has no value")
        expectOneError(validHeader + "author: {a: 1}\n" + oneCell, line: 3, column: 9, "`author` must be a string")
        // Plain scalars of other types read as their text.
        #expect(loadDiagnostics("folio: 1\ntitle: 2027\ndate: 2026-11-25\nauthor: true\n" + oneCell).isEmpty)
        // An empty optional field is simply absent.
        #expect(loadDiagnostics(validHeader + "subtitle:\n" + oneCell).isEmpty)
    }

    @Test func unknownTopLevelKeySuggests() {
        expectOneError(validHeader + "titel: x\n" + oneCell, line: 3, column: 1, "unknown key `titel`")
        expectOneError(validHeader + "parms:\n  a: 1\n" + oneCell, line: 3, column: 1, "did you mean `params`?")
        expectOneError(validHeader + "zzzzzz: 1\n" + oneCell, line: 3, column: 1, "expected one of `folio`")
    }

    @Test func unknownCellKeySuggests() {
        expectOneError(validHeader + "cells:\n  - code: x\n    captoin: Totals\n", line: 5, column: 5,
                       "unknown key `captoin` in cell 1; did you mean `caption`?")
        expectOneError(validHeader + "cells:\n  - code: x\n    <<: {}\n", line: 5, column: 5, "merge keys are not supported")
    }

    @Test func keysMustBeScalars() {
        expectOneError(validHeader + "[a]: 1\n" + oneCell, line: 3, column: 1, "a key must be a plain name, not a list")
    }

    @Test func unsupportedTags() {
        expectOneError("folio: 1\ntitle: !custom x\n" + oneCell, line: 2, column: 8, "unsupported tag `!custom`")
        expectOneError(validHeader + "params:\n  x: !!int abc\n" + oneCell, line: 4, column: 6, "`abc` is not an integer")
        #expect(loadDiagnostics(validHeader + "params:\n  x: !!str 42\n  y: !!float 2\n" + oneCell).isEmpty)
    }

    @Test func duplicateKeys() {
        let diagnostics = loadDiagnostics(validHeader + "title: again\n" + oneCell)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location == SourceLocation(file: "nb.yaml", line: 3, column: 1))
        #expect(diagnostics.first?.message.contains("duplicate key `title`") == true)
        #expect(diagnostics.first?.notes.first?.location == SourceLocation(file: "nb.yaml", line: 2, column: 1))
        expectOneError(validHeader + "params:\n  a: 1\n  b: 2\n  a: 3\n" + oneCell, line: 6, column: 3, "duplicate key `a`")
    }

    @Test func params() {
        expectOneError(validHeader + "params: [1]\n" + oneCell, line: 3, column: 9, "`params` must be a mapping")
        expectOneError(validHeader + "params:\n  x:\n" + oneCell, line: 4, column: 5, "parameter `x` has no value")
        expectOneError(validHeader + "params:\n  x: ~\n" + oneCell, line: 4, column: 6, "parameter `x` has no value")
        expectOneError(validHeader + "params:\n  x: .inf\n" + oneCell, line: 4, column: 6, "infinite")
        expectOneError(validHeader + "params:\n  x: .nan\n" + oneCell, line: 4, column: 6, "NaN")
        expectOneError(validHeader + "params:\n  x: 1e400\n" + oneCell, line: 4, column: 6, "too large")
        expectOneError(validHeader + "params:\n  x: 12345678901234567891\n" + oneCell, line: 4, column: 6, "2^53")
        expectOneError(validHeader + "params:\n  x: {a: 1}\n" + oneCell, line: 4, column: 6, "found a mapping")
        expectOneError(validHeader + "params:\n  x: [1, [2]]\n" + oneCell, line: 4, column: 10, "not a list")
        expectOneError(validHeader + "params:\n  x: [1, ~]\n" + oneCell, line: 4, column: 10, "has no value")
        expectOneError(validHeader + "params:\n  x: !!binary AA==\n" + oneCell, line: 4, column: 6, "unsupported tag `!!binary`")
    }

    @Test func percentParametersAreNumbers() throws {
        let yaml = validHeader + "params:\n  growth: 2.5%\n  label: '2.5%'\n  rates: [1%, 2.5%]\n" + oneCell
        let notebook = try NotebookLoader.load(bytes: Array(yaml.utf8), file: "nb.yaml")
        #expect(notebook.params[0].value == .number(0.025))
        #expect(notebook.params[1].value == .string("2.5%"))
        #expect(notebook.params[2].value == .list([.number(0.01), .number(0.025)]))
        #expect(notebook.warnings.isEmpty)
    }

    @Test func likelyMistypedParametersWarn() throws {
        let yaml = validHeader + "params:\n  growth: 2.5\n  show: yes\n  off_: 'off'\n  label: FY\n" + oneCell
        let notebook = try NotebookLoader.load(bytes: Array(yaml.utf8), file: "nb.yaml")
        #expect(notebook.params[1].value == .string("yes"))
        #expect(notebook.warnings.count == 1)
        #expect(notebook.warnings.first?.severity == .warning)
        #expect(notebook.warnings.first?.location == SourceLocation(file: "nb.yaml", line: 5, column: 9))
        #expect(notebook.warnings.first?.message.contains("write `true` for a bool") == true)
        // Warnings travel with errors when the notebook fails.
        let failing = loadDiagnostics(validHeader + "params:\n  show: no\n")
        #expect(failing.map(\.severity) == [.error, .warning])
    }

    @Test func percentParametersKeepHowTheyWereWritten() throws {
        let yaml = validHeader + "params:\n  growth: 2.50%\n  label: '2.5%'\n  rates: [1%, 0.02, 1_000%]\n  plain: [1, 2]\n  rate: 0.5\n" + oneCell
        let notebook = try NotebookLoader.load(bytes: Array(yaml.utf8), file: "nb.yaml")
        #expect(notebook.params.map(\.notation) == [.percent("2.50%"), .general, .list([.percent("1%"), .general, .percent("1_000%")]),
                                                    .general, .general])
        #expect(notebook.params[2].value == .list([.number(0.01), .number(0.02), .number(10)]))
    }

    /// YAML 1.1 bool words, in any case, warn at the scalar's own line and column; they
    /// stay strings. Quoted or tagged ones, `y`/`n` and other words do not warn.
    @Test func boolLookingParameterWordsWarnAtTheirPosition() throws {
        let yaml = validHeader + "params:\n  a: YES\n  b:   Off\n  c: [on, 'no', nO]\n  d: !!str yes\n  e: \"off\"\n  f: y\n  g: onward\n" + oneCell
        let notebook = try NotebookLoader.load(bytes: Array(yaml.utf8), file: "nb.yaml")
        #expect(notebook.params.map(\.value) == [.string("YES"), .string("Off"), .list([.string("on"), .string("no"), .string("nO")]),
                                                 .string("yes"), .string("off"), .string("y"), .string("onward")])
        #expect(notebook.warnings.map(\.severity) == [.warning, .warning, .warning, .warning])
        #expect(notebook.warnings.map(\.location) == [
            SourceLocation(file: "nb.yaml", line: 4, column: 6), SourceLocation(file: "nb.yaml", line: 5, column: 8),
            SourceLocation(file: "nb.yaml", line: 6, column: 7), SourceLocation(file: "nb.yaml", line: 6, column: 17),
        ])
        #expect(notebook.warnings.map(\.message) == [
            "parameter `a` is the string `YES` (YAML 1.1 would read a bool); write `true` for a bool, or quote it for a string",
            "parameter `b` is the string `Off` (YAML 1.1 would read a bool); write `false` for a bool, or quote it for a string",
            "an element of parameter `c` is the string `on` (YAML 1.1 would read a bool); write `true` for a bool, or quote it for a string",
            "an element of parameter `c` is the string `nO` (YAML 1.1 would read a bool); write `false` for a bool, or quote it for a string",
        ])
    }

    @Test func overridesKeepPercentsAndFindBoolWords() throws {
        let percent = try ParamValue.readOverride(" 2.5% ")
        #expect(percent.value == .number(0.025) && percent.notation == .percent("2.5%") && percent.boolLookingWords.isEmpty)
        let list = try ParamValue.readOverride("[1%, yes, 'off', 2]")
        #expect(list.value == .list([.number(0.01), .string("yes"), .string("off"), .number(2)]))
        #expect(list.notation == .list([.percent("1%"), .general, .general, .general]))
        #expect(list.boolLookingWords.map(\.text) == ["yes"] && list.boolLookingWords.map(\.yaml11) == [true])
        let word = try ParamValue.readOverride("OFF")
        #expect(word.value == .string("OFF") && word.boolLookingWords.map(\.yaml11) == [false])
        #expect(try ParamValue.readOverride("\"on\"").boolLookingWords.isEmpty)
        #expect(try ParamValue.readOverride("0.025").notation == .general)
        #expect(try ParamValue.readOverride("'2.5%'").value == .string("2.5%"))
    }

    @Test func paramNames() {
        expectOneError(validHeader + "params:\n  my-rate: 1\n" + oneCell, line: 4, column: 3, "`my-rate` is not an identifier")
        expectOneError(validHeader + "params:\n  2x: 1\n" + oneCell, line: 4, column: 3, "`2x` is not an identifier")
        expectOneError(validHeader + "params:\n  for: 1\n" + oneCell, line: 4, column: 3, "`for` is a keyword")
        expectOneError(validHeader + "data:\n  null: a.csv\n" + oneCell, line: 4, column: 3, "`null` is a keyword")
    }

    @Test func paramDataClash() {
        let diagnostics = loadDiagnostics(validHeader + "params:\n  t: 1\ndata:\n  t: t.csv\n" + oneCell)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location == SourceLocation(file: "nb.yaml", line: 6, column: 3))
        #expect(diagnostics.first?.message.contains("`t`") == true)
        #expect(diagnostics.first?.notes.first?.location == SourceLocation(file: "nb.yaml", line: 4, column: 3))
    }

    @Test func dataPaths() {
        expectOneError(validHeader + "data: x.csv\n" + oneCell, line: 3, column: 7, "`data` must be a mapping")
        expectOneError(validHeader + "data:\n  t: ''\n" + oneCell, line: 4, column: 6, "path of data table `t` is empty")
        expectOneError(validHeader + "data:\n  t: [a.csv]\n" + oneCell, line: 4, column: 6, "must be a string")
        #expect(loadDiagnostics(validHeader + "data:\n  t: ../shared/T.txt\n" + oneCell).isEmpty)
    }

    @Test func dataEntriesAsMappings() throws {
        let yaml = validHeader + """
            data:
              x: {path: data/sipri.xlsx, sheet: Constant (2023) US$, range: "a6:AK"}
              j: spend.JSONL
              q:
                path: spend.db
                query: |
                  -- the spending
                  SELECT country, usd FROM spend
            """ + "\n" + oneCell
        let notebook = try NotebookLoader.load(bytes: Array(yaml.utf8), file: "nb.yaml")
        #expect(notebook.data.map(\.kind) == [.xlsx, .jsonl, .sqlite])
        #expect(notebook.data[0].sheet == "Constant (2023) US$")
        #expect(notebook.data[0].range == DataSource.CellRange(firstColumn: 1, firstRow: 6, lastColumn: 37, lastRow: nil))
        #expect(notebook.data[0].rangeLocation == SourceLocation(file: "nb.yaml", line: 4, column: 65))
        #expect(notebook.data[2].query?.hasPrefix("-- the spending\nSELECT") == true)
        #expect(notebook.data[2].pathLocation == SourceLocation(file: "nb.yaml", line: 7, column: 11))
    }

    @Test func dataEntryErrorsArePositioned() {
        expectOneError(validHeader + "data:\n  t: {sheet: S}\n" + oneCell, line: 4, column: 6, "data table `t` has no `path`")
        expectOneError(validHeader + "data:\n  t: {path: a.xlsx, shet: S}\n" + oneCell, line: 4, column: 21, "unknown key `shet` in data table `t`; did you mean `sheet`?")
        expectOneError(validHeader + "data:\n  t: {path: a.xlsx, range: A3-F9}\n" + oneCell, line: 4, column: 28, "a range is two corners like `A3:F40`")
        expectOneError(validHeader + "data:\n  t: {path: a.xlsx, range: \"F3:A9\"}\n" + oneCell, line: 4, column: 28, "a range is two corners")
        expectOneError(validHeader + "data:\n  t: {path: a.csv, sheet: S}\n" + oneCell, line: 4, column: 27, "`sheet` of data table `t`: only an .xlsx workbook takes it")
        expectOneError(validHeader + "data:\n  t: {path: a.json, query: SELECT 1}\n" + oneCell, line: 4, column: 28, "only a SQLite database")
        expectOneError(validHeader + "data:\n  t: a.db\n" + oneCell, line: 4, column: 6, "needs a `query`")
        expectOneError(validHeader + "data:\n  t: {path: a.db, query: DELETE FROM x}\n" + oneCell, line: 4, column: 26, "must be one `SELECT`")
        expectOneError(validHeader + "data:\n  t: old.xls\n" + oneCell, line: 4, column: 6, "old binary Excel file")
    }

    @Test func cellRanges() {
        #expect(DataSource.CellRange("A1:XFD1048576") == DataSource.CellRange(firstColumn: 1, firstRow: 1, lastColumn: 16384, lastRow: 1_048_576))
        for bad in ["A0:B2", "A1:XFE2", "A1", "1:2", "A1:B2:C3", "A01:B2", "A1:B1048577", ":", "AAAA1:B2", "B2:A3", "A3:B2"] {
            #expect(DataSource.CellRange(bad) == nil, "\(bad)")
        }
        #expect(DataSource.CellRange("aa1:AB2") == DataSource.CellRange(firstColumn: 27, firstRow: 1, lastColumn: 28, lastRow: 2))
    }

    @Test func cellsShape() {
        expectOneError(validHeader + "cells: x\n", line: 3, column: 8, "`cells` must be a list")
        expectOneError(validHeader + "cells: []\n", line: 3, column: 8, "`cells` is empty")
        expectOneError(validHeader + "cells:\n  - just text\n", line: 4, column: 5, "cell 1 must be a mapping")
        expectOneError(validHeader + "cells:\n  - caption: x\n", line: 4, column: 5, "cell 1 has neither `markdown:` nor `code:`")
        let both = loadDiagnostics(validHeader + "cells:\n  - code: x\n    markdown: y\n")
        #expect(both.count == 1)
        #expect(both.first?.location == SourceLocation(file: "nb.yaml", line: 5, column: 5))
        #expect(both.first?.message.contains("both `code:` and `markdown:`") == true)
        #expect(both.first?.notes.first?.location == SourceLocation(file: "nb.yaml", line: 4, column: 5))
        expectOneError(validHeader + "cells:\n  - code: [x]\n", line: 4, column: 11, "`code:` of cell 1 must be a string")
        expectOneError(validHeader + "cells:\n  - markdown:\n", line: 4, column: 14, "`markdown:` of cell 1 is empty")
        #expect(loadDiagnostics(validHeader + "cells:\n  - code: |\n  - markdown: ''\n").isEmpty)
    }

    @Test func cellIDs() {
        expectOneError(validHeader + "cells:\n  - code: x\n    id: Intro\n", line: 5, column: 9, "cell id `Intro` must be")
        expectOneError(validHeader + "cells:\n  - code: x\n    id: 1st\n", line: 5, column: 9, "cell id `1st`")
        let duplicate = loadDiagnostics(validHeader + "cells:\n  - code: x\n    id: a\n  - code: y\n    id: a\n")
        #expect(duplicate.count == 1)
        #expect(duplicate.first?.location == SourceLocation(file: "nb.yaml", line: 7, column: 9))
        #expect(duplicate.first?.message.contains("duplicate cell id `a`") == true)
        #expect(duplicate.first?.notes.first?.location == SourceLocation(file: "nb.yaml", line: 5, column: 9))
        // An explicit id equal to a later cell's default id.
        let defaultClash = loadDiagnostics(validHeader + "cells:\n  - code: x\n    id: cell-2\n  - code: y\n")
        #expect(defaultClash.count == 1)
        #expect(defaultClash.first?.location == SourceLocation(file: "nb.yaml", line: 5, column: 9))
        #expect(defaultClash.first?.message.contains("default id of cell 2") == true)
        // ... and to an earlier one.
        let earlier = loadDiagnostics(validHeader + "cells:\n  - code: x\n  - code: y\n    id: cell-1\n")
        #expect(earlier.count == 1)
        #expect(earlier.first?.location == SourceLocation(file: "nb.yaml", line: 6, column: 9))
        #expect(earlier.first?.message.contains("duplicate cell id `cell-1`") == true)
    }

    @Test func echo() {
        expectOneError(validHeader + "cells:\n  - code: x\n    echo: yes\n", line: 5, column: 11, "`echo` of cell 1 must be `true` or `false`, found `yes`")
        expectOneError(validHeader + "cells:\n  - code: x\n    echo: 'false'\n", line: 5, column: 11, "must be `true` or `false`")
    }

    @Test func exports() {
        expectOneError(validHeader + "cells:\n  - code: x\n    export: out/t.csv\n", line: 5, column: 13, "without `/`")
        expectOneError(validHeader + "cells:\n  - code: x\n    export: t.xlsx\n", line: 5, column: 13, "must end with `.csv`")
        expectOneError(validHeader + "cells:\n  - code: x\n    export: ..csv\n", line: 5, column: 13, "`..`")
        expectOneError(validHeader + "cells:\n  - code: x\n    export: .csv\n", line: 5, column: 13, "must not start with `.`")
        let duplicate = loadDiagnostics(validHeader + "cells:\n  - code: x\n    export: t.csv\n  - code: y\n    export: T.csv\n")
        #expect(duplicate.count == 1)
        #expect(duplicate.first?.location == SourceLocation(file: "nb.yaml", line: 7, column: 13))
        #expect(duplicate.first?.notes.first?.location == SourceLocation(file: "nb.yaml", line: 5, column: 13))
        expectOneError(validHeader + "cells:\n  - code: x\n    export: cell-2.csv\n  - code: y\n", line: 5, column: 13,
                       "would overwrite the table file of cell `cell-2`")
        expectOneError(validHeader + "cells:\n  - code: x\n    export: cell-1-2.csv\n", line: 5, column: 13,
                       "table file 2 of cell `cell-1`")
        #expect(loadDiagnostics(validHeader + "cells:\n  - code: x\n    export: cell-1.csv\n").isEmpty)
        expectOneError(validHeader + "cells:\n  - markdown: x\n    export: t.csv\n", line: 5, column: 13, "needs a code cell")
    }

    @Test func collectsAllErrorsSortedByPosition() {
        let yaml = validHeader + """
        params:
          bad-name: 1
        cells:
          - code: x
            captoin: a
          - markdown: y
            echo: maybe
        extra: 1
        """
        let diagnostics = loadDiagnostics(yaml)
        #expect(diagnostics.map { $0.location?.line ?? 0 } == [4, 7, 9, 10])
    }

    @Test func aliasesResolve() throws {
        let yaml = validHeader + """
        params:
          years: &years [2025, 2030]
          again: *years
        cells:
          - code: &shared |
              x = 1
          - code: *shared
            id: b
        """
        let notebook = try NotebookLoader.load(bytes: Array(yaml.utf8), file: "nb.yaml")
        #expect(notebook.params[1].value == .list([.number(2025), .number(2030)]))
        #expect(notebook.params[1].valueLocation.line == 5)
        #expect(notebook.cells[1].source.text == "x = 1\n")
        // The aliased text maps to where it is written.
        #expect(notebook.cells[1].source.startLocation == SourceLocation(file: "nb.yaml", line: 8, column: 7))
    }

    @Test func unknownAlias() {
        expectOneError(validHeader + "params:\n  x: *nope\n" + oneCell, line: 4, column: 6, "unknown alias `*nope`")
    }

    @Test func aliasBombIsRefused() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let diagnostics = loadDiagnostics(yaml)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.contains("alias bomb") == true)
        #expect(diagnostics.first?.location?.line == 6)
    }

    @Test func multipleDocuments() {
        expectOneError(validHeader + oneCell + "---\ntitle: two\n", line: 6, column: 1, "a second YAML document")
        expectOneError(validHeader + oneCell + "...\n---\ntitle: two\n", line: 7, column: 1, "a second YAML document")
    }

    @Test func emptyFiles() {
        expectOneError("", line: 1, column: 1, "is empty")
        expectOneError("\n  \n", line: 1, column: 1, "is empty")
        expectOneError("# only\n# comments\n", line: 1, column: 1, "no content")
        expectOneError("---\n", line: 1, column: 1, "no content")
    }

    @Test func invalidUTF8() {
        var bytes = Array((validHeader + "cells:\n  - code: |\n      x = \"").utf8)
        bytes += [0xE5, 0x86]  // a cut-off 円
        bytes += Array("\"\n".utf8)
        do {
            _ = try NotebookLoader.load(bytes: bytes, file: "nb.yaml")
            Issue.record("loaded invalid UTF-8")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics.first?.location == SourceLocation(file: "nb.yaml", line: 5, column: 12))
            #expect(error.diagnostics.first?.message.contains("not valid UTF-8") == true)
        }
        do {
            _ = try NotebookLoader.load(bytes: [0xFF, 0xFE, 0x66, 0x00], file: "nb.yaml")
            Issue.record("loaded UTF-16")
        } catch {
            #expect(error.diagnostics.first?.message.contains("UTF-16") == true)
        }
    }

    @Test func controlCharacter() {
        expectOneError(validHeader + "author: a\u{7}b\n" + oneCell, line: 3, column: 10, "U+0007")
    }

    @Test func syntaxErrors() {
        let unclosed = loadDiagnostics(validHeader + "author: \"open\n" + oneCell)
        #expect(unclosed.count == 1)
        #expect(unclosed.first?.message.contains("YAML syntax error") == true)
        #expect(unclosed.first?.notes.first?.location == SourceLocation(file: "nb.yaml", line: 3, column: 9))
        expectOneError(validHeader + "cells:\n  - code: x\n   bad: indent\n", line: 5, column: 4, "YAML syntax error")
        expectOneError(validHeader + "cells:\n\t- code: x\n", line: 4, column: 1, "tab")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let yaml = "folio: 1\ntitle: x\nparams:\n  x: " + String(repeating: "[", count: 10_000) + "\n"
        let diagnostics = loadDiagnostics(yaml)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.contains("deeper than 500") == true)
        #expect(diagnostics.first?.location?.line == 4)
        // Deep but within the limit, balanced: loads as far as validation.
        let fine = "folio: 1\ntitle: x\nparams:\n  x: " + String(repeating: "[", count: 400) + String(repeating: "]", count: 400) + "\n" + oneCell
        let errors = loadDiagnostics(fine)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("not a list") == true)
    }

    @Test func crlfNotebook() throws {
        let yaml = "folio: 1\r\ntitle: x\r\ncells:\r\n  - code: |\r\n      a = 1\r\n      b = ¥\r\n    captoin: y\r\n"
        let diagnostics = loadDiagnostics(yaml)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location == SourceLocation(file: "nb.yaml", line: 7, column: 5))
        let fixed = yaml.replacingAll("captoin", with: "caption")
        let notebook = try NotebookLoader.load(bytes: Array(fixed.utf8), file: "nb.yaml")
        #expect(notebook.cells[0].source.text == "a = 1\nb = ¥\n")
        #expect(notebook.cells[0].source.location(utf8Offset: 10) == SourceLocation(file: "nb.yaml", line: 6, column: 11))
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let notebook = try NotebookLoader.load(bytes: [0xEF, 0xBB, 0xBF] + Array((validHeader + oneCell).utf8), file: "nb.yaml")
        #expect(notebook.title == "Budget")
        #expect(notebook.sourceFile?.line(1) == "folio: 1")
        #expect(notebook.cells[0].source.startLocation == SourceLocation(file: "nb.yaml", line: 5, column: 7))
    }

    @Test func largeNotebookLoadsQuickly() throws {
        // About 6 MB: 20,000 code cells of 300 bytes.
        var yaml = validHeader + "cells:\n"
        let body = String(repeating: "      total = total + values[1] * 2.5 # ¥円 comment\n", count: 6)
        for index in 0..<20_000 {
            yaml += "  - id: c\(index)\n    code: |\n" + body
        }
        let clock = ContinuousClock()
        let start = clock.now
        let notebook = try NotebookLoader.load(bytes: Array(yaml.utf8), file: "big.yaml")
        let elapsed = clock.now - start
        #expect(notebook.cells.count == 20_000)
        #expect(notebook.cells[19_999].source.location(utf8Offset: 6) == SourceLocation(file: "big.yaml", line: 4 + 19_999 * 8 + 2, column: 13))
        #expect(elapsed < .seconds(20))
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

func writeFile(_ path: String, _ text: String) throws {
    try SourceWriter.write(path, Array(text.utf8))
}
