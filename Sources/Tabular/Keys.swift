/// Dense integer codes for column values, the common step of grouping, sorting and
/// joining: equal values get equal codes, so later steps hash or compare small integers
/// instead of strings. Numbers compare by value (-0 equals 0); strings by Swift `==`.
struct KeyCodes {
    /// One code per row, `0..<distinctCount`, in order of first appearance.
    var codes: [Int32]
    var distinctCount: Int
    /// The code nulls got (nulls are one value here), or nil without nulls.
    var nullCode: Int32?
}

extension Column {
    /// Codes for every row, nulls included as a value of their own.
    func keyCodes() -> KeyCodes {
        let n = count
        var codes = [Int32](repeating: 0, count: n)
        var nullCode: Int32? = nil
        var next: Int32 = 0
        let mask = isNull
        @inline(__always) func codeForNull() -> Int32 {
            if let nullCode { return nullCode }
            nullCode = next
            next += 1
            return next - 1
        }
        switch storage {
        case .number(let values):
            var table = NumberCodeTable()
            codes.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    if let mask, mask[i] {
                        out[i] = codeForNull()
                        continue
                    }
                    let v = values[i]
                    out[i] = table.code(of: v == 0 ? 0 : v.bitPattern, next: &next)
                }
            }
        case .string(let values):
            // Each pool entry is hashed once (`entryCodes`); rows then cost two array
            // look-ups, renumbered in order of first appearance.
            let entries = values.entryCodes()
            var firstSeen = [Int32](repeating: -1, count: entries.distinctCount)
            let stored = values.codes
            entries.codeOfEntry.withUnsafeBufferPointer { codeOfEntry in
                codes.withUnsafeMutableBufferPointer { out in
                    for i in 0..<n {
                        if let mask, mask[i] {
                            out[i] = codeForNull()
                            continue
                        }
                        let value = Int(codeOfEntry[stored.map { Int($0[i]) } ?? i])
                        if firstSeen[value] < 0 {
                            firstSeen[value] = next
                            next += 1
                        }
                        out[i] = firstSeen[value]
                    }
                }
            }
        case .date(let values):
            // Day numbers are small integers: a dense table over the column's span when
            // it is small, else a hash.
            var map = [Int32: Int32](minimumCapacity: 64)
            codes.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    if let mask, mask[i] {
                        out[i] = codeForNull()
                        continue
                    }
                    if let code = map[values[i]] {
                        out[i] = code
                    } else {
                        map[values[i]] = next
                        out[i] = next
                        next += 1
                    }
                }
            }
        case .bool(let values):
            var falseCode: Int32? = nil, trueCode: Int32? = nil
            for i in 0..<n {
                if let mask, mask[i] {
                    codes[i] = codeForNull()
                } else if values[i] {
                    if trueCode == nil { trueCode = next; next += 1 }
                    codes[i] = trueCode ?? 0
                } else {
                    if falseCode == nil { falseCode = next; next += 1 }
                    codes[i] = falseCode ?? 0
                }
            }
        }
        return KeyCodes(codes: codes, distinctCount: Int(next), nullCode: nullCode)
    }
}

/// The codes of numbers by their bit patterns: open addressing with a multiplicative
/// (Fibonacci) hash and linear probing. A row costs a multiply and a compare or two, where
/// `Dictionary`'s seeded hash cost about 20 ns a row (a third of grouping ten million rows
/// by a number key, docs/PERFORMANCE.md).
struct NumberCodeTable {
    private var keys = [UInt64](repeating: 0, count: 64)
    /// The code of the key in the same slot; -1 for an empty slot.
    private var codes = [Int32](repeating: -1, count: 64)
    private var shift: UInt64 = 64 - 6
    private var count = 0

    /// The code of `bits`, given `next` (then advanced) when it is new.
    @inline(__always)
    mutating func code(of bits: UInt64, next: inout Int32) -> Int32 {
        let mask = codes.count - 1
        var i = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let code = codes[i]
            if code < 0 { break }
            if keys[i] == bits { return code }
            i = (i + 1) & mask
        }
        let code = next
        next += 1
        keys[i] = bits
        codes[i] = code
        count += 1
        if count * 2 > codes.count { grow() }
        return code
    }

    private mutating func grow() {
        let oldKeys = keys, oldCodes = codes
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        codes = [Int32](repeating: -1, count: oldCodes.count * 2)
        shift -= 1
        let mask = codes.count - 1
        for j in oldCodes.indices where oldCodes[j] >= 0 {
            var i = Int(truncatingIfNeeded: (oldKeys[j] &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while codes[i] >= 0 { i = (i + 1) & mask }
            keys[i] = oldKeys[j]
            codes[i] = oldCodes[j]
        }
    }
}

extension StringValues {
    /// A code for every pool entry, equal entries equal (a pool may repeat a value),
    /// numbered `0..<distinctCount` in pool order: each entry hashed once, so rows can be
    /// keyed by array look-ups.
    func entryCodes() -> (codeOfEntry: [Int32], distinctCount: Int) {
        var map = [String: Int32](minimumCapacity: pool.count)
        var next: Int32 = 0
        let codeOfEntry = pool.map { entry in
            if let code = map[entry] { return code }
            map[entry] = next
            next += 1
            return next - 1
        }
        return (codeOfEntry, Int(next))
    }
}

/// Folds a further key column into `first`, in place: one code per row for the whole
/// key tuple, new tuples numbered in order of first appearance. With small code spaces
/// a dense lookup table replaces hashing. In place, and reading a text column's codes
/// through its pool, so grouping by several keys holds one per-row array of codes.
func combineKeyCodes(_ first: inout KeyCodes, _ column: Column) {
    if case .string(let values) = column.storage, let stored = values.codes {
        let entries = values.entryCodes()
        let mask = column.isNull
        let nullCode = entries.distinctCount
        stored.withUnsafeBufferPointer { stored in
            entries.codeOfEntry.withUnsafeBufferPointer { codeOfEntry in
                combineKeyCodes(&first, distinctCount: nullCode + (mask == nil ? 0 : 1)) { row in
                    if let mask, mask[row] { return Int32(nullCode) }
                    return codeOfEntry[Int(stored[row])]
                }
            }
        }
        return
    }
    let second = column.keyCodes()
    second.codes.withUnsafeBufferPointer { codes in
        combineKeyCodes(&first, distinctCount: second.distinctCount) { codes[$0] }
    }
}

@inline(__always)
private func combineKeyCodes(_ first: inout KeyCodes, distinctCount: Int, _ secondCode: (Int) -> Int32) {
    let n = first.codes.count
    var next: Int32 = 0
    let space = first.distinctCount * distinctCount
    if space <= 1 << 22 {
        var table = [Int32](repeating: -1, count: max(space, 1))
        let width = distinctCount
        table.withUnsafeMutableBufferPointer { slots in
            first.codes.withUnsafeMutableBufferPointer { a in
                for i in 0..<n {
                    let slot = Int(a[i]) * width + Int(secondCode(i))
                    var code = slots[slot]
                    if code < 0 {
                        code = next
                        slots[slot] = next
                        next += 1
                    }
                    a[i] = code
                }
            }
        }
    } else {
        var map = [UInt64: Int32](minimumCapacity: 1024)
        for i in 0..<n {
            let key = UInt64(UInt32(first.codes[i])) << 32 | UInt64(UInt32(secondCode(i)))
            if let code = map[key] {
                first.codes[i] = code
            } else {
                map[key] = next
                first.codes[i] = next
                next += 1
            }
        }
    }
    first.distinctCount = Int(next)
    first.nullCode = nil
}
