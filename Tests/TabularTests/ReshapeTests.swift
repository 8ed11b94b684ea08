import Testing
@testable import Tabular

// Reshape kernels (Reshape.swift): pivot_wider, pivot_longer, cross, distinct, and the
// scatter step of a grouped `with`.

private func table(_ pairs: KeyValuePairs<String, Column>) throws -> Table {
    try Table(names: pairs.map(\.key), columns: pairs.map(\.value))
}

/// country (with a null), year, value (with a null): long form.
private func long() throws -> Table {
    try table([
        "country": .strings(["NO", "NO", "SE", "", "SE"], isNull: [false, false, false, true, false]),
        "year": .numbers([2024, 2025, 2024, 2024, 2026]),
        "value": .numbers([1, 2, 3, 4, 0], isNull: [false, false, false, false, true]),
    ])
}

@Suite struct PivotWiderTests {
    @Test func oneRowPerIdOneColumnPerNameInOrderOfFirstAppearance() throws {
        var t = try long()
        t.display[2].format = "0.0"
        let w = try t.pivotWider(namesFrom: 1, valuesFrom: 2, id: [0])
        #expect(w.names == ["country", "2024", "2025", "2026"])
        #expect(w.rowCount == 3)
        #expect(w.columns[0] == .strings(["NO", "SE", ""], isNull: [false, false, true]))  // null is an id of its own
        #expect(w.columns[1] == .numbers([1, 3, 4]))
        #expect(w.columns[2] == .numbers([2, 0, 0], isNull: [false, true, true]))
        #expect(w.columns[3] == .numbers([0, 0, 0], isNull: [true, true, true]))  // a null value stays null
        #expect(w.display.map(\.format) == [nil, "0.0", "0.0", "0.0"])
    }

    @Test func namesAreTheValuesTextAndIdsMayBeSeveralOrNone() throws {
        let t = try table([
            "a": .numbers([1, 1, 2]), "b": .bools([true, true, false]),
            "flag": .bools([true, false, true], isNull: [false, false, true]), "v": .strings(["x", "y", "z"]),
        ])
        let w = try t.pivotWider(namesFrom: 2, valuesFrom: 3, id: [1, 0])
        #expect(w.names == ["b", "a", "true", "false", "null"])
        #expect(w.columns[2] == .strings(["x", ""], isNull: [false, true]))
        #expect(w.columns[4] == .strings(["", "z"], isNull: [true, false]))
        let one = try t.pivotWider(namesFrom: 2, valuesFrom: 3, id: [])
        #expect(one.names == ["true", "false", "null"] && one.rowCount == 1 && one.columns[2] == .strings(["z"]))
        #expect(throws: ReshapeError.duplicateCell(first: 0, second: 1)) { try t.pivotWider(namesFrom: 0, valuesFrom: 3, id: [1]) }
        #expect(Column.numbers([0.1, -0.0, 1e20]).text(at: 0) == "0.1")
        #expect(Column.numbers([0.1, -0.0, 1e20]).text(at: 1) == "0")
        #expect(Column.numbers([0.1, -0.0, 1e20]).text(at: 2) == "1e+20")
    }

    @Test func errors() throws {
        let t = try long()
        #expect(throws: ReshapeError.duplicateCell(first: 0, second: 2)) {
            try t.pivotWider(namesFrom: 1, valuesFrom: 2, id: [])  // one id: rows 0 and 2 are both 2024
        }
        let clash = try table(["2024": .numbers([1]), "year": .numbers([2024]), "v": .numbers([5])])
        #expect(throws: ReshapeError.nameClash("2024")) { try clash.pivotWider(namesFrom: 1, valuesFrom: 2, id: [0]) }
        let nullText = try table(["k": .strings(["null", ""], isNull: [false, true]), "v": .numbers([1, 2])])
        #expect(throws: ReshapeError.nameClash("null")) { try nullText.pivotWider(namesFrom: 0, valuesFrom: 1, id: []) }
        #expect(throws: ReshapeError.tooLarge(count: 9, limit: 8)) {
            try table(["i": .numbers([1, 2, 3]), "n": .numbers([1, 2, 3]), "v": .numbers([0, 0, 0])])
                .pivotWider(namesFrom: 1, valuesFrom: 2, id: [0], maxCells: 8)
        }
    }

    @Test func emptyTable() throws {
        let w = try long().head(0).pivotWider(namesFrom: 1, valuesFrom: 2, id: [0])
        #expect(w.names == ["country"] && w.rowCount == 0)
    }
}

@Suite struct PivotLongerTests {
    private func wide() throws -> Table {
        try table([
            "k": .strings(["a", "b"]), "x": .numbers([1, 2]), "note": .bools([true, false]),
            "y": .numbers([3, 0], isNull: [false, true]),
        ])
    }

    @Test func rowsByOriginalRowThenColumnOrder() throws {
        let l = try wide().pivotLonger([3, 1], namesTo: "name", valuesTo: "value")
        #expect(l.names == ["k", "note", "name", "value"])
        #expect(l.columns[0] == .strings(["a", "a", "b", "b"]))
        #expect(l.columns[1] == .bools([true, true, false, false]))
        #expect(l.columns[2] == .strings(["y", "x", "y", "x"]))
        #expect(l.columns[3] == .numbers([3, 1, 0, 2], isNull: [false, false, true, false]))
    }

    @Test func textColumnsFromSeveralPoolsAndAColumnOfNullsFitsAnyType() throws {
        let t = try table([
            "p": Column(.string(StringValues(pool: ["u", "v"], codes: [1, 0, 1]))),
            "q": .strings(["w", "x", "y"]),
            "r": .numbers([0, 0, 0], isNull: [true, true, true]),
        ])
        let l = try t.pivotLonger([2, 0, 1], namesTo: "n", valuesTo: "v")
        #expect(l.columns[1] == .strings(["", "v", "w", "", "u", "x", "", "v", "y"],
                                        isNull: [true, false, false, true, false, false, true, false, false]))
        #expect(l.columns[0] == .strings(["r", "p", "q", "r", "p", "q", "r", "p", "q"]))
    }

    @Test func formatsAndErrors() throws {
        var t = try wide()
        t.display[1].format = "0.0"
        #expect(try t.pivotLonger([1], namesTo: "n", valuesTo: "v").display.map(\.format) == [nil, nil, nil, nil, "0.0"])
        t.display[3].format = "0%"
        #expect(try t.pivotLonger([1, 3], namesTo: "n", valuesTo: "v").display.map(\.format) == [nil, nil, nil, nil])
        #expect(throws: ReshapeError.typeMismatch(column: "note", type: "bool", first: "x", firstType: "number")) {
            try t.pivotLonger([1, 2, 3], namesTo: "n", valuesTo: "v")
        }
        #expect(throws: ReshapeError.nameClash("k")) { try t.pivotLonger([1], namesTo: "k", valuesTo: "v") }
        #expect(throws: ReshapeError.nameClash("v")) { try t.pivotLonger([1], namesTo: "v", valuesTo: "v") }
        #expect(throws: ReshapeError.tooLarge(count: 4, limit: 3)) { try t.pivotLonger([1, 3], namesTo: "n", valuesTo: "v", maxRows: 3) }
    }

    @Test func widerThenLongerRoundTrips() throws {
        // 30 ids × 20 names, every cell once: wider then longer gives the rows back.
        var id: [Double] = [], name: [String] = [], value: [Double] = []
        for i in 0..<30 {
            for j in 0..<20 { id.append(Double(i)); name.append("n\(j)"); value.append(Double(i * 100 + j)) }
        }
        let t = try table(["id": .numbers(id), "name": .strings(name), "value": .numbers(value)])
        let wide = try t.pivotWider(namesFrom: 1, valuesFrom: 2, id: [0])
        #expect(wide.rowCount == 30 && wide.names.count == 21)
        let back = try wide.pivotLonger(Array(1...20), namesTo: "name", valuesTo: "value")
        #expect(back == t)
    }
}

@Suite struct CrossDistinctTests {
    @Test func crossPairsEveryRowInTheFirstTablesOrder() throws {
        var a = try table(["k": .strings(["a", "b"], isNull: [false, false])])
        a.display[0].format = nil
        var b = try table(["y": .numbers([1, 2, 3], isNull: [false, true, false])])
        b.display[0].format = "0.0"
        let c = try a.crossed(with: b)
        #expect(c.names == ["k", "y"] && c.rowCount == 6)
        #expect(c.columns[0] == .strings(["a", "a", "a", "b", "b", "b"]))
        #expect(c.columns[1] == .numbers([1, 0, 3, 1, 0, 3], isNull: [false, true, false, false, true, false]))
        #expect(c.display.map(\.format) == [nil, "0.0"])
        #expect(try a.crossed(with: b.head(0)).rowCount == 0)
        #expect(try a.crossed(with: .empty).names == ["k"])
        #expect(throws: ReshapeError.sharedColumns(["k"])) { try a.crossed(with: a) }
        #expect(throws: ReshapeError.tooLarge(count: 6, limit: 5)) { try a.crossed(with: b, maxRows: 5) }
    }

    @Test func distinctKeepsTheFirstRowOfEachCombination() throws {
        let t = try table([
            "k": .strings(["a", "b", "a", "", ""], isNull: [false, false, false, true, true]),
            "v": .numbers([1, 2, 1, 0, -0.0]),
        ])
        #expect(t.distinctRows(by: []) == t.gather(rows: [0, 1, 3]))
        #expect(t.distinctRows(by: [1]) == t.gather(rows: [0, 1, 3]))
        #expect(t.distinctRows(by: [0, 1]).rowCount == 3)
        let unique = t.head(2)
        #expect(unique.distinctRows(by: []) == unique)
        #expect(Table.empty.distinctRows(by: []) == .empty)
    }
}

@Suite struct ScatteredColumnTests {
    @Test func piecesGoToTheirRows() {
        var s = ScatteredColumn(count: 5)
        let noValue = s.place(.numbers([0, 0], isNull: [true, true]), at: [1, 3])  // fits any type
        #expect(noValue && s.typeName == nil)
        let numbers = s.place(.numbers([10, 20, 30], isNull: [false, true, false]), at: [0, 2, 4])
        let text = s.place(.strings(["x", "y"]), at: [1, 3])
        #expect(numbers && !text && s.typeName == "number")
        #expect(s.column() == .numbers([10, 0, 0, 0, 30], isNull: [false, true, true, true, false]))
        var t = ScatteredColumn(count: 3)
        let b = t.place(.strings(["b"]), at: [1]), ac = t.place(.strings(["a", "c"]), at: [0, 2])
        #expect(b && ac && t.column() == .strings(["a", "b", "c"]))
        var u = ScatteredColumn(count: 2)
        let bools = u.place(.bools([true, false]), at: [1, 0])
        #expect(bools && u.column() == .bools([false, true]))
        #expect(ScatteredColumn(count: 0).column() == .numbers([]))
    }
}
