import Foundation
import Language
import NotebookFormat
import Testing
@testable import Runner

/// Hostile sizes and shapes, end to end through the Runner (docs/RELIABILITY.md, "Limits").
/// Each builds its input in the test and stays well under 2 s in a debug build.
@Suite struct LimitsTests {
    static let depth = 10_000

    /// 10,000 levels of every nesting construct of the language: one positioned error
    /// ("nested too deeply") and nothing runs; no stack overflow on the checker's thread.
    @Test(arguments: [
        ("parentheses", String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)),
        ("lists", "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)),
        ("records", "x = " + String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth)),
        ("unary minus", "x = " + String(repeating: "-", count: depth) + "1"),
        ("not", "x = " + String(repeating: "not ", count: depth) + "true"),
        ("power", "x = " + String(repeating: "2 ^ ", count: depth) + "1"),
        ("sum chain", "x = " + String(repeating: "1 + ", count: depth) + "1"),
        ("pipes", "x = 1 " + String(repeating: "|> abs ", count: depth)),
        ("else-if chain", "x = if true { 1 } " + String(repeating: "else if false { 2 } ", count: depth) + "else { 3 }"),
        ("lambdas", "x = " + String(repeating: "a => ", count: depth) + "1"),
        ("calls", "f = x => x\nf" + String(repeating: "(1)", count: depth)),
        ("indexing", "x = [1]" + String(repeating: "[0]", count: depth)),
    ])
    func deeplyNestedCodeIsRejectedCleanly(shape: String, code: String) throws {
        let ws = try Workspace()
        let nb = try ws.notebook("deep.yaml", cells: [("deep", code)])
        let result = try #require(try ws.run([nb]).first)
        #expect(result.status == .invalid, "\(shape)")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message.contains("nested too deeply"), "\(shape): \(diagnostic)")
        #expect(diagnostic.location?.file == nb)
        #expect((diagnostic.location?.line ?? 0) >= 5, "\(shape): \(diagnostic)")
        #expect(!ws.exists("out/index.html"))
    }

    /// YAML nested 10,000 levels, flow style (`[[[…]]]`) and block style (compact block
    /// sequences, `- - - …`): a load error naming the limit, nothing runs.
    @Test(arguments: ["flow", "block"])
    func deeplyNestedYAMLIsRejectedCleanly(style: String) throws {
        let ws = try Workspace()
        var text = "folio: 1\ntitle: Deep\nparams:\n  p:"
        if style == "flow" {
            text += " " + String(repeating: "[", count: Self.depth) + String(repeating: "]", count: Self.depth) + "\n"
        } else {
            // Compact nested block sequences: `- - - … 1`, each `- ` one level deeper.
            text += "\n    " + String(repeating: "- ", count: Self.depth) + "1\n"
        }
        text += "cells:\n  - code: '1'\n"
        let nb = try ws.write("deep.yaml", text)
        let result = try #require(try ws.run([nb]).first)
        #expect(result.status == .invalid)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message.contains("nest deeper than"), "\(diagnostic)")
        #expect(diagnostic.location?.file == nb)
    }

    /// An empty file, a notebook without cells, one whose only cell is empty: a load
    /// error naming the file and what is missing, or (an empty code cell) a clean run.
    @Test func emptyNotebooks() throws {
        let ws = try Workspace()
        let empty = try ws.write("empty.yaml", "")
        let noCells = try ws.write("nocells.yaml", "folio: 1\ntitle: T\ncells: []\n")
        let blankCell = try ws.write("blank.yaml", "folio: 1\ntitle: T\ncells:\n  - code: ''\n  - markdown: ''\n")
        let results = try ws.run([empty, noCells, blankCell])
        #expect(results.map(\.status) == [.invalid, .invalid, .ok])
        #expect(results[0].diagnostics.first?.message.contains("empty") == true)
        #expect(results[0].diagnostics.first?.location?.file == empty)
        #expect(results[1].diagnostics.first?.message.contains("cells") == true)
        #expect(results[2].cells.map(\.status) == [.ok, .ok])
    }

    /// 10,000 cells (code and Markdown with inline values, alternating) run in order and
    /// all reach the report.
    @Test func tenThousandCells() throws {
        let ws = try Workspace()
        var text = "folio: 1\ntitle: Many\ncells:\n"
        for k in 1...10_000 {
            text += k % 2 == 1 ? "  - code: x = \(k)\n" : "  - markdown: 'x is {{ x }}'\n"
        }
        let nb = try ws.write("many.yaml", text)
        let clock = ContinuousClock()
        let start = clock.now
        let result = try #require(try ws.run([nb]).first)
        #expect(clock.now - start < .seconds(10))
        #expect(result.status == .ok)
        #expect(result.cells.count == 10_000)
        let html = try #require(ws.read("out/index.html"))
        #expect(html.components(separatedBy: "<section class=\"cell").count == 10_001)
        #expect(html.contains("x is 9999"))
    }

    /// Recursion without end stops at the depth limit with a positioned error; the
    /// report is written.
    @Test func endlessRecursionIsAnError() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("rec.yaml", cells: [("rec", "fn f(n) = f(n + 1) + 1\nf(0)")])
        let result = try #require(try ws.run([nb]).first)
        #expect(result.status == .failed)
        let error = try #require(result.cells.first?.error)
        #expect(error.message.contains("recursion is deeper than 1000"), "\(error)")
        #expect(error.location?.line == 6)
        #expect(ws.exists("out/index.html"))
    }

    /// Lists past 100,000,000 elements are refused before anything is allocated, by
    /// every way of building one from a number.
    @Test(arguments: ["1..200000000", "seq(1, 2e8)", "linspace(0, 1, 2e8)", "grow(1, 1%, 2e8)",
                      "random_uniform(2e8, seed: 1)", "random_normal(2e8, seed: 1)"])
    func listSizeCapIsAnError(code: String) throws {
        let ws = try Workspace()
        let nb = try ws.notebook("big.yaml", cells: [("big", "xs = \(code)\nlen(xs)")])
        let result = try #require(try ws.run([nb]) { $0.memoryLimit = nil }.first)
        #expect(result.status == .failed)
        let error = try #require(result.cells.first?.error)
        #expect(error.message.contains("100,000,000"), "\(code): \(error)")
    }
}

/// The memory limit (RunOptions.memoryLimit, default 4 GiB): a step that would take the
/// run past it fails its cell with a clear error instead of exhausting the machine.
/// The measure is the whole test process's resident size, which tests running in
/// parallel change; so the failing cases use a limit far below it (1 MiB: every large
/// step is refused, every poll fails) and the passing ones a limit far above.
@Suite(.serialized) struct MemoryLimitTests {
    static let tiny = 1 << 20

    /// One large step (720 MB): refused before allocating.
    @Test(arguments: ["xs = 1..90000000", "xs = seq(1, 9e7)", "xs = random_uniform(9e7, seed: 1)",
                      "xs = concat(seq(1, 1e6), seq(1, 4e7))"])
    func aLargeStepIsRefusedBeforeAllocating(code: String) throws {
        guard MemoryUse.residentBytes() != nil else { return } // no /proc: no limit to test
        let ws = try Workspace()
        let nb = try ws.notebook("mem.yaml", cells: [("mem", code), ("after", "1")])
        let result = try #require(try ws.run([nb]) { $0.memoryLimit = Self.tiny }.first)
        #expect(result.cells.map(\.status) == [.error, .notRun])
        let error = try #require(result.cells.first?.error)
        #expect(error.message.contains("memory limit"), "\(error)")
        #expect(error.location?.line == 6)
        // Refused by the check before the allocation, not by the poll after it.
        #expect(error.message.contains("would need"), "\(error)")
    }

    /// Text doubling in a loop (`replace` or `concat` makes it longer each time):
    /// refused when the next step would pass the limit.
    @Test(arguments: ["s = replace(s, \"a\", \"aaaa\")", "s = concat(s, s)"])
    func textGrowingInALoopIsStopped(step: String) throws {
        guard MemoryUse.residentBytes() != nil else { return }
        let ws = try Workspace()
        let nb = try ws.notebook("grow.yaml", cells: [("grow", "s = \"ab\"\nfor i in 1..60 { \(step) }\nlen(s)")])
        let result = try #require(try ws.run([nb]) { $0.memoryLimit = Self.tiny }.first)
        let error = try #require(result.cells.first?.error)
        #expect(error.message.contains("memory limit"), "\(error)")
    }

    /// Memory that grows in many small steps (a list of many small lists), none large
    /// enough to be checked on its own, is caught by the periodic check.
    @Test func manySmallAllocationsAreCaughtByThePoll() throws {
        guard MemoryUse.residentBytes() != nil else { return }
        let ws = try Workspace()
        let nb = try ws.notebook("small.yaml", cells: [("small", "xs = map(1..400000, i => [i, i, i, i, i, i, i, i])\nlen(xs)")])
        let result = try #require(try ws.run([nb]) { $0.memoryLimit = Self.tiny }.first)
        let error = try #require(result.cells.first?.error)
        #expect(error.message.contains("more than the limit"), "\(error)")
    }

    /// cmark-gfm needs up to ~200 bytes a byte for text dense in markup characters (a
    /// 100 MB cell of `<x&` took 19 GB): a Markdown cell whose rendering could not fit
    /// is refused at the cell, before the report is built; an ordinary one is not.
    @Test func aMarkdownCellTooCostlyToRenderIsRefused() throws {
        guard MemoryUse.residentBytes() != nil else { return }
        let ws = try Workspace()
        let dense = "**bold** " + String(repeating: "<x&", count: 100_000)
        let nb = try ws.write("md.yaml", "folio: 1\ntitle: M\ncells:\n  - markdown: Fine *prose*.\n  - markdown: \"\(dense)\"\n")
        let limited = try #require(try ws.run([nb]) { $0.memoryLimit = Self.tiny }.first)
        #expect(limited.cells.map(\.status) == [.ok, .error])
        let error = try #require(limited.cells.last?.error)
        #expect(error.message.contains("rendering this Markdown cell would need"), "\(error)")
        #expect(error.location?.line == 5 && error.location?.column == 16)
        // The refused cell is shown as its plain source, not rendered after all.
        let html = try #require(ws.read("out/index.html"))
        #expect(html.contains("<em>prose</em>") && html.contains("**bold**") && !html.contains("<strong>bold</strong>"))
        let fine = try #require(try ws.run([nb]).first)
        #expect(fine.cells.map(\.status) == [.ok, .ok])
        #expect(try #require(ws.read("out/index.html")).contains("<strong>bold</strong>"))
    }

    /// A join of repeated keys grows as the product of the two tables: counted first,
    /// refused past the memory left (and past 100,000,000 rows whatever the limit).
    @Test func aJoinThatWouldExplodeIsRefusedBeforeBuildingIt() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("join.yaml", cells: [
            ("mid", "a = table(k: seq(1, 2000) * 0, x: seq(1, 2000))\nb = table(k: seq(1, 2000) * 0, y: seq(1, 2000))\nlen(join(a, b, on: \"k\"))"),
            ("huge", "c = table(k: seq(1, 20000) * 0, x: seq(1, 20000))\nd = table(k: seq(1, 20000) * 0, y: seq(1, 20000))\nlen(join(c, d, on: \"k\"))"),
        ])
        let clock = ContinuousClock()
        let start = clock.now
        let limited = try #require(try ws.run([nb]) { $0.keepGoing = true; $0.memoryLimit = Self.tiny }.first)
        #expect(limited.cells.map(\.status) == [.error, .error])
        #expect(limited.cells[0].error?.message.contains("4,000,000 rows, more than fit in the memory limit of 1 MiB") == true, "\(limited.diagnostics)")
        #expect(limited.cells[1].error?.message.contains("400,000,000") == true, "\(limited.diagnostics)")
        let unlimited = try #require(try ws.run([nb]) { $0.keepGoing = true; $0.memoryLimit = nil }.first)
        #expect(unlimited.cells.map(\.status) == [.ok, .error])
        #expect(unlimited.cells[1].error?.message.contains("the limit is 100,000,000") == true, "\(unlimited.diagnostics)")
        #expect(clock.now - start < .seconds(20))
    }

    /// A data file whose table would not fit is refused before it is read, whether named
    /// in `data:` or by `read_csv`.
    @Test func aDataFileTooBigForTheLimitIsNotRead() throws {
        let ws = try Workspace()
        try ws.write("big.csv", "a\n" + String(repeating: "1\n", count: 600_000))
        let viaCode = try ws.notebook("read.yaml", cells: [("read", "t = read_csv(\"big.csv\")\nlen(t)")])
        let result = try #require(try ws.run([viaCode]) { $0.memoryLimit = Self.tiny }.first)
        #expect(result.cells.first?.error?.message.contains("its table would not fit in the memory limit of 1 MiB") == true, "\(result.diagnostics)")
        let viaData = try ws.write("data.yaml", "folio: 1\ntitle: D\ndata:\n  t: big.csv\ncells:\n  - code: len(t)\n")
        let loaded = try #require(try ws.run([viaData]) { $0.memoryLimit = Self.tiny }.first)
        #expect(loaded.status == .invalid)
        #expect(loaded.diagnostics.first?.message.contains("would not fit") == true, "\(loaded.diagnostics)")
        let fine = try #require(try ws.run([viaData]).first)
        #expect(fine.status == .ok)
    }

    /// A large step well within the limit goes through.
    @Test func aLargeStepWithinTheLimitRuns() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("fits.yaml", cells: [("fits", "xs = 1..5000000\nlen(xs)")])
        let result = try #require(try ws.run([nb]) { $0.memoryLimit = (MemoryUse.residentBytes() ?? 0) + (3 << 30) }.first)
        #expect(result.status == .ok, "\(result.diagnostics)")
    }

    /// The same notebooks run without trouble under the default limit.
    @Test func theDefaultLimitAllowsOrdinaryWork() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("ok.yaml", cells: [("ok", "xs = seq(1, 1e6)\ns = replace(\"ab\", \"a\", \"aa\")\nlen(xs)")])
        let result = try #require(try ws.run([nb]).first)
        #expect(RunOptions().memoryLimit == 4 << 30)
        #expect(result.status == .ok)
    }
}

/// Reading must end: a FIFO (or a device reached through `--allow-read`) in place of a
/// data file would block `read_csv` forever, past any time limit. Only regular files are
/// read. (Found while hardening.)
@Suite struct SpecialFileTests {
    @Test func aPipeOrADeviceIsRefusedNotRead() throws {
        let ws = try Workspace()
        #expect(mkfifo(ws.path("pipe.csv"), 0o644) == 0)
        let nb = try ws.notebook("fifo.yaml", cells: [("pipe", "read_csv(\"pipe.csv\")"), ("dev", "read_csv(\"/dev/zero\")")])
        let clock = ContinuousClock()
        let start = clock.now
        let result = try #require(try ws.run([nb]) { $0.keepGoing = true; $0.allowRead = ["/dev"] }.first)
        #expect(clock.now - start < .seconds(10))
        #expect(result.cells.map(\.status) == [.error, .error])
        #expect(result.cells[0].error?.message.contains("not a regular file") == true, "\(result.diagnostics)")
        #expect(result.cells[1].error?.message.contains("not a regular file") == true, "\(result.diagnostics)")
    }
}
