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
import NotebookFormat
import Runner

/// Raw output streams. The only place folio writes to the terminal.
enum Terminal {
    static func writeStderr(_ text: String) {
        write(text, to: STDERR_FILENO)
    }

    static func writeStdout(_ text: String) {
        write(text, to: STDOUT_FILENO)
    }

    /// All of `text`, retrying short writes and interrupted calls.
    private static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                Glibc.write(fd, buffer.baseAddress, buffer.count)
                #else
                Darwin.write(fd, buffer.baseAddress, buffer.count)
                #endif
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            bytes = bytes.dropFirst(n)
        }
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var stderrWantsColor: Bool {
        stderrIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}

/// Progress, summaries and diagnostics for humans, on stderr.
final class Console: Sendable {
    private let quiet: Bool
    private let live: Bool
    private let color: Bool
    /// Progress events come from worker threads; the flag says a live line is on screen.
    private let liveLineShown = Mutex(false)

    init(quiet: Bool) {
        self.quiet = quiet
        self.live = !quiet && Terminal.stderrIsTerminal
        self.color = Terminal.stderrWantsColor
    }

    func progress(_ event: RunEvent) {
        guard live else { return }
        liveLineShown.withLock { shown in
            switch event {
            case .notebookStarted(let path, let count):
                showLive("\(path) [0/\(count)]", &shown)
            case .cellStarted(let path, let index, let count, let id):
                showLive("\(path) [\(index + 1)/\(count)] \(id)", &shown)
            case .notebookFinished:
                clearLive(&shown)
            }
        }
    }

    /// Diagnostics always; the summary line unless quiet.
    func report(_ result: NotebookRun) {
        liveLineShown.withLock { shown in
            clearLive(&shown)
            let renderer = DiagnosticRenderer(sources: result.sources, color: color)
            for diagnostic in result.diagnostics {
                Terminal.writeStderr(renderer.render(diagnostic))
            }
            if !quiet { Terminal.writeStderr(Console.summary(result) + "\n") }
        }
    }

    /// `folio: error: MESSAGE`: the one diagnostic a usage error carries, rendered like
    /// every other (with its place and excerpt, should it have one).
    func usageError(_ error: UsageError) {
        Console.error(error.diagnostic, sources: error.sources, color: color)
    }

    /// A diagnostic of the command itself (not of a notebook): `folio: error: MESSAGE`,
    /// or with its place and excerpt should it have one.
    static func error(_ diagnostic: Diagnostic, sources: SourceFiles = SourceFiles(), color: Bool = Terminal.stderrWantsColor) {
        let text = DiagnosticRenderer(sources: sources, color: color).render(diagnostic)
        Terminal.writeStderr(diagnostic.location == nil ? "folio: " + text : text)
    }

    static func summary(_ result: NotebookRun) -> String {
        let ran = result.cells.filter { $0.status == .ok || $0.status == .error }.count
        let time = "\(Int(result.durationMilliseconds.rounded())) ms"
        let cells = "\(ran) cell\(ran == 1 ? "" : "s")"
        switch result.status {
        case .ok:
            return "\(result.path): ran \(cells) in \(time) → \(result.outputFolder.map { $0 + "/index.html" } ?? "")"
        case .failed:
            let failed = result.cells.filter { $0.status == .error }.count
            let skipped = result.cells.filter { $0.status == .skipped }.count
            var parts = ["\(failed) failed"]
            if skipped > 0 { parts.append("\(skipped) skipped") }
            return "\(result.path): ran \(cells) in \(time), \(parts.joined(separator: ", ")) → \(result.outputFolder.map { $0 + "/index.html" } ?? "")"
        case .invalid:
            let count = result.diagnostics.filter { $0.severity == .error }.count
            return "\(result.path): \(count) error\(count == 1 ? "" : "s"), nothing ran"
        }
    }

    /// `folio check`'s line for a notebook: `x.yaml: ok (12 cells, 2 data files)` or
    /// `x.yaml: 3 errors`.
    static func summary(_ check: NotebookCheck) -> String {
        let errors = check.diagnostics.filter { $0.severity == .error }.count
        if errors > 0 { return "\(check.path): \(errors) error\(errors == 1 ? "" : "s")" }
        var parts = ["\(check.cellCount) cell\(check.cellCount == 1 ? "" : "s")"]
        if check.dataCount > 0 { parts.append("\(check.dataCount) data file\(check.dataCount == 1 ? "" : "s")") }
        return "\(check.path): ok (\(parts.joined(separator: ", ")))"
    }

    private func showLive(_ text: String, _ shown: inout Bool) {
        Terminal.writeStderr("\r\u{1B}[2K" + text)
        shown = true
    }

    private func clearLive(_ shown: inout Bool) {
        if shown {
            Terminal.writeStderr("\r\u{1B}[2K")
            shown = false
        }
    }
}
