#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `folio watch`: a snapshot of files' modification times, polled for changes. Polling
/// needs no extra dependency and works the same on every file system; a notebook's inputs are few, so a poll costs a handful of `stat` calls.
package struct FileWatch: Sendable, Equatable {
    /// Path → modification time and size; `nil` when the file does not exist (its
    /// appearance is a change too).
    private var stamps: [String: Stamp?]

    struct Stamp: Sendable, Equatable {
        var modified: Double
        var size: UInt64
    }

    package init(paths: [String]) {
        var stamps: [String: Stamp?] = [:]
        for path in paths { stamps[path] = FileWatch.stamp(path) }
        self.stamps = stamps
    }

    /// The watched paths whose file changed, appeared or disappeared since the snapshot.
    package func changedPaths() -> [String] {
        stamps.keys.sorted().filter { FileWatch.stamp($0) != stamps[$0] ?? nil }
    }

    /// Blocks until a watched file changes (polling every `interval` seconds) or
    /// `shouldStop` says so; returns the changed paths (empty when stopped).
    ///
    /// A change is reported once the changed files have held still for `settle` seconds
    /// (at most two seconds of waiting): an editor that saves in place truncates the file
    /// and then writes it, and a run in between would read an empty or half-written file.
    package func wait(interval: Double = 0.25, settle: Double = 0.1, shouldStop: () -> Bool = { false }) -> [String] {
        while !shouldStop() {
            let changed = changedPaths()
            if !changed.isEmpty {
                var seen = changed.map(FileWatch.stamp)
                for _ in 0..<max(1, Int(2 / max(settle, 0.01))) {
                    usleep(useconds_t(max(0, settle) * 1_000_000))
                    let now = changed.map(FileWatch.stamp)
                    if now == seen { break }
                    seen = now
                }
                return changed
            }
            usleep(useconds_t(max(0, interval) * 1_000_000))
        }
        return []
    }

    static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
        #else
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        #endif
        return Stamp(modified: modified, size: UInt64(max(0, info.st_size)))
    }
}
