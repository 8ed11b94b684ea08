import Foundation
import Testing
@testable import Runner

@Suite struct FileSandboxTests {
    /// A notebook folder with `data/a.csv`, a link inside pointing outside, and a secret
    /// file beside the folder.
    private func makeTree() throws -> (folder: String, outside: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("folio-sandbox-\(UUID().uuidString)").path
        let folder = root + "/nb"
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        try "a,b\n1,2\n".write(toFile: folder + "/data/a.csv", atomically: true, encoding: .utf8)
        try "secret\n".write(toFile: root + "/secret.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/data/link.csv", withDestinationPath: root + "/secret.csv")
        try FileManager.default.createSymbolicLink(atPath: folder + "/up", withDestinationPath: root)
        return (folder, root)
    }

    @Test func insidePathsResolve() throws {
        let (folder, _) = try makeTree()
        let sandbox = FileSandbox(notebookFolder: folder, allowRead: [])
        let resolved = try sandbox.resolve("data/a.csv")
        #expect(resolved.hasSuffix("/nb/data/a.csv"))
        #expect(try sandbox.resolve("./data/../data/a.csv") == resolved)
    }

    @Test(arguments: ["../secret.csv", "data/../../secret.csv", "/etc/passwd", "data/link.csv", "up/secret.csv", "../../../../../../etc/passwd"])
    func escapesAreRefused(path: String) throws {
        let (folder, _) = try makeTree()
        let sandbox = FileSandbox(notebookFolder: folder, allowRead: [])
        #expect(throws: FileSandbox.Refusal.outside(path)) { try sandbox.resolve(path) }
    }

    @Test func allowReadWidens() throws {
        let (folder, outside) = try makeTree()
        let sandbox = FileSandbox(notebookFolder: folder, allowRead: [outside])
        #expect(try sandbox.resolve("../secret.csv").hasSuffix("/secret.csv"))
        #expect(try sandbox.resolve("data/link.csv").hasSuffix("/secret.csv"))
    }

    @Test func missingAndDirectories() throws {
        let (folder, _) = try makeTree()
        let sandbox = FileSandbox(notebookFolder: folder, allowRead: [])
        #expect(throws: FileSandbox.Refusal.missing("data/none.csv")) { try sandbox.resolve("data/none.csv") }
        #expect(throws: FileSandbox.Refusal.notAFile("data")) { try sandbox.resolve("data") }
    }
}
