import Foundation
import Testing
@testable import Render

/// A run killed between creating a temporary file and renaming it leaves
/// `.NAME.tmp-XXXXXX` behind (found by the SIGKILL test, Tests/folioTests/KillTests.swift).
/// The next write of NAME removes it; other hidden files and other names' leftovers stay.
@Test func leftoverTemporaryFilesOfAKilledRunAreRemoved() throws {
    let folder = NSTemporaryDirectory() + "folio-leftover-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for name in [".index.html.tmp-Ab12Cd", ".t.csv.tmp-zzzzzz", ".other.csv.tmp-123456", ".index.html.tmp-short", ".keep", "notes.txt"] {
        #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("partial".utf8)))
    }
    try AtomicWriter.write([OutputFile(path: "index.html", bytes: Array("new".utf8)), OutputFile(path: "t.csv", bytes: Array("a\n".utf8))], to: folder)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(names == [".index.html.tmp-short", ".keep", ".other.csv.tmp-123456", "index.html", "notes.txt", "t.csv"])
}
