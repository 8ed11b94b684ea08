import ArgumentParser
import NotebookFormat
import Runner

/// `folio diff OLD NEW`: exit 0 same, 1 different, 2 trouble, as `diff` does.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two output folders of one notebook: exit 0 same, 1 different, 2 trouble.",
        discussion: """
        Lists added, removed and changed files, and for each changed CSV the changed cells \
        with old and new values (rows matched by the first column when its values are \
        unique, else by position).
        """
    )

    @Argument(help: "The older output folder.")
    var old: String

    @Argument(help: "The newer output folder.")
    var new: String

    @Option(name: .short, help: ArgumentHelp("Also write the comparison as an HTML page (no script).", valueName: "FILE"))
    var output: String?

    func run() throws {
        let outcome: OutputDiff.Outcome
        do {
            outcome = try OutputDiff.run(old: old, new: new, page: output)
        } catch {
            Console.error(error)
            throw ExitCode(2)
        }
        Terminal.writeStdout(outcome.text)
        if !outcome.isSame { throw ExitCode.failure }
    }
}
