#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NotebookFormat

/// Where a notebook may read files from: its own folder, plus any `--allow-read` folders.
///
/// A path is refused when it leaves every allowed folder, either as written
/// (`../../etc/passwd`, `/etc/passwd`) or after symbolic links are resolved (a link inside
/// the folder pointing out of it). Refusals say only that the path is outside: nothing
/// about whether the file exists or what it holds.
struct FileSandbox: Sendable {
    /// Canonical (symlink-free, absolute) folders.
    let roots: [String]
    /// The notebook's folder, canonical; relative paths resolve against it.
    let base: String

    init(notebookFolder: String, allowRead: [String]) {
        let base = FileSandbox.canonical(notebookFolder) ?? FileSandbox.absolute(notebookFolder)
        self.base = base
        self.roots = [base] + allowRead.map { FileSandbox.canonical($0) ?? FileSandbox.absolute($0) }
    }

    enum Refusal: Error, Equatable {
        case outside(String)
        case missing(String)
        case notAFile(String)
    }

    /// The canonical path of `path` (relative to the notebook's folder), if it is allowed.
    func resolve(_ path: String) throws(Refusal) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        // Lexical check first, before touching the file system.
        let lexical = FileSandbox.normalize(joined)
        guard roots.contains(where: { FileSandbox.isInside(lexical, $0) }) else { throw .outside(path) }
        guard let real = FileSandbox.canonical(lexical) else { throw .missing(path) }
        guard roots.contains(where: { FileSandbox.isInside(real, $0) }) else { throw .outside(path) }
        // Regular files only: reading a FIFO or a device (`/dev/zero` linked from an
        // --allow-read folder) would block or never end, past any time limit.
        var info = stat()
        guard stat(real, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .notAFile(path)
        }
        return real
    }

    static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// `realpath(3)`: absolute, no `.`/`..`, no symbolic links; nil when it does not exist.
    static func canonical(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)  // safe: realpath returns a NUL-terminated path the OS made
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// Removes `.` and `..` components lexically (no file system access).
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
