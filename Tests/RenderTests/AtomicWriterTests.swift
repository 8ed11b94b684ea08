import Foundation
import Testing
@testable import Render

private func tempFolder(_ name: String) -> String {
    NSTemporaryDirectory() + "folio-atomic-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
}

private func visibleFiles(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
}

@Test func writesFilesAndCreatesNestedFolder() throws {
    let root = tempFolder("create")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let folder = root + "/a/b"
    try AtomicWriter.write([OutputFile(path: "x.csv", bytes: Array("1,2\n".utf8)), OutputFile(path: "y.txt", bytes: [])], to: folder)
    #expect(visibleFiles(folder) == ["x.csv", "y.txt"])
    #expect(FileManager.default.contents(atPath: folder + "/x.csv") == Data("1,2\n".utf8))
    // Replacing keeps no temporary files behind.
    try AtomicWriter.write([OutputFile(path: "x.csv", bytes: Array("3\n".utf8))], to: folder)
    #expect(FileManager.default.contents(atPath: folder + "/x.csv") == Data("3\n".utf8))
    #expect(visibleFiles(folder) == ["x.csv", "y.txt"])
}

@Test func failedWriteLeavesOldFileAndNoTemporary() throws {
    let folder = tempFolder("fail")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try AtomicWriter.write([OutputFile(path: "index.html", bytes: Array("old".utf8))], to: folder)
    // The disk fills after the first chunk: a partial write, then an error.
    let failing = FileSystemCalls(
        write: { fd, bytes in
            bytes.count > 4 ? FileSystemCalls.system.write(fd, UnsafeRawBufferPointer(rebasing: bytes[0..<4])) : { errno = ENOSPC; return -1 }()
        },
        rename: FileSystemCalls.system.rename)
    #expect(throws: WriteError.self) {
        try AtomicWriter.write([OutputFile(path: "index.html", bytes: Array("new contents".utf8))], to: folder, calls: failing)
    }
    #expect(FileManager.default.contents(atPath: folder + "/index.html") == Data("old".utf8))
    #expect(visibleFiles(folder) == ["index.html"])
}

@Test func failedRenameLeavesNoTemporary() throws {
    let folder = tempFolder("rename")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let failing = FileSystemCalls(write: FileSystemCalls.system.write, rename: { _, _ in errno = EACCES; return -1 })
    #expect(throws: WriteError.self) {
        try AtomicWriter.write([OutputFile(path: "a.csv", bytes: Array("x".utf8))], to: folder, calls: failing)
    }
    #expect(visibleFiles(folder).isEmpty)
}

@Test func refusesPathsOutsideTheFolder() {
    let folder = tempFolder("escape")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for bad in ["../x.csv", "/etc/x", "a/b.csv", "", ".", ".."] {
        #expect(throws: WriteError.self, "\(bad)") {
            try AtomicWriter.write([OutputFile(path: bad, bytes: [])], to: folder)
        }
    }
}
