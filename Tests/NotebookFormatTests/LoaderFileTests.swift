import Testing
@testable import NotebookFormat
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading the notebook file itself: the file is opened, then its type is taken from the
/// open descriptor (no check of the path that another file could replace before the open).
@Suite struct LoaderFileTests {
    /// A fresh folder under the temporary directory.
    static func folder() -> String {
        var template = Array("/tmp/folio-loader-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    static func readError(_ path: String) -> String? {
        do {
            _ = try NotebookLoader.read(path: path)
            return nil
        } catch {
            guard let diagnostic = error.diagnostics.first, let at = diagnostic.location else { return "no position" }
            return "\(at.line):\(at.column) \(diagnostic.message)"
        }
    }

    @Test func regularFileIsRead() throws {
        let folder = Self.folder()
        let path = folder + "/nb.yaml"
        defer { unlink(path); rmdir(folder) }
        let fd = open(path, O_WRONLY | O_CREAT, 0o600)
        #expect(fd >= 0)
        _ = write(fd, "folio: 1\n", 9)
        close(fd)
        let source = try NotebookLoader.read(path: path)
        #expect(source.bytes == Array("folio: 1\n".utf8))
    }

    @Test func missingFileDirectoryAndNamedPipeAreRefused() {
        let folder = Self.folder()
        #expect(Self.readError(folder + "/absent.yaml") == "1:1 cannot read notebook `\(folder)/absent.yaml`: no such file")
        #expect(Self.readError(folder + "/absent/nb.yaml")?.hasSuffix("no such file") == true)
        #expect(Self.readError(folder) == "1:1 cannot read notebook `\(folder)`: it is a directory")
        // A named pipe with no writer: opening it for reading must not wait for one.
        let pipe = folder + "/pipe.yaml"
        defer { unlink(pipe); rmdir(folder) }
        #expect(mkfifo(pipe, 0o600) == 0)
        #expect(Self.readError(pipe)?.hasSuffix("it is not a regular file (a pipe or a device)") == true)
        #expect(Self.readError("/dev/null")?.hasSuffix("it is not a regular file (a pipe or a device)") == true)
    }
}
