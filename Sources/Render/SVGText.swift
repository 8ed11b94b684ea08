// Small helpers for writing SVG: fixed-decimal coordinates and text width estimates.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum SVGNumber {
    /// A coordinate with at most two decimals, trailing zeros trimmed, never `-0`:
    /// the same on every machine, and small.
    static func text(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let hundredths = (v * 100).rounded()
        guard abs(hundredths) < 9e15, let n = Int64(exactly: hundredths) else { return "0" }
        if n == 0 { return "0" }
        let sign = n < 0 ? "-" : ""
        let magnitude = n.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

enum TextMetrics {
    /// An estimate of the rendered width of `text` in a sans-serif face at `size`
    /// pixels: there is no font engine here, so layout leans on per-character widths
    /// of a wide face (DejaVu Sans, the Linux fallback); narrower faces just leave
    /// a little more room.
    static func width(_ text: String, size: Double) -> Double {
        var em = 0.0
        for ch in text { em += ems(ch) }
        return em * size
    }

    /// One character's width in ems.
    private static func ems(_ ch: Character) -> Double {
        switch ch {
        case "i", "l", "j", "t", "f", "r", ".", ",", ":", ";", "'", "|", "!", "I", " ": 0.34
        case "m", "w", "M", "W", "@", "%": 0.92
        case "0"..."9": 0.64
        default: ch.isUppercase ? 0.7 : (ch.isASCII ? 0.6 : 1.0)
        }
    }

    /// `text` cut to `maxWidth` with an ellipsis (one pass, a running width).
    static func truncate(_ text: String, maxWidth: Double, size: Double) -> String {
        if width(text, size: size) <= maxWidth { return text }
        let ellipsis = ems("…")
        var out = ""
        var em = 0.0
        for ch in text {
            let next = em + ems(ch)
            if (next + ellipsis) * size > maxWidth { break }
            out.append(ch)
            em = next
        }
        return out + "…"
    }
}

extension TextMetrics {
    /// `text` cut to `maxWidth` in the middle (`Procurement…number 12`): category
    /// labels often differ only at the end.
    static func truncateMiddle(_ text: String, maxWidth: Double, size: Double) -> String {
        if width(text, size: size) <= maxWidth { return text }
        let chars = Array(text)
        var head = 0
        var tail = 0
        // Grow both ends alternately while the result still fits.
        while head + tail < chars.count {
            let growHead = head <= tail
            let candidate = String(chars[0..<(head + (growHead ? 1 : 0))]) + "…"
                + String(chars[(chars.count - tail - (growHead ? 0 : 1))...])
            if width(candidate, size: size) > maxWidth { break }
            if growHead { head += 1 } else { tail += 1 }
        }
        return String(chars[0..<head]) + "…" + String(chars[(chars.count - tail)...])
    }
}

/// Axis ticks at 1-2-5 steps.
struct Ticks: Equatable {
    var values: [Double]
    var step: Double
    /// The span the axis covers: the outer ticks, unless set (axis limits, log axes).
    var lo: Double
    var hi: Double
    /// Logarithmic: positions are proportional to log10 of the value.
    var log = false

    init(values: [Double], step: Double, lo: Double? = nil, hi: Double? = nil, log: Bool = false) {
        self.values = values
        self.step = step
        self.lo = lo ?? values.first ?? 0
        self.hi = hi ?? values.last ?? 1
        self.log = log
    }

    /// Ticks at 1, 10, 100… (also 2 and 5 times those when the span is at most two
    /// decades) from `lo` to `hi`, both positive. The axis spans whole decades unless
    /// `fixed` (axis limits).
    static func logarithmic(lo: Double, hi: Double, fixed: Bool = false) -> Ticks? {
        guard lo > 0, hi > 0, lo.isFinite, hi.isFinite else { return nil }
        let a = floor(log10(min(lo, hi))), b = max(ceil(log10(max(lo, hi))), floor(log10(min(lo, hi))) + 1)
        guard b - a <= 300 else { return nil }
        let multiples: [Double] = b - a <= 2 ? [1, 2, 5] : [1]
        var values: [Double] = []
        var e = a
        while e <= b {
            for m in multiples {
                let v = m * pow(10, e)
                if v >= (fixed ? lo : pow(10, a)) * (1 - 1e-12), v <= (fixed ? hi : pow(10, b)) * (1 + 1e-12) { values.append(v) }
            }
            e += 1
        }
        return Ticks(values: values, step: 1, lo: fixed ? lo : pow(10, a), hi: fixed ? hi : pow(10, b), log: true)
    }

    /// About `target` ticks covering `lo...hi`. `integral` keeps steps of at least 1
    /// (years on an axis never show 2020.5). `nil` when the range is not finite.
    static func nice(lo inLo: Double, hi inHi: Double, target: Int = 5, integral: Bool = false) -> Ticks? {
        var lo = inLo, hi = inHi
        guard lo.isFinite, hi.isFinite else { return nil }
        if lo > hi { swap(&lo, &hi) }
        if lo == hi {
            // All values equal: a band around the value (or 0...1 for zero).
            if lo == 0 {
                hi = 1
            } else {
                // Integral data (years) gets one unit each side, not 10% (1800–2200).
                let pad = integral ? 1 : abs(lo) * 0.1
                lo -= pad
                hi += pad
            }
        }
        let range = hi - lo
        guard range.isFinite, range > 0 else { return nil }
        var step = niceStep(range / Double(max(target - 1, 1)))
        if integral { step = max(step, 1) }
        guard step.isFinite, step > 0 else { return nil }
        // A little slack so that float noise (0.035 / 0.005 = 7.000000000000001) does
        // not add a tick past the data.
        let first = (lo / step + 1e-9).rounded(.down)
        let last = (hi / step - 1e-9).rounded(.up)
        guard first.isFinite, last.isFinite, last - first <= 100 else { return nil }
        var values: [Double] = []
        // Round each tick to the step's decimals so 3 × 0.1 is 0.3, not 0.30000000000000004.
        let decimals = max(0, -floor(log10(step)))
        let scale = pow(10, decimals)
        var k = first
        while k <= last {
            var v = k * step
            if decimals > 0, decimals < 300 { v = (v * scale).rounded() / scale }
            // Snap float noise (3 × 0.1) and never print -0 or 1e-17 for zero.
            if abs(v) < step * 1e-9 { v = 0 }
            values.append(v)
            k += 1
        }
        return Ticks(values: values, step: step)
    }

    private static func niceStep(_ raw: Double) -> Double {
        let exponent = floor(log10(raw))
        let base = pow(10, exponent)
        let fraction = raw / base
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        return nice * base
    }
}
