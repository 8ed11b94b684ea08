import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func versionAndHelpExitZero() throws {
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        for command in ["run", "check", "new", "schema", "watch"] {
            #expect(help.stdout.contains(command))
        }
    }

    @Test(arguments: [["run", "--no-such-option", "x.yaml"], ["frobnicate"], ["run"], ["run", "x.yaml", "--timeout", "-1"],
                      ["run", "x.yaml", "--format", "pdf"], ["run", "x.yaml", "-p", "novalue"]])
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
        let deadline = Date().addingTimeInterval(20)
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
