import Dispatch
import Synchronization
import NotebookFormat
import Render

/// Runs notebooks (SPEC §4, §6): loads them, checks usage before anything runs, then
/// executes each notebook on its own thread, `jobs` at a time, and writes its outputs.
package struct Runner: Sendable {
    package let options: RunOptions

    package init(options: RunOptions) {
        self.options = options
    }

    /// Loads and checks one notebook without running it (`folio check`).
    package static func check(path: String, allowRead: [String] = []) -> NotebookCheck {
        NotebookCheck(path: path, allowRead: allowRead)
    }

    /// Where `run` writes the outputs of the single notebook at `path` (`-o DIR`, or
    /// `Outputs/STEM`): what `folio preview` serves.
    package func outputFolder(forNotebook path: String) -> String {
        RunPlan.outputFolder(for: path, count: 1, options: options)
    }

    /// Runs every notebook; results come back in the order of `paths`.
    /// - Throws: `UsageError` (exit status 2) before anything runs, for a `-p` that
    ///   names no parameter or has the wrong type, or a refused output folder.
    package func run(paths: [String], progress: @escaping @Sendable (RunEvent) -> Void) throws(UsageError) -> [NotebookRun] {
        let loaded = paths.map { LoadedNotebook(path: $0) }
        let inputs = try ParameterInputs.read(options)
        var plans = try RunPlan.make(for: loaded, options: options, inputs: inputs)
        if let shard = options.shard {
            plans = plans.enumerated().filter { shard.holds($0.offset) }.map(\.element)
        }
        if options.formats.contains(.pdf), PDFPrinter.browser() == nil {
            throw UsageError(.noBrowserForPDF(PDFPrinter.browserNames))
        }
        let results = ResultSlots(count: plans.count)
        let slots = DispatchSemaphore(value: max(1, options.jobs))
        let group = DispatchGroup()
        for (index, plan) in plans.enumerated() {
            slots.wait()
            group.enter()
            // A thread of our own for each notebook: deep (but bounded) recursion in the
            // interpreter needs more stack than Dispatch's worker threads have.
            NativeThread.start(stackSize: 256 << 20) {
                let result = NotebookExecution(plan: plan, options: options, progress: progress).run()
                progress(.notebookFinished(result))
                results.set(index, result)
                slots.signal()
                group.leave()
            }
        }
        group.wait()
        var all = results.all()
        // A shard writes no index: `folio index` writes it once the shards are gathered.
        if options.shard == nil {
            if inputs.sets != nil {
                all += writeFamilyIndexes(plans)
            } else if paths.count > 1 {
                writeSiteIndex(all, plans: plans)
            }
        }
        return all
    }

    /// With `--matrix`, `OUT/STEM/index.html` over each notebook's runs and, with several
    /// notebooks, `OUT/index.html` over the families, from the manifests just written
    /// (as `folio index` would). A failure to write one is reported as a failed result.
    private func writeFamilyIndexes(_ plans: [RunPlan]) -> [NotebookRun] {
        var families: [String] = []
        for plan in plans where plan.member != nil {
            let family = Paths.parent(plan.outputFolder)
            if !families.contains(family) { families.append(family) }
        }
        var problems: [NotebookRun] = []
        do throws(Diagnostic) {
            for family in families { try SiteIndexer.writeFamilyIndex(folder: family) }
            if families.count > 1 {
                try SiteIndexer.writeFamiliesIndex(folder: options.outputDirectory ?? "Outputs", families: families.map(Paths.lastComponent))
            }
        } catch {
            problems.append(NotebookRun(path: options.matrixFile ?? "", status: .failed, outputFolder: nil, cells: [],
                                        diagnostics: [error], sources: SourceFiles(), durationMilliseconds: 0))
        }
        return problems
    }

    /// With several notebooks, `OUT/index.html` links every report (SPEC: batch runs
    /// share as one small site). A failure to write it is not a notebook's failure.
    private func writeSiteIndex(_ results: [NotebookRun], plans: [RunPlan]) {
        let root = options.outputDirectory ?? "Outputs"
        let entries = zip(results, plans).map { result, plan in
            SiteEntry(title: plan.loaded.notebook?.title ?? result.path,
                      description: plan.loaded.notebook?.description,
                      folder: Paths.lastComponent(plan.outputFolder),
                      status: result.status.rawValue,
                      hasReport: result.status != .invalid && options.formats.contains(.html))
        }
        let page = SiteIndex.render(entries, folioVersion: FolioVersion.current)
        try? AtomicWriter.write([OutputFile(path: "index.html", bytes: Array(page.utf8))], to: root)
    }
}

/// Results written by worker threads, read once all have finished.
private final class ResultSlots: Sendable {
    private let slots: Mutex<[NotebookRun?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func set(_ index: Int, _ run: NotebookRun) {
        slots.withLock { $0[index] = run }
    }

    func all() -> [NotebookRun] {
        slots.withLock { $0.compactMap { $0 } }
    }
}
