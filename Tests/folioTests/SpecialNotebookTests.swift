import Foundation
import Testing

/// A notebook that is a symbolic link to a device (git stores links: a shared repository
/// can hold one) must be refused, not read forever.
@Suite struct SpecialNotebookTests {
    @Test func aNotebookLinkedToADeviceIsRefused() throws {
        let folder = try CLI.temporaryFolder()
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("zero.yaml").path, withDestinationPath: "/dev/zero")
        let result = try CLI.run(["check", "zero.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("zero.yaml:1:1: error: cannot read notebook `zero.yaml`: it is not a regular file"), "\(result.stderr)")
        let run = try CLI.run(["run", "zero.yaml", "--quiet"], in: folder)
        #expect(run.status == 1)
    }
}
