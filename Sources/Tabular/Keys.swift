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
            var map = [UInt64: Int32](minimumCapacity: 64)
            codes.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    if let mask, mask[i] {
                        out[i] = codeForNull()
                        continue
                    }
                    let v = values[i]
                    let bits = v == 0 ? 0 : v.bitPattern
                    if let code = map[bits] {
                        out[i] = code
                    } else {
                        map[bits] = next
                        out[i] = next
                        next += 1
                    }
                }
            }
        case .string(let values):
            // Each pool entry is hashed once, on first use; rows then cost an array
            // look-up. Equal entries (a pool may repeat values) meet in `map`.
            var map = [String: Int32](minimumCapacity: 64)
            var codeOfEntry = [Int32](repeating: -1, count: values.pool.count)
            let stored = values.codes
            values.pool.withUnsafeBufferPointer { pool in
                codeOfEntry.withUnsafeMutableBufferPointer { codeOfEntry in
                    codes.withUnsafeMutableBufferPointer { out in
                        for i in 0..<n {
                            if let mask, mask[i] {
                                out[i] = codeForNull()
                                continue
                            }
                            let entry = stored.map { Int($0[i]) } ?? i
                            var code = codeOfEntry[entry]
                            if code < 0 {
                                if let existing = map[pool[entry]] {
                                    code = existing
                                } else {
                                    map[pool[entry]] = next
                                    code = next
                                    next += 1
                                }
                                codeOfEntry[entry] = code
                            }
                            out[i] = code
                        }
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

/// Combines per-column codes into one code per row for the whole key tuple, new
/// tuples numbered in order of first appearance. With small code spaces a dense lookup
/// table replaces hashing.
func combineKeyCodes(_ first: KeyCodes, _ second: KeyCodes) -> KeyCodes {
    let n = first.codes.count
    var combined = [Int32](repeating: 0, count: n)
    var next: Int32 = 0
    let space = first.distinctCount * second.distinctCount
    if space <= 1 << 22 {
        var table = [Int32](repeating: -1, count: max(space, 1))
        let width = second.distinctCount
        table.withUnsafeMutableBufferPointer { slots in
            combined.withUnsafeMutableBufferPointer { out in
                first.codes.withUnsafeBufferPointer { a in
                    second.codes.withUnsafeBufferPointer { b in
                        for i in 0..<n {
                            let slot = Int(a[i]) * width + Int(b[i])
                            var code = slots[slot]
                            if code < 0 {
                                code = next
                                slots[slot] = next
                                next += 1
                            }
                            out[i] = code
                        }
                    }
                }
            }
        }
    } else {
        var map = [UInt64: Int32](minimumCapacity: 1024)
        for i in 0..<n {
            let key = UInt64(UInt32(first.codes[i])) << 32 | UInt64(UInt32(second.codes[i]))
            if let code = map[key] {
                combined[i] = code
            } else {
                map[key] = next
                combined[i] = next
                next += 1
            }
        }
    }
    return KeyCodes(codes: combined, distinctCount: Int(next), nullCode: nil)
}
