import Testing
@testable import NotebookFormat

/// Mutated notebooks must give a notebook or positioned diagnostics, never a crash,
/// and every position must lie inside the file.
@Suite struct LoaderFuzzTests {
    static let seed = """
    folio: 1
    title: "Budgets ¥円"
    params:
      start: 2025
      years: [2025, 2030]
      name: 'it''s'
    data:
      t: t.csv
    cells:
      - markdown: >
          Folded 😀
          text
      - id: a
        code: |
          x = "\\u00e9" + 1
          \ty = x
        echo: false
        export: a.csv
      - code: "z = 1\\n\\
          w = 2"
        caption: plain
          continued

    """

    static let pieces = ["\n", " ", "  ", "\t", ":", "- ", "[", "]", "{", "}", ",", "\"", "'", "\\", "|", ">", "&a ", "*a",
                         "!!str ", "#", "---\n", "\r\n", "¥", "円", "😀", "\u{85}", "\u{2028}", "x", "1", "-"]

    @Test func mutationsNeverCrashAndStayInTheFile() {
        var rng = SplitMix64(state: 42)
        let base = Array(Self.seed.utf8)
        #expect(throws: Never.self) { try NotebookLoader.load(bytes: base, file: "f.yaml") }
        var loaded = 0
        for _ in 0..<600 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0...bytes.count, using: &rng)
                switch Int.random(in: 0...2, using: &rng) {
                case 0 where at < bytes.count:
                    bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...3, using: &rng)))
                case 1:
                    bytes.insert(contentsOf: Array((Self.pieces.randomElement(using: &rng) ?? "x").utf8), at: at)
                default:
                    if at < bytes.count { bytes[at] = UInt8.random(in: 0...255, using: &rng) }
                }
            }
            let source = SourceFile(path: "f.yaml", bytes: bytes)
            // `folio check`'s reading reports exactly the loader's problems, and keeps every
            // cell of a notebook that loads.
            let checkLoad = NotebookLoader.loadForCheck(source)
            do {
                let notebook = try NotebookLoader.load(source)
                #expect(checkLoad.diagnostics == notebook.warnings)
                #expect(checkLoad.notebook?.cells.count == notebook.cells.count)
                loaded += 1
                for cell in notebook.cells {
                    var offset = 0
                    for scalar in cell.source.text.unicodeScalars {
                        let location = cell.source.location(utf8Offset: offset)
                        #expect(location.line >= 1 && location.line <= source.lineCount, "\(location) in \(String(decoding: bytes, as: UTF8.self))")
                        #expect(location.column >= 1)
                        offset += String(scalar).utf8.count
                    }
                }
            } catch {
                #expect(!error.diagnostics.isEmpty)
                #expect(checkLoad.diagnostics == error.diagnostics, "\(String(reflecting: String(decoding: bytes, as: UTF8.self)))")
                for diagnostic in error.diagnostics {
                    let location = diagnostic.location
                    #expect(location != nil)
                    #expect((location?.line ?? 0) >= 1 && (location?.line ?? 0) <= source.lineCount + 1,
                            "\(diagnostic) in \(String(reflecting: String(decoding: bytes, as: UTF8.self)))")
                    #expect((location?.column ?? 0) >= 1)
                }
            }
        }
        // The mutations must leave some notebooks valid, or the map checks test nothing.
        #expect(loaded > 30)
    }
}
