import Foundation
import NotebookFormat
import Runner

/// Raw output streams. The only place folio writes to the terminal.
enum Terminal {
    static func writeStderr(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func writeStdout(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var stderrWantsColor: Bool {
        stderrIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}

/// Progress, summaries and diagnostics for humans, on stderr.
final class Console: @unchecked Sendable {
    private let quiet: Bool
    private let live: Bool
    private let color: Bool
    /// Progress events come from worker threads.
    private let lock = NSLock()
    private var liveLineShown = false

    init(quiet: Bool) {
        self.quiet = quiet
        self.live = !quiet && Terminal.stderrIsTerminal
        self.color = Terminal.stderrWantsColor
    }

    func progress(_ event: RunEvent) {
        guard live else { return }
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .notebookStarted(let path, let count):
            showLive("\(path) [0/\(count)]")
        case .cellStarted(let path, let index, let count, let id):
            showLive("\(path) [\(index + 1)/\(count)] \(id)")
        case .notebookFinished:
            clearLive()
        }
    }

    /// Diagnostics always; the summary line unless quiet.
    func report(_ result: NotebookRun) {
        lock.lock()
        defer { lock.unlock() }
        clearLive()
        let renderer = DiagnosticRenderer(sources: result.sources, color: color)
        for diagnostic in result.diagnostics {
            Terminal.writeStderr(renderer.render(diagnostic))
        }
        guard !quiet else { return }
        Terminal.writeStderr(Console.summary(result) + "\n")
    }

    func usageError(_ error: UsageError) {
        Terminal.writeStderr("folio: error: \(error.message)\n")
    }

    static func summary(_ result: NotebookRun) -> String {
        let ran = result.cells.filter { $0.status == .ok || $0.status == .error }.count
        let time = String(format: "%.0f ms", result.durationMilliseconds)
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

    private func showLive(_ text: String) {
        Terminal.writeStderr("\r\u{1B}[2K" + text)
        liveLineShown = true
    }

    private func clearLive() {
        if liveLineShown {
            Terminal.writeStderr("\r\u{1B}[2K")
            liveLineShown = false
        }
    }
}
