// Series kernels on contiguous storage with a null mask: running extremes and product,
// shifting, filling forward. Null positions hold a placeholder that is never read.

package enum Series {
    package enum Running: Sendable {
        case max, min, product
    }

    /// The running max, min or product of the non-null numbers; a null position stays
    /// null and the running value carries over it. A product may become infinite; the
    /// caller reports it.
    package static func running(_ kind: Running, _ values: [Double], isNull: [Bool]?) -> [Double] {
        let n = values.count
        return [Double](unsafeUninitializedCapacity: n) { out, count in
            var current: Double? = nil
            for i in 0..<n {
                if isNull?[i] ?? false {
                    out[i] = 0
                    continue
                }
                let x = values[i]
                let next: Double
                if let c = current {
                    next = switch kind {
                    case .max: Swift.max(c, x)
                    case .min: Swift.min(c, x)
                    case .product: c * x
                    }
                } else {
                    next = x
                }
                current = next
                out[i] = next
            }
            count = n
        }
    }

    /// Element `i − k` at position `i` (`k` > 0 shifts later, as `lag`; `k` < 0 earlier, as
    /// `lead`); positions with no source are null and hold `placeholder`.
    package static func shift<T>(_ values: [T], isNull: [Bool]?, by k: Int, placeholder: T) -> (values: [T], isNull: [Bool]?) {
        let n = values.count
        var out = [T](repeating: placeholder, count: n)
        var mask = [Bool](repeating: true, count: n)
        // Positions i with 0 <= i - k < n.
        let lo = Swift.max(0, Swift.min(n, k)), hi = Swift.max(0, Swift.min(n, n + k))
        for i in lo..<Swift.max(lo, hi) {
            out[i] = values[i - k]
            mask[i] = isNull?[i - k] ?? false
        }
        return (out, mask.contains(true) ? mask : nil)
    }

    /// Each null replaced by the last non-null before it; nulls before the first non-null
    /// stay null.
    package static func fillForward<T>(_ values: [T], isNull: [Bool]?) -> (values: [T], isNull: [Bool]?) {
        guard let isNull else { return (values, nil) }
        var out = values
        var mask = isNull
        var last: Int? = nil
        for i in 0..<values.count {
            if !isNull[i] {
                last = i
            } else if let last {
                out[i] = values[last]
                mask[i] = false
            }
        }
        return (out, mask.contains(true) ? mask : nil)
    }
}
