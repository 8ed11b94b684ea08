/// The aggregates of SPEC §3 (`sum mean median min max stdev count`).
package enum Aggregate: String, Sendable, CaseIterable {
    case sum, mean, median, min, max, stdev, count
}

/// Aggregates over numbers, nulls skipped, as tight loops over contiguous storage.
///
/// Each returns `nil` where the aggregate has no value: the mean, median, min or max
/// of no numbers, the stdev of fewer than two. The sum of no numbers is 0. Sums are
/// compensated (Neumaier), so `sum` of ten 0.1s is exactly 1 and the result does not
/// drift with the row count.
package enum Aggregates {
    package static func compute(_ aggregate: Aggregate, _ values: [Double], isNull: [Bool]? = nil) -> Double? {
        switch aggregate {
        case .sum: sum(values, isNull: isNull)
        case .mean: mean(values, isNull: isNull)
        case .median: median(values, isNull: isNull)
        case .min: minimum(values, isNull: isNull)
        case .max: maximum(values, isNull: isNull)
        case .stdev: stdev(values, isNull: isNull)
        case .count: Double(count(values.count, isNull: isNull))
        }
    }

    package static func count(_ total: Int, isNull: [Bool]?) -> Int {
        guard let isNull else { return total }
        var n = 0
        for null in isNull where !null { n += 1 }
        return n
    }

    package static func sum(_ values: [Double], isNull: [Bool]? = nil) -> Double {
        compensatedSum(values, isNull: isNull).sum
    }

    package static func mean(_ values: [Double], isNull: [Bool]? = nil) -> Double? {
        let (sum, n) = compensatedSum(values, isNull: isNull)
        return n == 0 ? nil : sum / Double(n)
    }

    /// Sample standard deviation (n − 1), two passes for accuracy.
    package static func stdev(_ values: [Double], isNull: [Bool]? = nil) -> Double? {
        let (sum, n) = compensatedSum(values, isNull: isNull)
        guard n >= 2 else { return nil }
        let mean = sum / Double(n)
        var squares = 0.0, compensation = 0.0
        values.withUnsafeBufferPointer { v in
            for i in 0..<v.count where !(isNull?[i] ?? false) {
                let d = v[i] - mean
                let x = d * d
                let t = squares + x
                compensation += squares >= x ? (squares - t) + x : (x - t) + squares
                squares = t
            }
        }
        return ((squares + compensation) / Double(n - 1)).squareRoot()
    }

    package static func minimum(_ values: [Double], isNull: [Bool]? = nil) -> Double? {
        extreme(values, isNull: isNull, keepFirst: { $0 < $1 })
    }

    package static func maximum(_ values: [Double], isNull: [Bool]? = nil) -> Double? {
        extreme(values, isNull: isNull, keepFirst: { $0 > $1 })
    }

    @inline(__always)
    private static func extreme(_ values: [Double], isNull: [Bool]?, keepFirst better: (Double, Double) -> Bool) -> Double? {
        values.withUnsafeBufferPointer { v -> Double? in
            guard let isNull else {
                guard var best = v.first else { return nil }
                for x in v where better(x, best) { best = x }
                return best
            }
            var i = 0
            while i < v.count, isNull[i] { i += 1 }
            guard i < v.count else { return nil }
            var best = v[i]
            while i < v.count {
                if !isNull[i], better(v[i], best) { best = v[i] }
                i += 1
            }
            return best
        }
    }

    /// The middle value, or the mean of the two middle values for an even count.
    package static func median(_ values: [Double], isNull: [Bool]? = nil) -> Double? {
        var present: [Double]
        if let isNull {
            present = []
            present.reserveCapacity(values.count)
            for i in values.indices where !isNull[i] { present.append(values[i]) }
        } else {
            present = values
        }
        guard !present.isEmpty else { return nil }
        let middle = present.count / 2
        let b = select(&present, middle)
        if present.count % 2 == 1 { return b }
        // After selection everything left of `middle` is ≤ b: the lower middle is their max.
        var a = present[0]
        for i in 1..<middle where present[i] > a { a = present[i] }
        let s = a + b
        return s.isFinite ? s / 2 : a / 2 + b / 2  // halve first only where the sum overflows
    }

    /// Moves the `k`-th smallest value to index `k`, smaller-or-equal values before it
    /// and greater-or-equal after (quickselect, median-of-three pivots; a plain sort
    /// takes over if partitions keep coming out lopsided). Returns that value.
    static func select(_ values: inout [Double], _ k: Int) -> Double {
        values.withUnsafeMutableBufferPointer { v in
            var low = 0, high = v.count - 1
            var budget = 2 * (Int.bitWidth - v.count.leadingZeroBitCount) + 8
            while high > low {
                budget -= 1
                if budget < 0 {
                    v[low...high].sort()
                    break
                }
                let mid = low + (high - low) / 2
                if v[mid] < v[low] { v.swapAt(mid, low) }
                if v[high] < v[low] { v.swapAt(high, low) }
                if v[high] < v[mid] { v.swapAt(high, mid) }
                let pivot = v[mid]
                var i = low, j = high
                while i <= j {
                    while v[i] < pivot { i += 1 }
                    while v[j] > pivot { j -= 1 }
                    if i <= j {
                        v.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if k <= j {
                    high = j
                } else if k >= i {
                    low = i
                } else {
                    break  // j < k < i: v[k] equals the pivot and is in place
                }
            }
            return v[k]
        }
    }

    /// Neumaier's compensated sum and the count of values summed.
    static func compensatedSum(_ values: [Double], isNull: [Bool]?) -> (sum: Double, count: Int) {
        var sum = 0.0, compensation = 0.0, n = 0
        values.withUnsafeBufferPointer { v in
            if let isNull {
                for i in 0..<v.count where !isNull[i] {
                    let x = v[i]
                    let t = sum + x
                    compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
                    sum = t
                    n += 1
                }
            } else {
                for x in v {
                    let t = sum + x
                    compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
                    sum = t
                }
                n = v.count
            }
        }
        return (sum + compensation, n)
    }
}

extension Column {
    /// `aggregate` over this column, nulls skipped; `count` works on any type, the
    /// others need numbers. `nil` where the aggregate has no value (see `Aggregates`).
    package func aggregate(_ aggregate: Aggregate) throws(TableError) -> Double? {
        if aggregate == .count { return Double(nonNullCount) }
        guard case .number(let values) = storage else {
            throw .notNumeric(aggregate: aggregate.rawValue, type: typeName)
        }
        return Aggregates.compute(aggregate, values, isNull: isNull)
    }
}
