import Foundation
import NotebookFormat
import Tabular
import Testing
@testable import Render

/// Compares `actual` with `Tests/Golden/RenderTests/NAME`. A missing golden file, or
/// `FOLIO_RECORD=1`, writes it and records an issue, so a recording run never passes
/// silently. (The files live outside the test target's folder: SwiftPM warns about
/// files in a target that are neither sources nor declared resources.)
func assertSnapshot(_ actual: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation,
                    filePath: String = #filePath) {
    let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden").appendingPathComponent("RenderTests")
    let file = folder.appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment["FOLIO_RECORD"] == "1"
    if !record, let expected = try? String(contentsOf: file, encoding: .utf8) {
        if expected != actual {
            let firstDifference = zip(expected.split(separator: "\n", omittingEmptySubsequences: false),
                                      actual.split(separator: "\n", omittingEmptySubsequences: false))
                .enumerated().first { $0.element.0 != $0.element.1 }
            let detail = firstDifference.map { "line \($0.offset + 1):\n  expected: \($0.element.0)\n  actual:   \($0.element.1)" } ?? "lengths differ"
            Issue.record("snapshot \(name) differs (FOLIO_RECORD=1 swift test --filter RenderTests to re-record); first difference at \(detail)",
                         sourceLocation: sourceLocation)
        }
        return
    }
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    do {
        try actual.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name); review it and run again", sourceLocation: sourceLocation)
    } catch {
        Issue.record("cannot write snapshot \(name): \(error)", sourceLocation: sourceLocation)
    }
}

func numbers(_ values: [Double?]) -> Column {
    Column.numbers(values.map { $0 ?? 0 }, isNull: values.map { $0 == nil })
}

func strings(_ values: [String?]) -> Column {
    Column.strings(values.map { $0 ?? "" }, isNull: values.map { $0 == nil })
}

func makeTable(_ pairs: KeyValuePairs<String, Column>) -> Table {
    // safe: test fixtures are built with matching lengths and distinct names
    Table(uncheckedNames: pairs.map(\.key), columns: pairs.map(\.value), rowCount: pairs.first?.value.count ?? 0)
}

let testOptions = RenderOptions(formats: .default, folioVersion: "0.1.0-test")

/// Substrings of `text` between `open` and the next `close`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}
