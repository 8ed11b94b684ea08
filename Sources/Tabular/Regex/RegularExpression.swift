// A regular-expression engine without backtracking, for `matches` and `extract`: the
// pattern is parsed (RegexSyntax.swift), compiled to a small instruction array, and run
// as a Pike VM (Thompson's NFA simulated with capture slots per thread, as RE2 does).
// Threads are kept in priority order, so the result is the leftmost-first match a
// backtracking engine (Perl, Python, Swift's `Regex`) gives, but a match takes
// O(instructions × text) steps, whatever the pattern: `(a+)+$` cannot run for hours.
// The caller's `poll` is called every few thousand steps so a cell's time limit also
// stops one long match.

/// A compiled regular expression (syntax: docs/language-design.md).
package struct RegularExpression: Sendable {
    package struct SyntaxError: Error, Sendable, Equatable {
        package var message: String
        package init(message: String) { self.message = message }
    }

    /// Patterns that compile to more instructions than this are refused (`a{1000}{…}`
    /// can be written in a few characters); the matcher's memory is proportional to it.
    package static let maxInstructions = 10_000

    package let pattern: String
    /// Capturing groups, numbered from 1.
    package let captureCount: Int
    let program: [RegexInstruction]
    let sets: [ScalarSet]
    /// Starts with `^` or `\A` in every branch: only tried at the start.
    let anchoredStart: Bool
    /// An ASCII byte every match begins with, for skipping ahead.
    let firstByte: UInt8?
    /// See `RegexNode.repeatsNullableCapture` (for tests).
    let repeatsNullableCapture: Bool

    package init(_ pattern: String) throws(SyntaxError) {
        var parser = RegexParser(pattern)
        let tree = try parser.parse()
        var compiler = RegexCompiler()
        try compiler.emit(.save, 0)
        try compiler.compile(tree)
        try compiler.emit(.save, 1)
        try compiler.emit(.match)
        self.pattern = pattern
        captureCount = parser.captureCount
        program = compiler.program
        sets = compiler.sets
        anchoredStart = RegularExpression.startsAnchored(tree)
        repeatsNullableCapture = tree.repeatsNullableCapture
        var pc = 0
        while pc < program.count, program[pc].op == .save { pc += 1 }
        if pc < program.count, program[pc].op == .scalar, program[pc].x < 128 {
            firstByte = UInt8(program[pc].x)
        } else {
            firstByte = nil
        }
    }

    private static func startsAnchored(_ node: RegexNode) -> Bool {
        switch node {
        case .assertion(.textStart): return true
        case .capture(_, let inner): return startsAnchored(inner)
        case .concatenation(let items): return items.first.map(startsAnchored) ?? false
        case .alternation(let branches): return branches.allSatisfy(startsAnchored)
        default: return false
        }
    }

    /// A matcher that reports the whole match and groups 1…`groups` (fewer slots are
    /// faster); its buffers are reused from one text to the next.
    package func matcher(groups: Int) -> RegexMatcher {
        RegexMatcher(self, groups: Swift.max(0, Swift.min(groups, captureCount)))
    }

    /// The first match's ranges (UTF-8 offsets; `[0]` the whole match, then each group,
    /// `nil` for a group that took no part), or `nil`. No time limit: for tests.
    package func firstMatch(in text: String) -> [Range<Int>?]? {
        let m = matcher(groups: captureCount)
        return m.firstMatch(in: text, poll: { () throws(Never) in })
    }

    /// Whether it matches anywhere in `text`. No time limit: for tests.
    package func matches(_ text: String) -> Bool {
        matcher(groups: 0).matches(text, poll: { () throws(Never) in })
    }
}

struct RegexInstruction: Sendable {
    enum Op: UInt8, Sendable {
        /// Consumes scalar `x`.
        case scalar
        /// Consumes a scalar whose case fold is `x`.
        case folded
        /// Consumes a scalar of `sets[x]`.
        case set
        /// Consumes any scalar but U+000A.
        case anyButNewline
        /// Continues at `x` (preferred) and at `y`.
        case split
        case jump
        /// Records the position in capture slot `x`.
        case save
        /// Continues when `RegexAssertion(rawValue: x)` holds.
        case assert
        case match
    }
    var op: Op
    var x: Int32
    var y: Int32
}

struct RegexCompiler {
    private(set) var program: [RegexInstruction] = []
    private(set) var sets: [ScalarSet] = []

    @discardableResult
    mutating func emit(_ op: RegexInstruction.Op, _ x: Int = 0, _ y: Int = 0) throws(RegularExpression.SyntaxError) -> Int {
        guard program.count < RegularExpression.maxInstructions else { throw .tooLarge(RegularExpression.maxInstructions) }
        program.append(RegexInstruction(op: op, x: Int32(truncatingIfNeeded: x), y: Int32(truncatingIfNeeded: y)))
        return program.count - 1
    }

    private mutating func patch(_ at: Int, x: Int? = nil, y: Int? = nil) {
        guard program.indices.contains(at) else { return }
        if let x { program[at].x = Int32(truncatingIfNeeded: x) }
        if let y { program[at].y = Int32(truncatingIfNeeded: y) }
    }

    mutating func compile(_ node: RegexNode) throws(RegularExpression.SyntaxError) {
        switch node {
        case .empty:
            break
        case .literal(let c, let foldCase):
            if foldCase {
                try emit(.folded, Int(RegexCase.fold(c)))
            } else {
                try emit(.scalar, Int(c))
            }
        case .set(let set):
            sets.append(set)
            try emit(.set, sets.count - 1)
        case .anyButNewline:
            try emit(.anyButNewline)
        case .assertion(let a):
            try emit(.assert, Int(a.rawValue))
        case .capture(let k, let inner):
            try emit(.save, 2 * k)
            try compile(inner)
            try emit(.save, 2 * k + 1)
        case .concatenation(let items):
            for item in items { try compile(item) }
        case .alternation(let branches):
            // split L1, L2; L1: a; jump end; L2: split … ; last: z; end:
            var jumps: [Int] = []
            for (k, branch) in branches.enumerated() {
                if k == branches.count - 1 {
                    try compile(branch)
                } else {
                    let split = try emit(.split)
                    try compile(branch)
                    jumps.append(try emit(.jump))
                    patch(split, x: split + 1, y: program.count)
                }
            }
            for j in jumps { patch(j, x: program.count) }
        case .repetition(let inner, let min, let max, let greedy):
            try repetition(inner, min: min, max: max, greedy: greedy)
        }
    }

    /// A split that prefers `preferred` when greedy, `other` when lazy.
    private mutating func split(at pc: Int, body: Int, exit: Int, greedy: Bool) {
        if greedy { patch(pc, x: body, y: exit) } else { patch(pc, x: exit, y: body) }
    }

    private mutating func repetition(_ inner: RegexNode, min: Int, max: Int?, greedy: Bool) throws(RegularExpression.SyntaxError) {
        if let max {
            for _ in 0..<min { try compile(inner) }
            // Each optional copy: split body, end — all exits go to the same end.
            var splits: [Int] = []
            for _ in min..<max {
                let s = try emit(.split)
                splits.append(s)
                try compile(inner)
            }
            for s in splits { split(at: s, body: s + 1, exit: program.count, greedy: greedy) }
            return
        }
        if min == 0 {
            if inner.isNullable {
                // As RE2: `x*` with a nullable `x` is `(x+)?`, so that an empty iteration
                // is still taken once, in priority order (as Perl does).
                let s = try emit(.split)
                let body = program.count
                try compile(inner)
                let loop = try emit(.split)
                split(at: loop, body: body, exit: program.count, greedy: greedy)
                split(at: s, body: body, exit: program.count, greedy: greedy)
            } else {
                // L: split body, end; body; jump L; end:
                let s = try emit(.split)
                try compile(inner)
                try emit(.jump, s)
                split(at: s, body: s + 1, exit: program.count, greedy: greedy)
            }
            return
        }
        for _ in 0..<(min - 1) { try compile(inner) }
        // x+: L: body; split L, end
        let body = program.count
        try compile(inner)
        let loop = try emit(.split)
        split(at: loop, body: body, exit: program.count, greedy: greedy)
    }
}

/// Runs one expression over texts, reusing its thread lists. Not thread-safe: one per
/// loop.
package final class RegexMatcher {
    private let program: [RegexInstruction]
    private let sets: [ScalarSet]
    private let anchoredStart: Bool
    private let firstByte: UInt8?
    /// Capture slots kept per thread: 2 × (groups + 1).
    private let slots: Int
    /// The buffers, kept between texts (moved out while a match runs).
    private var state: MatchState
    /// Thread steps between two calls of `poll`.
    package static let pollInterval = 1 << 14

    init(_ regex: RegularExpression, groups: Int) {
        program = regex.program
        sets = regex.sets
        anchoredStart = regex.anchoredStart
        firstByte = regex.firstByte
        slots = 2 * (groups + 1)
        state = MatchState(size: program.count, slots: slots)
    }

    /// Whether the expression matches anywhere in `text` (stops at the first match found).
    package func matches<E: Error>(_ text: String, poll: () throws(E) -> Void) throws(E) -> Bool {
        var stopped: E? = nil
        let found = search(text, earliest: true) {
            do throws(E) { try poll(); return false } catch { stopped = error; return true }
        }
        if let stopped { throw stopped }
        return found
    }

    /// The leftmost-first match: its ranges in UTF-8 offsets of `text` (`[0]` the whole
    /// match, then the groups the matcher keeps, `nil` for one that took no part).
    package func firstMatch<E: Error>(in text: String, poll: () throws(E) -> Void) throws(E) -> [Range<Int>?]? {
        var stopped: E? = nil
        let found = search(text, earliest: false) {
            do throws(E) { try poll(); return false } catch { stopped = error; return true }
        }
        if let stopped { throw stopped }
        guard found else { return nil }
        return (0..<(slots / 2)).map { k in
            let a = state.best[2 * k], b = state.best[2 * k + 1]
            return a >= 0 && b >= a ? a..<b : nil
        }
    }

    /// The text of a range `firstMatch` gave.
    package static func text(_ range: Range<Int>, of text: String) -> String {
        let u = text.utf8
        guard range.lowerBound >= 0, range.upperBound <= u.count else { return "" }
        let a = u.index(u.startIndex, offsetBy: range.lowerBound), b = u.index(u.startIndex, offsetBy: range.upperBound)
        return String(decoding: u[a..<b], as: UTF8.self)
    }

    /// Runs over `text`'s UTF-8 bytes; `stop` is polled and ends the search when true.
    private func search(_ text: String, earliest: Bool, stop: () -> Bool) -> Bool {
        var local = MatchState(size: 0, slots: 0)
        swap(&local, &state)  // uniquely referenced while it runs
        defer { swap(&local, &state) }
        if let found = text.utf8.withContiguousStorageIfAvailable({ buf in run(buf, &local, earliest: earliest, stop: stop) }) {
            return found
        }
        return Array(text.utf8).withUnsafeBufferPointer { buf in run(buf, &local, earliest: earliest, stop: stop) }
    }

    /// The scalar at `i` and its length in bytes (`buf` is valid UTF-8, a `String`'s).
    @inline(__always)
    private func decode(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(buf[i])
        if b0 < 0x80 { return (b0, 1) }
        let len = b0 >= 0xF0 ? 4 : (b0 >= 0xE0 ? 3 : 2)
        guard i + len <= buf.count else { return (0xFFFD, 1) }
        var c = b0 & (len == 2 ? 0x1F : (len == 3 ? 0x0F : 0x07))
        for k in 1..<len { c = c << 6 | (UInt32(buf[i + k]) & 0x3F) }
        return (c, len)
    }

    private static let noScalar = UInt32.max

    @inline(__always)
    private static func isWord(_ c: UInt32) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }

    private func run(_ buf: UnsafeBufferPointer<UInt8>, _ st: inout MatchState, earliest: Bool, stop: () -> Bool) -> Bool {
        let n = buf.count
        let slots = self.slots
        st.current.count = 0
        var matched = false
        var pos = 0
        var prev = RegexMatcher.noScalar
        var (c, len) = n > 0 ? decode(buf, 0) : (RegexMatcher.noScalar, 0)
        var budget = RegexMatcher.pollInterval
        while true {
            if !matched && (pos == 0 || !anchoredStart) {
                if st.current.count == 0, let firstByte, pos < n, buf[pos] != firstByte {
                    // No thread alive: skip to the next place a match can begin.
                    var p = pos + 1
                    while p < n && buf[p] != firstByte { p += 1 }
                    if p >= n { break }
                    pos = p
                    var q = p - 1
                    while q > 0 && buf[q] & 0xC0 == 0x80 { q -= 1 }
                    prev = decode(buf, q).0
                    (c, len) = decode(buf, pos)
                }
                for k in 0..<slots { st.work[k] = -1 }
                add(&st.current, &st.work, &st.stack, pc: 0, pos: pos, prev: prev, here: c)
            }
            if st.current.count == 0 { break }
            budget -= st.current.count
            if budget <= 0 {
                if stop() { return false }
                budget = RegexMatcher.pollInterval
            }
            st.next.count = 0
            let nextPos = pos + len
            let (nc, nlen) = nextPos < n ? decode(buf, nextPos) : (RegexMatcher.noScalar, 0)
            threads: for j in 0..<st.current.count {
                let pc = Int(st.current.dense[j])
                let inst = program[pc]
                let consumes: Bool
                switch inst.op {
                case .match:
                    let base = pc * slots
                    for k in 0..<slots { st.best[k] = st.current.caps[base + k] }
                    matched = true
                    if earliest { return true }
                    break threads  // lower-priority threads lose
                case .scalar: consumes = pos < n && c == UInt32(bitPattern: inst.x)
                case .folded: consumes = pos < n && RegexCase.fold(c) == UInt32(bitPattern: inst.x)
                case .set: consumes = pos < n && sets[Int(inst.x)].contains(c)
                case .anyButNewline: consumes = pos < n && c != 10
                case .split, .jump, .save, .assert: consumes = false
                }
                guard consumes else { continue }
                let base = pc * slots
                for k in 0..<slots { st.work[k] = st.current.caps[base + k] }
                add(&st.next, &st.work, &st.stack, pc: pc + 1, pos: nextPos, prev: c, here: nc)
            }
            swap(&st.current, &st.next)
            if pos >= n { break }
            prev = c
            c = nc
            len = nlen
            pos = nextPos
        }
        return matched
    }

    /// Adds the thread `work` at `pc` to `list`, following jumps, splits (in priority
    /// order), saves and assertions at `pos`; `prev` and `here` are the scalars before
    /// and at `pos` (`noScalar` at an end).
    private func add(_ list: inout ThreadList, _ work: inout [Int], _ stack: inout [StackEntry],
                     pc start: Int, pos: Int, prev: UInt32, here: UInt32) {
        let slots = self.slots
        stack.append(StackEntry(pc: Int32(truncatingIfNeeded: start), slot: -1, value: 0))
        while let entry = stack.popLast() {
            if entry.slot >= 0 {
                work[Int(entry.slot)] = entry.value
                continue
            }
            let pc = Int(entry.pc)
            guard pc >= 0, pc < program.count, !list.contains(pc) else { continue }
            list.insert(pc)
            let inst = program[pc]
            switch inst.op {
            case .jump:
                stack.append(StackEntry(pc: inst.x, slot: -1, value: 0))
            case .split:
                stack.append(StackEntry(pc: inst.y, slot: -1, value: 0))
                stack.append(StackEntry(pc: inst.x, slot: -1, value: 0))
            case .save:
                let k = Int(inst.x)
                if k < slots {
                    stack.append(StackEntry(pc: -1, slot: Int32(k), value: work[k]))
                    work[k] = pos
                }
                stack.append(StackEntry(pc: Int32(pc + 1), slot: -1, value: 0))
            case .assert:
                let holds: Bool
                switch RegexAssertion(rawValue: inst.x) {
                case .textStart: holds = pos == 0
                case .textEnd: holds = here == RegexMatcher.noScalar
                case .wordBoundary: holds = RegexMatcher.isWord(prev) != RegexMatcher.isWord(here)
                case .notWordBoundary: holds = RegexMatcher.isWord(prev) == RegexMatcher.isWord(here)
                case nil: holds = false
                }
                if holds { stack.append(StackEntry(pc: Int32(pc + 1), slot: -1, value: 0)) }
            case .scalar, .folded, .set, .anyButNewline, .match:
                let base = pc * slots
                for k in 0..<slots { list.caps[base + k] = work[k] }
            }
        }
    }
}

struct StackEntry {
    /// The instruction to follow, or -1 for a restore.
    var pc: Int32
    /// The slot to restore to `value`, or -1.
    var slot: Int32
    var value: Int
}

/// A matcher's buffers.
struct MatchState {
    var current: ThreadList
    var next: ThreadList
    /// The thread being followed through splits and saves.
    var work: [Int]
    /// The slots of the match found.
    var best: [Int]
    var stack: [StackEntry] = []

    init(size: Int, slots: Int) {
        current = ThreadList(size: size, slots: slots)
        next = ThreadList(size: size, slots: slots)
        work = [Int](repeating: -1, count: slots)
        best = [Int](repeating: -1, count: slots)
    }
}

/// A sparse set of program counters in insertion (priority) order, with each consuming
/// thread's capture slots.
struct ThreadList {
    var sparse: [Int32]
    var dense: [Int32]
    var count = 0
    var caps: [Int]

    init(size: Int, slots: Int) {
        sparse = [Int32](repeating: 0, count: size)
        dense = [Int32](repeating: 0, count: size)
        caps = [Int](repeating: -1, count: size * slots)
    }

    @inline(__always)
    func contains(_ pc: Int) -> Bool {
        let d = Int(sparse[pc])
        return d < count && Int(dense[d]) == pc
    }

    @inline(__always)
    mutating func insert(_ pc: Int) {
        sparse[pc] = Int32(truncatingIfNeeded: count)
        dense[count] = Int32(truncatingIfNeeded: pc)
        count += 1
    }
}
