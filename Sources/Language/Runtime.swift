import NotebookFormat
import Tabular
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

#if os(Linux)
/// glibc's `pthread_getattr_np(3)`, looked up at run time: Swift's Glibc module does not
/// export this GNU extension. A `@convention(c)` pointer calls it with the C calling
/// convention (declaring it by its symbol name would use Swift's); same pattern as
/// `AtomicWriter`'s `syncfs`.
private let linuxPthreadGetattrNP: (@convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32).self)
}()

/// `pthread_getattr_np`, or `ENOSYS` when the C library lacks it (the caller then
/// knows no stack bounds).
private func pthreadGetattrNP(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32 {
    guard let function = linuxPthreadGetattrNP else { return ENOSYS }
    return function(thread, attributes)
}
#endif

/// What a running notebook may ask of the outside world. The Runner implements the file
/// sandbox; the language only calls through this.
package protocol Host: Sendable {
    /// Reads a CSV file named relative to the notebook's folder; `location` is where the
    /// path was written, for the error.
    func readCSV(path: String, at location: SourceLocation) throws(Diagnostic) -> Table
}

/// A host that allows no file access (tests, `{{ }}` previews).
package struct NoFileAccess: Host {
    package init() {}
    package func readCSV(path: String, at location: SourceLocation) throws(Diagnostic) -> Table {
        throw Diagnostic.error(.cannotRead(path, "this run has no file access"), at: location)
    }
}

/// Cooperative limits for one cell: a time limit and a cancellation flag that another
/// thread may set. The interpreter polls it every few thousand loop iterations or calls.
package final class ExecutionControl: Sendable {
    private let cancelledFlag = Atomic<Bool>(false)
    package let start: ContinuousClock.Instant
    /// `nil`: no time limit.
    package let timeLimit: Duration?
    /// Bytes the whole process may hold (resident) while the cell runs; `nil`: no limit.
    /// See MemoryLimit.swift.
    package let memoryLimit: Int?
    /// When the resident size was last measured, in nanoseconds after `start`.
    let lastMemoryCheck = Atomic<Int64>(0)

    /// - Parameters:
    ///   - timeLimit: seconds; `nil` or not positive means no limit.
    ///   - memoryLimit: bytes; `nil` or not positive means no limit.
    package init(timeLimit: Double? = nil, memoryLimit: Int? = nil) {
        start = ContinuousClock.now
        self.memoryLimit = memoryLimit.flatMap { $0 > 0 ? $0 : nil }
        if let timeLimit, timeLimit > 0, timeLimit.isFinite {
            self.timeLimit = .nanoseconds(Int64(min(timeLimit, 1e9) * 1e9))
        } else {
            self.timeLimit = nil
        }
    }

    package func cancel() {
        cancelledFlag.store(true, ordering: .relaxed)
    }

    package var isCancelled: Bool {
        cancelledFlag.load(ordering: .relaxed)
    }

    /// Throws when the cell must stop, naming the elapsed time.
    func check(at location: SourceLocation) throws(Diagnostic) {
        let elapsed = ContinuousClock.now - start
        if isCancelled {
            throw Diagnostic.error(.cancelled(after: ExecutionControl.seconds(elapsed)), at: location)
        }
        if let timeLimit, elapsed > timeLimit {
            throw Diagnostic.error(.timedOut(after: ExecutionControl.seconds(elapsed), limit: ExecutionControl.seconds(timeLimit)), at: location)
        }
        if memoryLimit != nil { try checkMemory(at: location) }
    }

    static func seconds(_ duration: Duration) -> String {
        let (whole, atto) = duration.components
        let tenths = Int64(atto / 100_000_000_000_000_000)
        return "\(whole).\(tenths)"
    }
}

/// One output of a code cell, in order (SPEC §4).
package enum CellOutput: Sendable {
    case shown(Value, caption: String?)
    case printed(String)
}

struct FrameHeader {
    let count: Int
    var parent: Frame?
    /// The next frame on the runtime's free list (unmanaged: the list owns one reference
    /// per frame, transferred in and out without reference-counting traffic).
    var next: Unmanaged<Frame>?
}

/// A function's (or the notebook's) variable slots. Slots are resolved at compile time
/// to indices; `nil` marks a name not assigned yet. The slots are tail-allocated (one
/// allocation per call) and reached through a raw
/// pointer: no copy-on-write and no exclusivity checks on variable access.
final class Frame: ManagedBuffer<FrameHeader, Value?> {
    static func make(count: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: max(count, 1)) { _ in FrameHeader(count: count, parent: parent, next: nil) }
        // safe: `create` on a subclass returns an instance of that subclass.
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: nil, count: count) }
        return frame
    }

    // Slots and header (`fields`: `header` is ManagedBuffer's own) are reached through addressors: each access computes the address
    // while it borrows `self`, so no pointer outlives the access that made it (and the
    // frame cannot be freed during one). Direct access to `ManagedBuffer.header` would pay
    // for dynamic exclusivity checks, a copy-on-write array for a uniqueness test.

    /// Slot `slot`, read or written in place (`nil`: the name has no value yet).
    @inline(__always)
    subscript(slot: Int) -> Value? {
        unsafeAddress { UnsafePointer(withUnsafeMutablePointerToElements { $0 + slot }) }
        unsafeMutableAddress { withUnsafeMutablePointerToElements { $0 + slot } }
    }

    /// The frame's header, read or written in place.
    @inline(__always)
    var fields: FrameHeader {
        unsafeAddress { withUnsafeMutablePointerToHeader { UnsafePointer($0) } }
        unsafeMutableAddress { withUnsafeMutablePointerToHeader { $0 } }
    }

    /// Runs `body` with the slots' base address, valid only inside `body` (a call that
    /// initializes several slots at once).
    @inline(__always)
    func withSlots<R>(_ body: (UnsafeMutablePointer<Value?>) -> R) -> R {
        withUnsafeMutablePointerToElements(body)
    }

    @inline(__always)
    var parent: Frame? { fields.parent }

    /// Whether a slot holds a value (a pattern match, so the value is not copied out).
    @inline(__always)
    func isBound(_ slot: Int) -> Bool {
        if case .none = self[slot] { return false }
        return true
    }

    /// Writes a number into a slot. When the slot holds a number (or nothing) there is
    /// nothing to destroy, so it is initialized in place, without the outlined destroy
    /// call of a plain assignment (the loops of number code do this on every turn).
    @inline(__always)
    func setNumber(_ x: Double, at slot: Int) {
        withUnsafeMutablePointerToElements { slots in
            let p = slots + slot
            if case .number? = p.pointee {
                // safe: a number payload owns nothing.
                UnsafeMutableRawPointer(p).initializeMemory(as: Value?.self, repeating: .number(x), count: 1)
            } else if case .none = p.pointee {
                // safe: no value owns nothing.
                UnsafeMutableRawPointer(p).initializeMemory(as: Value?.self, repeating: .number(x), count: 1)
            } else {
                p.pointee = .number(x)
            }
        }
    }

    /// Writes a number into a slot known to hold a number (the caller wrote one there and
    /// nothing else has written since): no look at the old value at all.
    @inline(__always)
    func overwriteNumber(_ x: Double, at slot: Int) {
        withUnsafeMutablePointerToElements { slots in
            // safe: the caller guarantees the slot holds a number, which owns nothing.
            _ = UnsafeMutableRawPointer(slots + slot).initializeMemory(as: Value?.self, repeating: .number(x), count: 1)
        }
    }

    /// The number in a slot, NaN when it holds anything else (a number tree's read; a
    /// method, so the slot is read in place on the frame the caller holds, never copied).
    @inline(__always)
    func number(at slot: Int) -> Double {
        if case .number(let x)? = self[slot] { return x }
        return .nan
    }

    /// Sets every slot to nil. A number (the common case) holds no reference, so its
    /// slot is overwritten without the outlined destroy call a plain assignment makes.
    @inline(__always)
    func clearSlots() {
        let count = fields.count
        withUnsafeMutablePointerToElements { slots in
            for i in 0..<count {
                let slot = slots + i
                if case .number? = slot.pointee {
                    // safe: a number payload owns nothing, so there is nothing to destroy.
                    UnsafeMutableRawPointer(slot).initializeMemory(as: Value?.self, repeating: nil, count: 1)
                } else {
                    slot.pointee = nil
                }
            }
        }
    }

    deinit {
        withUnsafeMutablePointers { header, elements in
            // A typed loop: `deinitialize(count:)` goes through the generic runtime.
            for i in 0..<header.pointee.count { (elements + i).deinitialize(count: 1) }
        }
    }
}

/// Counters touched on every call and loop iteration, kept out of class properties so no
/// exclusivity bookkeeping happens on the hot path.
struct RunCounters {
    var depth = 0
    var ticks = 0
    /// Lowest safe address of the native stack (it grows down); 0 when unknown.
    var stackLimit: UInt = 0
    /// The first free double of the number stack (`Runtime.numberStack`).
    var numberTop = 0
    /// The arguments of the number function running: a row of the number stack.
    var numberArguments: UnsafeMutablePointer<Double>
    /// The execution control said stop during a number call (`numberCallMayGoOn`).
    var numberPathClosed = false
}

/// The state of a running cell that compiled code reaches: globals, outputs, limits.
final class Runtime {
    static let maxCallDepth = 1000
    /// Poll the execution control every this many ticks (loop iterations and calls).
    static let tickInterval = 4096

    let globals: Frame
    let counters: UnsafeMutablePointer<RunCounters>
    /// Free lists of finished frames, by slot count (below `pooledSlotCounts`).
    let framePools: UnsafeMutablePointer<Unmanaged<Frame>?>
    static let pooledSlotCounts = 16
    /// The arguments of number-function calls (NumberFunctions.swift), as a stack.
    let numberStack: UnsafeMutablePointer<Double>
    var outputs: [CellOutput] = []
    var control = ExecutionControl()
    var host: any Host = NoFileAccess()
    /// Columns visible by name while evaluating `with`/`where`/`group` arguments.
    var columnScopes: [(names: [String], values: [Value])] = []

    init(globalCount: Int) {
        globals = Frame.make(count: globalCount, parent: nil)
        numberStack = UnsafeMutablePointer<Double>.allocate(capacity: Runtime.numberStackCapacity)
        counters = UnsafeMutablePointer<RunCounters>.allocate(capacity: 1)
        counters.initialize(to: RunCounters(numberArguments: numberStack))
        framePools = UnsafeMutablePointer<Unmanaged<Frame>?>.allocate(capacity: Runtime.pooledSlotCounts)
        framePools.initialize(repeating: nil, count: Runtime.pooledSlotCounts)
    }

    deinit {
        // Functions defined by the notebook capture the globals frame that holds them: a
        // cycle that leaked every notebook's globals (found by fuzz/run interpreter).
        // Emptying the slots breaks it; nothing can run in this frame once we are gone.
        for i in 0..<globals.fields.count { globals[i] = nil }
        counters.deinitialize(count: 1)
        counters.deallocate()
        for i in 0..<Runtime.pooledSlotCounts {
            // Unlink one by one so a long free list is not freed recursively.
            var next = framePools[i]
            framePools[i] = nil
            while let entry = next {
                let frame = entry.takeRetainedValue() // the list's reference, released below
                next = frame.fields.next
                frame.fields.next = nil
            }
        }
        framePools.deinitialize(count: Runtime.pooledSlotCounts)
        framePools.deallocate()
        numberStack.deallocate()
    }

    /// A frame for a call of `code`: a reused one when the function allows it.
    @inline(__always)
    func makeFrame(_ code: FunctionCode, parent: Frame?) -> Frame {
        let count = code.slotCount
        if code.reusesFrames, let entry = framePools[count] {
            let frame = entry.takeRetainedValue() // the list's reference becomes ours
            framePools[count] = frame.fields.next
            frame.fields.next = nil
            frame.fields.parent = parent
            return frame
        }
        return Frame.make(count: count, parent: parent)
    }

    /// A frame for a direct call of `code` (no captured parent), every slot nil, as an
    /// unmanaged +1 reference: reused from the free list when the function allows it.
    /// Hand it back with `giveBack` (reusable frames) or release it.
    @inline(__always)
    func takeFrame(_ code: FunctionCode) -> Unmanaged<Frame> {
        let count = code.slotCount
        if code.reusesFrames, let entry = framePools[count] {
            entry._withUnsafeGuaranteedRef { frame in
                framePools[count] = frame.fields.next
                frame.fields.next = nil
            }
            return entry
        }
        return Unmanaged.passRetained(Frame.make(count: count, parent: nil))
    }

    /// Puts a frame from `takeFrame` back on the free list after its call; only for
    /// functions whose frames no closure can capture (`FunctionCode.reusesFrames`).
    @inline(__always)
    func giveBack(_ entry: Unmanaged<Frame>) {
        let count: Int = entry._withUnsafeGuaranteedRef { frame in
            let count = frame.fields.count
            frame.clearSlots()
            if case .some = frame.fields.parent { frame.fields.parent = nil }
            frame.fields.next = framePools[count]
            return count
        }
        framePools[count] = entry // the caller's reference moves into the list
    }

    /// Puts a finished call's frame on the free list. Only for functions whose frames no
    /// closure can capture (`FunctionCode.reusesFrames`).
    @inline(__always)
    func reuse(_ frame: Frame) {
        let count = frame.fields.count
        frame.clearSlots()
        if case .some = frame.fields.parent { frame.fields.parent = nil }
        frame.fields.next = framePools[count]
        framePools[count] = Unmanaged.passRetained(frame)
    }

    /// Called at the start of each cell, on the thread that runs it.
    func prepare(control: ExecutionControl, host: any Host) {
        self.control = control
        self.host = host
        outputs = []
        columnScopes = []
        counters.pointee.depth = 0
        counters.pointee.ticks = 0
        counters.pointee.numberTop = 0
        counters.pointee.numberArguments = numberStack
        counters.pointee.numberPathClosed = false
        counters.pointee.stackLimit = Runtime.currentStackLimit()
    }

    @inline(__always)
    func tick(at location: @autoclosure () -> SourceLocation) throws(Diagnostic) {
        counters.pointee.ticks &+= 1
        if counters.pointee.ticks & (Runtime.tickInterval - 1) == 0 {
            try control.check(at: location())
        }
    }

    /// How many ticks are left before the next poll of the execution control: a loop
    /// may run that many turns and then count them at once (`tick(count:at:)`).
    @inline(__always)
    var ticksBeforePoll: Int {
        Runtime.tickInterval - (counters.pointee.ticks & (Runtime.tickInterval - 1))
    }

    /// `count` ticks at once: polls the execution control when they reach or pass a
    /// multiple of the interval, as `count` single ticks would have.
    @inline(__always)
    func tick(count: Int, at location: @autoclosure () -> SourceLocation) throws(Diagnostic) {
        let before = counters.pointee.ticks
        counters.pointee.ticks = before &+ count
        if (before & (Runtime.tickInterval - 1)) &+ count >= Runtime.tickInterval {
            try control.check(at: location())
        }
    }

    /// Entering a user function: call depth, native stack room, time limit. One branch
    /// covers the three rare cases; their work (and the error text) is out of line, so the
    /// inlined fast path stays small.
    @inline(__always)
    func enterCall(at location: SourceLocation) throws(Diagnostic) {
        let counters = self.counters
        let depth = counters.pointee.depth &+ 1
        let ticks = counters.pointee.ticks &+ 1
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        counters.pointee.ticks = ticks
        if depth > Runtime.maxCallDepth || here < counters.pointee.stackLimit || ticks & (Runtime.tickInterval - 1) == 0 {
            try enterCallSlowly(depth: depth, here: here, at: location)
        }
        counters.pointee.depth = depth
    }

    /// The rare part of `enterCall`, in the same order: depth, stack, then the time limit.
    @inline(never)
    func enterCallSlowly(depth: Int, here: UInt, at location: SourceLocation) throws(Diagnostic) {
        if depth > Runtime.maxCallDepth {
            counters.pointee.ticks &-= 1 // the call did not start
            throw Diagnostic.error(.recursionTooDeep, at: location)
        }
        if here < counters.pointee.stackLimit {
            counters.pointee.ticks &-= 1
            throw Diagnostic.error(.stackExhausted(nestedCalls: depth - 1), at: location)
        }
        if counters.pointee.ticks & (Runtime.tickInterval - 1) == 0 {
            try control.check(at: location)
        }
    }

    @inline(__always)
    func leaveCall() {
        counters.pointee.depth -= 1
    }

    /// The stack address below which calls are refused: the thread's stack bottom plus a
    /// reserve for the deepest evaluation between two checks.
    static func currentStackLimit() -> UInt {
        let reserve: UInt = 160 * 1024
        #if os(Linux)
        var attributes = pthread_attr_t()
        guard pthreadGetattrNP(pthread_self(), &attributes) == 0 else { return 0 }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return 0 }
        let bottom = UInt(bitPattern: address)
        let usable = UInt(size)
        return bottom + min(reserve, usable / 3)
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        let size = UInt(pthread_get_stacksize_np(pthread_self()))
        return top - size + min(reserve, size / 3)
        #else
        return 0
        #endif
    }
}
