import ArgumentParser
import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NotebookFormat
import Runner

/// `folio preview`: the report in the browser, re-run and reloaded on every save.
///
/// Two processes: this one runs the notebook (as `folio watch` does: run, wait for a
/// change of the notebook or a file it read, run again) and, after each run, writes the
/// outcome to a small state file; `folio-preview`, installed beside `folio`, is the HTTP
/// server (FlyingFox), reading that file. The server's library stays out of `folio`, so
/// `folio run` does not pay for it at start-up.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Serve a notebook's report on 127.0.0.1, re-run it on every save, and reload the open page.",
        discussion: """
        Runs the notebook as `folio run` would (same options and outputs), serves the report's \
        folder on http://127.0.0.1:PORT/, and runs again whenever the notebook or a file it read \
        changes; the open page then reloads itself. Stop it with Ctrl-C.
        """
    )

    @Argument(help: "The notebook file (.yaml).")
    var notebook: String

    @Option(help: ArgumentHelp("Port on 127.0.0.1 (0: any free port).", valueName: "N"))
    var port: Int = PreviewCommand.defaultPort

    @OptionGroup var flags: RunFlags

    static let defaultPort = 8765

    func run() throws {
        guard (0...65535).contains(port) else {
            Console.error(.error(.portOutOfRange(port), at: nil))
            throw ExitCode(2)
        }
        let runner = Runner(options: try flags.options())
        guard let stateFolder = PreviewStateFile.makeFolder() else {
            Console.error(.error(.cannotStartPreview("cannot create a temporary folder"), at: nil))
            throw ExitCode(2)
        }
        let state = PreviewStateFile(folder: stateFolder)
        let server: PreviewServerProcess
        switch PreviewServerProcess.start(port: port, folder: Paths.absolute(runner.outputFolder(forNotebook: notebook)),
                                          stateFile: state.path, notebook: Paths.lastComponent(notebook)) {
        case .success(let started):
            server = started
        case .failure(let failure):
            state.remove()
            switch failure {
            case .inUse(let port): Console.error(.error(.portInUse(port), at: nil))
            case .failed(let problem): Console.error(.error(.cannotStartPreview(problem), at: nil))
            }
            throw ExitCode(2)
        }
        Self.stopOnInterrupt(server: server, state: state)
        Terminal.writeStderr("previewing \(notebook) at http://127.0.0.1:\(server.port)/ (Ctrl-C to stop)\n")

        let console = Console(quiet: flags.quiet)
        var generation = 0
        while true {
            var watched = [Paths.absolute(notebook)]
            var problem: String?
            do {
                let results = try runner.run(paths: [notebook]) { _ in }
                for result in results {
                    console.report(result)
                    if result.status == .invalid {
                        let renderer = DiagnosticRenderer(sources: result.sources, color: false)
                        problem = result.diagnostics.map(renderer.render).joined()
                    }
                }
                watched = results.flatMap(\.inputPaths)
            } catch {
                console.usageError(error)
                // Bad usage from the start is the command's error (exit 2); later (an edit
                // took a `-p` parameter away) it is shown in the page until fixed.
                if generation == 0 {
                    server.stop()
                    state.remove()
                    throw ExitCode(2)
                }
                problem = DiagnosticRenderer(sources: SourceFiles(), color: false).render(error.diagnostic)
            }
            generation += 1
            state.write(generation: generation, problem: problem)
            let changed = FileWatch(paths: watched).wait { !server.isRunning }
            guard server.isRunning else {
                state.remove()
                Console.error(.error(.previewServerStopped, at: nil))
                throw ExitCode.failure
            }
            Terminal.writeStderr("changed: \(changed.map(Paths.lastComponent).joined(separator: ", "))\n")
        }
    }

    /// Ctrl-C (or SIGTERM): stop the server, remove the state, exit 0. Outputs are written
    /// atomically, so a run cut short leaves the last complete files in place.
    ///
    /// The two signals are blocked from here on (threads started later inherit that) and
    /// taken by `sigwait` on a thread of their own, whatever mask folio was started with
    /// (a parent may have blocked them).
    static func stopOnInterrupt(server: PreviewServerProcess, state: PreviewStateFile) {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let blocked = signals
        DispatchQueue.global().async {
            var waitFor = blocked
            pthread_sigmask(SIG_BLOCK, &waitFor, nil)
            var received: Int32 = 0
            while sigwait(&waitFor, &received) != 0 {}
            server.stop()
            state.remove()
            Terminal.writeStderr("\nstopped\n")
            #if canImport(Glibc)
            Glibc.exit(0)
            #else
            Darwin.exit(0)
            #endif
        }
    }
}

/// The file through which `folio preview` tells its server about each run: the number of
/// runs finished, then the last run's problem (see folio-preview's `PreviewState`),
/// replaced atomically (written beside, then renamed).
struct PreviewStateFile: Sendable {
    let folder: String
    var path: String { folder + "/state" }

    /// A new private folder under `$TMPDIR` (or /tmp).
    static func makeFolder() -> String? {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/folio-preview-XXXXXX").utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let pointer = buffer.baseAddress, mkdtemp(pointer) != nil else { return nil }
            return String(cString: pointer)  // mkdtemp filled in the template we made
        }
    }

    func write(generation: Int, problem: String?) {
        let text = "\(generation)\n" + (problem ?? "")
        let temporary = folder + "/state.tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return }
        _ = rename(temporary, path)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// The `folio-preview` server process: started beside this executable, asked to listen,
/// stopped with SIGTERM.
final class PreviewServerProcess: Sendable {
    enum Failure: Error {
        case inUse(Int)
        case failed(String)
    }

    let pid: pid_t
    let port: Int

    private init(pid: pid_t, port: Int) {
        self.pid = pid
        self.port = port
    }

    /// `folio-preview` in the folder of the running `folio`.
    static func executable() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let me = count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        let server = Paths.parent(me) + "/folio-preview"
        return access(server, X_OK) == 0 ? server : nil
    }

    static func start(port: Int, folder: String, stateFile: String, notebook: String) -> Result<PreviewServerProcess, Failure> {
        guard let executable = executable() else {
            return .failure(.failed("`folio-preview` is not installed beside `folio`; install both (see README)"))
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return .failure(.failed("cannot create a pipe")) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        var actions = posix_spawn_file_actions_t()
        guard posix_spawn_file_actions_init(&actions) == 0 else {
            close(readEnd); close(writeEnd)
            return .failure(.failed("cannot start \(executable)"))
        }
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        let arguments = [executable, "--port", "\(port)", "--folder", folder, "--state", stateFile, "--notebook", notebook]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // The server starts with no signal blocked and SIGINT/SIGTERM at their defaults,
        // whatever this process blocks (see `stopOnInterrupt`), so SIGTERM stops it.
        var attributes = posix_spawnattr_t()
        guard posix_spawnattr_init(&attributes) == 0 else {
            close(readEnd); close(writeEnd)
            return .failure(.failed("cannot start \(executable)"))
        }
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &stopSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, &argv, environ)
        close(writeEnd)
        defer { close(readEnd) }
        guard spawned == 0 else { return .failure(.failed("cannot start \(executable): \(String(cString: strerror(spawned)))")) }
        // Its one line: `listening PORT`, `in-use PORT` or `failed PORT MESSAGE`.
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(readEnd, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ", maxSplits: 2).map(String.init)
        if words.count >= 2, words[0] == "listening", let actual = Int(words[1]) {
            return .success(PreviewServerProcess(pid: pid, port: actual))
        }
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        if words.first == "in-use" { return .failure(.inUse(port)) }
        return .failure(.failed(words.count == 3 ? words[2] : "the server did not start"))
    }

    var isRunning: Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }
}
