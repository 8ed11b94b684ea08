import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Runner

/// `folio`: a thin shell over `Runner`. Only this target prints.
@main
struct Folio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Run YAML analysis notebooks headlessly and render their reports.",
        version: FolioVersion.current,
        subcommands: [Run.self, Check.self, Watch.self, PreviewCommand.self, New.self, Schema.self, Index.self, Diff.self]
    )

    /// Exit statuses: 0 success, 1 a notebook failed (load, check or run), 2 bad usage.
    /// argument-parser reports usage errors as EX_USAGE (64); SPEC §6 wants 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Terminal.writeStderr(fullMessage(for: error) + "\n")
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
