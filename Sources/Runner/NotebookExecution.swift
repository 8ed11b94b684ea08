import Language
import NotebookFormat
import Render
import ReportModel
import Tabular

/// `folio check`: load, then the static checks of the whole notebook.
package struct NotebookCheck: Sendable {
    package let path: String
    package let diagnostics: [Diagnostic]
    package let sources: SourceFiles

    init(path: String) {
        let loaded = LoadedNotebook(path: path)
        self.path = path
        self.sources = loaded.sources
        guard let notebook = loaded.notebook else {
            diagnostics = loaded.diagnostics
            return
        }
        diagnostics = notebook.warnings + Language.check(notebook).diagnostics
    }
}

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
                case .code:
                    var cached = false
                    let outputs = try runCode(index, cell: cell, info: info, interpreter: interpreter, control: control,
                                              host: host, cache: &cache, cached: &cached)
                    outcome = .ran(markdown: [], outputs: outputs, cached: cached)
                }
                tracker.cellSucceeded(binds: info.bound)
                results.append(CellResult(cell: cell, outcome: outcome, durationMilliseconds: milliseconds(clock.now - cellStart)))
            } catch {
                tracker.cellFailed(id: cell.id, binds: info.bound)
                diagnostics.append(error)
                diagnostics += laterErrors
                results.append(CellResult(cell: cell, outcome: .failed(error), durationMilliseconds: milliseconds(clock.now - cellStart),
                                          unrendered: shownMarkdown ?? unrenderedMarkdown(cell)))
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
        let renderOptions = RenderOptions(formats: options.renderFormats, unsafeHTML: options.unsafeHTML, csvSafe: options.csvSafe,
                                          folioVersion: FolioVersion.current, inputFiles: host.inputFiles, images: images)
        var extra: [OutputFile] = []
        if options.formats.contains(.pdf) {
            // Checked before the run (`Runner.run`); gone since: the PDF fails, not the rest.
            do throws(PDFPrinter.Failure) {
                guard let browser = PDFPrinter.browser() else { throw .failed("no Chromium found any more") }
                extra.append(OutputFile(path: ReportFiles.pdfFileName(report),
                                        bytes: try PDFPrinter.print(html: HTMLReport.render(report, options: renderOptions), browser: browser)))
            } catch {
                if case .failed(let problem) = error {
                    diagnostics.append(.error(.cannotPrintPDF(problem), at: SourceLocation(file: notebook.file, line: 1, column: 1)))
                }
                fieldsFailed = true
            }
        }
        do {
            try ReportFiles.write(report, options: renderOptions, to: plan.outputFolder, extra: extra)
        } catch {
            diagnostics.append(.error(.cannotWriteOutputs("\(error)"), at: SourceLocation(file: notebook.file, line: 1, column: 1)))
            return finish(.failed, cells: cells, diagnostics: diagnostics, folder: plan.outputFolder)
        }
        let failed = fieldsFailed || cells.contains { $0.status == .error }
        return finish(failed ? .failed : .ok, cells: cells, diagnostics: diagnostics, folder: plan.outputFolder)
    }
}

extension NotebookExecution {
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

    /// Runs a code cell, or with `--cache` restores it when its key and the files it
    /// read are unchanged; a fresh result is stored for next time.
    func runCode(_ index: Int, cell: Cell, info: CompiledCell, interpreter: Interpreter, control: ExecutionControl,
                 host: NotebookHost, cache: inout CellCache?, cached: inout Bool) throws(Diagnostic) -> [CellOutput] {
        guard cache != nil,
              let key = CellCache.key(cell: cell, parameters: plan.parameters, used: info.used.map { ($0, interpreter.global($0)) })
        else {
            return try interpreter.runCell(index, control: control, host: host)
        }
        if let entry = cache?.lookup(key) {
            for (name, value) in entry.bound { interpreter.setGlobal(name, value) }
            host.recordCached(entry.files)
            cached = true
            return entry.outputs
        }
        host.beginCell()
        let outputs = try interpreter.runCell(index, control: control, host: host)
        let bound = info.bound.compactMap { name in interpreter.global(name).map { (name: name, value: $0) } }
        cache?.store(key, CellCache.Entry(files: host.endCell(), outputs: outputs, bound: bound))
        return outputs
    }
}

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1000 + Double(attoseconds) / 1e15
}
