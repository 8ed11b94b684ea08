// `rolling(xs, n, f)` for the built-in aggregates: one pass where the aggregate allows
// it (running sums, a running count, monotonic deques for min and max).

/// Rolling aggregates over the window of the last `window` elements ending at each
/// position; nulls in a window are skipped, as the aggregates skip them.
package enum Windows {
    /// One value per position and its null mask. A position is null where the window is
    /// not yet full (the first `window − 1`, unless `partial`) or where the aggregate has
    /// no value over the window's numbers (mean, median, min, max of none, stdev of fewer
    /// than two; see `Aggregates`). `sum` of no numbers is 0, `count` counts them.
    ///
    /// `sum` and `mean` are exact: each window's sum is the correctly rounded sum of its
    /// numbers, computed as a running 128-bit fixed-point total (so no drift, whatever the
    /// row count), or, when the numbers span too many binary orders of magnitude for 128
    /// bits, summed afresh for every window (O(n·window)). `min`, `max` and `count` are
    /// O(n); `median` and `stdev` work window by window.
    ///
    /// A result may be infinite (a sum or stdev too large to represent); the caller
    /// reports it. `window` must be at least 1.
    package static func rolling(_ aggregate: Aggregate, _ values: [Double], isNull: [Bool]?, window: Int,
                                partial: Bool) -> (values: [Double], isNull: [Bool]?) {
        precondition(window >= 1, "rolling window below 1") // safe: the caller checks the argument
        let n = values.count
        var out = [Double](repeating: 0, count: n)
        var noValue = [Bool](repeating: false, count: n)
        // The first position that gets a value.
        let first = partial ? 0 : Swift.min(window - 1, n)
        for i in 0..<first { noValue[i] = true }
        switch aggregate {
        case .count:
            var live = 0
            for i in 0..<n {
                if !(isNull?[i] ?? false) { live += 1 }
                if i >= window, !(isNull?[i - window] ?? false) { live -= 1 }
                out[i] = Double(live)
            }
        case .sum, .mean:
            if !exactRunningSums(values, isNull: isNull, window: window, mean: aggregate == .mean, into: &out, noValue: &noValue) {
                freshEachWindow(aggregate, values, isNull: isNull, window: window, from: first, into: &out, noValue: &noValue)
            }
        case .min:
            extremes(values, isNull: isNull, window: window, into: &out, noValue: &noValue) { $0 <= $1 }
        case .max:
            extremes(values, isNull: isNull, window: window, into: &out, noValue: &noValue) { $0 >= $1 }
        case .median, .stdev:
            freshEachWindow(aggregate, values, isNull: isNull, window: window, from: first, into: &out, noValue: &noValue)
        }
        for i in 0..<first { noValue[i] = true }
        for i in 0..<n where noValue[i] { out[i] = 0 }
        return (out, noValue.contains(true) ? noValue : nil)
    }

    /// Every window's sum (or mean) as an exact 128-bit integer multiple of the smallest
    /// bit any number has: add the entering number, subtract the leaving one, round once.
    /// False when the numbers need more than 128 bits that way (then nothing is written).
    private static func exactRunningSums(_ values: [Double], isNull: [Bool]?, window: Int, mean: Bool,
                                         into out: inout [Double], noValue: inout [Bool]) -> Bool {
        let n = values.count
        // The lowest set bit (`unit`) and the highest (below `top`) over all numbers.
        var unit = Int.max, top = Int.min
        for i in 0..<n where !(isNull?[i] ?? false) && values[i] != 0 {
            let x = values[i]
            guard x.isFinite else { return false }
            unit = Swift.min(unit, Int(x.exponent) - x.significandWidth)
            top = Swift.max(top, Int(x.exponent) + 1)
        }
        if unit == Int.max { unit = 0; top = 0 }  // only zeros and nulls
        let growth = Int.bitWidth - Swift.min(window, n + 1).leadingZeroBitCount  // bits a sum of `window` numbers adds
        // Scaling by 2^-unit and back must be exact powers of two and the total must fit.
        guard top - unit + growth <= 126, unit >= -1022, unit <= 1023 else { return false }
        let up = Double(sign: .plus, exponent: -unit, significand: 1)
        let down = Double(sign: .plus, exponent: unit, significand: 1)
        var total: Int128 = 0
        var live = 0
        values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    if !(isNull?[i] ?? false) {
                        total &+= fixedPoint(v[i] * up)
                        live += 1
                    }
                    if i >= window, !(isNull?[i - window] ?? false) {
                        total &-= fixedPoint(v[i - window] * up)
                        live -= 1
                    }
                    // One rounding, then an exact scaling.
                    let sum = roundedToDouble(total) * down
                    if mean {
                        if live == 0 { noValue[i] = true } else { out[i] = sum / Double(live) }
                    } else {
                        out[i] = sum
                    }
                }
            }
        }
        return true
    }

    /// `x` (a whole number below 2^126 in magnitude) as a 128-bit integer, exactly. The
    /// standard library's generic conversions are not specialised and cost several times
    /// the whole loop; this splits the magnitude into two 64-bit words.
    @inline(__always)
    static func fixedPoint(_ x: Double) -> Int128 {
        let magnitude = Swift.abs(x)
        let high = (magnitude * 0x1p-64).rounded(.down)
        let low = magnitude - high * 0x1p64  // exact: the low bits of `magnitude`
        let value = Int128(_low: UInt64(low), _high: Int64(high))
        return x < 0 ? 0 &- value : value
    }

    /// The double nearest to `x` (ties to even), as `Double(x)` but without the generic path.
    @inline(__always)
    static func roundedToDouble(_ x: Int128) -> Double {
        let negative = x < 0
        let magnitude = negative ? 0 &- x : x  // below 2^127: no overflow
        let high = UInt64(bitPattern: magnitude._high), low = magnitude._low
        let result: Double
        if high == 0 {
            result = Double(low)  // one correctly rounded conversion
        } else {
            // The top 64 bits, with every bit below them folded into the last one (sticky),
            // round exactly as all 128 would: the rounding position is 11 bits higher.
            let shift = high.leadingZeroBitCount
            let top = shift == 0 ? high : high << UInt64(shift) | low >> UInt64(64 - shift)
            let rest = shift == 0 ? low : low << UInt64(shift)
            result = Double(top | (rest == 0 ? 0 : 1)) * Double(sign: .plus, exponent: 64 - shift, significand: 1)
        }
        return negative ? -result : result
    }

    /// The aggregate of each window's numbers, computed from scratch (O(n·window)).
    private static func freshEachWindow(_ aggregate: Aggregate, _ values: [Double], isNull: [Bool]?, window: Int, from first: Int,
                                        into out: inout [Double], noValue: inout [Bool]) {
        var present: [Double] = []
        present.reserveCapacity(Swift.min(window, values.count))
        for i in first..<values.count {
            present.removeAll(keepingCapacity: true)
            for k in Swift.max(0, i - window + 1)...i where !(isNull?[k] ?? false) { present.append(values[k]) }
            if let r = Aggregates.compute(aggregate, present) { out[i] = r } else { noValue[i] = true }
        }
    }

    /// Sliding min or max with a monotonic deque of positions: each position enters and
    /// leaves once. A new number drops the earlier ones it `dominates` (for min, `x <= y`:
    /// `y` can no longer be the window's minimum), so the front is the window's extreme.
    private static func extremes(_ values: [Double], isNull: [Bool]?, window: Int, into out: inout [Double],
                                 noValue: inout [Bool], dominates: (Double, Double) -> Bool) {
        let n = values.count
        var deque = [Int](repeating: 0, count: n)
        var head = 0, tail = 0  // live positions are deque[head..<tail]
        for i in 0..<n {
            if !(isNull?[i] ?? false) {
                let x = values[i]
                while tail > head, dominates(x, values[deque[tail - 1]]) { tail -= 1 }
                deque[tail] = i
                tail += 1
            }
            while tail > head, deque[head] <= i - window { head += 1 }
            if tail > head { out[i] = values[deque[head]] } else { noValue[i] = true }
        }
    }
}
