import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Runner

/// Subcommands name themselves: argument-parser would otherwise derive the name from the
/// type at run time, a measurable part of start-up (docs/PERFORMANCE.md).
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run notebooks and write their reports.",
        discussion: """
        Each notebook's outputs go to Outputs/STEM/ (or -o DIR for a single notebook; with several, \
        DIR/STEM/). Exit status: 0 success, 1 a notebook failed, 2 bad usage.
        """
    )

    @Argument(help: "Notebook files (.yaml).")
    var notebooks: [String]

    @OptionGroup var flags: RunFlags

    @OptionGroup var family: FamilyFlags

    func run() throws {
        let console = Console(quiet: flags.quiet)
        let runner = Runner(options: try family.apply(to: flags.options()))
        let results: [NotebookRun]
        do {
            results = try runner.run(paths: notebooks) { event in console.progress(event) }
        } catch {
            console.usageError(error)
            throw ExitCode(2)
        }
        for result in results {
            console.report(result)
            if family.explain { console.explain(result) }
        }
        if flags.json {
            Terminal.writeStdout(RunSummary.json(results))
        }
        if results.contains(where: { $0.status != .ok }) { throw ExitCode.failure }
    }
}

/// The options `run` and `watch` share.
struct RunFlags: ParsableArguments {
    @Option(name: .short, help: ArgumentHelp("Output folder.", valueName: "DIR"))
    var output: String?

    @Option(name: .short, help: ArgumentHelp("Override a parameter (a YAML scalar or flow list).", valueName: "name=value"))
    var parameter: [String] = []

    @Option(name: .short, help: ArgumentHelp("Parameter values from a YAML mapping (-p wins).", valueName: "FILE"))
    var file: String?

    @Flag(help: "Run later cells that do not depend on a failed one.")
    var keepGoing = false

    @Option(help: ArgumentHelp("Time limit per cell.", valueName: "SECONDS"))
    var timeout: Double = 60

    @Option(help: ArgumentHelp("Notebooks run at once (default: the number of cores).", valueName: "N"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Output formats, comma-separated: html,csv,json,ipynb,pdf.", valueName: "LIST"))
    var format: String = "html,csv"

    @Option(help: ArgumentHelp("Page size of the PDF (--format pdf): a4 or letter.", valueName: "SIZE"))
    var paper: String?

    @Option(help: ArgumentHelp("Also allow reading files under DIR.", valueName: "DIR"))
    var allowRead: [String] = []

    @Flag(help: "Prefix ' to CSV string fields that spreadsheets would run as formulas.")
    var csvSafe = false

    @Flag(help: "Pass raw HTML in Markdown through to the report.")
    var unsafeHtml = false

    @Flag(help: "Reuse the outputs of unchanged code cells from the previous run.")
    var cache = false

    @Option(help: ArgumentHelp("Memory a notebook's run may hold, e.g. 512M or 8G; `none` for no limit (default: 4G).", valueName: "SIZE"))
    var memoryLimit: String?

    @Flag(help: "No progress or summary on stderr.")
    var quiet = false

    @Flag(help: "Print a JSON summary to stdout.")
    var json = false

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError.badTimeout }
        if let jobs, jobs < 1 { throw ValidationError.badJobs }
        _ = try parsedFormats()
        _ = try parsedParameters()
        _ = try parsedMemoryLimit()
        _ = try parsedPaper()
    }

    /// `--paper` only means something for a PDF: given without `--format pdf` it is a
    /// mistake (the HTML report leaves the paper to the reader's printer).
    func parsedPaper() throws -> RunOptions.Paper {
        guard let paper else { return .a4 }
        guard let size = RunOptions.Paper(rawValue: paper.lowercased()) else { throw ValidationError.unknownPaper(paper) }
        guard try parsedFormats().contains(.pdf) else { throw ValidationError.paperWithoutPDF }
        return size
    }

    func parsedMemoryLimit() throws -> Int? {
        guard let memoryLimit else { return RunOptions.defaultMemoryLimit }
        guard let limit = RunOptions.parseMemoryLimit(memoryLimit) else {
            throw ValidationError.badMemoryLimit(memoryLimit)
        }
        return limit
    }

    func parsedFormats() throws -> Set<RunOptions.Format> {
        var formats = Set<RunOptions.Format>()
        for name in format.split(separator: ",") {
            let trimmed = name.filter { $0 != " " }
            guard let value = RunOptions.Format(rawValue: trimmed) else {
                throw ValidationError.unknownFormat(trimmed)
            }
            formats.insert(value)
        }
        guard !formats.isEmpty else { throw ValidationError.noFormat }
        return formats
    }

    func parsedParameters() throws -> [(name: String, value: String)] {
        try parameter.map { text in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw ValidationError.badParameterOption(text)
            }
            return (String(text[..<equals]), String(text[text.index(after: equals)...]))
        }
    }

    func options() throws -> RunOptions {
        RunOptions(
            outputDirectory: output,
            parameters: try parsedParameters(),
            parameterFile: file,
            keepGoing: keepGoing,
            timeout: timeout,
            jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            formats: try parsedFormats(),
            allowRead: allowRead,
            csvSafe: csvSafe,
            unsafeHTML: unsafeHtml,
            cache: cache,
            memoryLimit: try parsedMemoryLimit(),
            paper: try parsedPaper()
        )
    }

}
