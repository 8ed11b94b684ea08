// Hashes FILE with Render's SHA256 (Sources/Render/SHA256.swift, compiled in by `run`),
// in 1 MiB chunks as the Runner reads data files: once on the SHA extensions (when the
// CPU has them), once with the Swift rounds. Prints the digest and CPU seconds of each.
#if canImport(Glibc)
import Glibc
#endif

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
}

let path = CommandLine.arguments[1]
for hardware in [true, false] {
    guard let file = fopen(path, "rb") else { fatalError("cannot open \(path)") }
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var hasher = SHA256(useHardware: hardware)
    let start = cpuSeconds()
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if n == 0 { break }
        hasher.update(chunk[0..<n])
    }
    fclose(file)
    let digest = hasher.finalizeHex()
    let label = hardware ? (SHA256.hardwareAvailable ? "SHA extensions" : "Swift rounds (no SHA extensions)") : "Swift rounds"
    print("\(label): \(digest) \(String(format2: cpuSeconds() - start)) s CPU")
    fflush(stdout)
}

extension String {
    init(format2 x: Double) { self = "\(Double(Int(x * 1000)) / 1000)" }
}
