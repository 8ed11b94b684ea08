import Testing
@testable import Tabular

/// A deterministic generator for test data (splitmix64).
private struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number with three decimals in [-1000, 1000), as CSV data has.
    mutating func decimal() -> Double { Double(Int64(next() % 2_000_000) - 1_000_000) / 1000 }
}

private func numbers(_ column: Column) -> [Double?] {
    guard case .number(let v) = column.storage else { return [] }
    return v.indices.map { column.isNull(at: $0) ? nil : v[$0] }
}

private func rolled(_ aggregate: Aggregate, _ values: [Double], isNull: [Bool]? = nil, window: Int, partial: Bool = false) -> [Double?] {
    let (v, mask) = Windows.rolling(aggregate, values, isNull: isNull, window: window, partial: partial)
    return v.indices.map { mask?[$0] ?? false ? nil : v[$0] }
}

@Suite struct RankKernelTests {
    @Test func tieMethods() {
        let c = Column.numbers([30, 10, 20, 10])
        #expect(numbers(c.ranks(ties: .min)) == [4, 1, 3, 1])
        #expect(numbers(c.ranks(ties: .dense)) == [3, 1, 2, 1])
        #expect(numbers(c.ranks(ties: .average)) == [4, 1.5, 3, 1.5])
        #expect(numbers(c.ranks(ties: .first)) == [4, 1, 3, 2])
        #expect(numbers(c.ranks(descending: true, ties: .min)) == [1, 3, 2, 3])
        // `first` keeps the order of appearance in descending order too.
        #expect(numbers(c.ranks(descending: true, ties: .first)) == [1, 3, 2, 4])
        #expect(numbers(c.ranks(descending: true, ties: .average)) == [1, 3.5, 2, 3.5])
    }

    @Test func nullsStayNullAndAreNotCounted() {
        let c = Column.numbers([5, 0, 1, 5, 0], isNull: [false, true, false, false, true])
        #expect(numbers(c.ranks()) == [2, nil, 1, 2, nil])
        #expect(numbers(c.ranks(ties: .dense)) == [2, nil, 1, 2, nil])
        #expect(numbers(Column.numbers([0, 0], isNull: [true, true]).ranks()) == [nil, nil])
        #expect(numbers(Column.numbers([]).ranks()) == [])
    }

    @Test func negativesZeroAndMinusZeroInfinities() {
        let c = Column.numbers([-0.0, 0, -1e300, 2.5, -2.5, .infinity, -.infinity, Double.leastNormalMagnitude / 4])
        #expect(numbers(c.ranks()) == [4, 4, 2, 7, 3, 8, 1, 6])
    }

    @Test func stringsByCodePointAndBools() {
        #expect(numbers(Column.strings(["b", "B", "a", "b", "é"]).ranks()) == [3, 1, 2, 3, 5])
        let pooled = Column(.string(StringValues(pool: ["x", "a", "x"], codes: [0, 1, 2, 0])), isNull: [false, false, false, true])
        #expect(numbers(pooled.ranks(ties: .dense)) == [2, 1, 2, nil])
        #expect(numbers(Column.bools([true, false, true]).ranks(descending: true)) == [1, 3, 1])
    }

    /// Against a comparison sort on data with many ties, every method, both directions.
    @Test func matchesAReferenceOnManyRows() {
        var random = TestRandom(state: 7)
        let n = 20_000
        let values = (0..<n).map { _ in Double(Int(random.next() % 500)) / 4 - 60 }
        let mask = (0..<n).map { _ in random.next() % 10 == 0 }
        let c = Column.numbers(values, isNull: mask)
        for descending in [false, true] {
            let rows = (0..<n).filter { !mask[$0] }.sorted { a, b in
                values[a] != values[b] ? (descending ? values[a] > values[b] : values[a] < values[b]) : a < b
            }
            var expected: [RankTies: [Double?]] = [:]
            for ties in RankTies.allCases { expected[ties] = [Double?](repeating: nil, count: n) }
            var start = 0, group = 0
            while start < rows.count {
                var end = start
                while end < rows.count, values[rows[end]] == values[rows[start]] { end += 1 }
                group += 1
                for position in start..<end {
                    expected[.min]?[rows[position]] = Double(start + 1)
                    expected[.dense]?[rows[position]] = Double(group)
                    expected[.average]?[rows[position]] = Double(start + 1 + end) / 2
                    expected[.first]?[rows[position]] = Double(position + 1)
                }
                start = end
            }
            for ties in RankTies.allCases {
                #expect(numbers(c.ranks(descending: descending, ties: ties)) == expected[ties], "\(ties) desc \(descending)")
            }
        }
    }
}

@Suite struct WindowKernelTests {
    @Test func aggregatesOverWindows() {
        let xs: [Double] = [4, 1, 3, 2, 6]
        #expect(rolled(.sum, xs, window: 2) == [nil, 5, 4, 5, 8])
        #expect(rolled(.mean, xs, window: 3) == [nil, nil, 8.0 / 3, 2, 11.0 / 3])
        #expect(rolled(.min, xs, window: 2) == [nil, 1, 1, 2, 2])
        #expect(rolled(.max, xs, window: 3) == [nil, nil, 4, 3, 6])
        #expect(rolled(.count, xs, window: 2, partial: true) == [1, 2, 2, 2, 2])
        #expect(rolled(.median, xs, window: 3) == [nil, nil, 3, 2, 3])
        #expect(rolled(.stdev, xs, window: 2, partial: true) == [nil, Aggregates.stdev([4, 1]), Aggregates.stdev([1, 3]),
                                                                 Aggregates.stdev([3, 2]), Aggregates.stdev([2, 6])])
        #expect(rolled(.sum, xs, window: 1) == xs)
        #expect(rolled(.sum, xs, window: 10) == [nil, nil, nil, nil, nil])
        #expect(rolled(.sum, xs, window: 10, partial: true) == [4, 5, 8, 10, 16])
        #expect(rolled(.max, [], window: 3) == [])
    }

    @Test func nullsAreSkippedAndEmptyWindowsHaveNoValueExceptSumAndCount() {
        let xs: [Double] = [1, 0, 0, 4, 5]
        let mask = [false, true, true, false, false]
        #expect(rolled(.sum, xs, isNull: mask, window: 2) == [nil, 1, 0, 4, 9])
        #expect(rolled(.mean, xs, isNull: mask, window: 2) == [nil, 1, nil, 4, 4.5])
        #expect(rolled(.min, xs, isNull: mask, window: 2) == [nil, 1, nil, 4, 4])
        #expect(rolled(.max, xs, isNull: mask, window: 2, partial: true) == [1, 1, nil, 4, 5])
        #expect(rolled(.count, xs, isNull: mask, window: 2) == [nil, 1, 0, 1, 2])
        #expect(rolled(.stdev, xs, isNull: mask, window: 3) == [nil, nil, nil, nil, Aggregates.stdev([4, 5])])
    }

    /// The running fixed-point sum equals a fresh compensated sum of every window to
    /// the last bit, however long the list: no drift. (A plain running double sum of
    /// these numbers is off in the last bits within a few hundred rows.)
    @Test func runningSumsEqualFreshSumsEverywhere() {
        var random = TestRandom(state: 42)
        let n = 40_000
        let values = (0..<n).map { _ in random.decimal() }
        let mask = (0..<n).map { _ in random.next() % 17 == 0 }
        for window in [1, 3, 12, 365] {
            let sums = rolled(.sum, values, isNull: mask, window: window, partial: true)
            let means = rolled(.mean, values, isNull: mask, window: window, partial: true)
            var mismatches = 0
            for i in stride(from: 0, to: n, by: window >= 100 ? 7 : 1) {
                let lo = max(0, i - window + 1)
                let part = Array(values[lo...i]), partMask = Array(mask[lo...i])
                if sums[i] != Aggregates.sum(part, isNull: partMask) { mismatches += 1 }
                if means[i] != Aggregates.mean(part, isNull: partMask) { mismatches += 1 }
            }
            #expect(mismatches == 0, "window \(window)")
        }
        // What the exactness buys: a naive running sum drifts.
        var naive = 0.0, drifted = false
        for i in 0..<n {
            naive += values[i]
            if i >= 12 { naive -= values[i - 12] }
            if i >= 11, naive != Aggregates.sum(Array(values[(i - 11)...i])) { drifted = true; break }
        }
        #expect(drifted)
    }

    @Test func exactSumsOfHardCases() {
        // Cancellation: the exact sum of 1e16, 1, -1e16 is 1.
        #expect(rolled(.sum, [1e16, 1, -1e16, 0], window: 3) == [nil, nil, 1, -1e16 + 1])
        // Correct rounding of the 128-bit total: 2^53 + 1 is a tie, to even.
        #expect(Windows.roundedToDouble(Int128(1) << 53 + 1) == 9_007_199_254_740_992)
        #expect(Windows.roundedToDouble(Int128(1) << 53 + 3) == 9_007_199_254_740_996)
        #expect(Windows.roundedToDouble(Int128(-1) << 100 - 1) == -0x1p100)
        #expect(Windows.roundedToDouble((Int128(1) << 70) + (Int128(1) << 17)) == 0x1p70)  // ties to even
        #expect(Windows.roundedToDouble((Int128(1) << 70) + (Int128(3) << 17)) == 0x1p70 + 0x1p19)
        #expect(Windows.roundedToDouble((Int128(1) << 70) + (Int128(1) << 17) + 1) == 0x1p70 + 0x1p18)
        #expect(Windows.roundedToDouble((Int128(1) << 70) + (Int128(1) << 16)) == 0x1p70)
        #expect(rolled(.sum, [0x1p53, 1, 0, 0], window: 2) == [nil, 0x1p53, 1, 0])
        // 0.1 + 0.2 + 0.3, rounded once.
        #expect(rolled(.sum, [0.1, 0.2, 0.3], window: 3) == [nil, nil, 0.6])
        #expect(rolled(.sum, [0, 0, 0], window: 2) == [nil, 0, 0])
    }

    /// The two-word conversions agree with the standard library's generic ones.
    @Test func fixedPointConversionsMatchTheStandardLibrary() {
        var random = TestRandom(state: 11)
        for _ in 0..<20_000 {
            let bits = Int(random.next() % 126)
            let x = (Double(random.next() >> 11) * 0x1p-53 * Double(sign: .plus, exponent: bits, significand: 1)).rounded(.down)
            let signed = random.next() % 2 == 0 ? x : -x
            #expect(Windows.fixedPoint(signed) == Int128(signed), "\(signed)")
            let wide = Int128(_low: random.next(), _high: Int64(bitPattern: random.next()) >> Int64(random.next() % 64))
            #expect(Windows.roundedToDouble(wide) == Double(wide), "\(wide)")
        }
    }

    /// Numbers too far apart in magnitude for a 128-bit total: each window summed afresh.
    @Test func wideMagnitudesFallBackToFreshSums() {
        let xs: [Double] = [1e300, 1e-300, 3, -1e300, Double.leastNonzeroMagnitude]
        #expect(rolled(.sum, xs, window: 2) == [nil, 1e300, 3, -1e300 + 3, -1e300])
        #expect(rolled(.mean, xs, window: 3) == [nil, nil, 1e300 / 3, Aggregates.mean([1e-300, 3, -1e300]), Aggregates.mean([3, -1e300, Double.leastNonzeroMagnitude])])
        // Overflow is left to the caller to report.
        #expect(rolled(.sum, [1e308, 1e308], window: 2)[1] == .infinity)
    }

    @Test func extremesMatchANaiveScan() {
        var random = TestRandom(state: 3)
        let n = 5_000
        let values = (0..<n).map { _ in Double(random.next() % 50) }
        let mask = (0..<n).map { _ in random.next() % 5 == 0 }
        for window in [1, 2, 7, 64] {
            let mins = rolled(.min, values, isNull: mask, window: window)
            let maxs = rolled(.max, values, isNull: mask, window: window)
            for i in (window - 1)..<n {
                let lo = i - window + 1
                let present = (lo...i).filter { !mask[$0] }.map { values[$0] }
                #expect(mins[i] == present.min() && maxs[i] == present.max(), "window \(window) at \(i)")
            }
        }
    }
}

@Suite struct SeriesKernelTests {
    @Test func runningExtremesAndProduct() {
        let xs: [Double] = [2, 0, 5, 1, 3]
        let mask = [false, true, false, false, false]
        #expect(Series.running(.max, xs, isNull: mask) == [2, 0, 5, 5, 5])
        #expect(Series.running(.min, xs, isNull: mask) == [2, 0, 2, 1, 1])
        #expect(Series.running(.product, xs, isNull: mask) == [2, 0, 10, 10, 30])
        #expect(Series.running(.min, [0, 7], isNull: [true, false]) == [0, 7])
        #expect(Series.running(.product, [1e200, 1e200], isNull: nil)[1] == .infinity)
        #expect(Series.running(.max, [], isNull: nil) == [])
    }

    @Test func shiftBothWays() {
        let (later, laterMask) = Series.shift(["a", "b", "c"], isNull: nil, by: 1, placeholder: "")
        #expect(later == ["", "a", "b"] && laterMask == [true, false, false])
        let (earlier, earlierMask) = Series.shift([1.0, 2, 3], isNull: [false, true, false], by: -1, placeholder: 0)
        // Element 0 takes element 1's null (its placeholder is not read).
        #expect(earlier[1] == 3 && earlierMask == [true, false, true])
        let (gone, goneMask) = Series.shift([1.0, 2], isNull: nil, by: -5, placeholder: 0)
        #expect(gone == [0, 0] && goneMask == [true, true])
        let (same, sameMask) = Series.shift([true, false], isNull: nil, by: 0, placeholder: false)
        #expect(same == [true, false] && sameMask == nil)
        #expect(Series.shift([Double](), isNull: nil, by: 3, placeholder: 0).values.isEmpty)
    }

    @Test func fillForwardCarriesTheLastValue() {
        let (v, mask) = Series.fillForward([0.0, 1, 0, 0, 4, 0], isNull: [true, false, true, true, false, true])
        #expect(v == [0, 1, 1, 1, 4, 4] && mask == [true, false, false, false, false, false])
        let (s, sMask) = Series.fillForward(["a", "", "b"], isNull: [false, true, false])
        #expect(s == ["a", "a", "b"] && sMask == nil)
        #expect(Series.fillForward([1.0], isNull: nil).isNull == nil)
    }
}
