import Foundation
import Testing

/// `folio preview` end to end: the real binary, driven by a real HTTP client (curl).
@Suite(.serialized) struct PreviewCommandTests {
    static let notebook = "folio: 1\ntitle: Preview\ncells:\n  - id: a\n    code: |\n      x = 6 * 7\n      table(answer: [x])\n  - markdown: The answer is {{ x }}.\n"

    /// A running `folio preview` with its stderr in a file (read while it runs).
    final class Preview {
        let process = Process()
        let folder: URL
        let stderrFile: URL
        private(set) var port = 0

        init(folder: URL, arguments: [String]) throws {
            self.folder = folder
            stderrFile = folder.appendingPathComponent("preview-stderr.txt")
            FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
            process.executableURL = CLI.executable
            process.arguments = ["preview"] + arguments
            process.currentDirectoryURL = folder
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: stderrFile)
            try process.run()
        }

        var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

        /// Waits for the "previewing … at http://127.0.0.1:PORT/" line.
        func waitForURL() throws -> Int {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if let match = stderr.firstMatch(of: /at http:\/\/127\.0\.0\.1:(\d+)\//), let port = Int(match.1) {
                    self.port = port
                    return port
                }
                if !process.isRunning { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            throw PreviewError.noURL(stderr)
        }

        /// Waits until at least `runs` runs have finished (the reload endpoint says so).
        func waitForRuns(_ runs: Int) throws {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let answer = try get("/__folio/wait?after=\(runs - 1)")
                if answer.status == 200, let n = Int(answer.body), n >= runs { return }
            }
            throw PreviewError.noRun(runs, stderr)
        }

        func get(_ path: String, host: String? = nil) throws -> (status: Int, body: String) {
            var arguments = ["-s", "--path-as-is", "--max-time", "30", "-w", "\n%{http_code}"]
            if let host { arguments += ["-H", "Host: \(host)"] }
            arguments.append("http://127.0.0.1:\(port)\(path)")
            let result = try CLI.runExecutable("/usr/bin/curl", arguments)
            var lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let status = Int(lines.popLast() ?? "") ?? 0
            return (status, lines.joined(separator: "\n"))
        }

        func stop() {
            if process.isRunning { process.interrupt() }
            process.waitUntilExit()
        }

        deinit { if process.isRunning { process.terminate() } }
    }

    enum PreviewError: Error {
        case noURL(String)
        case noRun(Int, String)
    }

    func workspace() throws -> URL {
        let folder = try CLI.temporaryFolder()
        try Self.notebook.write(to: folder.appendingPathComponent("nb.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    func write(_ text: String, to folder: URL) throws {
        // Sizes differ or time moves on: the watcher sees every write below.
        Thread.sleep(forTimeInterval: 0.05)
        try text.write(to: folder.appendingPathComponent("nb.yaml"), atomically: false, encoding: .utf8)
    }

    @Test func servesTheReportWithAReloadScriptAndSignalsReloadAfterAnEdit() throws {
        let folder = try workspace()
        let preview = try Preview(folder: folder, arguments: ["nb.yaml", "--port", "0", "-o", "out"])
        defer { preview.stop() }
        _ = try preview.waitForURL()
        try preview.waitForRuns(1)

        let page = try preview.get("/")
        #expect(page.status == 200)
        #expect(page.body.contains("class=\"folio\""), "\(page.body.prefix(300))")
        #expect(page.body.contains("The answer is 42."))
        #expect(page.body.contains("<script nonce=\""))
        #expect(page.body.contains("script-src 'nonce-"))
        // The report on disk stays script-free; its other files are served as written.
        let written = try String(contentsOf: folder.appendingPathComponent("out/index.html"), encoding: .utf8)
        #expect(!written.contains("<script"))
        #expect(try preview.get("/a.csv").body == "answer\n42\n")
        #expect(try preview.get("/manifest.json").status == 200)

        // A long poll waiting for run 2 is answered after the notebook is saved.
        let waiting = Process()
        waiting.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        waiting.arguments = ["-s", "--max-time", "30", "http://127.0.0.1:\(preview.port)/__folio/wait?after=1"]
        let out = Pipe()
        waiting.standardOutput = out
        try waiting.run()
        try write(Self.notebook.replacingOccurrences(of: "6 * 7", with: "6 * 8"), to: folder)
        let answer = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        waiting.waitUntilExit()
        #expect(answer == "2", "\(preview.stderr)")
        #expect(try preview.get("/").body.contains("The answer is 48."))
    }

    @Test func aSaveOfADataFileRunsAgainToo() throws {
        let folder = try CLI.temporaryFolder()
        try "folio: 1\ntitle: Data\ndata:\n  t: t.csv\ncells:\n  - markdown: The sum is {{ sum(t.v) }}.\n"
            .write(to: folder.appendingPathComponent("nb.yaml"), atomically: true, encoding: .utf8)
        try "v\n1\n2\n".write(to: folder.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let preview = try Preview(folder: folder, arguments: ["nb.yaml", "--port", "0", "-o", "out"])
        defer { preview.stop() }
        _ = try preview.waitForURL()
        try preview.waitForRuns(1)
        #expect(try preview.get("/").body.contains("The sum is 3."))
        Thread.sleep(forTimeInterval: 0.05)
        try "v\n1\n2\n40\n".write(to: folder.appendingPathComponent("t.csv"), atomically: false, encoding: .utf8)
        try preview.waitForRuns(2)
        #expect(try preview.get("/").body.contains("The sum is 43."), "\(preview.stderr)")
    }

    @Test func refusesTraversalForeignHostsAndListings() throws {
        let folder = try workspace()
        try "secret".write(to: folder.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        let preview = try Preview(folder: folder, arguments: ["nb.yaml", "--port", "0", "-o", "out"])
        defer { preview.stop() }
        let port = try preview.waitForURL()
        try preview.waitForRuns(1)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out/sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("out/link.txt").path,
                                                   withDestinationPath: folder.appendingPathComponent("secret.txt").path)
        for path in ["/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/sub/../../secret.txt",
                     "/link.txt", "/sub", "/sub/", "/.", "/%00", "/missing.csv"] {
            let answer = try preview.get(path)
            #expect(answer.status == 404, "\(path): \(answer.status)")
            #expect(!answer.body.contains("secret"), "\(path)")
        }
        // DNS rebinding: only localhost and 127.0.0.1 with the server's port are answered.
        #expect(try preview.get("/", host: "evil.example").status == 403)
        #expect(try preview.get("/", host: "evil.example:\(port)").status == 403)
        #expect(try preview.get("/a.csv", host: "127.0.0.1:1").status == 403)
        #expect(try preview.get("/", host: "localhost:\(port)").status == 200)
        #expect(try preview.get("/", host: "127.0.0.1:\(port)").status == 200)
    }

    @Test func brokenAndDeletedNotebooksShowInThePageAndRecover() throws {
        let folder = try workspace()
        let preview = try Preview(folder: folder, arguments: ["nb.yaml", "--port", "0", "-o", "out"])
        defer { preview.stop() }
        _ = try preview.waitForURL()
        try preview.waitForRuns(1)

        // A save that breaks the YAML: the errors in the page, the last report still reachable.
        try write("folio: 1\ntitle: [unclosed\ncells: <b>\n", to: folder)
        try preview.waitForRuns(2)
        let broken = try preview.get("/")
        #expect(broken.status == 200)
        #expect(broken.body.contains("nb.yaml did not run"), "\(broken.body)")
        #expect(broken.body.contains("nb.yaml:") && broken.body.contains("error:"), "the error with its position: \(broken.body)")
        #expect(broken.body.contains("<script nonce="), "the problem page reloads itself too")
        #expect(broken.body.contains("href=\"/index.html\""))
        #expect(try preview.get("/index.html").body.contains("The answer is 42."))

        // Deleted: the page says so; the server keeps running; back, it recovers.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("nb.yaml"))
        try preview.waitForRuns(3)
        let gone = try preview.get("/")
        #expect(gone.body.contains("cannot read notebook"), "\(gone.body)")
        #expect(gone.body.contains("no such file"))
        try write(Self.notebook.replacingOccurrences(of: "6 * 7", with: "6 * 9"), to: folder)
        try preview.waitForRuns(4)
        #expect(try preview.get("/").body.contains("The answer is 54."))
        // Ctrl-C stops it cleanly.
        preview.process.interrupt()
        preview.process.waitUntilExit()
        #expect(preview.process.terminationStatus == 0)
        #expect(preview.stderr.contains("stopped"))
    }

    @Test func aPortInUseOrOutOfRangeIsBadUsageNamingThePort() throws {
        let folder = try workspace()
        let first = try Preview(folder: folder, arguments: ["nb.yaml", "--port", "0", "-o", "out"])
        defer { first.stop() }
        let port = try first.waitForURL()
        let second = try CLI.run(["preview", "nb.yaml", "--port", "\(port)", "-o", "out2"], in: folder)
        #expect(second.status == 2)
        #expect(second.stderr.contains("port \(port)"), "\(second.stderr)")
        #expect(second.stderr.contains("in use"), "\(second.stderr)")
        // A `-p` naming no parameter is bad usage from the first run: exit 2, the server stopped.
        let badParameter = try CLI.run(["preview", "nb.yaml", "--port", "0", "-p", "nope=1", "-o", "out3"], in: folder)
        #expect(badParameter.status == 2)
        #expect(badParameter.stderr.contains("`nope`"), "\(badParameter.stderr)")
        for bad in ["70000", "-1"] {
            let result = try CLI.run(["preview", "nb.yaml", "--port=\(bad)"], in: folder)
            #expect(result.status == 2, "\(bad)")
            #expect(result.stderr.contains("--port \(bad)"), "\(result.stderr)")
        }
    }
}
