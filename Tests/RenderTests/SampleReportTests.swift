import Foundation
import Testing
@testable import Render

/// Writes the sample report with every format. Set FOLIO_SAMPLE_OUT=/some/folder to
/// keep it for a look in a browser (docs/report.md has the screenshot commands).
@Test func sampleReportWritesEveryFile() throws {
    let folder = ProcessInfo.processInfo.environment["FOLIO_SAMPLE_OUT"]
        ?? NSTemporaryDirectory() + "folio-sample-\(getpid())"
    let options = RenderOptions(formats: [.html, .csv, .json, .ipynb], folioVersion: "0.1.0-test",
                                inputFiles: [InputFile(path: "outlook.yaml", sha256: SHA256.hex(Array("notebook".utf8)))])
    let files = try ReportFiles.write(SampleReport.report(), options: options, to: folder)
    let written = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }
    #expect(Set(written) == Set(files.map(\.path)))
    #expect(files.map(\.path) == [
        "index.html", "load.csv", "trend.svg", "share.svg", "allies.svg", "services.svg", "regions.svg", "scatter.svg",
        "units.csv", "edges.svg", "edges-2.svg", "edges-3.svg", "edges-4.svg", "edges-5.svg", "results.json", "outlook.ipynb", "manifest.json",
    ])
    if ProcessInfo.processInfo.environment["FOLIO_SAMPLE_OUT"] == nil {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
