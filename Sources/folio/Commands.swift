import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NotebookFormat
import Runner

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load notebooks and run the static checks; nothing is executed.",
        discussion: """
        Reports every problem of each notebook at once (format, language, data files and \
        their columns) and prints one line per notebook. Exit status: 0 no errors, 1 errors.
        """
    )

    @Argument(help: "Notebook files (.yaml).")
    var notebooks: [String]

    @Option(help: ArgumentHelp("Also allow reading data files under DIR (as `run --allow-read`).", valueName: "DIR"))
    var allowRead: [String] = []

    func run() throws {
        let color = Terminal.stderrWantsColor
        var failed = false
        for path in notebooks {
            let result = Runner.check(path: path, allowRead: allowRead)
            let renderer = DiagnosticRenderer(sources: result.sources, color: color)
            for diagnostic in result.diagnostics {
                Terminal.writeStderr(renderer.render(diagnostic))
            }
            Terminal.writeStderr(Console.summary(result) + "\n")
            if result.hasErrors { failed = true }
        }
        if failed { throw ExitCode.failure }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a starter notebook NAME.yaml that passes `check` and runs."
    )

    @Argument(help: "The notebook's name; `.yaml` is added when missing.")
    var name: String

    func run() throws {
        let path = name.hasSuffix(".yaml") || name.hasSuffix(".yml") ? name : name + ".yaml"
        guard !FileManager.default.fileExists(atPath: path) else {
            Console.error(.error(.notebookExists(path), at: nil))
            throw ExitCode(2)
        }
        let stem = Paths.stem(path)
        guard FileManager.default.createFile(atPath: path, contents: Data(StarterNotebook.text(title: stem).utf8)) else {
            Console.error(.error(.cannotWriteNotebook(path), at: nil))
            throw ExitCode.failure
        }
        Terminal.writeStderr("wrote \(path); run it with `folio run \(path)`\n")
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the notebook format as JSON Schema (for editors' YAML plugins)."
    )

    func run() throws {
        Terminal.writeStdout(NotebookSchema.json)
    }
}

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Re-run a notebook whenever it or one of its data files changes.",
        discussion: "Prints one summary line per run. Stop it with Ctrl-C."
    )

    @Argument(help: "The notebook file (.yaml).")
    var notebook: String

    @OptionGroup var flags: RunFlags

    /// For tests and scripts: stop after this many runs.
    @Option(help: .hidden)
    var runs: Int?

    func run() throws {
        let console = Console(quiet: false)
        let runner = Runner(options: try flags.options())
        var count = 0
        while true {
            let results: [NotebookRun]
            do {
                results = try runner.run(paths: [notebook]) { event in console.progress(event) }
            } catch {
                console.usageError(error)
                throw ExitCode(2)
            }
            for result in results { console.report(result) }
            count += 1
            if let runs, count >= runs { return }
            let watch = FileWatch(paths: results.flatMap(\.inputPaths))
            let changed = watch.wait()
            Terminal.writeStderr("changed: \(changed.map(Paths.lastComponent).joined(separator: ", "))\n")
        }
    }
}
