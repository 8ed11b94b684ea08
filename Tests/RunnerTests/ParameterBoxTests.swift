import Foundation
import NotebookFormat
import Testing
@testable import Runner

/// SPEC-2 D: parameters written as percents show as written in the report's parameter
/// box; YAML 1.1 bool words warn (with their position, or the `-p` option) and fail nothing.
@Suite struct ParameterBoxTests {
    static let params = "growth: 2%\nrate: 0.025\nrates: [1%, 0.5]\nflag: yes\nname_tag: FY"

    @Test func percentsShowAsWrittenOthersInTheGeneralFormat() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("nb.yaml", params: Self.params, cells: [("a", "growth * 100")])
        let run = try #require(try ws.run([nb]).first)
        #expect(run.status == .ok, "\(run.diagnostics)")
        let html = try #require(ws.read("out/index.html"))
        #expect(html.contains("""
            <div><dt>growth</dt><dd>2%</dd></div>
            <div><dt>rate</dt><dd>0.025</dd></div>
            <div><dt>rates</dt><dd>1%, 0.5</dd></div>
            <div><dt>flag</dt><dd>yes</dd></div>
            <div><dt>name_tag</dt><dd>FY</dd></div>
            """), "\(html)")
        // The value is the number: the cell computes with 0.02.
        #expect(html.contains(">2</"))
    }

    @Test func overridesShowAsWritten() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("nb.yaml", params: Self.params, cells: [("a", "growth * 100")])
        let run = try #require(try ws.run([nb]) {
            $0.parameters = [("growth", "2.50%"), ("rate", "3%"), ("rates", "[0.1, 2%]"), ("name_tag", "2.5%x")]
        }.first)
        #expect(run.status == .ok, "\(run.diagnostics)")
        let html = try #require(ws.read("out/index.html"))
        #expect(html.contains("<dt>growth</dt><dd>2.50%</dd>"))
        #expect(html.contains("<dt>rate</dt><dd>3%</dd>"))
        #expect(html.contains("<dt>rates</dt><dd>0.1, 2%</dd>"))
        #expect(html.contains("<dt>name_tag</dt><dd>2.5%x</dd>"))
        // A plain number overriding a percent default is shown in the general format.
        let plain = try #require(try ws.run([nb]) { $0.parameters = [("growth", "0.03")] }.first)
        #expect(plain.status == .ok)
        #expect(try #require(ws.read("out/index.html")).contains("<dt>growth</dt><dd>0.03</dd>"))
    }

    @Test func boolWordsWarnWithTheirPositionAndFailNothing() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("nb.yaml", params: Self.params, cells: [("a", "flag + \"!\"")])
        let run = try #require(try ws.run([nb]).first)
        #expect(run.status == .ok)
        #expect(run.diagnostics.map(\.severity) == [.warning])
        #expect(run.diagnostics.first?.location == SourceLocation(file: nb, line: 7, column: 9))
        #expect(run.diagnostics.first?.message == "parameter `flag` is the string `yes` (YAML 1.1 would read a bool); write `true` for a bool, or quote it for a string")
        let check = Runner.check(path: nb)
        #expect(check.diagnostics.map(\.severity) == [.warning])
        #expect(check.diagnostics.first?.location == SourceLocation(file: nb, line: 7, column: 9))
    }

    @Test func boolWordsInOverridesWarnNamingTheOption() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("nb.yaml", params: "name_tag: FY\ntags: [a]", cells: [("a", "name_tag")])
        let run = try #require(try ws.run([nb]) { $0.parameters = [("name_tag", "Off"), ("tags", "[x, on, \"yes\"]")] }.first)
        #expect(run.status == .ok)
        #expect(run.diagnostics.map(\.severity) == [.warning, .warning])
        #expect(run.diagnostics.allSatisfy { $0.location == nil })
        #expect(run.diagnostics.map(\.message) == [
            "-p name_tag=Off: `Off` is read as the string `Off` (YAML 1.1 would read a bool); write `false` for a bool, or quote it for a string (`\"Off\"`)",
            "-p tags=[x, on, \"yes\"]: `on` is read as the string `on` (YAML 1.1 would read a bool); write `true` for a bool, or quote it for a string (`\"on\"`)",
        ])
        // A quoted word does not warn.
        let quoted = try #require(try ws.run([nb]) { $0.parameters = [("name_tag", "'off'")] }.first)
        #expect(quoted.diagnostics.isEmpty)
    }

    /// `format(t, col: pattern)` with the new pattern features, through to the HTML table.
    @Test func formatPatternsReachTheHTMLTable() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("nb.yaml", cells: [("t", """
            t = table(change: [0.031, -0.012, 0], net: [-1234, 0, 56789], spend: [12345678, 950000, -2500000])
            format(t, change: "+0.0%", net: "#,##0;(#,##0);\\"–\\"", spend: "$#,##0.0,,\\"M\\";($#,##0.0,,\\"M\\")")
            """)])
        let run = try #require(try ws.run([nb]).first)
        #expect(run.status == .ok, "\(run.diagnostics)")
        let html = try #require(ws.read("out/index.html"))
        for cell in ["+3.1%", "-1.2%", "0.0%", "(1,234)", "–", "56,789", "$12.3M", "$1.0M", "($2.5M)"] {
            #expect(html.contains(">\(cell)</td>"), "\(cell)")
        }
    }
}
