import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func versionAndHelpExitZero() throws {
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        for command in ["run", "check", "new", "schema", "watch", "preview"] {
            #expect(help.stdout.contains(command))
        }
    }

    @Test(arguments: [["run", "--no-such-option", "x.yaml"], ["frobnicate"], ["run"], ["run", "x.yaml", "--timeout", "-1"],
                      ["run", "x.yaml", "--format", "docx"], ["run", "x.yaml", "-p", "novalue"], ["preview"],
                      ["preview", "x.yaml", "--port", "65536"], ["preview", "x.yaml", "--format", "docx"]])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }
}

@Suite struct WatchTests {
    /// `folio watch` re-runs when the notebook changes: start it, edit the notebook once the
    /// first run is reported, and expect a second run with the new value.
    @Test func rerunsWhenTheNotebookChanges() throws {
        let folder = try CLI.temporaryFolder()
        let notebook = folder.appendingPathComponent("w.yaml")
        func write(_ value: Int) throws {
            try "folio: 1\ntitle: W\ncells:\n  - id: v\n    code: |\n      \(value) + 1\n".write(to: notebook, atomically: false, encoding: .utf8)
        }
        try write(1)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["watch", "w.yaml", "--runs", "2", "-o", "out"]
        process.currentDirectoryURL = folder
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let html = folder.appendingPathComponent("out/index.html")
        let deadline = Date().addingTimeInterval(90)  // generous: the suite runs in parallel on 2 cores
        while !FileManager.default.fileExists(atPath: html.path), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        Thread.sleep(forTimeInterval: 0.3)
        try write(41)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.components(separatedBy: "ran 1 cell in").count == 3, "\(stderr)")
        #expect(stderr.contains("changed: w.yaml"))
        let report = try String(contentsOf: html, encoding: .utf8)
        #expect(report.contains(">42<"))
    }
}

@Suite struct RunCommandTests {
    private func workspace(_ notebooks: [String: String]) throws -> URL {
        let folder = try CLI.temporaryFolder()
        for (name, text) in notebooks {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    private static let good = "folio: 1\ntitle: Good\ncells:\n  - id: a\n    code: |\n      x = 2\n  - id: b\n    code: |\n      x * 21\n"
    private static let bad = "folio: 1\ntitle: Bad\ncells:\n  - id: a\n    code: |\n      1 / 0\n"
    private static let invalid = "folio: 1\ntitle: Invalid\ncells:\n  - id: a\n    captoin: x\n    code: |\n      undefined_name + 1\n"

    @Test func newWritesANotebookThatChecksAndRuns() throws {
        let folder = try CLI.temporaryFolder()
        #expect(try CLI.run(["new", "starter"], in: folder).status == 0)
        #expect(try CLI.run(["new", "starter"], in: folder).status == 2)  // never overwrites
        let check = try CLI.run(["check", "starter.yaml"], in: folder)
        #expect(check.status == 0, "\(check.stderr)")
        let run = try CLI.run(["run", "starter.yaml"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Outputs/starter/index.html").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Outputs/starter/projection.csv").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Outputs/starter/chart.svg").path))
    }

    @Test func checkReportsEveryErrorWithPositionsAndExitsOne() throws {
        let folder = try workspace(["bad.yaml": Self.invalid])
        let result = try CLI.run(["check", "bad.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.yaml:5:5: error:"), "\(result.stderr)")
        #expect(result.stderr.contains("captoin"))
        #expect(result.stderr.contains("    captoin: x\n    ^"), "the source line and a caret under the key")
    }

    @Test func missingNotebookIsAnErrorAtItsPath() throws {
        let folder = try CLI.temporaryFolder()
        let result = try CLI.run(["run", "nowhere.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("nowhere.yaml:1:1: error:"), "\(result.stderr)")
    }

    @Test func batchExitStatusIsTheWorstAndJSONDescribesEveryCell() throws {
        let folder = try workspace(["good.yaml": Self.good, "bad.yaml": Self.bad])
        let result = try CLI.run(["run", "good.yaml", "bad.yaml", "--json", "-o", "site"], in: folder)
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let notebooks = try #require(json["notebooks"] as? [[String: Any]])
        #expect(notebooks.map { $0["status"] as? String } == ["ok", "failed"])
        #expect(notebooks[0]["output_folder"] as? String == "site/good")
        let cells = try #require(notebooks[1]["cells"] as? [[String: Any]])
        let error = try #require(cells.first?["error"] as? [String: Any])
        #expect(error["line"] as? Int == 6)
        #expect(error["column"] as? Int == 9)
        #expect(cells.first?["duration_ms"] is Double || cells.first?["duration_ms"] is Int)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("site/index.html").path))
    }

    @Test func quietPrintsNothingOnSuccess() throws {
        let folder = try workspace(["good.yaml": Self.good])
        let result = try CLI.run(["run", "good.yaml", "--quiet"], in: folder)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let loud = try CLI.run(["run", "good.yaml"], in: folder)
        #expect(loud.stderr.contains("good.yaml: ran 2 cells in"))
        #expect(loud.stderr.contains("→ Outputs/good/index.html"))
    }

    @Test func parameterMistakesAreUsageErrors() throws {
        let folder = try workspace(["p.yaml": "folio: 1\ntitle: P\nparams:\n  rate: 2%\ncells:\n  - code: |\n      rate\n"])
        let unknown = try CLI.run(["run", "p.yaml", "-p", "rat=1"], in: folder)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("`rat`"))
        let wrongType = try CLI.run(["run", "p.yaml", "-p", "rate=high"], in: folder)
        #expect(wrongType.status == 2)
        #expect(wrongType.stderr.contains("`rate` is a number"))
        #expect(try CLI.run(["run", "p.yaml", "-p", "rate=3.5%"], in: folder).status == 0)
    }

    /// A `-p` value that does not read is one diagnostic: `error:` once, not the reader's
    /// `error: …` glued into a usage error's text (issue 14). Every usage error alike.
    @Test func badParameterValuePrintsOneErrorAndExitsTwo() throws {
        let folder = try workspace(["p.yaml": "folio: 1\ntitle: P\nparams:\n  rate: 2%\ncells:\n  - code: |\n      rate\n"])
        let missing = try CLI.run(["run", "p.yaml", "-p", "rate="], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr == "folio: error: -p rate=: the value after `=` is missing\n")
        for arguments in [["-p", "rate="], ["-p", "rate=[1, {a: 2}]"], ["-p", "rate='x' y"], ["-p", "rat=1"], ["-p", "rate=high"]] {
            let result = try CLI.run(["run", "p.yaml"] + arguments, in: folder)
            #expect(result.status == 2, "\(arguments)")
            // One severity label (a YAML reader's "syntax error:" may follow in the message).
            #expect(result.stderr.components(separatedBy: ": error:").count == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("folio: error: -p "), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Outputs").path))
    }

    @Test func schemaCommandPrintsTheCommittedSchema() throws {
        let result = try CLI.run(["schema"])
        #expect(result.status == 0)
        let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/notebook.schema.json").standardized
        #expect(result.stdout == (try String(contentsOf: committed, encoding: .utf8)))
    }

    /// On a terminal, an updating progress line names the cell being run. `script` gives
    /// the child a pseudo-terminal.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func progressLineOnATerminal() throws {
        let folder = try workspace(["good.yaml": Self.good])
        let command = "\(CLI.executable.path) run good.yaml"
        let result = try CLI.runExecutable("/usr/bin/script", ["-qec", command, "/dev/null"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.contains("good.yaml [2/2] b"), "\(result.stdout)")
        #expect(result.stdout.contains("ran 2 cells"))
    }
}

/// A real browser renders a report: headless Chromium (Debian `chromium`, installed by
/// `make test-deps`) takes a screenshot of a run's index.html. Blank or broken pages
/// compress to a few kilobytes; a page with text, a table and a chart does not.
@Suite struct ScreenshotTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (make test-deps installs it)"))
    func reportRendersInChromium() throws {
        let folder = try CLI.temporaryFolder()
        let notebook = """
        folio: 1
        title: Screenshot check
        cells:
          - markdown: |
              # Spending
              A short paragraph of text with **bold** words.
          - id: t
            code: |
              t = table(year: seq(2020, 2027), budget: grow(100, 5%, 7))
              show(t)
              line_chart(t, x: "year", y: "budget", title: "Budget")
        """
        try notebook.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", "s.yaml", "-o", "out"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let png = folder.appendingPathComponent("shot.png")
        let html = folder.appendingPathComponent("out/index.html")
        let shot = try CLI.runExecutable(try #require(Self.chromium), [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,1400",
            "--screenshot=\(png.path)", html.absoluteString,
        ], in: folder)
        #expect(shot.status == 0, "\(shot.stderr)")
        let bytes = try [UInt8](Data(contentsOf: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // IHDR: width and height, big-endian, at bytes 16-23.
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1000 && height == 1400)
        #expect(bytes.count > 25_000, "the screenshot looks blank (\(bytes.count) bytes)")
    }

    /// Issue 17's reader's test on a sample of the chart gallery: its charts as the report
    /// shows them (scaled to the column) in windows 600 and 1,000 px wide. The PNG must be
    /// the window's size and far from blank. (That no text overlaps or is cut off is checked
    /// on the layout values: `galleryTextsNeitherOverlapNorLeaveThePicture` in RenderTests.)
    @Test(.enabled(if: chromium != nil, "chromium is not installed (make test-deps installs it)"))
    func galleryChartsRenderInChromiumAt600And1000Pixels() throws {
        let folder = try CLI.temporaryFolder()
        let gallery = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/gallery")
        for name in ["gallery.yaml", "budget.csv"] {
            try FileManager.default.copyItem(at: gallery.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let run = try CLI.run(["run", "gallery.yaml", "-o", "out", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let sample = ["line", "band", "waterfall", "scatter", "color", "facet"]
        var page = "<!doctype html><html><head><meta charset=\"utf-8\"><style>body{margin:0;background:#fff}svg{display:block;width:100%;height:auto}</style></head><body>\n"
        for id in sample {
            let svg = try String(contentsOf: folder.appendingPathComponent("out/\(id).svg"), encoding: .utf8)
            #expect(svg.contains("<desc>") && !svg.contains("No data to plot"), "\(id)")
            page += svg.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "") + "\n"
        }
        try (page + "</body></html>\n").write(to: folder.appendingPathComponent("sample.html"), atomically: true, encoding: .utf8)
        for (width, height) in [(600, 2400), (1000, 4000)] {
            let png = folder.appendingPathComponent("sample-\(width).png")
            let shot = try CLI.runExecutable(try #require(Self.chromium), [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=\(width),\(height)",
                "--screenshot=\(png.path)", folder.appendingPathComponent("sample.html").absoluteString,
            ], in: folder)
            #expect(shot.status == 0, "\(shot.stderr)")
            let bytes = try [UInt8](Data(contentsOf: png))
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            let w = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, h = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(w == width && h == height)
            // Six charts of lines, bars, text and shading; a blank or unstyled page is a few KB.
            #expect(bytes.count > width * 100, "the \(width) px screenshot looks blank (\(bytes.count) bytes)")
        }
    }
}

@Suite struct MemoryLimitFlagTests {
    @Test func aSmallLimitFailsTheCellThatWouldPassIt() throws {
        let folder = try CLI.temporaryFolder()
        try "folio: 1\ntitle: M\ncells:\n  - id: big\n    code: |\n      xs = seq(1, 20000000)\n      sum(xs)\n"
            .write(to: folder.appendingPathComponent("m.yaml"), atomically: true, encoding: .utf8)
        let limited = try CLI.run(["run", "m.yaml", "--memory-limit", "64M"], in: folder)
        #expect(limited.status == 1, "\(limited.stderr)")
        #expect(limited.stderr.contains("m.yaml:6:"), "\(limited.stderr)")
        #expect(limited.stderr.lowercased().contains("memory"), "\(limited.stderr)")
        #expect(try CLI.run(["run", "m.yaml", "--memory-limit", "none"], in: folder).status == 0)
        #expect(try CLI.run(["run", "m.yaml", "--memory-limit", "lots"], in: folder).status == 2)
    }
}

@Suite struct PaperFlagTests {
    @Test func paperNeedsThePDFFormatAndAKnownSize() throws {
        let folder = try CLI.temporaryFolder()
        try "folio: 1\ntitle: P\ncells:\n  - code: 1\n".write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let without = try CLI.run(["run", "p.yaml", "--paper", "letter"], in: folder)
        #expect(without.status == 2 && without.stderr.contains("--format pdf"), "\(without.stderr)")
        let unknown = try CLI.run(["run", "p.yaml", "--format", "pdf", "--paper", "A5"], in: folder)
        #expect(unknown.status == 2 && unknown.stderr.contains("`A5`") && unknown.stderr.contains("a4 or letter"), "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Outputs").path), "nothing written")
    }
}
