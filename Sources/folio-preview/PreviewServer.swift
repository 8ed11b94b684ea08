import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FlyingFox
import FlyingSocks
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NotebookFormat

/// `folio preview`'s HTTP server, on FlyingFox: 127.0.0.1 only, the report's folder only.
/// The state it shows (runs finished, the last run's problem) is the file `folio preview`
/// writes after each run (`PreviewState`).
///
/// Every request is first checked for its `Host`: only `localhost:PORT` and
/// `127.0.0.1:PORT` are answered (a page on another site cannot reach the server through
/// a DNS name rebound to 127.0.0.1). Then:
/// - `/`: the report with the reload script, or the page of the last run's problem;
/// - `/index.html`: the last report written, with the reload script;
/// - `/__folio/wait?after=N`: answers the number of finished runs once it passes N;
/// - any other path: that regular file of the report's folder, as written. A path with
///   a `..` or `.` segment (also percent-encoded), a folder, a hidden file, or anything
///   that resolves outside the folder is 404; nothing is listed.
package final class PreviewServer: Sendable {
    package enum StartFailure: Error, Equatable {
        /// Another program listens on the port.
        case inUse(UInt16)
        case failed(UInt16, String)
    }

    let state: PreviewState
    /// The port actually listened on (known once listening, for `--port 0`).
    let port = Mutex<UInt16>(0)
    /// A nonce per server: the reload script's permission in the served pages' policy.
    let nonce: String

    init(state: PreviewState) {
        self.state = state
        var generator = SystemRandomNumberGenerator()
        nonce = (0..<4).map { _ in String(generator.next() as UInt32, radix: 16) }.joined()
    }

    /// Starts listening on 127.0.0.1:`port` (0: any free port) and returns the port
    /// once the server listens; the server then runs until the process ends.
    package static func start(port: UInt16, state: PreviewState) -> Result<(server: PreviewServer, port: UInt16), StartFailure> {
        let preview = PreviewServer(state: state)
        let address: sockaddr_in
        do {
            address = try sockaddr_in.inet(ip4: "127.0.0.1", port: port)
        } catch {
            return .failure(.failed(port, "\(error)"))
        }
        let server = HTTPServer(address: address, timeout: PreviewPage.waitSeconds + 20, logger: .disabled,
                                handler: ClosureHTTPHandler { request in await preview.respond(to: request) })
        let outcome = StartOutcome()
        Task.detached {
            do {
                try await server.run()
            } catch {
                if case SocketError.failed(_, let code, let message) = error {
                    outcome.settle(.failure(code == EADDRINUSE ? .inUse(port) : .failed(port, message)))
                } else {
                    outcome.settle(.failure(.failed(port, "\(error)")))
                }
            }
        }
        Task.detached {
            do {
                try await server.waitUntilListening(timeout: 10)
            } catch {
                return  // `run` reports why
            }
            var listening = port
            if case .ip4(_, port: let actual)? = await server.listeningAddress { listening = actual }
            preview.port.withLock { $0 = listening }
            outcome.settle(.success(listening))
        }
        return outcome.wait().map { (preview, $0) }
    }

    /// The first of "listening" and "failed", whichever comes first.
    final class StartOutcome: Sendable {
        private let result = Mutex<Result<UInt16, StartFailure>?>(nil)
        private let done = DispatchSemaphore(value: 0)

        func settle(_ value: Result<UInt16, StartFailure>) {
            if result.withLock({ old in
                guard old == nil else { return false }
                old = value
                return true
            }) { done.signal() }
        }

        func wait() -> Result<UInt16, StartFailure> {
            done.wait()
            return result.withLock { $0 } ?? .failure(.failed(0, "the server did not start"))
        }
    }

    // MARK: requests

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let port = self.port.withLock { $0 }
        guard Self.isAllowedHost(request.headers[HTTPHeader("Host")], port: port) else {
            return Self.text(.forbidden, "folio preview answers requests for localhost:\(port) or 127.0.0.1:\(port) only\n")
        }
        guard request.method == .GET || request.method == .HEAD else {
            return Self.text(.methodNotAllowed, "only GET and HEAD\n")
        }
        let target = request.target.rawValue
        let rawPath = String(target.prefix { $0 != "?" && $0 != "#" })
        switch rawPath {
        case "/":
            return mainPage()
        case PreviewPage.waitPath:
            let after = request.query.first { $0.name == "after" }.flatMap { Int($0.value) } ?? 0
            return await waitForRun(after: after)
        default:
            guard let file = Self.servedFile(rawPath, in: state.folder) else { return Self.notFound }
            guard case .success(let bytes) = FileBytes.readRegularFile(at: file) else { return Self.notFound }
            if rawPath == "/index.html" {
                let page = PreviewPage.report(String(decoding: bytes, as: UTF8.self), generation: state.snapshot.generation, nonce: nonce)
                return Self.response(.ok, type: "text/html; charset=utf-8", Array(page.utf8))
            }
            return Self.response(.ok, type: Self.contentType(of: file), bytes)
        }
    }

    func mainPage() -> HTTPResponse {
        let snapshot = state.snapshot
        let report = state.folder + "/index.html"
        let html: String
        if let problem = snapshot.problem {
            let hasReport = FileBytes.readRegularFile(at: report, limit: 0) != .failure(.missing)
            html = PreviewPage.problem(problem, notebook: state.notebook, generation: snapshot.generation, hasReport: hasReport, nonce: nonce)
        } else if snapshot.generation == 0 {
            html = PreviewPage.waiting(notebook: state.notebook, generation: 0, nonce: nonce)
        } else if case .success(let bytes) = FileBytes.readRegularFile(at: report) {
            html = PreviewPage.report(String(decoding: bytes, as: UTF8.self), generation: snapshot.generation, nonce: nonce)
        } else {
            // A run without an HTML report (`--format csv`): its folder's files are still served.
            html = PreviewPage.problem("this run wrote no index.html (is `html` in --format?)", notebook: state.notebook,
                                       generation: snapshot.generation, hasReport: false, nonce: nonce)
        }
        return Self.response(.ok, type: "text/html; charset=utf-8", Array(html.utf8))
    }

    /// Long poll: the generation once it passes `after`, or after `waitSeconds` the same.
    func waitForRun(after: Int) async -> HTTPResponse {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(PreviewPage.waitSeconds * 1000))
        var generation = state.snapshot.generation
        while generation <= after, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
            generation = state.snapshot.generation
        }
        return Self.text(.ok, "\(generation)")
    }

    // MARK: rules

    /// `localhost:PORT` or `127.0.0.1:PORT` (HTTP/1.1 requires the header; a request
    /// without one is refused too).
    package static func isAllowedHost(_ host: String?, port: UInt16) -> Bool {
        guard let host = host?.lowercased() else { return false }
        return host == "localhost:\(port)" || host == "127.0.0.1:\(port)"
    }

    /// The file a request path names inside `folder`, or `nil`: the path is
    /// percent-decoded once; each segment must be a plain name (not empty, `.`, `..`,
    /// hidden, or holding `\` or NUL); the file must resolve (links followed) inside the
    /// folder.
    package static func servedFile(_ rawPath: String, in folder: String) -> String? {
        guard rawPath.hasPrefix("/"), let decoded = percentDecoded(rawPath.dropFirst()) else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: false)
        for segment in segments {
            if segment.isEmpty || segment.hasPrefix(".") || segment.contains("\\") || segment.utf8.contains(0) { return nil }
        }
        guard let root = canonical(folder), let file = canonical(root + "/" + decoded),
              file.hasPrefix(root + "/") else { return nil }
        return file
    }

    /// `%XX` sequences decoded (UTF-8); `nil` for a malformed escape or invalid UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard iterator.count >= 2, let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
            iterator = iterator.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func canonical(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)  // realpath returns a NUL-terminated path the OS made
    }

    static func contentType(of file: String) -> String {
        switch file.split(separator: ".").last?.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "csv": "text/csv; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json", "ipynb": "application/json"
        case "pdf": "application/pdf"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }

    static let notFound = text(.notFound, "not found\n")

    static func text(_ status: HTTPStatusCode, _ body: String) -> HTTPResponse {
        response(status, type: "text/plain; charset=utf-8", Array(body.utf8))
    }

    static func response(_ status: HTTPStatusCode, type: String, _ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(statusCode: status,
                     headers: [HTTPHeader("Content-Type"): type, HTTPHeader("Cache-Control"): "no-store",
                               HTTPHeader("X-Content-Type-Options"): "nosniff"],
                     body: Data(body))
    }
}
