import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// No data lost (docs/RELIABILITY.md): `folio run` killed with SIGKILL at any moment
/// leaves every output file either its old complete version or its new complete
/// version, never a truncated or mixed one, and never touches its inputs.
@Suite struct KillTests {
    /// A notebook whose outputs are big (multi-megabyte CSVs, a long report, charts) and
    /// change with the parameter `k`.
    static let notebook = """
        folio: 1
        title: Big outputs
        params:
          k: 1
        data:
          base: base.csv
        cells:
          - markdown: |
              # Run {{ k }}
          - id: wide
            code: |
              n = 60000
              table(i: seq(1, n), a: seq(1, n) * k, b: map(seq(1, n), i => str(i * k) + "-label"), c: random_uniform(n, seed: k))
          - id: more
            code: |
              t = table(x: seq(1, 40000), y: random_normal(40000, seed: k + 7))
              show(t)
              show(line_chart(head(t, 2000), x: "x", y: "y", title: "Run " + str(k)))
              with(base, v: v * k)

        """

    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.hasPrefix(".") {
            var isFolder: ObjCBool = false
            let url = folder.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                files[name] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test func killedRunsLeaveOldOrNewCompleteFiles() throws {
        let folder = try CLI.temporaryFolder()
        try Self.notebook.write(to: folder.appendingPathComponent("big.yaml"), atomically: true, encoding: .utf8)
        let base = "v\n" + (1...5000).map { "\($0)" }.joined(separator: "\n") + "\n"
        try base.write(to: folder.appendingPathComponent("base.csv"), atomically: true, encoding: .utf8)
        let inputs = try Self.snapshot(folder)

        // The two complete versions, and how long a whole run takes.
        let clock = ContinuousClock()
        let start = clock.now
        let first = try CLI.run(["run", "big.yaml", "-o", "v1", "-p", "k=1", "--quiet"], in: folder)
        let runTime = clock.now - start
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try CLI.run(["run", "big.yaml", "-o", "v2", "-p", "k=2", "--quiet"], in: folder).status == 0)
        let versions = [try Self.snapshot(folder.appendingPathComponent("v1")), try Self.snapshot(folder.appendingPathComponent("v2"))]
        #expect(versions[0].keys.sorted() == versions[1].keys.sorted())
        #expect(versions[0]["wide.csv"] != versions[1]["wide.csv"])
        #expect((versions[0]["wide.csv"]?.count ?? 0) > 1_000_000)

        // Start from version 1, then runs alternating k = 2, 1, 2, ... each killed after a
        // random delay spread over a whole run (so kills land while files are written).
        let out = folder.appendingPathComponent("out")
        #expect(try CLI.run(["run", "big.yaml", "-o", "out", "-p", "k=1", "--quiet"], in: folder).status == 0)
        // Seeded, so a failure can be replayed: FOLIO_KILL_SEED=<seed> swift test --filter KillTests.
        let seed = KillSeed.fromEnvironment()
        print("KillTests: seed \(seed) (replay with FOLIO_KILL_SEED=\(seed))")
        var rng = SplitMix64(seed: seed)
        let budget = Duration.seconds(6)
        let testStart = clock.now
        var kills = 0
        var mixed = 0  // kills after some files of the run were replaced and before others
        var previous = versions[0]
        var midFile = 0  // kills between a temporary file's creation and its rename
        var leftovers: Set<String> = []
        var iteration = 0
        // On a loaded machine runs are slow and the budget may pass before enough of them
        // were killed: go on (up to 80 runs) until five were.
        while clock.now - testStart < budget || kills < 5, iteration < 80 {
            iteration += 1
            let k = iteration % 2 == 1 ? 2 : 1
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = ["run", "big.yaml", "-o", "out", "-p", "k=\(k)", "--quiet"]
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let whole = Double(runTime.components.seconds) + Double(runTime.components.attoseconds) / 1e18
            if iteration % 2 == 0 {
                // Anywhere in the run.
                Thread.sleep(forTimeInterval: whole * Double.random(in: 0...1.1, using: &rng))
            } else {
                // While the outputs are written: wait for the first temporary file, then a
                // few milliseconds more.
                let deadline = Date().addingTimeInterval(whole * 3)
                while process.isRunning, Date() < deadline,
                      !((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).contains(where: { $0.contains(".tmp-") }) {
                    usleep(200)
                }
                usleep(UInt32.random(in: 0...4_000, using: &rng))
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()

            let now = try Self.snapshot(out)
            if now != previous && now != versions[k - 1] { mixed += 1 }
            let temporary = Set(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp-") })
            if !temporary.subtracting(leftovers).isEmpty { midFile += 1 }
            leftovers = temporary
            previous = now
            for (name, bytes) in now {
                let old = versions[0][name], new = versions[1][name]
                #expect(bytes == old || bytes == new,
                        "seed \(seed), iteration \(iteration): \(name) is neither version (\(bytes.count) bytes; versions \(old?.count ?? -1), \(new?.count ?? -1))")
            }
            #expect(Set(now.keys).isSubset(of: Set(versions[0].keys)), "seed \(seed), iteration \(iteration): unexpected files: \(now.keys.sorted())")
        }
        #expect(kills >= 5, "seed \(seed): only \(kills) runs were killed before finishing")
        print("KillTests: \(iteration) runs, \(kills) killed, \(mixed) landed between two files of a run, \(midFile) inside one file's write")
        // A run that completes leaves the new version and no temporary files (it removes
        // those the killed runs left).
        #expect(try CLI.run(["run", "big.yaml", "-o", "out", "-p", "k=2", "--quiet"], in: folder).status == 0)
        #expect(try Self.snapshot(out) == versions[1])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp-") } == [])
        // The inputs are exactly as they were.
        let after = try Self.snapshot(folder).filter { inputs[$0.key] != nil }
        #expect(after == inputs)
    }
}

/// The kill delays' seed: `FOLIO_KILL_SEED` when set (to replay a failure), else one taken
/// from the clock so that runs explore different delays.
enum KillSeed {
    static func fromEnvironment() -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["FOLIO_KILL_SEED"], let seed = UInt64(text) { return seed }
        return UInt64(truncatingIfNeeded: DispatchTime.now().uptimeNanoseconds) ^ UInt64(truncatingIfNeeded: Date().timeIntervalSince1970.bitPattern)
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small generator whose whole state is the seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Test func splitMix64MatchesTheReferenceSequence() {
    // Reference values of SplitMix64 seeded with 1234567 (from the reference C code).
    var generator = SplitMix64(seed: 1234567)
    #expect([generator.next(), generator.next(), generator.next()] == [6457827717110365317, 3203168211198807973, 9817491932198370423])
}
