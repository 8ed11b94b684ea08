import Foundation
import NotebookFormat
import Testing
@testable import Runner

@Suite struct RunnerTests {
    @Test func runsCellsInOrderAndWritesTheReport() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("a.yaml", cells: [("one", "x = 40"), ("two", "x + 2")])
        let results = try ws.run([nb])
        let result = try #require(results.first)
        #expect(result.status == .ok)
        #expect(result.cells.map(\.status) == [.ok, .ok])
        let html = try #require(ws.read("out/index.html"))
        #expect(html.contains("id=\"two\""))
        #expect(html.contains(">42<"))
        #expect(ws.exists("out/manifest.json"))
    }

    @Test func firstFailureStopsTheRunButTheReportIsWritten() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("a.yaml", cells: [("one", "x = 1"), ("bad", "y = x / 0"), ("three", "x + 1")])
        let result = try #require(try ws.run([nb]).first)
        #expect(result.status == .failed)
        #expect(result.cells.map(\.status) == [.ok, .error, .notRun])
        let error = try #require(result.cells[1].error)
        #expect(error.location?.line == 9)
        #expect(error.location?.column == 13)  // the `/` of `y = x / 0`
        let html = try #require(ws.read("out/index.html"))
        #expect(html.contains("data-status=\"not-run\""))
        #expect(html.contains("data-status=\"error\""))
    }

    @Test func keepGoingSkipsOnlyDependentCells() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("a.yaml", cells: [
            ("b", "bad = 1 / 0"),
            ("c", "derived = bad + 1"),
            ("d", "other = 5"),
            ("e", "derived * other"),
            ("f", "other * 2"),
        ])
        let result = try #require(try ws.run([nb]) { $0.keepGoing = true }.first)
        #expect(result.status == .failed)
        #expect(result.cells.map(\.status) == [.error, .skipped, .ok, .skipped, .ok])
        #expect(result.cells[1].skipReason == "uses `bad` from failed cell `b`")
        #expect(result.cells[3].skipReason == "uses `derived` from skipped cell `c`")
    }

    @Test func timeoutFailsTheCellPromptly() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("a.yaml", cells: [("spin", "s = 0\nfor i in 1..100000000 { s = s + i }\ns"), ("after", "1")])
        let clock = ContinuousClock()
        let start = clock.now
        let result = try #require(try ws.run([nb]) { $0.timeout = 0.2 }.first)
        #expect(clock.now - start < .seconds(10))
        #expect(result.cells.map(\.status) == [.error, .notRun])
        #expect(result.cells[0].error?.message.contains("time") == true)
    }

    @Test func parameterOverridesAreTypeChecked() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("a.yaml", params: "rate: 2%\nyears: [2025, 2030]\nname: x", cells: [("c", "rate * 100")])
        let ok = try #require(try ws.run([nb]) { $0.parameters = [("rate", "3.5%"), ("years", "[2026]")] }.first)
        #expect(ok.status == .ok)
        #expect(try #require(ws.read("out/index.html")).contains(">3.5<"))
        #expect(throws: UsageError.self) { try ws.run([nb]) { $0.parameters = [("rate", "high")] } }
        #expect(throws: UsageError.self) { try ws.run([nb]) { $0.parameters = [("nope", "1")] } }
        #expect(throws: UsageError.self) { try ws.run([nb]) { $0.parameters = [("years", "[a, b]")] } }
        #expect(throws: UsageError.self) { try ws.run([nb]) { $0.parameters = [("name", "[1]")] } }
        // The usage error carries the reader's problem as one diagnostic, not its rendering.
        let missing = #expect(throws: UsageError.self) { try ws.run([nb]) { $0.parameters = [("rate", "")] } }
        #expect(missing?.diagnostic == .error("-p rate=: the value after `=` is missing", at: nil))
    }

    @Test func staticErrorsRunNothing() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("a.yaml", cells: [("a", "later_value + 1"), ("late", "later_value = 2")])
        let result = try #require(try ws.run([nb]).first)
        #expect(result.status == .invalid)
        #expect(result.diagnostics.contains { $0.message.contains("`later_value` is defined in cell `late`") })
        #expect(!ws.exists("out/index.html"))
    }

    @Test func outputFolderHoldingAnInputIsRefused() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("a.yaml", cells: [("a", "1")])
        #expect(throws: UsageError.self) { try ws.run([nb]) { $0.outputDirectory = ws.root.path } }
    }

    @Test func batchRunsEachNotebookIntoItsOwnFolder() throws {
        let ws = try Workspace()
        let a = try ws.notebook("a.yaml", cells: [("a", "1")])
        let b = try ws.notebook("b.yaml", cells: [("b", "1 / 0")])
        let c = try ws.notebook("c.yaml", cells: [("c", "3")])
        let results = try ws.run([a, b, c])
        #expect(results.map(\.status) == [.ok, .failed, .ok])
        #expect(ws.exists("out/a/index.html"))
        #expect(ws.exists("out/b/index.html"))
        #expect(ws.exists("out/c/index.html"))
        let site = try #require(ws.read("out/index.html"))
        #expect(site.contains("href=\"a/index.html\">Test a.yaml</a>"))
        #expect(site.contains("data-status=\"failed\""))
        #expect(!site.contains("<script"))
    }

    @Test func runningTwiceGivesIdenticalFiles() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("a.yaml", params: "n: 3", cells: [("a", "xs = seq(1, n)\nshow(xs, \"the list\")\nprint(\"sum\", sum(xs))")])
        _ = try ws.run([nb])
        let first = try #require(ws.read("out/index.html"))
        let manifest = try #require(ws.read("out/manifest.json"))
        _ = try ws.run([nb])
        #expect(ws.read("out/index.html") == first)
        #expect(ws.read("out/manifest.json") == manifest)
        #expect(!manifest.contains(ws.root.path))
    }
}

@Suite struct MemoryLimitOptionTests {
    @Test(arguments: [("4G", 4 << 30), ("512M", 512 << 20), ("512MiB", 512 << 20), ("800k", 800 << 10), ("1.5g", 3 << 29), ("123456", 123_456)])
    func sizesParse(text: String, bytes: Int) {
        #expect(RunOptions.parseMemoryLimit(text) == .some(.some(bytes)))
    }

    @Test func noneMeansNoLimitAndNonsenseIsRejected() {
        #expect(RunOptions.parseMemoryLimit("none") == .some(nil))
        for bad in ["", "G", "-1G", "0", "lots", "1X", "1e30G"] {
            #expect(RunOptions.parseMemoryLimit(bad) == nil, "\(bad)")
        }
    }
}
