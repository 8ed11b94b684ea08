import NotebookFormat
import Testing
@testable import Language

/// Unknown functions that are other tools' names are answered with Folio's name for the
/// same thing, not a spelling suggestion (`melt` is not a misspelt `mean`).
@Suite struct OtherToolsTests {
    func firstError(_ code: String) -> String {
        compile(notebook(["xs = [1, 2]\nt = table(a: xs)\n" + code])).diagnostics.first?.message ?? "no error"
    }

    static let cases: [(code: String, folio: String)] = [
        ("shift(xs, 1)", "Folio calls this `lag`"),
        ("fillna(xs, 0)", "Folio calls this `coalesce`"),
        ("melt(t)", "Folio calls this `pivot_longer`"),
        ("pivot(t)", "Folio calls this `pivot_wider`"),
        ("ifelse(xs > 1, 1, 0)", "Folio calls this `if_else`"),
        ("merge(t, t)", "Folio calls this `join`"),
        ("mutate(t, b: a)", "Folio calls this `with`"),
        ("assign(t, b: a)", "Folio calls this `with`"),
        ("groupby(t, \"a\")", "Folio calls this `group`"),
        ("str_detect(\"ab\", \"a\")", "Folio calls this `contains_text`"),
        ("str.contains(\"ab\", \"a\")", "Folio calls this `contains_text`"),
        ("nunique(xs)", "Folio writes this `len(unique(…))`"),
        ("where(xs > 1, 1, 0)", "Folio calls this `if_else(cond, a, b)`"),
    ]

    @Test(arguments: cases)
    func answeredWithFoliosName(_ code: String, _ folio: String) {
        let message = firstError(code)
        #expect(message.contains(folio), "\(code): \(message)")
        #expect(!message.contains("did you mean"), "\(code): \(message)")
    }

    @Test func spellingSuggestionsStayForOtherNames() {
        #expect(firstError("sqr(4)").contains("did you mean `sqrt`?"))
        #expect(firstError("mena(xs)").contains("did you mean `mean`?"))
    }

    @Test func filterOnATableSaysWhere() {
        let result = run(["t = table(a: [1, 2])\nfilter(t, r => r.a > 1)"])
        guard case .runtimeError(let error) = result else {
            Issue.record("expected a run-time error, got \(describe(result))")
            return
        }
        #expect(error.message.contains("Folio calls this `where`"), "\(error.message)")
    }
}
