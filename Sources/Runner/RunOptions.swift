import NotebookFormat
import Render

/// What `folio run` was asked to do, independent of how the command line spelled it.
package struct RunOptions: Sendable {
    package enum Format: String, Sendable, CaseIterable {
        case html, csv, json, ipynb
        /// Printed from the HTML report by headless Chromium (`PDFPrinter`).
        case pdf
    }

    /// `-o DIR`: the output folder of a single notebook, or the parent of one folder per
    /// notebook when several run. `nil`: `Outputs/STEM/` under the current directory.
    package var outputDirectory: String?
    /// `-p name=value`, in command-line order; values are YAML scalars or flow lists.
    package var parameters: [(name: String, value: String)]
    package var keepGoing: Bool
    /// Per-cell time limit in seconds.
    package var timeout: Double
    /// Notebooks run at once.
    package var jobs: Int
    package var formats: Set<Format>
    /// `--allow-read DIR`: folders outside the notebook's own that it may read.
    package var allowRead: [String]
    package var csvSafe: Bool
    package var unsafeHTML: Bool
    /// Reuse outputs of unchanged code cells from the cache folder beside the outputs.
    package var cache: Bool
    /// Bytes the run may hold in memory (the process's resident size); a step that would
    /// pass it fails its cell. `nil`: no limit. Default 4 GiB (docs/RELIABILITY.md).
    package var memoryLimit: Int?
    /// `--paper`: the PDF's page size (A4 unless asked otherwise).
    package var paper: Paper = .a4
    package typealias Paper = PaperSize

    /// `-f FILE`: parameter values from a YAML mapping; `-p` wins over it.
    package var parameterFile: String?
    /// `--matrix FILE`: one run per parameter set, each into `OUT/STEM/SLUG/`.
    package var matrixFile: String?
    /// `--shard I/N`: only the I-th of N slices of the runs.
    package var shard: Shard?

    package static let defaultMemoryLimit = 4 << 30

    /// `--memory-limit` text: a whole number of bytes with an optional binary suffix
    /// (`512M`, `4G`, `1.5G`, `800K`; `B`/`iB` spellings accepted, any case), or `none`
    /// for no limit (`.some(nil)`). `nil` when the text is not a size.
    package static func parseMemoryLimit(_ text: String) -> Int?? {
        var t = Substring(text.lowercased())
        if t == "none" { return .some(nil) }
        if t.hasSuffix("ib") { t = t.dropLast(2) } else if t.hasSuffix("b") { t = t.dropLast() }
        var scale = 1.0
        if let last = t.last, let power = ["k": 1.0, "m": 2.0, "g": 3.0, "t": 4.0][String(last)] {
            scale = pow1024(power)
            t = t.dropLast()
        }
        guard let value = Double(t), value.isFinite, value > 0, value * scale < 9.0e18 else { return nil }
        return .some(Int((value * scale).rounded()))
    }

    private static func pow1024(_ power: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(power) { result *= 1024 }
        return result
    }

    package init(outputDirectory: String? = nil, parameters: [(name: String, value: String)] = [], parameterFile: String? = nil,
                matrixFile: String? = nil, shard: Shard? = nil, keepGoing: Bool = false,
                timeout: Double = 60, jobs: Int = 1, formats: Set<Format> = [.html, .csv], allowRead: [String] = [],
                csvSafe: Bool = false, unsafeHTML: Bool = false, cache: Bool = false, memoryLimit: Int? = RunOptions.defaultMemoryLimit,
                paper: Paper = .a4) {
        self.paper = paper
        self.outputDirectory = outputDirectory
        self.parameters = parameters
        self.parameterFile = parameterFile
        self.matrixFile = matrixFile
        self.shard = shard
        self.keepGoing = keepGoing
        self.timeout = timeout
        self.jobs = jobs
        self.formats = formats
        self.allowRead = allowRead
        self.csvSafe = csvSafe
        self.unsafeHTML = unsafeHTML
        self.cache = cache
        self.memoryLimit = memoryLimit
    }
}

extension RunOptions {
    /// The formats as Render names them.
    var renderFormats: OutputFormats {
        var result: OutputFormats = []
        for format in formats {
            switch format {
            case .html: result.insert(.html)
            case .csv: result.insert(.csv)
            case .json: result.insert(.json)
            case .ipynb: result.insert(.ipynb)
            case .pdf: break  // printed by the Runner, not rendered
            }
        }
        return result
    }
}

/// `--shard I/N`: of all the runs a command would make (notebooks in order, each with
/// its matrix sets in order), this process makes those whose 0-based number `k` has
/// `k % count == index - 1`: round robin, so slices stay even when runs differ in cost.
package struct Shard: Sendable, Equatable {
    /// 1-based.
    package var index: Int
    package var count: Int

    package init?(index: Int, count: Int) {
        guard count >= 1, index >= 1, index <= count else { return nil }
        self.index = index
        self.count = count
    }

    /// `I/N` with 1 ≤ I ≤ N; `nil` for anything else (`0/4`, `3/2`, `1/0`, `a/b`).
    package init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    func holds(_ run: Int) -> Bool { run % count == index - 1 }
}

/// A mistake in how folio was called, found before anything runs (exit status 2):
/// a `-p` naming no parameter or of the wrong type, a refused output folder. It carries
/// one diagnostic, which the CLI prints like any other (once, `error: …`).
package struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    package var diagnostic: Diagnostic
    /// The file a positioned usage error points into (a `-f` or `--matrix` file), so the
    /// CLI can show the line.
    package var sources = SourceFiles()

    package init(_ diagnostic: Diagnostic, sources: SourceFiles = SourceFiles()) {
        self.diagnostic = diagnostic
        self.sources = sources
    }

    /// A usage error has no place in a file: it is about the command line.
    package init(_ message: Diagnostic.Message) { self.init(.error(message, at: nil)) }

    package var description: String { diagnostic.description }

    package static func == (a: Self, b: Self) -> Bool { a.diagnostic == b.diagnostic }
}
