// Shared by every fuzz target (compiled into each).
#if canImport(Glibc)
import Glibc
#endif

/// Stops the process with a message so libFuzzer records the input as a crash: an
/// invariant the code under test promised was broken.
func violated(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    printError("fuzz invariant violated (\(file):\(line)): \(message())\n")
    abort()
}

func printError(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// Runs `body` on a thread with a large stack, as the Runner does for each notebook
/// (ASan's larger frames would otherwise make a deep-but-legal recursion overflow the
/// main thread's 8 MiB and be reported as a crash that cannot happen in folio).
func onBigStack(_ body: @escaping () -> Void) {
    final class Box { let body: () -> Void; init(_ b: @escaping () -> Void) { body = b } }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, 256 << 20)
    var thread = pthread_t()
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    let started = pthread_create(&thread, &attributes, { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
        box.body()
        return nil
    }, box)
    guard started == 0 else { violated("pthread_create failed: \(started)") }
    pthread_join(thread, nil)
}
