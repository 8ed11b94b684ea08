import NotebookFormat

// Lists and records may nest, but not without end: a loop like
// `for i in 1..1000000 { xs = [xs] }` built a value a million levels deep, and freeing it
// (or showing it, or comparing it) recursed once per level until the stack ran out
// (a crash, found while hardening: docs/RELIABILITY.md). Every operation that wraps values
// in a new list or record checks the depth of what it wraps; deeper than
// `maxNestingDepth` is a run-time error at that place.

/// Levels of lists and records inside each other a value may have.
let maxNestingDepth = 1000

/// Fails when a list or record holding `elements` would nest deeper than the limit.
/// Scalars, flat lists and tables cost nothing; nested values are walked once per
/// distinct array (values share storage, so a walk that did not remember what it saw
/// could take exponential time on `xs = [xs, xs]` repeated).
@inline(__always)
func checkNesting(_ elements: [Value], what: String, at location: SourceLocation) throws(Diagnostic) {
    var nested = false
    for element in elements {
        switch element {
        case .list(.values), .record: nested = true
        default: continue
        }
        break
    }
    guard nested else { return }
    var depthOf: [UnsafeRawPointer: Int] = [:]
    if nestingDepth(of: elements, memo: &depthOf, budget: maxNestingDepth) >= maxNestingDepth {
        throw Diagnostic.error(.nestsTooDeeply(what), at: location)
    }
}

/// Levels of lists/records inside `elements` (0 when none), stopping once `budget` is
/// reached. Walked with an explicit stack, so the walk itself cannot overflow.
private func nestingDepth(of elements: [Value], memo: inout [UnsafeRawPointer: Int], budget: Int) -> Int {
    func children(_ value: Value) -> [Value]? {
        switch value {
        case .list(.values(let items)): items
        case .record(let record): record.values
        default: nil
        }
    }
    func key(_ array: [Value]) -> UnsafeRawPointer? {
        array.withUnsafeBufferPointer { $0.baseAddress.map { UnsafeRawPointer($0) } }
    }
    // Each frame: an array, the index of the next child to visit, the deepest child so far.
    var stack: [(array: [Value], next: Int, deepest: Int)] = [(elements, 0, 0)]
    var result = 0
    while var top = stack.popLast() {
        if top.next < top.array.count {
            let child = top.array[top.next]
            top.next += 1
            if let items = children(child) {
                if let known = key(items).flatMap({ memo[$0] }) {
                    top.deepest = max(top.deepest, known + 1)
                    stack.append(top)
                } else if stack.count + 1 >= budget {
                    return budget
                } else {
                    stack.append(top)
                    stack.append((items, 0, 0))
                }
            } else {
                stack.append(top)
            }
            continue
        }
        // `top` is done: its depth is its deepest child's.
        if let k = key(top.array) { memo[k] = top.deepest }
        if var parent = stack.popLast() {
            parent.deepest = max(parent.deepest, top.deepest + 1)
            stack.append(parent)
        } else {
            result = top.deepest
        }
    }
    return result
}
