import NotebookFormat
import Testing
@testable import Language

/// `checkColumns`: columns named where a data table is used directly, against its header.
@Suite struct ColumnCheckTests {
    static let header = ["fiscal_year", "country", "budget_trn_yen"]

    /// A notebook with one data table `budgets` (data/budgets.csv) and these code cells.
    func errors(_ cells: [String], markdown: Set<Int> = []) -> [Diagnostic] {
        var nb = notebook(cells, markdown: markdown)
        nb.data = [DataSource(name: "budgets", path: "data/budgets.csv",
                              location: SourceLocation(file: "nb.yaml", line: 3, column: 3),
                              pathLocation: SourceLocation(file: "nb.yaml", line: 3, column: 12))]
        return checkColumns(nb, headers: ["budgets": Self.header])
    }

    func messages(_ cells: [String], markdown: Set<Int> = []) -> [String] {
        errors(cells, markdown: markdown).map(\.message)
    }

    @Test func memberOfADataTable() {
        let found = errors(["budgets.fisal_year"])
        #expect(found.count == 1)
        #expect(found.first?.message.contains("`budgets` has no column `fisal_year`") == true, "\(found)")
        #expect(found.first?.message.contains("did you mean `fiscal_year`?") == true)
        #expect(found.first?.message.contains("data/budgets.csv") == true)
        // Line 2 (cell 1), column 5 + 8: the column's name, after `budgets.`.
        #expect(found.first?.location == SourceLocation(file: "nb.yaml", line: 2, column: 13))
        #expect(messages(["budgets.fiscal_year", "budgets[\"country\"]"]).isEmpty)
        #expect(messages(["budgets[\"contry\"]"]).first?.contains("did you mean `country`?") == true)
    }

    @Test func columnScopeNamesInWhereWithAndGroup() {
        #expect(messages(["where(budgets, fisal_year > 2020)"]).first?.contains("did you mean `fiscal_year`?") == true)
        #expect(messages(["budgets |> where(fisal_year > 2020)"]).count == 1)
        #expect(messages(["with(budgets, usd: budget_trn_yen / rate)"]).count == 1, "`rate` is bound nowhere")
        // A name bound anywhere (here a later cell) may be what the expression means: not reported.
        #expect(messages(["with(budgets, usd: budget_trn_yen / rate)", "rate = 150"]).isEmpty)
        // `with` sees its own earlier columns; builtins and lambdas' parameters are fine.
        #expect(messages(["with(budgets, a: budget_trn_yen * 2, b: a + 1, c: map(a, x => x + 1), d: sum(a))"]).isEmpty)
        #expect(messages(["group(budgets, by: \"country\", total: sum(budget_trn_yen), n: count(fisal_year))"]).count == 1)
    }

    @Test func columnNamesWrittenAsStrings() {
        #expect(messages(["select(budgets, \"fiscal_year\", \"contry\")"]).count == 1)
        #expect(messages(["select(budgets, [\"fiscal_year\", \"contry\"])"]).count == 1)
        #expect(messages(["group(budgets, by: \"contry\", n: count(fiscal_year))"]).count == 1)
        #expect(messages(["group(budgets, by: [\"country\", \"year\"], n: count(fiscal_year))"]).count == 1)
        #expect(messages(["sort(budgets, \"budget\")", "drop(budgets, \"x\")", "rename(budgets, \"y\", \"z\")"]).count == 3)
        #expect(messages(["select(budgets, \"country\")", "sort(budgets, \"fiscal_year\", desc: true)"]).isEmpty)
    }

    @Test func chartColumns() {
        #expect(messages(["line_chart(budgets, x: \"fiscal_yr\", y: \"budget_trn_yen\")"]).count == 1)
        #expect(messages(["line_chart(budgets, \"fiscal_year\", [\"budget_trn_yen\", \"budget\"])"]).count == 1)
        #expect(messages(["bar_chart(budgets, x: \"country\", y: \"budget_trn_yen\", group: \"contry\", title: \"no column\")"]).count == 1)
        #expect(messages(["scatter_chart(budgets, x: \"fiscal_year\", y: \"budget_trn_yen\", label: \"name\")"]).count == 1)
        #expect(messages(["histogram(budgets, \"budget_trn_yen\", bins: 4, x_label: \"Trillion yen\")"]).isEmpty)
        #expect(messages(["line_chart(budgets, x: \"fiscal_year\", y: \"budget_trn_yen\", labels: \"end\", title: \"T\")"]).isEmpty)
    }

    @Test func followsPipesVerbsAndBindingsInCellOrder() {
        // Through `with` (adds), `select` (keeps), `group` (sets) and a binding in a later cell.
        let cells = [
            "usd = budgets |> with(usd: budget_trn_yen * 7) |> where(usd > 0)",
            "usd.usd + usd.fiscal_year",
            "small = select(usd, \"country\", \"usd\")\nsmall.fiscal_year",
            "totals = group(budgets, by: \"country\", total: sum(budget_trn_yen))\ntotals.total\ntotals.budget_trn_yen",
        ]
        let found = messages(cells)
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.contains("`small` has no column `fiscal_year`") })
        #expect(found.contains { $0.contains("`totals` has no column `budget_trn_yen`") })
    }

    @Test func stopsWhereTheColumnsAreNotKnown() {
        // Rebound by a cell: the data table's columns are no longer followed (in cell order).
        #expect(messages(["budgets = table(x: [1])", "budgets.x"]).isEmpty)
        #expect(messages(["budgets.fisal_year", "budgets = table(x: [1])"]).count == 1)
        // Bound conditionally, in a loop, by a function, from another source.
        #expect(messages(["t = budgets\nif true { t = table(x: [1]) }\nt.x"]).isEmpty)
        #expect(messages(["t = budgets\nfor i in 1..2 { t.x\n t = table(x: [1]) }"]).isEmpty)
        #expect(messages(["fn f(t) = t.anything\nf(budgets)"]).isEmpty)
        #expect(messages(["t = read_csv(\"other.csv\")\nt.anything"]).isEmpty)
        #expect(messages(["t = pivot_longer(budgets, cols: [\"budget_trn_yen\"])\nt.name"]).isEmpty)
        // A local that hides the data table's name.
        #expect(messages(["fn f(budgets) = budgets.anything\nf(table(anything: 1))"]).isEmpty)
        #expect(messages(["map([1], budgets => budgets.anything)"]).isEmpty)
        // Inside a function, a data table no cell rebinds is still known.
        #expect(messages(["fn f() = budgets.fisal_year"]).count == 1)
        // A column of an enclosing `where` hides a notebook name of the same spelling.
        #expect(messages(["where(budgets, country == \"JP\")"]).isEmpty)
    }

    @Test func inlineValuesOfMarkdownCells() {
        #expect(messages(["The first year is {{ first(budgets.fisal_year) }}."], markdown: [0]).count == 1)
        #expect(messages(["The first year is {{ first(budgets.fiscal_year) }}."], markdown: [0]).isEmpty)
    }
}
