import Foundation
import Testing
import Tabular
@testable import Language
@testable import Runner

/// Dates end to end (SPEC-2 §C): a `data:` CSV with a date column read as dates, the
/// date built-ins, and the files written (CSV `YYYY-MM-DD`, the HTML cell, results.json,
/// the ipynb); the cell cache keeps dates.
@Suite struct DateNotebookTests {
    private func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("folio-dates-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func csvDatesRoundTripThroughANotebook() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csv = """
            decided,event,trn_yen
            2022-12-16,Defense Buildup Program,43
            2024-12-27,FY2025 budget request,8.7
            ,undated note,
            2025-12-16,FY2025 supplementary budget,1.1

            """
        try csv.write(toFile: dir + "/events.csv", atomically: true, encoding: .utf8)
        try """
            folio: 1
            title: Dated events
            data:
              events: events.csv
            cells:
              - id: fy
                export: fy.csv
                code: |
                  with(events, fy: fiscal_year(decided, start_month: 4), days: decided - date("2022-12-16"))
              - id: shown
                code: |
                  format(select(events, "decided", "event"), decided: "d MMM yyyy")
              - id: bind
                code: |
                  min_date = first(sort(events.decided))
              - id: text
                markdown: "First decision: {{ fmt(min_date, \\"MMMM yyyy\\") }}, on {{ min_date }}."

            """
            .write(toFile: dir + "/nb.yaml", atomically: true, encoding: .utf8)
        let out = dir + "/out"
        let runs = try Runner(options: RunOptions(outputDirectory: out, formats: [.html, .csv, .json, .ipynb])).run(paths: [dir + "/nb.yaml"]) { _ in }
        let run = try #require(runs.first)
        #expect(run.status == .ok, "\(run.diagnostics)")
        let written = try String(contentsOfFile: out + "/fy.csv", encoding: .utf8)
        #expect(written == """
            decided,event,trn_yen,fy,days
            2022-12-16,Defense Buildup Program,43,2022,0
            2024-12-27,FY2025 budget request,8.7,2024,742
            ,undated note,,,
            2025-12-16,FY2025 supplementary budget,1.1,2025,1096

            """, "\(written)")
        // Read back, the written file is the same table.
        let again = try CSV.read(Array(written.utf8))
        #expect(again.columns[0].typeName == "date")
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(html.contains("<td class=\"label date\">2024-12-27</td>"), "the HTML shows YYYY-MM-DD")
        #expect(html.contains("<td class=\"label date\">27 Dec 2024</td>"), "format's date pattern")
        #expect(html.contains("First decision: December 2022, on 2022-12-16."))
        let results = try String(contentsOfFile: out + "/results.json", encoding: .utf8)
        #expect(results.contains("{\"name\":\"decided\",\"type\":\"date\"}") || results.contains("\"type\": \"date\""), "\(results.prefix(400))")
        #expect(results.contains("\"2024-12-27\""))
        let ipynb = try String(contentsOfFile: out + "/nb.ipynb", encoding: .utf8)
        #expect(ipynb.contains("2024-12-27"))
    }

    @Test func aDatetimeColumnStaysText() throws {
        let table = try CSV.read(Array("at,v\n2024-04-01T10:00,1\n2024-04-02 10:00,2\n".utf8))
        #expect(table.columns[0].typeName == "string")
    }

    @Test func theCacheCodecKeepsDates() throws {
        let values: [Value] = [
            .date(19_814),
            .list(.dates([19_814, 0, -719_162], nulls: [false, true, false])),
            .table(try Table(names: ["d"], columns: [.dates([1, 2], isNull: [false, true])], display: [ColumnDisplay(format: "d MMM yyyy")])),
            .record(Record(keys: ["at"], values: [.date(2_932_896)])),
        ]
        for value in values {
            let decoded = try ValueCodec.decode(try ValueCodec.encode(value))
            #expect(decoded.isEqual(to: value), "\(value.literalText)")
            if case .table(let t) = decoded { #expect(t.display.map(\.format) == ["d MMM yyyy"]) }
        }
        // A day number outside the years 1–9999 is malformed (tag 11: one date).
        let outside = withUnsafeBytes(of: Int32.max.littleEndian) { [11] + Array($0) }
        #expect(throws: ValueCodec.Malformed.self) { try ValueCodec.decode(outside) }
        let inside = withUnsafeBytes(of: Int32(19_814).littleEndian) { [11] + Array($0) }
        #expect(try ValueCodec.decode(inside).isEqual(to: .date(19_814)))
    }

    @Test func cachedCellsRestoreDates() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            folio: 1
            title: Cached dates
            cells:
              - id: a
                code: |
                  d = date(["2024-04-01", "2025-03-31"])
              - id: b
                code: |
                  fiscal_year(d, start_month: 4)

            """.write(toFile: dir + "/nb.yaml", atomically: true, encoding: .utf8)
        let options = RunOptions(outputDirectory: dir + "/out", formats: [.html, .json], cache: true)
        let first = try Runner(options: options).run(paths: [dir + "/nb.yaml"]) { _ in }
        #expect(first.first?.status == .ok)
        let results1 = try String(contentsOfFile: dir + "/out/results.json", encoding: .utf8)
        let second = try Runner(options: options).run(paths: [dir + "/nb.yaml"]) { _ in }
        #expect(second.first?.status == .ok)
        let results2 = try String(contentsOfFile: dir + "/out/results.json", encoding: .utf8)
        #expect(results1 == results2)
    }
}
