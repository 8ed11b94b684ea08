import ArgumentParser
import NotebookFormat
import Runner

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two output folders of one notebook: exit 0 same, 1 different, 2 trouble."
    )

    @Argument(help: "The older output folder.")
    var old: String

    @Argument(help: "The newer output folder.")
    var new: String

    @Option(name: .short, help: ArgumentHelp("Also write the comparison as an HTML page.", valueName: "FILE"))
    var output: String?

    func run() throws {
        throw ExitCode(2)
    }
}
