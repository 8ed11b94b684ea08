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

/// `--format pdf`: prints the report with headless Chromium. The page numbers and the
/// running title come from the report's own print CSS (`@page` margin boxes, which
/// Chromium supports since version 131), so Chromium's own header and footer (the date
/// and the file's absolute URL) are turned off.
enum PDFPrinter {
    /// The browsers tried on PATH, in order, when `FOLIO_CHROMIUM` is not set.
    static let browserNames = ["chromium", "chromium-browser", "google-chrome"]
    /// Chromium gets this long to print one report.
    static let timeLimit: Double = 120

    /// `FOLIO_CHROMIUM` when set, else the first of `browserNames` on PATH.
    static func browser(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["FOLIO_CHROMIUM"], !path.isEmpty {
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in browserNames {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    enum Failure: Error {
        case failed(String)
    }

    /// The PDF of `html`. Chromium runs with a fresh profile in a temporary folder
    /// (removed after), so runs in parallel do not share state; the PDF's creation and
    /// modification dates are set to a fixed value so that the same report prints to
    /// the same bytes with the same Chromium.
    static func print(html: String, browser: String) throws(Failure) -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        let output = folder.appendingPathComponent("report.pdf")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(html.utf8).write(to: page)
        } catch {
            throw .failed("cannot write a temporary copy of the report: \(error)")
        }
        var arguments = [browser, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                         "--no-pdf-header-footer", "--user-data-dir=" + folder.appendingPathComponent("profile").path,
                         "--print-to-pdf=" + output.path]
        // Chromium refuses to run as root with its sandbox (containers, CI).
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        arguments.append(page.absoluteString)
        let status = try run(arguments)
                guard let data = FileManager.default.contents(atPath: output.path), data.starts(with: Array("%PDF".utf8)) else {
            throw .failed("\(browser) exited with status \(status) and wrote no PDF")
        }
        return fixingDates(Array(data))
    }

    /// Runs `arguments[0]` with its output discarded (posix_spawn: no Foundation
    /// `Process`, which would link all of Foundation); its exit status. Killed after
    /// `timeLimit` seconds.
    private static func run(_ arguments: [String]) throws(Failure) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        guard posix_spawn_file_actions_init(&actions) == 0 else { throw .failed("cannot start \(arguments[0])") }
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        guard spawned == 0 else { throw .failed("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        let deadline = ContinuousClock.now + .seconds(timeLimit)
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { throw .failed("lost \(arguments[0]) while it printed") }
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw .failed("\(arguments[0]) did not finish printing within \(Int(timeLimit)) seconds")
            }
            usleep(20_000)
        }
        return (status >> 8) & 0xFF
    }

    /// `/CreationDate (D:…)` and `/ModDate (D:…)` with a fixed date of the same length,
    /// so that the cross-reference offsets stay right.
    static func fixingDates(_ pdf: [UInt8]) -> [UInt8] {
        var bytes = pdf
        for key in ["/CreationDate (D:", "/ModDate (D:"] {
            let pattern = Array(key.utf8)
            var i = 0
            while let start = find(pattern, in: bytes, from: i) {
                var j = start + pattern.count
                while j < bytes.count, bytes[j] != UInt8(ascii: ")") {
                    let b = bytes[j]
                    if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                        // 1970-01-01 00:00:00, offset +00'00'.
                        let position = j - start - pattern.count
                        bytes[j] = position < fixedDate.count ? fixedDate[position] : UInt8(ascii: "0")
                    }
                    j += 1
                }
                i = j
            }
        }
        return bytes
    }

    private static let fixedDate = Array("19700101000000".utf8)

    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard pattern.count <= bytes.count, from <= bytes.count - pattern.count else { return nil }
        var i = from
        while i <= bytes.count - pattern.count {
            if bytes[i] == pattern[0] && Array(bytes[i..<i + pattern.count]) == pattern { return i }
            i += 1
        }
        return nil
    }
}
