#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NotebookFormat
import Synchronization
import Tabular

// The memory limit (docs/RELIABILITY.md): a notebook must not take the machine down by
// building ever larger lists, strings or tables. Two checks share one measure, the
// process's resident size (what the OS would kill us for), read from /proc/self/statm:
//
// - before a step allocates a large buffer whose size is not bounded by data that already
//   exists (a range, `seq`, `concat`, `replace`, a join's output, ...), `reserve` refuses
//   it when resident + needed would pass the limit: nothing is allocated;
// - the poll the interpreter already makes every few thousand steps measures again
//   (at most every 10 ms), catching memory that grows in many small steps.
//
// The measure is the process's: with `--jobs N`, notebooks running at once share the
// limit. Where /proc is missing (macOS), no limit is enforced.

extension ExecutionControl {
    /// Allocations smaller than this are not checked one by one (the poll sees them).
    static let reserveThreshold = 16 << 20
    static let memoryPollInterval: Duration = .milliseconds(10)

    /// Refuses a step that would allocate `bytes` more and so pass the memory limit.
    /// `what`: the thing being built, for the message ("the range", "the joined table").
    package func reserve(bytes: Double, for what: String, at location: SourceLocation) throws(Diagnostic) {
        guard let memoryLimit, bytes >= Double(ExecutionControl.reserveThreshold) else { return }
        guard let used = MemoryUse.residentBytes() else { return }
        if Double(used) + bytes > Double(memoryLimit) {
            throw Diagnostic.error(.wouldPassMemoryLimit(what, bytes: bytes, used: Double(used), limit: Double(memoryLimit)), at: location)
        }
    }

    /// The poll's check: fails the cell once the process holds more than the limit.
    func checkMemory(at location: SourceLocation) throws(Diagnostic) {
        guard let memoryLimit else { return }
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        let now = seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
        let (intervalSeconds, intervalAttoseconds) = ExecutionControl.memoryPollInterval.components
        let interval = intervalSeconds &* 1_000_000_000 &+ intervalAttoseconds / 1_000_000_000
        guard now - lastMemoryCheck.load(ordering: .relaxed) >= interval else { return }
        lastMemoryCheck.store(now, ordering: .relaxed)
        guard let used = MemoryUse.residentBytes(), used > memoryLimit else { return }
        throw Diagnostic.error(.overMemoryLimit(used: Double(used), limit: Double(memoryLimit)), at: location)
    }
}

/// The process's memory use.
package enum MemoryUse {
    /// Resident bytes of this process, or `nil` where it cannot be measured cheaply.
    package static func residentBytes() -> Int? {
        #if os(Linux)
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        // "size resident shared text lib data dt", in pages.
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        var i = 0
        while i < n, buffer[i] != UInt8(ascii: " ") { i += 1 }
        i += 1
        var pages = 0
        while i < n, buffer[i] >= UInt8(ascii: "0"), buffer[i] <= UInt8(ascii: "9") {
            pages = pages &* 10 &+ Int(buffer[i] - UInt8(ascii: "0"))
            i += 1
        }
        return pages &* Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return nil
        #endif
    }

    /// `1.5 GiB`, `300 MiB`.
    package static func text(_ bytes: Double) -> String {
        let mib = bytes / Double(1 << 20)
        if mib >= 1024 { return NumberFormat.general((mib / 1024 * 10).rounded() / 10) + " GiB" }
        return NumberFormat.general(mib.rounded()) + " MiB"
    }
}

/// `checkLength` and, when the run has a memory limit, `reserve` for `n` elements of
/// `elementBytes` each.
func checkLength(_ n: Double, elementBytes: Int = 8, at location: SourceLocation, what: String, control: ExecutionControl) throws(Diagnostic) {
    try checkLength(n, at: location, what: what)
    try control.reserve(bytes: n * Double(elementBytes), for: what, at: location)
}

extension Arguments {
    /// Refuses the call when building `bytes` more would pass the run's memory limit.
    func reserve(bytes: Double, for what: String) throws(Diagnostic) {
        try runtime.control.reserve(bytes: bytes, for: what, at: location)
    }
}
