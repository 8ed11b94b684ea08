import Testing
import Tabular
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Hand-run micro benchmarks (bench/csv/run): skipped unless FOLIO_BENCH_CSV names a CSV
/// file, such as the 1,000,000-row one bench/csv/gen.py writes. Times are printed.
@Suite struct BenchmarkTests {
    static var path: String? { getenv("FOLIO_BENCH_CSV").map { String(cString: $0) } }

    @Test(.enabled(if: path != nil)) func csvAndKernels() throws {
        let path = try #require(Self.path)
        let bytes = try #require(readFile(path))
        let clock = ContinuousClock()
        func time<T>(_ label: String, repeat times: Int = 3, _ body: () throws -> T) rethrows -> T {
            var best = Duration.seconds(1000)
            var result: T? = nil
            for _ in 0..<times {
                let start = clock.now
                result = try body()
                best = min(best, clock.now - start)
            }
            print("bench \(label): \(best)")
            return result!  // safe: times ≥ 1
        }
        let table = try time("CSV.read \(bytes.count) bytes") { try CSV.read(bytes) }
        print("bench rows: \(table.rowCount), types: \(table.columns.map(\.typeName))")
        _ = time("CSV.write") { CSV.write(table) }
        _ = time("groupRows by year,country") { table.groupRows(by: [0, 1]) }
        _ = time("groupRows by country") { table.groupRows(by: [1]) }
        guard case .number(let years) = table.columns[0].storage else { return }
        let twoStrings = try table.setting("era", to: .strings(years.map { "era-\(Int($0) / 5 * 5)" }))
        _ = time("groupRows by country,era (two string keys)") { twoStrings.groupRows(by: [1, 3]) }
        _ = time("sortPermutation country, value desc") {
            table.sortPermutation(keys: [(column: 1, descending: false), (column: 2, descending: true)])
        }
        _ = try time("sum value") { try table.columns[2].aggregate(.sum) }
        _ = try time("median value") { try table.columns[2].aggregate(.median) }
    }
}

private func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n <= 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
}
