import Foundation
import NotebookFormat
import ReportModel
import Testing
@testable import Language
@testable import Runner
import Tabular

@Suite struct CellCacheTests {
    private func cachedFlags(_ ws: Workspace, _ nb: String, _ configure: (inout RunOptions) -> Void = { _ in }) throws -> [Bool] {
        let result = try #require(try ws.run([nb]) { $0.cache = true; configure(&$0) }.first)
        #expect(result.status == .ok, "\(result.diagnostics)")
        return result.cells.map(\.cached)
    }

    @Test func unchangedCellsAreRestoredWithIdenticalOutputs() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("a.yaml", params: "n: 4", cells: [
            ("a", "xs = seq(1, n)\nprint(\"total\", sum(xs))"),
            ("b", "ys = xs * 2\nshow({first: first(ys), all: ys}, \"doubled\")\nys"),
        ])
        #expect(try cachedFlags(ws, nb) == [false, false])
        let html = ws.read("out/index.html")
        #expect(try cachedFlags(ws, nb) == [true, true])
        #expect(ws.read("out/index.html") == html)
    }

    @Test func aParameterChangeInvalidates() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("a.yaml", params: "n: 4", cells: [("a", "n * 2"), ("b", "10")])
        _ = try cachedFlags(ws, nb)
        #expect(try cachedFlags(ws, nb) { $0.parameters = [("n", "5")] } == [false, false])
        #expect(try #require(ws.read("out/index.html")).contains(">10<"))
    }

    @Test func anUpstreamChangeInvalidatesDependentsOnly() throws {
        let ws = try Workspace()
        _ = try ws.notebook("a.yaml", cells: [("a", "x = 1"), ("b", "x + 1"), ("c", "7")])
        let nb = ws.path("a.yaml")
        _ = try cachedFlags(ws, nb)
        _ = try ws.notebook("a.yaml", cells: [("a", "x = 2"), ("b", "x + 1"), ("c", "7")])
        #expect(try cachedFlags(ws, nb) == [false, false, true])
        #expect(try #require(ws.read("out/index.html")).contains(">3<"))
    }

    @Test func aChangedDataFileInvalidates() throws {
        let ws = try Workspace()
        try ws.write("d.csv", "v\n1\n2\n")
        let nb = try ws.notebook("a.yaml", cells: [("a", "t = read_csv(\"d.csv\")\nsum(t.v)")])
        _ = try cachedFlags(ws, nb)
        #expect(try cachedFlags(ws, nb) == [true])
        try ws.write("d.csv", "v\n1\n5\n")
        #expect(try cachedFlags(ws, nb) == [false])
        #expect(try #require(ws.read("out/index.html")).contains(">6<"))
    }

    @Test func functionsAreNeverCached() throws {
        let ws = try Workspace()
        let nb = try ws.notebook("a.yaml", cells: [("a", "fn f(x) = x + 1"), ("b", "f(1)")])
        _ = try cachedFlags(ws, nb)
        #expect(try cachedFlags(ws, nb) == [false, false])
    }

    @Test func valuesRoundTripThroughTheCodec() throws {
        let table = try Table(names: ["a", "b"], columns: [.numbers([1, 2], isNull: [false, true]), .strings(["x", "y"])])
        let values: [Value] = [
            .null, .number(-0.5), .bool(true), .string("¥ 円"),
            .list(.numbers([1, 2, 3], nulls: nil)), .list(.strings(["a"], nulls: [true])),
            .list(.values([.number(1), .list(.bools([true], nulls: nil))])),
            .record(Record(keys: ["k"], values: [.string("v")])), .table(table),
            .chart(Chart(kind: .scatter, table: table, x: "a", y: ["a"], group: nil, stacked: false, label: "b",
                         title: "t", xLabel: nil, yLabel: "y")),
            .chart(Chart(kind: .line, table: table, x: "a", y: ["a"],
                         referenceLines: [ReferenceLine(value: 0.02, label: "2% goal"), ReferenceLine(value: 1)])),
        ]
        for value in values {
            let bytes = try ValueCodec.encode(value)
            let decoded = try ValueCodec.decode(bytes)
            #expect(decoded.isEqual(to: value))
            #expect(try ValueCodec.encode(decoded) == bytes)
        }
        #expect(throws: ValueCodec.Malformed.self) { try ValueCodec.decode(Array(try ValueCodec.encode(.table(table)).dropLast())) }
    }

    /// Every field of `Chart` set to something other than its default survives the cache:
    /// a restored chart draws exactly as the one it stands for.
    @Test func everyChartOptionRoundTrips() throws {
        let table = try Table(names: ["a", "b", "c"], columns: [.numbers([1, 2]), .numbers([3, 4]), .strings(["x", "y"])])
        var chart = Chart(kind: .histogram, table: table, x: "a", y: ["b"], group: "c", stacked: true, label: "c", title: "t",
                          xLabel: "x", yLabel: "y", referenceLines: [ReferenceLine(value: 2025, label: "goal", axis: .x), ReferenceLine(value: 1)])
        chart.color = "c"
        chart.band = Band(lo: "a", hi: "b")
        chart.logY = true
        (chart.yMin, chart.yMax, chart.xMin, chart.xMax, chart.width, chart.height) = (1, 2, 3, 4, 640, 360)
        chart.spans = [Span(from: 2023, to: 2027, label: "plan"), Span(from: 1, to: 2)]
        chart.annotations = [Annotation(x: 1, y: 2, text: "note")]
        chart.annotationsLocation = SourceLocation(file: "n.yaml", line: 7, column: 12)
        chart.endLabels = true
        chart.facet = "c"
        chart.total = "FY2027"
        for bins in [Chart.Bins.sturges, .count(7), .edges([0, 1.5, 3])] {
            chart.bins = bins
            let decoded = try ValueCodec.decode(try ValueCodec.encode(.chart(chart)))
            guard case .chart(let restored) = decoded else { Issue.record("not a chart: \(decoded)"); continue }
            #expect(restored == chart)
        }
    }

    /// The chart gallery (every kind and option) reruns from the cache to the same bytes.
    @Test func theChartGalleryRestoresFromTheCacheByteForByte() throws {
        let ws = try Workspace()
        let gallery = ValidHTMLTests.repository.appendingPathComponent("docs/gallery")
        for name in ["gallery.yaml", "budget.csv"] {
            try FileManager.default.copyItem(at: gallery.appendingPathComponent(name), to: URL(fileURLWithPath: ws.path(name)))
        }
        let first = try cachedFlags(ws, ws.path("gallery.yaml"))
        #expect(first.allSatisfy { !$0 })
        let html = try #require(ws.read("out/index.html"))
        let again = try cachedFlags(ws, ws.path("gallery.yaml"))
        #expect(again.contains(true))
        #expect(ws.read("out/index.html") == html)
    }
}
