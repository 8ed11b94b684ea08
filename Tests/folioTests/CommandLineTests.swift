import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func versionAndHelpExitZero() throws {
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        for command in ["run", "check", "new", "schema", "watch"] {
            #expect(help.stdout.contains(command))
        }
    }

    @Test(arguments: [["run", "--no-such-option", "x.yaml"], ["frobnicate"], ["run"], ["run", "x.yaml", "--timeout", "-1"],
                      ["run", "x.yaml", "--format", "pdf"], ["run", "x.yaml", "-p", "novalue"]])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }
}
