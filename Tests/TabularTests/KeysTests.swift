import Testing
@testable import Tabular

@Suite struct KeyCodeTests {
    /// Codes in order of first appearance, equal numbers equal (0 and -0 too), nulls one
    /// code of their own: checked against a plain dictionary, past several table growths.
    @Test func numberCodesAgreeWithADictionary() {
        var state: UInt64 = 7
        var values: [Double] = []
        var nulls: [Bool] = []
        for i in 0..<50_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let r = Int(state >> 40)
            values.append(i % 11 == 0 ? -0.0 : (i % 13 == 0 ? 0.0 : Double(r % 3_000) * 0.25 - 100))
            nulls.append(r % 17 == 0)
        }
        let keys = Column.numbers(values, isNull: nulls).keyCodes()
        var expected: [UInt64: Int32] = [:]
        var nullCode: Int32? = nil
        var next: Int32 = 0
        for (v, isNull) in zip(values, nulls) {
            if isNull {
                if nullCode == nil { nullCode = next; next += 1 }
            } else {
                let bits = v == 0 ? 0 : v.bitPattern
                if expected[bits] == nil { expected[bits] = next; next += 1 }
            }
        }
        #expect(keys.distinctCount == Int(next))
        #expect(keys.nullCode == nullCode)
        var seen: [UInt64: Int32] = [:]
        for (i, (v, isNull)) in zip(values, nulls).enumerated() where !isNull {
            let bits = v == 0 ? 0 : v.bitPattern
            #expect(keys.codes[i] == expected[bits])
            seen[bits] = keys.codes[i]
        }
        #expect(Set(seen.values).count == seen.count)
    }
}
