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

    init(notebook: Notebook, allowRead: [String], memoryLimit: Int? = nil) {
        self.memoryLimit = memoryLimit
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

    func readCSV(path: String, at location: SourceLocation) throws(Diagnostic) -> Table {
        let lexical = FileSandbox.normalize(path.hasPrefix("/") ? path : sandbox.base + "/" + path)
        state.withLock { if !$0.requested.contains(lexical) { $0.requested.append(lexical) } }
        let resolved: String
        do {
            resolved = try sandbox.resolve(path)
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
        guard let source = DataFileSource(path: resolved) else {
            throw Diagnostic.error(.unreadable(path), at: location)
        }
        if let memoryLimit, let used = MemoryUse.residentBytes(), let size = source.sizeHint {
            // The table: up to about twice the file (numbers in short fields take 8 bytes
            // each; the file is read in chunks, never whole; the interpreter's periodic
            // check sees the rest). The size is the opened file's, the one that is read.
            if used + 2 * size > memoryLimit {
                throw Diagnostic.error(.dataFileTooLarge(path, size: Double(size), limit: Double(memoryLimit), used: Double(used)), at: location)
            }
        }
        let relative = relativePath(resolved)
        var reading = source
        let result = Result { () throws(CSV.ReadError) in try CSV.read(from: &reading) }
        guard let digest = source.digest() else {
            throw Diagnostic.error(.dataFileReadFailed(path), at: location)
        }
        state.withLock {
            $0.inputs[relative] = InputFile(path: relative, sha256: digest)
            $0.cellReads.append(CellCache.FileRead(path: relative, absolutePath: resolved, sha256: digest))
        }
        switch result {
        case .success(let table):
            return table
        case .failure(let error):
            let place = SourceLocation(file: path, line: error.line, column: error.column ?? 1)
            throw Diagnostic.error(.malformedCSV(path, line: error.line, problem: error.message), at: location,
                                   notes: [Diagnostic(.note, error.message, at: place)])
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
