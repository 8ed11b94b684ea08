import Testing
@testable import Tabular

/// Random inputs must give a value or a thrown error, never a crash or a malformed table.
@Suite struct RobustnessTests {
    @Test func csvReaderSurvivesByteSoup() {
        var rng = SplitMix(seed: 123)
        let alphabet: [UInt8] = Array("\",\n\r a1.e-+t".utf8) + [0xFF, 0xC3, 0xA9, 0xEF, 0xBB, 0xBF, 0x00, 0x09]
        var parsed = 0
        for _ in 0..<10_000 {
            let length = rng.next(below: 40)
            let bytes = (0..<length).map { _ in alphabet[rng.next(below: alphabet.count)] }
            do {
                let t = try CSV.read(bytes)
                parsed += 1
                #expect(t.columns.allSatisfy { $0.count == t.rowCount })
                #expect(Set(t.names).count == t.names.count && !t.names.contains(""))
                // Whatever was read can be written and read again.
                #expect((try? CSV.read(CSV.write(t)))?.rowCount == (t.columns.isEmpty ? nil : t.rowCount))
            } catch {
                #expect(error.line >= 1)
                #expect(!error.message.isEmpty)
            }
        }
        #expect(parsed > 300)  // the soup is not all errors: the parser was exercised
    }

    @Test func patternsSurviveRandomText() {
        var rng = SplitMix(seed: 321)
        let alphabet = Array("0#,.%\\¥T $-")
        let values: [Double] = [0, -0.0, 1, -1, 0.5, 1234.5678, -98765.4321, 1e-9, 1e20, .nan, .infinity, 0.005]
        var valid = 0
        for _ in 0..<10_000 {
            let pattern = String((0..<rng.next(below: 10)).map { _ in alphabet[rng.next(below: alphabet.count)] })
            guard let p = try? NumberPattern(pattern) else { continue }
            valid += 1
            for x in values {
                let text = p.format(x)
                #expect(!text.isEmpty)
                #expect(text.contains(where: \.isNumber) || !x.isFinite)
            }
        }
        #expect(valid > 500)
    }

    @Test func generalAndShortestNeverEmpty() {
        var rng = SplitMix(seed: 99)
        for _ in 0..<20_000 {
            let x = Double(bitPattern: rng.next())
            #expect(!NumberFormat.general(x).isEmpty)
            #expect(!NumberFormat.shortest(x).isEmpty)
            if x.isFinite {
                let g = NumberFormat.general(x)
                let back = Double(g.replacingCommas())
                // Six significant digits (or all integer digits) away from x at most.
                if let back, x != 0 {
                    #expect(abs(back - x) <= abs(x) * 5e-6 + 0.5, "\(x) → \(g)")
                } else {
                    #expect(back != nil, "\(x) → \(g)")
                }
            }
        }
    }
}
