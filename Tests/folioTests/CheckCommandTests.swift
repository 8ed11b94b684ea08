import Foundation
import Testing

/// `folio check` end to end: every problem at once, data files and their columns, one
/// line per notebook.
@Suite struct CheckCommandTests {
    private func workspace(_ files: [String: String]) throws -> URL {
        let folder = try CLI.temporaryFolder()
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    static let budgets = "fiscal_year,country,budget_trn_yen\n2024,JP,7.9\n2025,JP,8.7\n"

    @Test func formatAndLanguageErrorsTogether() throws {
        // An unknown key (format) and, in the same file, two language errors in two cells.
        let text = """
        folio: 1
        title: Both
        cells:
          - id: a
            captoin: x
            code: |
              totl + 1
          - code: |
              shift([1, 2], 1)

        """
        let folder = try workspace(["nb.yaml": text])
        let result = try CLI.run(["check", "nb.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("nb.yaml:5:5: error: unknown key `captoin`"), "\(result.stderr)")
        #expect(result.stderr.contains("nb.yaml:7:7: error: unknown name `totl`"), "\(result.stderr)")
        #expect(result.stderr.contains("nb.yaml:9:7: error: unknown function `shift`; Folio calls this `lag`"), "\(result.stderr)")
        #expect(result.stderr.contains("nb.yaml: 3 errors"), "\(result.stderr)")
    }

    @Test func aCellThatCannotBeReadIsSaidToBeLeftOut() throws {
        let text = "folio: 1\ntitle: L\ncells:\n  - id: a\n    cod: |\n      x = 1\n  - code: |\n      x + 1\n"
        let folder = try workspace(["nb.yaml": text])
        let result = try CLI.run(["check", "nb.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("unknown key `cod` in cell 1; did you mean `code`?"), "\(result.stderr)")
        #expect(result.stderr.contains("1 cell could not be read and was left out of the language checks"), "\(result.stderr)")
    }

    @Test func aParameterWithABadValueKeepsItsName() throws {
        // `rate`'s value is refused; the cell using `rate` is not reported as using an unknown name.
        let text = "folio: 1\ntitle: P\nparams:\n  rate: [[1]]\ncells:\n  - code: |\n      rate + 1\n"
        let folder = try workspace(["nb.yaml": text])
        let result = try CLI.run(["check", "nb.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(!result.stderr.contains("unknown name"), "\(result.stderr)")
        #expect(result.stderr.contains("nb.yaml: 1 error"), "\(result.stderr)")
    }

    @Test func missingDataFileWithSuggestion() throws {
        let text = "folio: 1\ntitle: D\ndata:\n  budgets: data/budgts.csv\ncells:\n  - code: |\n      budgets\n"
        let folder = try workspace(["nb.yaml": text, "data/budgets.csv": Self.budgets])
        let result = try CLI.run(["check", "nb.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("nb.yaml:4:12: error: cannot read `data/budgts.csv`"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean `data/budgets.csv`?"), "\(result.stderr)")
    }

    /// Workbooks and JSON have no header apart from their table: check reads it as a run
    /// would, so a missing sheet and a misspelt column are found before the run.
    @Test func workbookAndJSONColumnsAreCheckedToo() throws {
        let text = """
        folio: 1
        title: Kinds
        data:
          sipri: {path: data/sipri_milex.xlsx, sheet: "Current US$", range: "A5:M8"}
          people: data/people.json
        cells:
          - code: |
              sipri.Contry
              people.nmae

        """
        let folder = try workspace(["nb.yaml": text, "data/people.json": "[{\"name\": \"a\", \"age\": 3}]\n"])
        let workbook = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Notebooks/data/sipri_milex.xlsx")
        try FileManager.default.copyItem(at: workbook, to: folder.appendingPathComponent("data/sipri_milex.xlsx"))
        let result = try CLI.run(["check", "nb.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("nb.yaml:8:13: error: `sipri` has no column `Contry`"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean `Country`?"), "\(result.stderr)")
        #expect(result.stderr.contains("nb.yaml:9:14: error: `people` has no column `nmae`"), "\(result.stderr)")
        // A sheet the workbook does not have is an error at `sheet:`, naming those it has.
        try text.replacingOccurrences(of: "sheet: \"Current US$\"", with: "sheet: \"Curent\"")
            .write(to: folder.appendingPathComponent("nb.yaml"), atomically: true, encoding: .utf8)
        let sheet = try CLI.run(["check", "nb.yaml"], in: folder)
        #expect(sheet.status == 1)
        #expect(sheet.stderr.contains("nb.yaml:4:47: error:") && sheet.stderr.contains("Current US$"), "\(sheet.stderr)")
    }

    @Test func misspeltColumnsOfADataTable() throws {
        let text = """
        folio: 1
        title: Columns
        data:
          budgets: data/budgets.csv
        cells:
          - code: |
              budgets.defence_budget_trn_yen
              recent = where(budgets, fisal_year > 2024)
              select(recent, "contry")
              group(budgets, by: "country", total: sum(budget_trn_yen))

        """
        let folder = try workspace(["nb.yaml": text, "data/budgets.csv": Self.budgets])
        let result = try CLI.run(["check", "nb.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("nb.yaml:7:15: error: `budgets` has no column `defence_budget_trn_yen`"), "\(result.stderr)")
        #expect(result.stderr.contains("nb.yaml:8:31: error: `fisal_year` is neither a column"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean `fiscal_year`?"))
        #expect(result.stderr.contains("nb.yaml:9:22: error: `recent` has no column `contry`"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean `country`?"))
        #expect(result.stderr.contains("nb.yaml: 3 errors"), "\(result.stderr)")
        // The same notebook with the columns spelt right checks, and runs.
        let fixed = text.replacingOccurrences(of: "defence_budget_trn_yen", with: "budget_trn_yen")
            .replacingOccurrences(of: "fisal_year", with: "fiscal_year").replacingOccurrences(of: "contry", with: "country")
        try fixed.write(to: folder.appendingPathComponent("nb.yaml"), atomically: true, encoding: .utf8)
        let good = try CLI.run(["check", "nb.yaml"], in: folder)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stderr == "nb.yaml: ok (1 cell, 1 data file)\n", "\(good.stderr)")
        #expect(try CLI.run(["run", "nb.yaml", "--quiet"], in: folder).status == 0)
    }

    @Test func onlyTheHeaderIsRead() throws {
        // A malformed row after the header is the run's business, not check's: check reads the header only.
        var csv = "year,value\n"
        for i in 0..<100_000 { csv += "\(i),\(i)\n" }
        csv += "1,2,3\n"
        let text = "folio: 1\ntitle: H\ndata:\n  t: t.csv\ncells:\n  - code: |\n      t.value\n"
        let folder = try workspace(["nb.yaml": text, "t.csv": csv])
        let check = try CLI.run(["check", "nb.yaml"], in: folder)
        #expect(check.status == 0, "\(check.stderr)")
        let run = try CLI.run(["run", "nb.yaml"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("a row has 3 fields"), "\(run.stderr)")
    }

    @Test func oneLinePerNotebookOnSuccess() throws {
        let good = "folio: 1\ntitle: Good\ncells:\n  - code: |\n      x = 2\n  - markdown: Two is {{ x }}.\n"
        let folder = try workspace(["a.yaml": good, "b.yaml": good])
        let result = try CLI.run(["check", "a.yaml", "b.yaml"], in: folder)
        #expect(result.status == 0)
        #expect(result.stderr == "a.yaml: ok (2 cells)\nb.yaml: ok (2 cells)\n", "\(result.stderr)")
    }

    /// `-p` with a list of the wrong element type says which element is wrong (not "a list
    /// of numbers, got a list of numbers").
    @Test func aWrongListElementIsNamed() throws {
        let folder = try workspace(["p.yaml": "folio: 1\ntitle: P\nparams:\n  growth_grid: [1%, 2%]\ncells:\n  - code: |\n      growth_grid\n"])
        let result = try CLI.run(["run", "p.yaml", "-p", "growth_grid=[1%, \"x\"]"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("`growth_grid` is a list of numbers, but element 2 is the string \"x\""), "\(result.stderr)")
        let bool = try CLI.run(["run", "p.yaml", "-p", "growth_grid=[true, 1]"], in: folder)
        #expect(bool.stderr.contains("element 1 is the bool `true`"), "\(bool.stderr)")
        #expect(try CLI.run(["run", "p.yaml", "-p", "growth_grid=[3%]", "--quiet", "-o", "out"], in: folder).status == 0)
    }

    @Test func emptyTitleIsAnError() throws {
        for title in ["''", "\"   \""] {
            let folder = try workspace(["nb.yaml": "folio: 1\ntitle: \(title)\ncells:\n  - code: '1'\n"])
            let result = try CLI.run(["check", "nb.yaml"], in: folder)
            #expect(result.status == 1, "\(title)")
            #expect(result.stderr.contains("nb.yaml:2:8: error: `title` is empty"), "\(result.stderr)")
        }
    }
}
