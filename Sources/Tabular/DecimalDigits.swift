/// The decimal digits of a non-negative finite number, for formatting and rounding.
///
/// The value is `0.d1 d2 … dn × 10^exponent` with `d1 != 0` and no trailing zero digit;
/// zero has no digits. So 2027 is digits `2027`, exponent 4; 0.0213 is `213`, exponent −1;
/// and `exponent` is the number of digits before the decimal point when it is positive.
struct DecimalDigits: Equatable {
    /// Each element is 0...9.
    var digits: [UInt8]
    var exponent: Int

    static let zero = DecimalDigits(digits: [], exponent: 0)

    var isZero: Bool { digits.isEmpty }

    /// Removes leading and trailing zero digits, keeping the value.
    init(digits: [UInt8], exponent: Int) {
        var start = 0
        var exponent = exponent
        while start < digits.count, digits[start] == 0 {
            start += 1
            exponent -= 1
        }
        var end = digits.count
        while end > start, digits[end - 1] == 0 { end -= 1 }
        if start == end {
            self.digits = []
            self.exponent = 0
        } else {
            self.digits = Array(digits[start..<end])
            self.exponent = exponent
        }
    }

    /// Every digit of the double's exact binary value (|x|; the sign is the caller's).
    /// A double is `m × 2^e` with integer m < 2^53, so its decimal expansion is finite:
    /// `m × 2^e` for e ≥ 0, and `m × 5^−e × 10^e` for e < 0 (at most ~770 digits).
    init(exactly x: Double) {
        let x = abs(x)
        guard x.isFinite, x != 0 else {
            self = .zero
            return
        }
        var mantissa = x.significandBitPattern
        var binaryExponent: Int
        if x.exponentBitPattern == 0 {  // subnormal
            binaryExponent = -1074
        } else {
            mantissa |= 1 << 52
            binaryExponent = Int(x.exponentBitPattern) - 1075
        }
        let zeros = mantissa.trailingZeroBitCount
        mantissa >>= UInt64(zeros)
        binaryExponent += zeros

        var big = BigDecimalInteger(mantissa)
        if binaryExponent >= 0 {
            big.multiply(byPowerOf2: binaryExponent)
            let digits = big.decimalDigits()
            self.init(digits: digits, exponent: digits.count)
        } else {
            big.multiply(byPowerOf5: -binaryExponent)
            let digits = big.decimalDigits()
            self.init(digits: digits, exponent: digits.count + binaryExponent)
        }
    }

    /// The digits of the shortest decimal text that reads back as the same double
    /// (Swift's `description`, which is shortest round-trip), for |x|.
    init(shortest x: Double) {
        let x = abs(x)
        guard x.isFinite, x != 0 else {
            self = .zero
            return
        }
        // `description` is "2027.0", "0.1", "1e-05", "5e+20", "1.2345678901234568e+16".
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var pointAt: Int? = nil
        var exponentPart = 0
        var exponentSign = 1
        var inExponent = false
        for byte in x.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponentPart = exponentPart * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte - UInt8(ascii: "0"))
                }
            case UInt8(ascii: "."):
                pointAt = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            case UInt8(ascii: "-"):
                exponentSign = -1
            default:
                break  // "+"
            }
        }
        let before = pointAt ?? digits.count
        self.init(digits: digits, exponent: before + exponentSign * exponentPart)
    }

    /// Keeps `count` significant digits, rounding half away from zero. `count` may be
    /// zero or negative (a rounding position left of the first digit).
    func rounded(significantDigits count: Int) -> DecimalDigits {
        if digits.count <= count { return self }
        if count < 0 { return .zero }
        if count == 0 {
            // 0.d1… × 10^e rounded at 10^e: 10^e when d1 ≥ 5, else 0.
            return digits[0] >= 5 ? DecimalDigits(digits: [1], exponent: exponent + 1) : .zero
        }
        var kept = Array(digits[0..<count])
        if digits[count] >= 5 {
            // The rest is ≥ half a unit in the last kept place: away from zero.
            var i = count - 1
            while i >= 0 {
                if kept[i] == 9 {
                    kept[i] = 0
                    i -= 1
                } else {
                    kept[i] += 1
                    break
                }
            }
            if i < 0 {  // 99.9 → 100: every digit carried
                return DecimalDigits(digits: [1], exponent: exponent + 1)
            }
        }
        return DecimalDigits(digits: kept, exponent: exponent)
    }

    /// Rounds to `decimals` places after the point (negative: to tens, hundreds, …).
    func rounded(decimals: Int) -> DecimalDigits {
        rounded(significantDigits: exponent + decimals)
    }

    /// The digits before the point as ASCII ("0" when there are none).
    var integerText: String {
        if exponent <= 0 || digits.isEmpty { return "0" }
        var bytes = [UInt8]()
        bytes.reserveCapacity(exponent)
        for i in 0..<exponent {
            bytes.append(UInt8(ascii: "0") + (i < digits.count ? digits[i] : 0))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The digits after the point as ASCII, without trailing zeros ("" for an integer).
    var fractionText: String {
        guard digits.count > max(exponent, 0) else { return "" }
        var bytes = [UInt8]()
        if exponent < 0 {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -exponent))
        }
        for d in digits[max(exponent, 0)...] { bytes.append(UInt8(ascii: "0") + d) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `d1.d2…dn` then `e`, a sign and at least two exponent digits (`1.23e-05`).
    var scientificText: String {
        guard let first = digits.first else { return "0" }
        var text = String(UnicodeScalar(UInt8(ascii: "0") + first))
        if digits.count > 1 {
            text += "."
            text += String(decoding: digits[1...].map { UInt8(ascii: "0") + $0 }, as: UTF8.self)
        }
        let power = exponent - 1
        text += power < 0 ? "e-" : "e+"
        let magnitude = String(abs(power))
        if magnitude.count < 2 { text += "0" }
        text += magnitude
        return text
    }
}

/// A non-negative integer in base 10^9 limbs (least significant first), just enough
/// arithmetic to expand a double exactly.
private struct BigDecimalInteger {
    static let base: UInt64 = 1_000_000_000
    var limbs: [UInt64]

    init(_ value: UInt64) {
        limbs = []
        var v = value
        repeat {
            limbs.append(v % Self.base)
            v /= Self.base
        } while v > 0
    }

    /// `factor` ≤ 2^32, so `limb × factor + carry` stays below 2^64.
    mutating func multiply(bySmall factor: UInt64) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let product = limbs[i] * factor + carry
            limbs[i] = product % Self.base
            carry = product / Self.base
        }
        while carry > 0 {
            limbs.append(carry % Self.base)
            carry /= Self.base
        }
    }

    mutating func multiply(byPowerOf2 n: Int) {
        var n = n
        while n >= 32 {
            multiply(bySmall: 1 << 32)
            n -= 32
        }
        if n > 0 { multiply(bySmall: 1 << UInt64(n)) }
    }

    mutating func multiply(byPowerOf5 n: Int) {
        var n = n
        while n >= 13 {
            multiply(bySmall: 1_220_703_125)  // 5^13 < 2^32
            n -= 13
        }
        var factor: UInt64 = 1
        for _ in 0..<n { factor *= 5 }
        if factor > 1 { multiply(bySmall: factor) }
    }

    func decimalDigits() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(limbs.count * 9)
        for (index, limb) in limbs.enumerated().reversed() {
            var chunk = [UInt8](repeating: 0, count: 9)
            var v = limb
            for k in stride(from: 8, through: 0, by: -1) {
                chunk[k] = UInt8(v % 10)
                v /= 10
            }
            if index == limbs.count - 1 {
                // Most significant limb: no leading zeros.
                let firstNonZero = chunk.firstIndex { $0 != 0 } ?? 8
                out.append(contentsOf: chunk[firstNonZero...])
            } else {
                out.append(contentsOf: chunk)
            }
        }
        return out
    }
}
