#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Language
import NotebookFormat
import Render
import Tabular

/// What a running notebook may do outside itself: read CSV files inside its folder (or
/// an `--allow-read` folder). It remembers every file read, with its SHA-256, for the
/// manifest.
final class NotebookHost: Language.Host, Sendable {
    private struct State {
        var inputs: [String: InputFile] = [:]
        var requested: [String] = []
        /// Files read since `beginCell()`, for the cell cache.
        var cellReads: [CellCache.FileRead] = []
    }

    private let sandbox: FileSandbox
    private let state = Mutex(State())
    /// `RunOptions.memoryLimit`: a file whose table would pass it is not read.
    private let memoryLimit: Int?

    /// `RunOptions.timeout`: a database query that runs longer is stopped.
    private let timeLimit: Duration?

    init(notebook: Notebook, allowRead: [String], memoryLimit: Int? = nil, timeLimit: Duration? = nil) {
        self.memoryLimit = memoryLimit
        self.timeLimit = timeLimit
        let folder = Paths.parent(notebook.file)
        sandbox = FileSandbox(notebookFolder: folder.isEmpty ? "." : folder, allowRead: allowRead)
        if let bytes = FileBytes.contents(of: notebook.file) {
            let name = Paths.lastComponent(notebook.file)
            state.withLock { $0.inputs[name] = InputFile(path: name, sha256: SHA256.hex(bytes)) }
        }
    }

    /// Every input file, sorted by path (the manifest's order).
    var inputFiles: [InputFile] {
        state.withLock { $0.inputs.values.sorted { $0.path < $1.path } }
    }

    /// Every path a cell asked for inside the allowed folders, absolute, whether or not
    /// it existed (a missing data file that appears later is a change to watch).
    var requestedPaths: [String] {
        state.withLock { $0.requested }
    }

    /// A data file's path under the read rules (inside the notebook's folder or an
    /// `--allow-read` folder, `..` and links resolved), noted as requested.
    private func resolveDataFile(_ path: String, at location: SourceLocation) throws(Diagnostic) -> String {
        let lexical = FileSandbox.normalize(path.hasPrefix("/") ? path : sandbox.base + "/" + path)
        state.withLock { if !$0.requested.contains(lexical) { $0.requested.append(lexical) } }
        do {
            return try sandbox.resolve(path)
        } catch {
            switch error {
            case .outside:
                throw Diagnostic.error(.readOutsideFolder(path), at: location)
            case .missing:
                throw Diagnostic.error(.noSuchDataFile(path), at: location)
            case .notAFile:
                throw Diagnostic.error(.dataFileNotRegular(path), at: location)
            }
        }
    }

    /// A file read, with its SHA-256: an input of the run (manifest) and of the cell.
    private func recordRead(resolved: String, sha256: String) {
        let relative = relativePath(resolved)
        state.withLock {
            $0.inputs[relative] = InputFile(path: relative, sha256: sha256)
            $0.cellReads.append(CellCache.FileRead(path: relative, absolutePath: resolved, sha256: sha256))
        }
    }

    /// Refuses a file whose table would pass the memory limit: up to about twice the
    /// file (numbers in short fields take 8 bytes each; the file is read in chunks,
    /// never whole; the interpreter's periodic check sees the rest). Returns the bytes
    /// a reader may still build (nil: no limit).
    private func checkMemory(_ path: String, size: Int, factor: Int, at location: SourceLocation) throws(Diagnostic) -> Int? {
        guard let memoryLimit, let used = MemoryUse.residentBytes() else { return nil }
        if used + factor * size > memoryLimit {
            throw Diagnostic.error(.dataFileTooLarge(path, size: Double(size), limit: Double(memoryLimit), used: Double(used)), at: location)
        }
        return max(0, memoryLimit - used - (factor - 1) * size)
    }

    func readCSV(path: String, at location: SourceLocation) throws(Diagnostic) -> Table {
        let resolved = try resolveDataFile(path, at: location)
        guard let source = DataFileSource(path: resolved) else {
            throw Diagnostic.error(.unreadable(path), at: location)
        }
        // The size is the opened file's, the one that is read.
        if let size = source.sizeHint { _ = try checkMemory(path, size: size, factor: 2, at: location) }
        var reading = source
        let result = Result { () throws(CSV.ReadError) in try CSV.read(from: &reading) }
        guard let digest = source.digest() else {
            throw Diagnostic.error(.dataFileReadFailed(path), at: location)
        }
        recordRead(resolved: resolved, sha256: digest)
        switch result {
        case .success(let table):
            return table
        case .failure(let error):
            let place = SourceLocation(file: path, line: error.line, column: error.column ?? 1)
            throw Diagnostic.error(.malformedCSV(path, line: error.line, problem: error.message), at: location,
                                   notes: [Diagnostic(.note, error.message, at: place)])
        }
    }

    /// A `data:` entry's table, whatever the file's kind (CSV, .xlsx, .json/.jsonl,
    /// SQLite): the same read rules, memory limit and hashing (manifest, cell cache) for
    /// every kind. Errors point at the entry's path, or at its `sheet:`, `range:` or
    /// `query:` when the problem is theirs.
    func readData(_ source: DataSource) throws(Diagnostic) -> Table {
        let path = source.path, location = source.pathLocation
        let resolved = try resolveDataFile(path, at: location)
        let result: Result<Table, DataReadError>
        switch source.kind {
        case .csv:
            return try readCSV(path: path, at: location)
        case .xlsx:
            // Hashed first (read through in chunks), then read in place through a second
            // descriptor of the same open file: the central directory is at the end, so
            // the archive is read at random, by `pread`, never held whole; its members
            // are inflated as streams.
            guard let file = DataFileSource(path: resolved), let digest = file.digest() else {
                throw Diagnostic.error(.unreadable(path), at: location)
            }
            recordRead(resolved: resolved, sha256: digest)
            let limit = try checkMemory(path, size: 0, factor: 1, at: location)
            let range = source.range.map {
                XLSXTable.Range(firstColumn: $0.firstColumn, firstRow: $0.firstRow, lastColumn: $0.lastColumn, lastRow: $0.lastRow)
            }
            // Owned by the archive from here (closed when the read is done).
            let descriptor = file.duplicateDescriptor()
            guard descriptor >= 0 else { throw Diagnostic.error(.unreadable(path), at: location) }
            result = Result { () throws(DataReadError) in try XLSXTable.read(descriptor: descriptor, sheet: source.sheet, range: range, limit: limit) }
        case .json, .jsonl:
            guard let file = DataFileSource(path: resolved) else { throw Diagnostic.error(.unreadable(path), at: location) }
            let limit = try file.sizeHint.flatMap { size throws(Diagnostic) in try checkMemory(path, size: size, factor: 2, at: location) }
            var reading = file
            let lines = source.kind == .jsonl
            result = Result { () throws(DataReadError) in try JSONTable.read(from: &reading, lines: lines, limit: limit) }
            guard let digest = file.digest() else { throw Diagnostic.error(.dataFileReadFailed(path), at: location) }
            recordRead(resolved: resolved, sha256: digest)
        case .sqlite:
            // Hashed first (read through in chunks), then opened by SQLite, read-only.
            guard let file = DataFileSource(path: resolved), let digest = file.digest() else {
                throw Diagnostic.error(.unreadable(path), at: location)
            }
            recordRead(resolved: resolved, sha256: digest)
            let limit = try checkMemory(path, size: 0, factor: 1, at: location)
            let query = source.query ?? "", timeLimit = self.timeLimit
            result = Result { () throws(DataReadError) in try SQLiteTable.read(path: resolved, query: query, limit: limit, timeLimit: timeLimit) }
        }
        switch result {
        case .success(let table):
            return table
        case .failure(let error):
            switch error.place {
            case .file:
                throw Diagnostic.error(.cannotRead(path, error.message), at: location)
            case .text(let line, let column):
                throw Diagnostic.error(.malformedDataFile(path, line: line, problem: error.message), at: location,
                                       notes: [Diagnostic(.note, error.message, at: SourceLocation(file: path, line: line, column: column))])
            case .sheet:
                throw Diagnostic.error(.cannotRead(path, error.message), at: source.sheetLocation ?? location)
            case .range:
                throw Diagnostic.error(.cannotRead(path, error.message), at: source.rangeLocation ?? location)
            case .query:
                throw Diagnostic.error(.badQuery(path, problem: error.message), at: source.queryLocation ?? location)
            }
        }
    }

    /// Images are embedded whole in the report: at most this many bytes each.
    static let imageSizeLimit = 10 * 1024 * 1024

    /// A Markdown image's file as a `data:` URI, under the read rules of data files
    /// (inside the notebook's folder or an `--allow-read` folder, `..` and links
    /// resolved); PNG, JPEG, GIF or WebP by their first bytes, 10 MB at most. The file is
    /// an input of the run (manifest).
    func readImage(path: String, at location: SourceLocation) throws(Diagnostic) -> String {
        let lexical = FileSandbox.normalize(path.hasPrefix("/") ? path : sandbox.base + "/" + path)
        state.withLock { if !$0.requested.contains(lexical) { $0.requested.append(lexical) } }
        let resolved: String
        do {
            resolved = try sandbox.resolve(path)
        } catch {
            switch error {
            case .outside: throw Diagnostic.error(.imageOutsideFolder(path), at: location)
            case .missing: throw Diagnostic.error(.noSuchImage(path), at: location)
            case .notAFile: throw Diagnostic.error(.imageNotAFile(path), at: location)
            }
        }
        let bytes: [UInt8]
        switch FileBytes.readRegularFile(at: resolved, limit: Self.imageSizeLimit) {
        case .success(let read): bytes = read
        case .failure(.tooLarge(let size)): throw Diagnostic.error(.imageTooLarge(path, size: size), at: location)
        case .failure(.missing): throw Diagnostic.error(.noSuchImage(path), at: location)
        case .failure(.directory), .failure(.notRegular): throw Diagnostic.error(.imageNotAFile(path), at: location)
        case .failure(.unreadable): throw Diagnostic.error(.unreadable(path), at: location)
        }
        guard let mime = MarkdownImages.mimeType(of: bytes) else {
            if MarkdownImages.looksLikeSVG(bytes) { throw Diagnostic.error(.svgImageRefused(path), at: location) }
            throw Diagnostic.error(.notAnImage(path), at: location)
        }
        let relative = relativePath(resolved)
        state.withLock { $0.inputs[relative] = InputFile(path: relative, sha256: SHA256.hex(bytes)) }
        return "data:" + mime + ";base64," + Data(bytes).base64EncodedString()
    }

    func beginCell() {
        state.withLock { $0.cellReads = [] }
    }

    /// The files read since `beginCell()`.
    func endCell() -> [CellCache.FileRead] {
        state.withLock { $0.cellReads }
    }

    /// A cached cell's reads count as reads of this run (manifest, watch).
    func recordCached(_ files: [CellCache.FileRead]) {
        state.withLock {
            for file in files {
                $0.inputs[file.path] = InputFile(path: file.path, sha256: file.sha256)
                if !$0.requested.contains(file.absolutePath) { $0.requested.append(file.absolutePath) }
            }
        }
    }

    /// The path relative to the notebook's folder, or absolute for `--allow-read` files.
    private func relativePath(_ resolved: String) -> String {
        let base = sandbox.base.hasSuffix("/") ? sandbox.base : sandbox.base + "/"
        return resolved.hasPrefix(base) ? String(resolved.dropFirst(base.count)) : resolved
    }
}
