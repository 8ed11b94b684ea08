import Foundation
import Testing
@testable import folio_preview

/// The preview's rules as pure functions: which files a path may name, which hosts are
/// answered, and the page the browser gets (the end-to-end tests drive the real server).
@Suite struct PreviewServerTests {
    func folder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-preview-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("out/sub"), withIntermediateDirectories: true)
        try "a".write(to: url.appendingPathComponent("out/a.csv"), atomically: true, encoding: .utf8)
        try "s".write(to: url.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try "h".write(to: url.appendingPathComponent("out/.hidden"), atomically: true, encoding: .utf8)
        return url.appendingPathComponent("out").path
    }

    @Test func servesOnlyPlainPathsInsideTheFolder() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        #expect(PreviewServer.servedFile("/a.csv", in: root)?.hasSuffix("/out/a.csv") == true)
        #expect(PreviewServer.servedFile("/%61.csv", in: root)?.hasSuffix("/out/a.csv") == true, "decoded once")
        for refused in ["/../secret.txt", "/..%2Fsecret.txt", "/%2e%2e/secret.txt", "/sub/../a.csv", "/./a.csv", "//a.csv",
                        "/.hidden", "/a.csv%00", "/%zz", "/%", "a.csv", "/sub\\..\\a.csv", "/%252e%252e/secret.txt"] {
            let file = PreviewServer.servedFile(refused, in: root)
            // A folder resolves but is never read as a file (the server reads regular files only).
            #expect(file == nil, "\(refused) → \(file ?? "")")
        }
    }

    @Test func answersOnlyLocalHostsWithItsPort() {
        #expect(PreviewServer.isAllowedHost("localhost:8765", port: 8765))
        #expect(PreviewServer.isAllowedHost("127.0.0.1:8765", port: 8765))
        #expect(PreviewServer.isAllowedHost("LOCALHOST:8765", port: 8765))
        for host in [nil, "", "localhost", "127.0.0.1", "localhost:8766", "evil.example:8765", "127.0.0.2:8765",
                     "localhost.evil.example:8765", "[::1]:8765"] as [String?] {
            #expect(!PreviewServer.isAllowedHost(host, port: 8765), "\(host ?? "nil")")
        }
    }

    @Test func theServedPageGetsTheScriptAndItsPermission() {
        let report = "<!DOCTYPE html>\n<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\"></head><body><p>x</p></body></html>"
        let served = PreviewPage.report(report, generation: 3, nonce: "abc")
        #expect(served.contains("script-src 'nonce-abc'; connect-src 'self'\""))
        #expect(served.contains("<script nonce=\"abc\">"))
        #expect(served.contains("var seen = 3;"))
        #expect(served.contains("</script>\n</body>"))
        #expect(!report.contains("<script"))
    }

    @Test func theProblemPageEscapesTheDiagnostics() {
        let page = PreviewPage.problem("nb.yaml:2:8: error: <b>bad</b> & worse", notebook: "nb<.yaml", generation: 2,
                                       hasReport: true, nonce: "n")
        #expect(page.contains("&lt;b&gt;bad&lt;/b&gt; &amp; worse"))
        #expect(page.contains("nb&lt;.yaml did not run"))
        #expect(page.contains("href=\"/index.html\""))
        #expect(!PreviewPage.problem("x", notebook: "n", generation: 1, hasReport: false, nonce: "n").contains("href="))
    }
}
