import Foundation
import Testing

/// `-f`, `--matrix`, `--shard` and `folio index`, through the real binary.
@Suite struct FamilyTests {
    /// A notebook whose `check` fails when growth is above 5%, so one set can fail.
    static let notebook = """
    folio: 1
    title: Growth
    params:
      growth: 2%
      years: 3
      tag: base
    cells:
      - id: check-growth
        code: |
          check(growth <= 0.05, "growth above 5%")
      - id: path
        code: |
          table(year: seq(0, years), value: grow(100, growth, years))
      - markdown: "Label {{ tag }}, growth {{ growth }}."

    """

    static func folder(matrix: String? = nil, file: String? = nil) throws -> URL {
        let folder = try CLI.temporaryFolder()
        try notebook.write(to: folder.appendingPathComponent("g.yaml"), atomically: false, encoding: .utf8)
        if let matrix { try matrix.write(to: folder.appendingPathComponent("m.yaml"), atomically: false, encoding: .utf8) }
        if let file { try file.write(to: folder.appendingPathComponent("f.yaml"), atomically: false, encoding: .utf8) }
        return folder
    }

    static func text(_ folder: URL, _ path: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }

    static func exists(_ folder: URL, _ path: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path)
    }

    @Test func helpListsTheNewCommandsAndOptions() throws {
        let help = try CLI.run(["--help"])
        #expect(help.stdout.contains("  index ") && help.stdout.contains("  diff "), "\(help.stdout)")
        let run = try CLI.run(["run", "--help"])
        for option in ["-f <FILE>", "--matrix <FILE>", "--shard <I/N>", "--explain"] {
            #expect(run.stdout.contains(option), "\(option)")
        }
    }

    // MARK: -f

    @Test func parameterFileSetsValuesAndDashPWins() throws {
        let folder = try Self.folder(file: "growth: 3%\ntag: from-file\n")
        let run = try CLI.run(["run", "g.yaml", "-f", "f.yaml", "-p", "tag=from-option", "-o", "out", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Self.text(folder, "out/index.html")
        #expect(report.contains("Label from-option, growth 0.03."))
    }

    @Test func parameterFileErrorsArePositionedAndStopEverything() throws {
        let folder = try Self.folder(file: "growth: 3%\nlabl: x\n")
        let run = try CLI.run(["run", "g.yaml", "-f", "f.yaml", "-o", "out"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("f.yaml:2:1: error: no parameter `labl`"), "\(run.stderr)")
        #expect(!Self.exists(folder, "out"))
        let typed = try Self.folder(file: "years: many\n")
        let wrong = try CLI.run(["run", "g.yaml", "-f", "f.yaml", "-o", "out"], in: typed)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("f.yaml:1:8: error: `years` is a number, got a string"), "\(wrong.stderr)")
        let list = try Self.folder(file: "- growth: 1%\n")
        #expect(try CLI.run(["run", "g.yaml", "-f", "f.yaml"], in: list).stderr.contains("must be a mapping"))
    }

    // MARK: --matrix

    @Test func listMatrixRunsEverySetIntoItsFolderAndTheWorstStatusWins() throws {
        let folder = try Self.folder(matrix: """
        - {name: low, growth: 1%}
        - {name: high, growth: 9%}
        - {name: mid, growth: 3%, tag: middle}

        """)
        let run = try CLI.run(["run", "g.yaml", "--matrix", "m.yaml", "-o", "site", "--json"], in: folder)
        // The failing set (9%: its check fails) does not stop the others; the worst status wins.
        #expect(run.status == 1, "\(run.stderr)")
        for slug in ["low", "high", "mid"] {
            #expect(Self.exists(folder, "site/g/\(slug)/index.html"), "\(slug)")
            #expect(Self.exists(folder, "site/g/\(slug)/manifest.json"), "\(slug)")
        }
        #expect(try Self.text(folder, "site/g/mid/index.html").contains("Label middle, growth 0.03."))
        #expect(try Self.text(folder, "site/g/low/path.csv").contains("3,103.0301"))
        #expect(try Self.text(folder, "site/g/high/index.html").contains("growth above 5%"))
        // `name` is not a parameter of this notebook: it names the folder only.
        #expect(!(try Self.text(folder, "site/g/low/index.html")).contains(">name<"))
        let index = try Self.text(folder, "site/g/index.html")
        #expect(index.contains("3 parameter sets of g.yaml, 1 failed"))
        #expect(index.contains("<a href=\"low/index.html\">low</a>"))
        #expect(index.contains("<tr data-status=\"failed\"><th scope=\"row\" class=\"num\">2</th><td>high</td><td>9%</td><td></td>"), "\(index)")
        #expect(index.contains("<td>mid</td><td>3%</td><td>middle</td>"))
        #expect(!index.contains("<script"))
        #expect(run.stdout.contains("\"set\": \"high\""))
    }

    @Test func mappingOfListsRunsEveryCombinationFirstKeySlowest() throws {
        let folder = try Self.folder(matrix: "growth: [1%, 2%]\nyears: [2, 4]\n")
        let run = try CLI.run(["run", "g.yaml", "--matrix", "m.yaml", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let index = try Self.text(folder, "Outputs/g/index.html")
        let order = ["1pct-2", "1pct-4", "2pct-2", "2pct-4"].map { index.range(of: "href=\"\($0)/index.html\"")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        #expect(try Self.text(folder, "Outputs/g/2pct-4/path.csv").hasSuffix("4,108.243216\n"))
    }

    @Test(arguments: [
        ("just text\n", "m.yaml:1:1: error: `m.yaml` must be a list of parameter sets"),
        ("- growth: 1%\n- growth: 2%\n  grwth: 3%\n", "m.yaml:3:3: error: set 2: no parameter `grwth`"),
        ("- growth: 1%\n- years: many\n", "m.yaml:2:10: error: set 2: `years` is a number, got a string"),
        ("- {name: a, growth: 1%}\n- {name: A, growth: 2%}\n", "m.yaml:2:3: error: set 2 would write to the same folder `a` as set 1"),
        ("- growth: 1%\n- 7\n", "m.yaml:2:3: error: set 2 must be a mapping"),
        ("growth: []\n", "m.yaml:1:9: error: `growth` has an empty list"),
        ("[]\n", "error: `m.yaml` holds no parameter set"),
        ("", "m.yaml:1:1: error: `m.yaml` is empty: it needs parameter values"),
    ])
    func badMatricesExitTwoBeforeAnythingRuns(matrix: String, expected: String) throws {
        let folder = try Self.folder(matrix: matrix)
        let run = try CLI.run(["run", "g.yaml", "--matrix", "m.yaml", "-o", "out"], in: folder)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains(expected), "\(run.stderr)")
        #expect(!Self.exists(folder, "out"))
    }

    @Test func aDashPForAParameterTheMatrixSetsIsRefused() throws {
        let folder = try Self.folder(matrix: "- growth: 1%\n")
        let run = try CLI.run(["run", "g.yaml", "--matrix", "m.yaml", "-p", "growth=2%"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("set 1 sets `growth`, and so does -p growth"), "\(run.stderr)")
    }

    // MARK: --shard and folio index

    @Test(arguments: ["3/2", "0/4", "1/0", "a/b", "2"])
    func badShardSpecsExitTwo(spec: String) throws {
        let folder = try Self.folder()
        let run = try CLI.run(["run", "g.yaml", "--shard", spec], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--shard takes I/N"), "\(run.stderr)")
    }

    /// Three shards, each in its own folder (as three machines would), gathered into one
    /// and indexed: every file equals the unsharded run's, byte for byte.
    @Test func gatheredShardsEqualTheUnshardedRun() throws {
        let folder = try Self.folder(matrix: "growth: [1%, 2%, 3%, 9%]\ntag: [a, b]\n")
        let whole = try CLI.run(["run", "g.yaml", "--matrix", "m.yaml", "-o", "whole", "--quiet"], in: folder)
        #expect(whole.status == 1)
        var counts: [Int] = []
        for i in 1...3 {
            let shard = try CLI.run(["run", "g.yaml", "--matrix", "m.yaml", "--shard", "\(i)/3", "-o", "shard\(i)", "--json"], in: folder)
            #expect(shard.status == 1 || shard.status == 0)
            counts.append(shard.stdout.components(separatedBy: "\"set\":").count - 1)
            #expect(!Self.exists(folder, "shard\(i)/g/index.html"), "a shard writes no index")
        }
        #expect(counts == [3, 3, 2])
        let gathered = folder.appendingPathComponent("gathered/g")
        try FileManager.default.createDirectory(at: gathered, withIntermediateDirectories: true)
        for i in 1...3 {
            let g = folder.appendingPathComponent("shard\(i)/g")
            for name in try FileManager.default.contentsOfDirectory(atPath: g.path) {
                try FileManager.default.copyItem(at: g.appendingPathComponent(name), to: gathered.appendingPathComponent(name))
            }
        }
        let index = try CLI.run(["index", "gathered/g"], in: folder)
        #expect(index.status == 0, "\(index.stderr)")
        #expect(try Self.tree(folder.appendingPathComponent("whole")) == Self.tree(folder.appendingPathComponent("gathered")))
        #expect(try Self.tree(folder.appendingPathComponent("whole")).count == 6 * 3 + 2 * 2 + 1, "index.html, path.csv (not for the 9% sets), manifest.json")
    }

    @Test func indexOfSeveralNotebooksFamiliesMatchesTheRun() throws {
        let folder = try Self.folder(matrix: "growth: [1%, 2%]\n")
        try Self.notebook.replacingOccurrences(of: "title: Growth", with: "title: Other")
            .write(to: folder.appendingPathComponent("h.yaml"), atomically: false, encoding: .utf8)
        let run = try CLI.run(["run", "g.yaml", "h.yaml", "--matrix", "m.yaml", "-o", "site", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let top = try Self.text(folder, "site/index.html")
        #expect(top.contains("<a href=\"g/index.html\">Growth</a>") && top.contains("<a href=\"h/index.html\">Other</a>"))
        let before = try Self.tree(folder.appendingPathComponent("site"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("site/index.html"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("site/g/index.html"))
        #expect(try CLI.run(["index", "site"], in: folder).status == 0)
        #expect(try Self.tree(folder.appendingPathComponent("site")) == before)
    }

    @Test func aNotebookThatDeclaresNameGetsTheSetsName() throws {
        let folder = try Self.folder(matrix: "- {name: Low Case, growth: 1%}\n- {name: High, growth: 3%}\n")
        try "folio: 1\ntitle: N\nparams:\n  name: x\n  growth: 2%\ncells:\n  - markdown: \"Case {{ name }}.\"\n"
            .write(to: folder.appendingPathComponent("n.yaml"), atomically: false, encoding: .utf8)
        let run = try CLI.run(["run", "n.yaml", "--matrix", "m.yaml", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.text(folder, "Outputs/n/low-case/index.html").contains("Case Low Case."))
        #expect(try Self.text(folder, "Outputs/n/high/index.html").contains("Case High."))
    }

    /// Without a matrix, shards of a batch of notebooks gather into the batch's site.
    @Test func gatheredShardsOfABatchEqualTheUnshardedRun() throws {
        let folder = try Self.folder()
        try Self.notebook.replacingOccurrences(of: "title: Growth", with: "title: Other")
            .write(to: folder.appendingPathComponent("h.yaml"), atomically: false, encoding: .utf8)
        #expect(try CLI.run(["run", "g.yaml", "h.yaml", "-o", "whole", "--quiet"], in: folder).status == 0)
        for i in 1...2 {
            #expect(try CLI.run(["run", "g.yaml", "h.yaml", "--shard", "\(i)/2", "-o", "gathered", "--quiet"], in: folder).status == 0)
        }
        #expect(!Self.exists(folder, "gathered/index.html"))
        #expect(try CLI.run(["index", "gathered"], in: folder).status == 0)
        #expect(try Self.tree(folder.appendingPathComponent("whole")) == Self.tree(folder.appendingPathComponent("gathered")))
    }

    @Test func indexOfAFolderWithoutReportsIsTrouble() throws {
        let folder = try Self.folder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("empty/sub"), withIntermediateDirectories: true)
        let run = try CLI.run(["index", "empty"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("holds no report"), "\(run.stderr)")
        #expect(!Self.exists(folder, "empty/index.html"))
    }

    /// Every file under `root`, relative path → bytes.
    static func tree(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return files }
        while let path = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = root.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: full.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: full)
            }
        }
        return files
    }
}

/// `expect: error` on a code cell, through the real binary.
@Suite struct ExpectedErrorTests {
    static func run(_ notebook: String, _ extra: [String] = []) throws -> (CLIResult, URL) {
        let folder = try CLI.temporaryFolder()
        try notebook.write(to: folder.appendingPathComponent("e.yaml"), atomically: false, encoding: .utf8)
        return (try CLI.run(["run", "e.yaml", "-o", "out", "--format", "html,json"] + extra, in: folder), folder)
    }

    @Test func aCellThatFailsAsExpectedPassesAndShowsItsError() throws {
        let (run, folder) = try Self.run("""
        folio: 1
        title: E
        cells:
          - id: teach
            expect: error
            code: |
              xs = [1, 2, 3]
              xs[7]
          - id: after
            code: |
              40 + 2

        """, ["--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("out/index.html"), encoding: .utf8)
        #expect(html.contains("<section class=\"cell code\" id=\"teach\" data-status=\"ok\">"))
        #expect(html.contains("<div class=\"error expected\">\n<p class=\"error-message\"><strong>Expected error:</strong>"))
        #expect(html.contains(">42<"))
        #expect(run.stdout.contains("\"expected_error\""))
        let results = try String(contentsOf: folder.appendingPathComponent("out/results.json"), encoding: .utf8)
        #expect(results.contains("\"expected\": true"))
    }

    @Test func aCellThatDoesNotFailFailsTheRunWithTheReason() throws {
        let (run, folder) = try Self.run("""
        folio: 1
        title: E
        cells:
          - id: fine
            code: "1 + 1"
            expect: error

        """)
        #expect(run.status == 1)
        #expect(run.stderr.contains("e.yaml:6:13: error: cell `fine` has `expect: error` but ran without an error"), "\(run.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("out/index.html"), encoding: .utf8)
        #expect(html.contains("data-status=\"error\""))
    }

    @Test func expectTakesOnlyErrorAndOnlyOnCodeCells() throws {
        let (bad, _) = try Self.run("folio: 1\ntitle: E\ncells:\n  - code: \"1\"\n    expect: failure\n")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("e.yaml:5:13: error: `expect` takes `error`"), "\(bad.stderr)")
        let (markdown, _) = try Self.run("folio: 1\ntitle: E\ncells:\n  - markdown: hi\n    expect: error\n")
        #expect(markdown.status == 1)
        #expect(markdown.stderr.contains("e.yaml:5:13: error: `expect: error` of cell 1 needs a code cell"), "\(markdown.stderr)")
    }
}

/// `folio diff OLD NEW`, through the real binary.
@Suite struct DiffTests {
    static let notebook = """
    folio: 1
    title: D
    params:
      growth: 2%
      extra: false
    cells:
      - id: path
        code: |
          t = table(year: seq(2020, 2024), value: grow(100, growth, 4), note: "x")
          if extra { t = with(t, more: value * 2) }
          t
      - id: dup
        code: |
          table(k: [1, 1, 2], v: [growth, 2, 3])

    """

    static func runs(_ old: [String], _ new: [String]) throws -> URL {
        let folder = try CLI.temporaryFolder()
        try notebook.write(to: folder.appendingPathComponent("d.yaml"), atomically: false, encoding: .utf8)
        #expect(try CLI.run(["run", "d.yaml", "-o", "old", "--quiet"] + old, in: folder).status == 0)
        #expect(try CLI.run(["run", "d.yaml", "-o", "new", "--quiet"] + new, in: folder).status == 0)
        return folder
    }

    @Test func sameRunsExitZero() throws {
        let folder = try Self.runs([], [])
        let diff = try CLI.run(["diff", "old", "new"], in: folder)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("no differences"))
    }

    @Test func changedCellsAreListedByKeyOrByPosition() throws {
        let folder = try Self.runs([], ["-p", "growth=3%", "-p", "extra=true"])
        let diff = try CLI.run(["diff", "old", "new", "-o", "changes.html"], in: folder)
        #expect(diff.status == 1, "\(diff.stderr)")
        #expect(diff.stdout.contains("parameter growth: 0.02 → 0.03"))
        // `year` is unique: rows matched by it.
        #expect(diff.stdout.contains("changed: path.csv — 4 cells changed; column added: more (rows matched by `year`)"), "\(diff.stdout)")
        #expect(diff.stdout.contains("  year=2021, value: 102 → 103\n"), "\(diff.stdout)")
        // `k` repeats: rows matched by position.
        #expect(diff.stdout.contains("changed: dup.csv — 1 cell changed (rows matched by position)"), "\(diff.stdout)")
        #expect(diff.stdout.contains("  row 1, v: 0.02 → 0.03\n"), "\(diff.stdout)")
        let page = try String(contentsOf: folder.appendingPathComponent("changes.html"), encoding: .utf8)
        #expect(page.contains("<th scope=\"row\">2021</th><td>value</td><td class=\"old\">102</td><td class=\"new\">103</td>"))
        #expect(page.contains("4 cells changed; column added: more (rows matched by <code>year</code>)"), "\(page)")
        #expect(!page.lowercased().contains("<script"))
        #expect(page.contains("Content-Security-Policy"))
    }

    @Test func rowsAddedAndRemovedAreCounted() throws {
        let folder = try Self.runs([], [])
        let csv = folder.appendingPathComponent("new/path.csv")
        try "year,value,note\n2021,102,x\n2022,104.03999999999999,x\n2025,1,x\n".write(to: csv, atomically: false, encoding: .utf8)
        let diff = try CLI.run(["diff", "old", "new"], in: folder)
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("changed: path.csv — 1 row added; 3 rows removed (rows matched by `year`)"), "\(diff.stdout)")
        #expect(diff.stdout.contains("  rows added: year=2025\n  rows removed: year=2020, year=2023, year=2024\n"), "\(diff.stdout)")
    }

    @Test func troubleExitsTwo() throws {
        let folder = try Self.runs([], [])
        try "folio: 1\ntitle: O\ncells:\n  - code: \"1\"\n".write(to: folder.appendingPathComponent("o.yaml"), atomically: false, encoding: .utf8)
        #expect(try CLI.run(["run", "o.yaml", "-o", "other", "--quiet"], in: folder).status == 0)
        let different = try CLI.run(["diff", "old", "other"], in: folder)
        #expect(different.status == 2)
        #expect(different.stderr.contains("holds the outputs of d.yaml and `other` those of o.yaml"), "\(different.stderr)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("plain"), withIntermediateDirectories: true)
        let manifest = folder.appendingPathComponent("new/manifest.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "\"path\": \"path.csv\"", with: "\"path\": \"../d.yaml\"")
            .write(to: manifest, atomically: false, encoding: .utf8)
        let outside = try CLI.run(["diff", "old", "new"], in: folder)
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("lists `../d.yaml`, which is not inside its folder"), "\(outside.stderr)")
        let plain = try CLI.run(["diff", "old", "plain"], in: folder)
        #expect(plain.status == 2)
        #expect(plain.stderr.contains("`plain` has no manifest.json"), "\(plain.stderr)")
    }
}

/// With `--cache`, why each code cell ran or was reused (`--json`'s `cache`, `--explain`).
@Suite struct CacheReasonTests {
    @Test func eachReasonIsReported() throws {
        let folder = try CLI.temporaryFolder()
        try "x,y\n1,2\n3,4\n".write(to: folder.appendingPathComponent("d.csv"), atomically: false, encoding: .utf8)
        func notebook(_ c: String) -> String {
            """
            folio: 1
            title: C
            params:
              growth: 2%
            data:
              d: d.csv
            cells:
              - id: a
                code: |
                  total = sum(d.y)
              - id: b
                code: |
                  scaled = total * (1 + growth)
              - id: c
                code: |
                  \(c)
              - id: f
                code: |
                  fn g(x) = x + 1
                  g(1)

            """
        }
        let path = folder.appendingPathComponent("c.yaml")
        try notebook("scaled + 1").write(to: path, atomically: false, encoding: .utf8)
        func run(_ extra: [String] = []) throws -> CLIResult {
            try CLI.run(["run", "c.yaml", "-o", "out", "--cache", "--json", "--explain"] + extra, in: folder)
        }
        func reasons(_ result: CLIResult) -> [String] {
            result.stdout.split(separator: "\n").filter { $0.contains("\"cache\":") }.map {
                String($0.split(separator: "\"cache\": ")[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\","))
            }
        }
        let first = try run()
        #expect(reasons(first) == Array(repeating: "not in the cache yet", count: 4), "\(first.stdout)")
        let second = try run()
        #expect(reasons(second) == ["hit", "hit", "hit", "not cacheable: binds a function (`g`)"])
        #expect(second.stderr.contains("c.yaml: cell `a` reused: nothing it depends on changed"), "\(second.stderr)")
        #expect(second.stderr.contains("c.yaml: cell `f` ran: not cacheable: binds a function (`g`)"))
        try notebook("scaled + 2").write(to: path, atomically: false, encoding: .utf8)
        #expect(reasons(try run()) == ["hit", "hit", "code changed", "not cacheable: binds a function (`g`)"])
        try "x,y\n1,2\n3,5\n".write(to: folder.appendingPathComponent("d.csv"), atomically: false, encoding: .utf8)
        let data = try run()
        #expect(reasons(data) == ["data changed: d.csv", "upstream cell ran: a", "upstream cell ran: b", "not cacheable: binds a function (`g`)"])
        #expect(data.stderr.contains("c.yaml: cell `b` ran: upstream cell ran: a"))
        #expect(reasons(try run(["-p", "growth=3%"])).prefix(3) == ["parameter changed: growth", "parameter changed: growth", "parameter changed: growth"])
        // Without --cache there is no reason to give.
        let plain = try CLI.run(["run", "c.yaml", "-o", "out2", "--json"], in: folder)
        #expect(reasons(plain).isEmpty)
    }
}

/// The shard commands of docs/scale.md, run as written (with folio on PATH): the Slurm
/// job array's script and gathering step, and the Kubernetes indexed Job's command and
/// gathering step. Each gathered site must equal one unsharded run's, byte for byte.
@Suite struct ScaleDocTests {
    static let doc: String = {
        var parts = URL(fileURLWithPath: #filePath).pathComponents
        parts.removeLast(3)
        let path = (parts + ["docs", "scale.md"]).joined(separator: "/").replacingOccurrences(of: "//", with: "/")
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }()

    /// The fenced `sh` block that contains `marker`.
    static func block(_ marker: String) -> String? {
        let blocks = doc.components(separatedBy: "```sh\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        return blocks.first { $0.contains(marker) }
    }

    static func shell(_ script: String, in folder: URL, environment: [String: String] = [:]) throws -> CLIResult {
        let bin = CLI.executable.deletingLastPathComponent().path
        var env = environment
        env["PATH"] = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try CLI.runExecutable("/bin/bash", ["-c", script], in: folder, environment: env)
    }

    static func prepare() throws -> URL {
        let folder = try CLI.temporaryFolder()
        try FamilyTests.notebook.write(to: folder.appendingPathComponent("report.yaml"), atomically: false, encoding: .utf8)
        try "growth: [1%, 2%, 3%, 9%]\ntag: [a, b, c]\n".write(to: folder.appendingPathComponent("matrix.yaml"), atomically: false, encoding: .utf8)
        #expect(try CLI.run(["run", "report.yaml", "--matrix", "matrix.yaml", "-o", "whole", "--quiet"], in: folder).status == 1)
        #expect(try FamilyTests.tree(folder.appendingPathComponent("whole/report")).count == 9 * 3 + 3 * 2 + 1)
        return folder
    }

    @Test func slurmJobArrayAndGather() throws {
        let render = try #require(Self.block("render.sbatch"))
        let gather = try #require(Self.block("gather.sh"))
        let folder = try Self.prepare()
        for task in 1...4 {
            let result = try Self.shell(render, in: folder, environment: [
                "SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_CPUS_PER_TASK": "2"])
            #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        }
        let gathered = try Self.shell(gather, in: folder)
        #expect(gathered.status == 0, "\(gathered.stderr)")
        #expect(try FamilyTests.tree(folder.appendingPathComponent("whole/report")) == FamilyTests.tree(folder.appendingPathComponent("site/report")))
    }

    @Test func kubernetesIndexedJobAndGather() throws {
        let folder = try Self.prepare()
        // The container's command (`args:` of the Job), its /out volume a folder here.
        let yaml = try #require(Self.doc.components(separatedBy: "```yaml\n").first { $0.contains("completionMode: Indexed") })
        let lines = yaml.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains("- folio run report.yaml") })
        let command = lines[start...].prefix { !$0.contains("volumeMounts") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ").dropFirst(2)
        let out = folder.appendingPathComponent("out").path
        for index in 0..<4 {
            let result = try Self.shell(String(command).replacingOccurrences(of: "/out", with: out), in: folder,
                                        environment: ["JOB_COMPLETION_INDEX": "\(index)"])
            #expect(result.status == 0 || result.status == 1, "\(command): \(result.stderr)")
        }
        let gather = try #require(Self.block("/out/site/report"))
        let gathered = try Self.shell(gather.replacingOccurrences(of: "/out", with: out), in: folder)
        #expect(gathered.status == 0, "\(gathered.stderr)")
        #expect(try FamilyTests.tree(folder.appendingPathComponent("whole/report")) == FamilyTests.tree(folder.appendingPathComponent("out/site/report")))
    }
}
