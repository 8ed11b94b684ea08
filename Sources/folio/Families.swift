import ArgumentParser
import NotebookFormat
import Runner

// Report families and review: `run --matrix/--shard/--explain`, `folio index`, `folio diff`.

/// `folio run`'s options for families of runs and for the cache's reasons.
struct FamilyFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Run once per parameter set of a YAML file, each into OUT/STEM/SLUG/.", valueName: "FILE"))
    var matrix: String?

    @Option(help: ArgumentHelp("Make only the I-th of N slices of the runs (for CI matrices and job arrays).", valueName: "I/N"))
    var shard: String?

    @Flag(help: "Print why each code cell ran or was reused (implies --cache).")
    var explain = false

    func validate() throws {
        if let shard, Shard(shard) == nil { throw ValidationError.badShard(shard) }
    }

    func apply(to options: RunOptions) -> RunOptions {
        var options = options
        options.matrixFile = matrix
        options.shard = shard.flatMap(Shard.init)
        if explain { options.cache = true }
        return options
    }
}

extension Console {
    /// `--explain`: one line per code cell, the cache's decision.
    func explain(_ result: NotebookRun) {
        for cell in result.cells where cell.kind == .code {
            guard let reason = cell.cache else { continue }
            let what = reason == CellRun.cacheHit ? "reused: nothing it depends on changed" : "ran: " + reason
            Terminal.writeStderr("\(result.path): cell `\(cell.id)` \(what)\n")
        }
    }
}

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Write DIR/index.html over the reports found in DIR (after gathering shards).",
        discussion: """
        DIR holds report folders (each with its manifest.json): the index lists them, as a \
        matrix's table when they are a matrix's runs. DIR holds folders of a matrix's runs \
        (OUT of `folio run --matrix`): each gets its index, and DIR/index.html lists them.
        """
    )

    @Argument(help: "The folder of gathered reports.")
    var directory: String

    func run() throws {
        do {
            let written = try SiteIndexer.index(directory: directory)
            Terminal.writeStderr("indexed \(written.reports) report\(written.reports == 1 ? "" : "s") → \(written.indexes.joined(separator: ", "))\n")
        } catch {
            Console.error(error)
            throw ExitCode(2)
        }
    }
}
