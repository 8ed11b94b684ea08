import Language
import NotebookFormat
import Render
import ReportModel
import Tabular

/// One notebook's run: static checks, parameters, data, the cells in order under the
/// error policy, then the outputs.
struct NotebookExecution {
    let plan: RunPlan
    let options: RunOptions
    let progress: @Sendable (RunEvent) -> Void

    func run() -> NotebookRun {
        let clock = ContinuousClock()
        let start = clock.now
        let path = plan.loaded.path
        var requestedPaths: () -> [String] = { [] }
        func finish(_ status: NotebookRun.Status, cells: [CellRun] = [], diagnostics: [Diagnostic], folder: String? = nil) -> NotebookRun {
            // Warnings first (the `-p` values', then the notebook file's): they fail nothing.
            let warnings = plan.warnings + (plan.loaded.notebook?.warnings ?? [])
            var run = NotebookRun(path: path, status: status, outputFolder: folder, cells: cells, diagnostics: warnings + diagnostics,
                                  sources: plan.loaded.sources, durationMilliseconds: milliseconds(clock.now - start))
            run.inputPaths = [FileSandbox.absolute(path)] + requestedPaths()
            run.set = plan.member.map { $0.slug }
            return run
        }
        guard let notebook = plan.loaded.notebook else {
            return finish(.invalid, diagnostics: plan.loaded.diagnostics)
        }
        let compiled = Language.compile(notebook)
        if compiled.diagnostics.contains(where: { $0.severity == .error }) {
            return finish(.invalid, diagnostics: compiled.diagnostics)
        }
        progress(.notebookStarted(path: path, cellCount: notebook.cells.count))

        let host = NotebookHost(notebook: notebook, allowRead: options.allowRead, memoryLimit: options.memoryLimit,
                                timeLimit: options.timeout > 0 && options.timeout < 1e9 ? .milliseconds(Int(options.timeout * 1000)) : nil)
        requestedPaths = { host.requestedPaths }
        let interpreter = Interpreter(program: compiled.program)
        for (name, value) in plan.parameters {
            interpreter.setGlobal(name, Value(value))
        }
        for source in notebook.data {
            do {
                let table = try host.readData(source)
                interpreter.setGlobal(source.name, .table(table))
            } catch {
                return finish(.invalid, diagnostics: [error])
            }
        }

        var cache = options.cache ? CellCache(outputFolder: plan.outputFolder) : nil
        defer { cache?.prune() }
        var results: [CellResult] = []
        var tracker = FailureTracker()
        var stopped = false
        var diagnostics: [Diagnostic] = []
        var images: [String: String] = [:]
        for (index, cell) in notebook.cells.enumerated() {
            let info = compiled.program.cells[index]
            if stopped {
                results.append(CellResult(cell: cell, outcome: .notRun, unrendered: unrenderedMarkdown(cell)))
                continue
            }
            if let reason = tracker.skipReason(uses: info.used) {
                tracker.cellSkipped(id: cell.id, binds: info.bound)
                results.append(CellResult(cell: cell, outcome: .skipped(reason: reason), unrendered: unrenderedMarkdown(cell)))
                continue
            }
            progress(.cellStarted(path: path, index: index, cellCount: notebook.cells.count, id: cell.id))
            let cellStart = clock.now
            let control = ExecutionControl(timeLimit: options.timeout, memoryLimit: options.memoryLimit)
            // A Markdown cell whose inline values failed is shown with each failure in place.
            var shownMarkdown: [MarkdownPiece]?
            var laterErrors: [Diagnostic] = []
            var cacheReason: String? = cache != nil && cell.kind == .code ? "not cacheable: `expect: error`" : nil
            do throws(Diagnostic) {
                let outcome: CellResult.Outcome
                switch cell.kind {
                case .markdown:
                    let inline = try interpreter.renderInline(cell: index, control: control, host: host)
                    try reserveRendering(inline.pieces, of: cell, control: control)
                    let errors = inline.errors + embedImages(of: cell, host: host, into: &images)
                    if let first = errors.first {
                        shownMarkdown = inline.pieces
                        laterErrors = Array(errors.dropFirst())
                        throw first
                    }
                    outcome = .ran(markdown: inline.pieces, outputs: [], cached: false)
                case .code where cell.expectError != nil:
                    if let error = try expectFailure(index, cell: cell, interpreter: interpreter, control: control, host: host) {
                        outcome = .failedAsExpected(error)
                    } else {
                        throw Diagnostic.error(.expectedErrorMissing(cell.id), at: cell.expectError)
                    }
                case .code:
                    var cached = false
                    let outputs = try runCode(index, cell: cell, info: info, interpreter: interpreter, control: control,
                                              host: host, cache: &cache, cached: &cached, reason: &cacheReason,
                                              cells: compiled.program.cells)
                    outcome = .ran(markdown: [], outputs: outputs, cached: cached)
                    diagnostics += Self.chartWarnings(outputs)
                }
                tracker.cellSucceeded(binds: info.bound)
                var result = CellResult(cell: cell, outcome: outcome, durationMilliseconds: milliseconds(clock.now - cellStart))
                result.cacheReason = cacheReason
                results.append(result)
            } catch {
                tracker.cellFailed(id: cell.id, binds: info.bound)
                diagnostics.append(error)
                diagnostics += laterErrors
                var result = CellResult(cell: cell, outcome: .failed(error), durationMilliseconds: milliseconds(clock.now - cellStart),
                                        unrendered: shownMarkdown ?? unrenderedMarkdown(cell))
                result.cacheReason = cacheReason
                results.append(result)
                if !options.keepGoing { stopped = true }
            }
        }
        let cells = results.map(\.run)

        // Titles and captions with `{{ }}`, after every cell. A failure is marked in place
        // and fails the run; after a stop it is only marked (its cause is reported already).
        let control = ExecutionControl(timeLimit: options.timeout, memoryLimit: options.memoryLimit)
        let fields = interpreter.renderTemplates(control: control, host: host)
        var fieldsFailed = false
        if !stopped {
            for field in fields where !field.result.errors.isEmpty {
                diagnostics += field.result.errors
                fieldsFailed = true
            }
        }

        let report = ReportBuilder.report(notebook: notebook, parameters: plan.parameters, notations: plan.notations,
                                          cells: results.map(\.reportCell), fields: fields)
        var renderOptions = RenderOptions(formats: options.renderFormats, unsafeHTML: options.unsafeHTML, csvSafe: options.csvSafe,
                                          folioVersion: FolioVersion.current, inputFiles: host.inputFiles, images: images)
        var extra: [OutputFile] = []
        if options.formats.contains(.pdf) {
            // Checked before the run (`Runner.run`); gone since: the PDF fails, not the rest.
            do throws(PDFPrinter.Failure) {
                guard let browser = PDFPrinter.browser() else { throw .failed("no Chromium found any more") }
                var printOptions = renderOptions
                printOptions.paper = options.paper
                extra.append(OutputFile(path: ReportFiles.pdfFileName(report),
                                        bytes: try PDFPrinter.print(html: HTMLReport.render(report, options: printOptions), browser: browser)))
            } catch {
                if case .failed(let problem) = error {
                    diagnostics.append(.error(.cannotPrintPDF(problem), at: SourceLocation(file: notebook.file, line: 1, column: 1)))
                }
                fieldsFailed = true
            }
        }
        let failed = fieldsFailed || cells.contains { $0.status == .error }
        renderOptions.status = failed ? NotebookRun.Status.failed.rawValue : NotebookRun.Status.ok.rawValue
        renderOptions.set = plan.member.map { member in
            ReportSet(position: member.set.position, slug: member.slug,
                      values: member.set.settings.map { ($0.name, $0.value, $0.value.displayText($0.notation)) })
        }
        do {
            try ReportFiles.write(report, options: renderOptions, to: plan.outputFolder, extra: extra)
        } catch {
            diagnostics.append(.error(.cannotWriteOutputs("\(error)"), at: SourceLocation(file: notebook.file, line: 1, column: 1)))
            return finish(.failed, cells: cells, diagnostics: diagnostics, folder: plan.outputFolder)
        }
        return finish(failed ? .failed : .ok, cells: cells, diagnostics: diagnostics, folder: plan.outputFolder)
    }
}

extension NotebookExecution {
    /// Warnings about a code cell's charts: annotations outside the axes, which the
    /// picture leaves out, at the `annotations:` argument.
    static func chartWarnings(_ outputs: [CellOutput]) -> [Diagnostic] {
        outputs.compactMap { output in
            guard case .shown(.chart(let chart), _) = output, let location = chart.annotationsLocation else { return nil }
            let outside = ChartRenderer.annotationsOutsideAxes(chart)
            return outside > 0 ? .warning(.annotationsOutsideAxes(outside, of: chart.annotations.count), at: location) : nil
        }
    }

    /// A Markdown cell that did not run is shown from its source: as Markdown when
    /// rendering it fits in the memory limit (see `MarkdownCost`), else as plain text,
    /// so a cell refused for its size is not rendered anyway.
    func unrenderedMarkdown(_ cell: Cell) -> [MarkdownPiece] {
        guard cell.kind == .markdown else { return [] }
        let text = cell.source.text
        let control = ExecutionControl(timeLimit: nil, memoryLimit: options.memoryLimit)
        let fits = (try? reserveRendering([.markdown(text)], of: cell, control: control)) != nil
        return [fits ? .markdown(text) : .literal(text)]
    }

    /// Reads the local images of a Markdown cell (`![alt](figure.png)`) as `data:` URIs
    /// into `images`; each failure is an error at the image's destination in the file.
    func embedImages(of cell: Cell, host: NotebookHost, into images: inout [String: String]) -> [Diagnostic] {
        var errors: [Diagnostic] = []
        let text = cell.source.text
        for destination in MarkdownImages.destinations(in: text) where images[destination] == nil && MarkdownImages.isLocalFile(destination) {
            // Where the destination is written (after `](` or `](<`); else the cell.
            var location = cell.source.startLocation
            if let range = text.firstRange(of: "](" + destination) ?? text.firstRange(of: "](<" + destination) {
                let offset = text.utf8.distance(from: text.startIndex, to: range.lowerBound) + (text[range].hasPrefix("](<") ? 3 : 2)
                location = cell.source.location(utf8Offset: offset)
            }
            do {
                images[destination] = try host.readImage(path: destination, at: location)
            } catch {
                errors.append(error)
            }
        }
        return errors
    }

    /// Refuses a Markdown cell whose rendering (with the report, after every cell)
    /// could not fit in the memory limit; the error points at the cell.
    func reserveRendering(_ pieces: [MarkdownPiece], of cell: Cell, control: ExecutionControl) throws(Diagnostic) {
        try control.reserve(bytes: MarkdownCost.estimatedBytes(pieces), for: "rendering this Markdown cell",
                            at: cell.source.startLocation)
    }

    /// Runs a cell with `expect: error` (never cached: its failure is its result) and
    /// returns the error it failed with, `nil` if it did not fail. Running out of time is
    /// not the expected kind of failure: it fails the run as usual.
    func expectFailure(_ index: Int, cell: Cell, interpreter: Interpreter, control: ExecutionControl,
                       host: NotebookHost) throws(Diagnostic) -> Diagnostic? {
        do {
            _ = try interpreter.runCell(index, control: control, host: host)
            return nil
        } catch {
            let timedOut = control.timeLimit.map { ContinuousClock.now - control.start > $0 } ?? false
            if control.isCancelled || timedOut { throw error }
            return error
        }
    }

    /// Runs a code cell, or with `--cache` restores it when its key and the files it
    /// read are unchanged; a fresh result is stored for next time. `reason`: `hit`, or
    /// why the cell ran (`--json`'s `cache`, `--explain`).
    func runCode(_ index: Int, cell: Cell, info: CompiledCell, interpreter: Interpreter, control: ExecutionControl,
                 host: NotebookHost, cache: inout CellCache?, cached: inout Bool, reason: inout String?,
                 cells: [CompiledCell]) throws(Diagnostic) -> [CellOutput] {
        guard let folder = cache else {
            return try interpreter.runCell(index, control: control, host: host)
        }
        let used = info.used.map { ($0, interpreter.global($0)) }
        let fingerprint: CellCache.Fingerprint
        switch CellCache.fingerprint(cell: cell, parameters: plan.parameters, used: used) {
        case .success(let print): fingerprint = print
        case .failure(let problem):
            reason = "not cacheable: reads a function (`\(problem.name)`)"
            return try interpreter.runCell(index, control: control, host: host)
        }
        let last = folder.lastFingerprint(cell.id)
        if let key = CellCache.key(cell: cell, parameters: plan.parameters, used: used), let entry = cache?.lookup(key) {
            for (name, value) in entry.bound { interpreter.setGlobal(name, value) }
            host.recordCached(entry.files)
            cached = true
            reason = CellRun.cacheHit
            if last == nil { folder.remember(cell.id, CellCache.Fingerprint(version: fingerprint.version, source: fingerprint.source,
                                                                           parameters: fingerprint.parameters, used: fingerprint.used,
                                                                           files: entry.files)) }
            return entry.outputs
        }
        reason = CellCache.reason(now: fingerprint, last: last, binders: binders(before: index, cells: cells),
                                  dataPaths: Dictionary(plan.loaded.notebook?.data.map { ($0.name, $0.path) } ?? [], uniquingKeysWith: { a, _ in a }))
        host.beginCell()
        let outputs = try interpreter.runCell(index, control: control, host: host)
        let bound = info.bound.compactMap { name in interpreter.global(name).map { (name: name, value: $0) } }
        var stored = fingerprint
        stored.files = host.endCell()
        if let key = CellCache.key(cell: cell, parameters: plan.parameters, used: used) {
            stored.uncacheable = cache?.store(key, CellCache.Entry(files: stored.files, outputs: outputs, bound: bound))
        }
        folder.remember(cell.id, stored)
        return outputs
    }

    /// For each name, the id of the last cell before `index` that binds it.
    func binders(before index: Int, cells: [CompiledCell]) -> [String: String] {
        var binders: [String: String] = [:]
        for (i, cell) in cells.enumerated() where i < index {
            for name in cell.bound { binders[name] = cell.id }
        }
        return binders
    }
}

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1000 + Double(attoseconds) / 1e15
}
