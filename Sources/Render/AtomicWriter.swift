// Writes output files so that a reader never sees a partial file: each file goes to a
// temporary file in the same folder, then is renamed over the target (rename(2) is
// atomic within one file system).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One output file: a path relative to the output folder, and its bytes.
package struct OutputFile: Sendable, Equatable {
    package var path: String
    package var bytes: [UInt8]

    package init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

package struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
    package var path: String
    package var reason: String

    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    package var description: String { "cannot write \(path): \(reason)" }
}

/// The file system calls the writer makes, so that tests can make any of them fail.
package struct FileSystemCalls: Sendable {
    package var write: @Sendable (_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int
    package var rename: @Sendable (_ from: String, _ to: String) -> Int32

    package static let system = FileSystemCalls(
        write: { fd, bytes in
            guard let base = bytes.baseAddress else { return 0 }
            return systemWrite(fd, base, bytes.count)
        },
        rename: { from, to in systemRename(from, to) }
    )
}

#if canImport(Glibc)
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Glibc.write(fd, p, n) }
private func systemRename(_ a: String, _ b: String) -> Int32 { Glibc.rename(a, b) }
#elseif canImport(Darwin)
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Darwin.write(fd, p, n) }
private func systemRename(_ a: String, _ b: String) -> Int32 { Darwin.rename(a, b) }
#endif

package enum AtomicWriter {
    /// Writes every file under `folder` (created with its parents if missing). Each
    /// file is complete or untouched: on any error the temporary file is removed and
    /// the previous file of that name, if any, stays as it was.
    package static func write(_ files: [OutputFile], to folder: String) throws(WriteError) {
        try write(files, to: folder, calls: .system)
    }

    package static func write(_ files: [OutputFile], to folder: String, calls: FileSystemCalls) throws(WriteError) {
        try makeFolder(folder)
        removeLeftovers(of: files.map(\.path), in: folder)
        // Three phases, so the disk is waited for once per run, not once per file (each
        // wait also costs a trip through the scheduler, which a busy machine makes slow):
        // every file is written to a temporary beside its target; one sync puts them
        // all on disk; then each is renamed over its target. A crash leaves each target
        // old or whole-new; a failure before the renames leaves every target untouched.
        var staged: [(temporary: String, target: String)] = []
        var renamed = 0
        defer {
            for (temporary, _) in staged.dropFirst(renamed) { _ = unlink(temporary) }
        }
        for file in files {
            staged.append(try stage(file, in: folder, calls: calls))
        }
        syncStaged(folder: folder, files: staged.map(\.temporary))
        for (temporary, target) in staged {
            guard calls.rename(temporary, target) == 0 else { throw WriteError(path: target, reason: errnoText()) }
            renamed += 1
        }
    }

    /// Temporary files a killed run left behind (`.NAME.tmp-XXXXXX`, for the names about
    /// to be written): without this they would pile up, one per interrupted write.
    private static func removeLeftovers(of names: [String], in folder: String) {
        guard let directory = opendir(folder.isEmpty ? "." : folder) else { return }
        defer { closedir(directory) }
        let prefixes = Set(names.filter(isPlainRelativePath).map { ".\($0).tmp-" })
        var stale: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            // mkstemp's suffix is six characters.
            let count = name.utf8.count
            guard count > 7, name.hasPrefix("."), prefixes.contains(String(decoding: name.utf8.prefix(count - 6), as: UTF8.self)) else { continue }
            stale.append(name)
        }
        for name in stale { _ = unlink(join(folder, name)) }
    }

    /// Writes `file` to a new temporary file beside its target; returns both paths.
    private static func stage(_ file: OutputFile, in folder: String, calls: FileSystemCalls) throws(WriteError) -> (temporary: String, target: String) {
        guard isPlainRelativePath(file.path) else {
            throw WriteError(path: file.path, reason: "not a plain file name inside the output folder")
        }
        let target = join(folder, file.path)
        // mkstemp needs a mutable template; the name starts with a dot so that a
        // leftover from a crash is hidden and never mistaken for an output.
        var template = Array(join(folder, ".\(file.path).tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buf -> Int32 in
            guard let base = buf.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw WriteError(path: target, reason: errnoText()) }
        let tempPath = template.withUnsafeBufferPointer { buf in
            String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        var closed = false
        var kept = false
        defer {
            if !closed { _ = close(fd) }
            if !kept { _ = unlink(tempPath) }
        }
        var offset = 0
        let failure: String? = file.bytes.withUnsafeBytes { raw -> String? in
            while offset < raw.count {
                let n = calls.write(fd, UnsafeRawBufferPointer(rebasing: raw[offset...]))
                if n < 0 {
                    if errno == EINTR { continue }
                    return errnoText()
                }
                if n == 0 { return "short write" }
                offset += n
            }
            return nil
        }
        if let failure { throw WriteError(path: target, reason: failure) }
        // Outputs are meant to be read by everyone who can read the folder (mkstemp
        // creates files readable by the owner only).
        _ = fchmod(fd, 0o644)
        closed = true
        guard close(fd) == 0 else { throw WriteError(path: target, reason: errnoText()) }
        kept = true
        return (tempPath, target)
    }

    /// Puts the staged files on disk before any rename makes one visible: one `syncfs`
    /// of the folder's file system on Linux, `fsync` of each file elsewhere.
    private static func syncStaged(folder: String, files: [String]) {
        #if os(Linux)
        if let syncfs = linuxSyncfs {
            let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
            if fd >= 0 {
                defer { _ = close(fd) }
                if syncfs(fd) == 0 { return }
            }
        }
        #endif
        for path in files {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { continue }
            _ = fsync(fd)
            _ = close(fd)
        }
    }

    #if os(Linux)
    /// glibc's `syncfs(2)`, looked up at run time: Swift's Glibc module does not export
    /// it (it is a GNU extension).
    private static let linuxSyncfs: (@convention(c) (Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    }()
    #endif

    /// `mkdir -p`.
    private static func makeFolder(_ folder: String) throws(WriteError) {
        var path = folder.hasPrefix("/") ? "/" : ""
        for part in folder.split(separator: "/", omittingEmptySubsequences: true) {
            path += (path.isEmpty || path.hasSuffix("/") ? "" : "/") + part
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw WriteError(path: path, reason: errnoText())
            }
        }
        var info = stat()
        guard stat(folder.isEmpty ? "." : folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw WriteError(path: folder, reason: "not a folder")
        }
    }

    /// A file name directly inside the folder: no separators, not `.` or `..`, no NUL.
    private static func isPlainRelativePath(_ path: String) -> Bool {
        !path.isEmpty && path != "." && path != ".." && !path.contains("/") && !path.contains("\\") && !path.contains("\0")
    }

    private static func join(_ folder: String, _ name: String) -> String {
        if folder.isEmpty { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    private static func errnoText() -> String {
        guard let message = strerror(errno) else { return "error \(errno)" }
        return String(cString: message)
    }
}
