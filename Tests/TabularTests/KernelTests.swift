import Testing
@testable import Tabular

private func table(_ pairs: KeyValuePairs<String, Column>) throws -> Table {
    try Table(names: pairs.map(\.key), columns: pairs.map(\.value))
}

/// year, country (with a null), value (with a null).
private func sample() throws -> Table {
    try table([
        "year": .numbers([2024, 2025, 2024, 2025, 2024, 2026]),
        "country": .strings(["NO", "SE", "", "NO", "NO", "SE"], isNull: [false, false, true, false, false, false]),
        "value": .numbers([1, 2, 3, 0, 5, 6], isNull: [false, false, false, true, false, false]),
    ])
}

@Suite struct GatherSliceTests {
    @Test func gatherKeepsNullsAndMakesNullsForNegativeIndices() throws {
        let c = Column.numbers([1, 2, 3], isNull: [false, true, false])
        #expect(c.gather([2, 1, 0, 2]) == .numbers([3, 2, 1, 3], isNull: [false, true, false, false]))
        #expect(c.gather([-1, 0]) == .numbers([0, 1], isNull: [true, false]))
        #expect(Column.strings(["a", "b"]).gather([1, -1]) == .strings(["b", ""], isNull: [false, true]))
        #expect(Column.bools([true]).gather([]) == .bools([]))
        #expect(Column.bools([true]).gather([0, 0]) == .bools([true, true]))
    }

    @Test func tableGatherHeadTail() throws {
        var t = try sample()
        t.display[2] = ColumnDisplay(format: "0.0", label: "Value", hidden: true)
        let g = t.gather(rows: [5, 0])
        #expect(g.rowCount == 2 && g.names == t.names && g.display == t.display)
        #expect(g.columns[0] == .numbers([2026, 2024]))
        #expect(t.head(2).columns[0] == .numbers([2024, 2025]))
        #expect(t.head(100).rowCount == 6)
        #expect(t.head(0).rowCount == 0 && t.head(-3).rowCount == 0)
        #expect(t.tail(2).columns[1] == .strings(["NO", "SE"]))
        #expect(t.tail(0).rowCount == 0 && t.tail(99).rowCount == 6)
        #expect(t.slice(rows: 4..<100).rowCount == 2)
        #expect(Table.empty.head(5) == .empty)
    }
}

@Suite struct ColumnOpsTests {
    @Test func selectDropRename() throws {
        let t = try sample()
        let s = try t.selecting(["value", "year"])
        #expect(s.names == ["value", "year"] && s.columns[1] == t.columns[0])
        #expect(try t.dropping(["country"]).names == ["year", "value"])
        #expect(try t.renaming("value", to: "amount").names == ["year", "country", "amount"])
        #expect(try t.renaming("value", to: "value") == t)
    }

    @Test func missingColumnSuggestsTheClosestName() throws {
        let t = try sample()
        #expect(throws: TableError.missingColumn(name: "contry", available: ["year", "country", "value"], suggestion: "country")) {
            try t.selecting(["contry"])
        }
        let error = TableError.missingColumn(name: "contry", available: ["year", "country", "value"], suggestion: "country")
        #expect(error.message == "no column \"contry\" in the table; did you mean \"country\"? (columns: \"year\", \"country\", \"value\")")
        #expect(throws: TableError.missingColumn(name: "zzz", available: t.names, suggestion: nil)) { try t.dropping(["zzz"]) }
        #expect(throws: TableError.duplicateColumn("year")) { try t.selecting(["year", "year"]) }
        #expect(throws: TableError.duplicateColumn("year")) { try t.renaming("value", to: "year") }
        #expect(throws: TableError.self) { try t.renaming("nope", to: "x") }
    }

    @Test func closestNameHeuristics() {
        let names = ["year", "country", "value", "gdp_growth", "Population"]
        #expect(closestName(to: "contry", in: names) == "country")
        #expect(closestName(to: "yaer", in: names) == "year")      // swap
        #expect(closestName(to: "population", in: names) == "Population")  // case only
        #expect(closestName(to: "gdp_grwoth", in: names) == "gdp_growth")
        #expect(closestName(to: "val", in: names) == nil)
        #expect(closestName(to: "xyz", in: names) == nil)
        #expect(closestName(to: "a", in: []) == nil)
        #expect(closestName(to: "ab", in: ["ax", "ay"]) == "ax")     // tie: the first
        #expect(closestName(to: "year", in: ["year"]) == nil)       // the name itself is no hint
    }

    @Test func settingAddsOrReplaces() throws {
        var t = try sample()
        t.display[0] = ColumnDisplay(format: "0", label: "Year")
        let added = try t.setting("x", to: .bools([true, true, true, true, true, true]))
        #expect(added.names.last == "x" && added.display.last == .plain)
        let replaced = try t.setting("year", to: .numbers([1, 2, 3, 4, 5, 6]))
        #expect(replaced.names == t.names && replaced.columns[0] == .numbers([1, 2, 3, 4, 5, 6]))
        #expect(replaced.display[0] == ColumnDisplay(format: "0", label: "Year"))
        #expect(throws: TableError.lengthMismatch(column: "x", expected: 6, actual: 1)) {
            try t.setting("x", to: .numbers([1]))
        }
        let fromEmpty = try Table.empty.setting("a", to: .numbers([1, 2]))
        #expect(fromEmpty.rowCount == 2)
    }

    @Test func append() throws {
        let a = try table(["x": .numbers([1]), "s": .strings(["a"])])
        let b = try table(["s": .strings(["b"], isNull: [true]), "x": .numbers([2])])
        let ab = try a.appending(b)
        #expect(ab.names == ["x", "s"])
        #expect(ab.columns[0] == .numbers([1, 2]))
        #expect(ab.columns[1] == .strings(["a", ""], isNull: [false, true]))
        // A column without values takes the other's type.
        let empty = try table(["x": .numbers([]), "s": .numbers([0], isNull: [true]).slice(0..<0)])
        #expect(try empty.appending(a) == a)
        let allNull = try table(["x": .numbers([3]), "s": .numbers([0], isNull: [true])])
        #expect(try a.appending(allNull).columns[1] == .strings(["a", ""], isNull: [false, true]))
        // Errors.
        let c = try table(["x": .strings(["1"]), "s": .strings(["z"])])
        #expect(throws: TableError.appendTypeMismatch(column: "x", first: "number", second: "string")) { try a.appending(c) }
        let d = try table(["x": .numbers([1]), "t": .strings(["z"])])
        #expect(throws: TableError.columnsDiffer(missingInSecond: ["s"], extraInSecond: ["t"])) { try a.appending(d) }
        #expect(try Table.empty.appending(.empty) == .empty)
    }

    @Test func messagesNameTheThing() {
        #expect(TableError.columnsDiffer(missingInSecond: ["s"], extraInSecond: ["t"]).message
            == "cannot append tables with different columns: the second table lacks \"s\" and it has extra \"t\"")
        #expect(TableError.joinKeyTypeMismatch(key: "k", left: "number", right: "string").message.contains("\"k\""))
        #expect(TableError.joinColumnClash("v").message.contains("\"v\""))
        #expect(TableError.notNumeric(aggregate: "sum", type: "string").message == "sum needs numbers, but the values are strings")
        #expect(TableError.missingColumn(name: "a", available: [], suggestion: nil).message.contains("no columns"))
    }
}

@Suite struct GroupingTests {
    @Test func groupsInOrderOfFirstAppearanceWithNullGroup() throws {
        let t = try sample()
        let g = t.groupRows(by: [1])
        #expect(g.groupCount == 3)
        #expect(g.groupOfRow == [0, 1, 2, 0, 0, 1])
        #expect(g.firstRows == [0, 1, 2])
        #expect(g.counts == [3, 2, 1])
        #expect(g.members().rowsPerGroup == [[0, 3, 4], [1, 5], [2]])
        #expect(Array(g.members().rows(ofGroup: 1)) == [1, 5])
    }

    @Test func severalKeys() throws {
        let t = try sample()
        let g = t.groupRows(by: [0, 1])
        // (2024,NO) (2025,SE) (2024,null) (2025,NO) (2024,NO) (2026,SE)
        #expect(g.groupOfRow == [0, 1, 2, 3, 0, 4])
        #expect(g.firstRows == [0, 1, 2, 3, 5])
        let reversed = t.groupRows(by: [1, 0])
        #expect(reversed.groupOfRow == [0, 1, 2, 3, 0, 4])
    }

    @Test func numberKeysTreatNegativeZeroAsZeroAndBoolKeysWork() throws {
        let t = try table(["n": .numbers([0, -0.0, 1, 0]), "b": .bools([true, false, true, true], isNull: [false, false, false, true])])
        #expect(t.groupRows(by: [0]).groupOfRow == [0, 0, 1, 0])
        #expect(t.groupRows(by: [1]).groupOfRow == [0, 1, 0, 2])
    }

    @Test func emptyTableAndNoKeys() throws {
        let t = try table(["a": .numbers([])])
        let g = t.groupRows(by: [0])
        #expect(g.groupCount == 0 && g.members().offsets == [0])
        #expect(try sample().groupRows(by: []).counts == [6])
        #expect(t.groupRows(by: []).groupCount == 0)
    }

    @Test func manyDistinctKeysUseTheHashedCombination() throws {
        // 3000 × 3000 distinct codes exceed the dense table: the hashed path must agree.
        let n = 3000
        let a = Column.numbers((0..<n).map(Double.init))
        let b = Column.strings((0..<n).map { "s\($0 % 1500)" } )
        let t = try table(["a": a, "b": b])
        let g = t.groupRows(by: [0, 1])
        #expect(g.groupCount == n)
        #expect(g.groupOfRow == (0..<n).map { Int32($0) })
        let twice = try t.appending(t).groupRows(by: [0, 1])
        #expect(twice.groupCount == n)
        #expect(twice.counts.allSatisfy { $0 == 2 })
    }

    @Test func groupedAggregates() throws {
        let t = try sample()
        let g = t.groupRows(by: [1])  // NO: rows 0,3,4 values 1,null,5; SE: 2,6; null: 3
        let value = t.columns[2]
        #expect(try g.aggregate(value, .sum) == .numbers([6, 8, 3]))
        #expect(try g.aggregate(value, .mean) == .numbers([3, 4, 3]))
        #expect(try g.aggregate(value, .count) == .numbers([2, 2, 1]))
        #expect(try g.aggregate(value, .min) == .numbers([1, 2, 3]))
        #expect(try g.aggregate(value, .max) == .numbers([5, 6, 3]))
        #expect(try g.aggregate(value, .median) == .numbers([3, 4, 3]))
        let sd = try g.aggregate(value, .stdev)
        #expect(sd.isNull == [false, false, true])
        if case .number(let v) = sd.storage {
            #expect(abs(v[0] - 8.0.squareRoot()) < 1e-12 && abs(v[1] - 8.0.squareRoot()) < 1e-12)
        }
        #expect(try g.aggregate(t.columns[1], .count) == .numbers([3, 2, 0]))
        #expect(throws: TableError.notNumeric(aggregate: "sum", type: "string")) { try g.aggregate(t.columns[1], .sum) }
        // A group whose values are all null: mean null, sum 0.
        let h = try table(["k": .strings(["a", "b"]), "v": .numbers([1, 0], isNull: [false, true])])
        let hg = h.groupRows(by: [0])
        #expect(try hg.aggregate(h.columns[1], .mean) == .numbers([1, 0], isNull: [false, true]))
        #expect(try hg.aggregate(h.columns[1], .sum) == .numbers([1, 0]))
    }
}

@Suite struct SortTests {
    @Test func stableMultiKeyWithNullsLast() throws {
        let t = try sample()
        // country ascending (null last), then value descending (null last).
        let p = t.sortPermutation(keys: [(column: 1, descending: false), (column: 2, descending: true)])
        #expect(p == [4, 0, 3, 5, 1, 2])
        // Descending country: nulls still last.
        #expect(t.sortPermutation(keys: [(column: 1, descending: true)]) == [1, 5, 0, 3, 4, 2])
        // Stable: equal years keep their order.
        #expect(t.sortPermutation(keys: [(column: 0, descending: false)]) == [0, 2, 4, 1, 3, 5])
        #expect(t.sortPermutation(keys: [(column: 0, descending: true)]) == [5, 1, 3, 0, 2, 4])
        #expect(t.sortPermutation(keys: []) == [0, 1, 2, 3, 4, 5])
    }

    @Test func stringsByCodePointAndBools() throws {
        let t = try table([
            "s": .strings(["b", "B", "a", "é", "ab", ""]),
            "f": .bools([true, false, true, false, true, false]),
        ])
        #expect(t.sortPermutation(keys: [(column: 0, descending: false)]) == [5, 1, 2, 4, 0, 3])
        #expect(t.sortPermutation(keys: [(column: 1, descending: false)]) == [1, 3, 5, 0, 2, 4])
        #expect(try table(["a": .numbers([])]).sortPermutation(keys: [(column: 0, descending: false)]) == [])
    }

    @Test func largeRandomSortIsSortedAndStable() throws {
        var rng = SplitMix(seed: 9)
        let n = 5000
        let values = (0..<n).map { _ in Double(rng.next(below: 50)) }
        let t = try table(["v": .numbers(values)])
        let p = t.sortPermutation(keys: [(column: 0, descending: false)])
        for k in 1..<n {
            let a = p[k - 1], b = p[k]
            #expect(values[a] < values[b] || (values[a] == values[b] && a < b))
        }
    }
}

@Suite struct JoinTests {
    private func budgets() throws -> Table {
        try table(["country": .strings(["NO", "SE", "DK", "FI"], isNull: [false, false, false, true]),
                   "year": .numbers([2024, 2024, 2025, 2024]),
                   "budget": .numbers([10, 20, 30, 40])])
    }
    private func population() throws -> Table {
        try table(["country": .strings(["SE", "NO", "NO", "IS", ""], isNull: [false, false, false, false, true]),
                   "pop": .numbers([10.5, 5.5, 5.6, 0.4, 1])])
    }

    @Test func innerJoinKeepsLeftOrderAndRepeatsMatches() throws {
        let rows = try budgets().joinRows(population(), on: [(left: 0, right: 0)], kind: .inner)
        #expect(rows == JoinedRows(left: [0, 0, 1], right: [1, 2, 0]))
    }

    @Test func leftJoinMarksUnmatchedAndNullKeysNeverMatch() throws {
        let rows = try budgets().joinRows(population(), on: [(left: 0, right: 0)], kind: .left)
        #expect(rows == JoinedRows(left: [0, 0, 1, 2, 3], right: [1, 2, 0, -1, -1]))
    }

    @Test func joinedTable() throws {
        let t = try budgets().joined(population(), on: ["country"], kind: .left)
        #expect(t.names == ["country", "year", "budget", "pop"])
        #expect(t.rowCount == 5)
        #expect(t.columns[3] == .numbers([5.5, 5.6, 10.5, 0, 0], isNull: [false, false, false, true, true]))
        #expect(t.columns[0] == .strings(["NO", "NO", "SE", "DK", ""], isNull: [false, false, false, false, true]))
    }

    @Test func severalKeys() throws {
        let left = try table(["a": .strings(["x", "x", "y"]), "b": .numbers([1, 2, 1]), "v": .numbers([1, 2, 3])])
        let right = try table(["b": .numbers([1, 1, 2]), "a": .strings(["y", "x", "z"]), "w": .bools([true, false, true])])
        let t = try left.joined(right, on: ["a", "b"], kind: .inner)
        #expect(t.names == ["a", "b", "v", "w"])
        #expect(t.columns[2] == .numbers([1, 3]))
        #expect(t.columns[3] == .bools([false, true]))
        let l = try left.joined(right, on: ["a", "b"], kind: .left)
        #expect(l.columns[3] == .bools([false, false, true], isNull: [false, true, false]))
    }

    @Test func errors() throws {
        let left = try table(["k": .numbers([1]), "v": .numbers([1])])
        let right = try table(["k": .strings(["1"]), "v": .numbers([2])])
        #expect(throws: TableError.joinKeyTypeMismatch(key: "k", left: "number", right: "string")) {
            try left.joinRows(right, on: [(left: 0, right: 0)], kind: .inner)
        }
        let other = try table(["k": .numbers([1]), "v": .numbers([2])])
        #expect(throws: TableError.joinColumnClash("v")) { try left.joined(other, on: ["k"], kind: .inner) }
        #expect(throws: TableError.missingColumn(name: "kk", available: ["k", "v"], suggestion: "k")) {
            try left.joined(other, on: ["kk"], kind: .inner)
        }
        // A key column without values (a header-only CSV) joins but matches nothing.
        let empty = try table(["k": .numbers([]), "w": .numbers([])])
        let strings = try table(["k": .strings(["a"])])
        #expect(try strings.joined(empty, on: ["k"], kind: .left).columns[1] == .numbers([0], isNull: [true]))
        #expect(try strings.joined(empty, on: ["k"], kind: .inner).rowCount == 0)
    }

    @Test func numberKeysMatchByValue() throws {
        let left = try table(["k": .numbers([0, 2024])])
        let right = try table(["k": .numbers([2024.0, -0.0]), "w": .numbers([1, 2])])
        #expect(try left.joinRows(right, on: [(left: 0, right: 0)], kind: .inner) == JoinedRows(left: [0, 1], right: [1, 0]))
    }
}

@Suite struct AggregateTests {
    @Test func overColumnsWithNulls() throws {
        let c = Column.numbers([1, 2, 100, 4], isNull: [false, false, true, false])
        #expect(try c.aggregate(.sum) == 7)
        #expect(try c.aggregate(.mean) == 7.0 / 3)
        #expect(try c.aggregate(.median) == 2)
        #expect(try c.aggregate(.min) == 1)
        #expect(try c.aggregate(.max) == 4)
        #expect(try c.aggregate(.count) == 3)
        #expect(try c.aggregate(.stdev) == (7.0 / 3).squareRoot())  // deviations -4/3, -1/3, 5/3
        #expect(try Column.strings(["a", "b"], isNull: [false, true]).aggregate(.count) == 1)
        #expect(throws: TableError.notNumeric(aggregate: "mean", type: "bool")) { try Column.bools([true]).aggregate(.mean) }
    }

    @Test func emptyAndAllNull() throws {
        for c in [Column.numbers([]), Column.numbers([1, 2], isNull: [true, true])] {
            #expect(try c.aggregate(.sum) == 0)
            #expect(try c.aggregate(.count) == 0)
            for agg in [Aggregate.mean, .median, .min, .max, .stdev] {
                #expect(try c.aggregate(agg) == nil)
            }
        }
        #expect(Aggregates.stdev([5]) == nil)
        #expect(Aggregates.median([4, 1, 3, 2]) == 2.5)
        #expect(Aggregates.median([3, 1, 2]) == 2)
        #expect(Aggregates.median([1.7976931348623157e308, 1.7976931348623157e308]) == 1.7976931348623157e308)
        #expect(Aggregates.minimum([3, -1, 2]) == -1 && Aggregates.maximum([3, -1, 2]) == 3)
        // A null first (its placeholder must not count) and a null among the values.
        let leadingNull = Column.numbers([100, 3, -50, 1], isNull: [true, false, true, false])
        #expect(try leadingNull.aggregate(.min) == 1 && leadingNull.aggregate(.max) == 3)
        #expect(try leadingNull.aggregate(.median) == 2)
    }

    @Test func compensatedSum() {
        #expect(Aggregates.sum(Array(repeating: 0.1, count: 10)) == 1)
        #expect(Aggregates.sum([1e100, 1, -1e100]) == 1)
        #expect(Aggregates.mean(Array(repeating: 0.1, count: 10)) == 0.1)
    }
}

@Suite struct ColumnEqualityTests {
    @Test func placeholdersUnderNullsDoNotCount() {
        #expect(Column.strings(["a", "x"], isNull: [false, true]) == .strings(["a", "y"], isNull: [false, true]))
        #expect(Column.numbers([1, 9], isNull: [false, true]) == .numbers([1, 0], isNull: [false, true]))
        #expect(Column.numbers([1, 9], isNull: [true, false]) != .numbers([1, 0], isNull: [true, false]))
        #expect(Column.numbers([1, 9], isNull: [false, true]) != .numbers([1, 9]))
        #expect(Column.numbers([1]) != .strings(["1"]))
        #expect(Column.numbers([1]) != .numbers([1, 1]))
        #expect(Column.bools([true], isNull: [false]) == .bools([true]))  // an all-false mask is dropped
    }
}

@Suite struct ReferenceTests {
    /// Median by selection against a full sort, on data with many repeats.
    @Test func medianMatchesSorting() {
        var rng = SplitMix(seed: 11)
        for trial in 0..<300 {
            let n = 1 + rng.next(below: 60)
            let spread = trial % 3 == 0 ? 3 : 1000
            let values = (0..<n).map { _ in Double(rng.next(below: spread)) - Double(spread / 2) }
            let sorted = values.sorted()
            let expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            #expect(Aggregates.median(values) == expected, "\(values)")
        }
    }

    /// Both sort paths (packed for ≤ 2 keys, general for more) against a naive reference.
    @Test func sortMatchesReference() throws {
        var rng = SplitMix(seed: 5)
        for _ in 0..<60 {
            let n = rng.next(below: 40)
            func mask() -> [Bool] { (0..<n).map { _ in rng.next(below: 4) == 0 } }
            let a = Column.numbers((0..<n).map { _ in Double(rng.next(below: 4)) - 1.5 }, isNull: mask())
            let b = Column.strings((0..<n).map { _ in ["x", "y", "Z", "é"][rng.next(below: 4)] }, isNull: mask())
            let c = Column.bools((0..<n).map { _ in rng.next(below: 2) == 0 }, isNull: mask())
            let t = try table(["a": a, "b": b, "c": c])
            for keyCount in 1...3 {
                let keys = (0..<keyCount).map { k in (column: (k + rng.next(below: 3)) % 3, descending: rng.next(below: 2) == 0) }
                let expected = (0..<n).sorted { x, y in
                    for key in keys {
                        let column = t.columns[key.column]
                        let nx = column.isNull(at: x), ny = column.isNull(at: y)
                        if nx != ny { return ny }
                        if nx { continue }
                        let order: Int
                        switch column.storage {
                        case .number(let v): order = v[x] < v[y] ? -1 : (v[x] > v[y] ? 1 : 0)
                        case .string(let v):
                            order = v[x] == v[y] ? 0 : (v[x].utf8.lexicographicallyPrecedes(v[y].utf8) ? -1 : 1)
                        case .bool(let v): order = v[x] == v[y] ? 0 : (v[x] ? 1 : -1)
                        case .date(let v): order = v[x] < v[y] ? -1 : (v[x] > v[y] ? 1 : 0)
                        }
                        if order != 0 { return key.descending ? order > 0 : order < 0 }
                    }
                    return x < y
                }
                #expect(t.sortPermutation(keys: keys) == expected, "\(keys)")
            }
        }
    }
}

/// Dictionary-encoded text (`StringValues`): the verbs see values, never codes.
@Suite struct StringValuesTests {
    let pooled = StringValues(pool: ["", "NO", "SE", "NO"], codes: [1, 2, 3, 0, 2])

    @Test func valuesReadThroughThePool() {
        #expect(Array(pooled) == ["NO", "SE", "NO", "", "SE"])
        #expect(pooled == ["NO", "SE", "NO", "", "SE"])
        #expect(pooled.strings == ["NO", "SE", "NO", "", "SE"])
    }

    @Test func gatherSliceAppendKeepValues() {
        #expect(Array(pooled.gathering([4, -1, 0])) == ["SE", "", "NO"])
        #expect(Array(pooled.slice(1..<3)) == ["SE", "NO"])
        #expect(Array(pooled.appending(["x"])) == ["NO", "SE", "NO", "", "SE", "x"])
        #expect(Array(StringValues(["a", "b", "c"]).gathering([2, 2])) == ["c", "c"])
    }

    @Test func aFewRowsOfALargePoolDoNotKeepThePool() {
        let big = StringValues(pool: (0..<1000).map { "v\($0)" }, codes: (0..<1000).map { UInt32($0) })
        let few = big.gathering([7, 900, 7])
        #expect(Array(few) == ["v7", "v900", "v7"])
        #expect(few.pool.count == 2)
        #expect(StringValues((0..<1000).map { "v\($0)" }).gathering([3]).pool == ["v3"])
    }

    @Test func groupingByPooledTextMatchesPlainText() throws {
        // Pool entries repeat "NO", and "é" is spelled two ways (equal as Swift strings):
        // grouping by value must not depend on how the text is stored.
        let pool = ["", "NO", "SE", "NO", "\u{E9}", "e\u{301}"]
        let codes: [UInt32] = [1, 2, 3, 4, 5, 0, 1]
        let mask = [false, false, false, false, false, true, false]
        let years = Column.numbers([1, 1, 1, 2, 2, 1, 2])
        let pooledText = Column(.string(StringValues(pool: pool, codes: codes)), isNull: mask)
        let plainText = Column.strings(codes.map { pool[Int($0)] }, isNull: mask)
        let a = try Table(names: ["y", "k"], columns: [years, pooledText])
        let b = try Table(names: ["y", "k"], columns: [years, plainText])
        #expect(a.groupRows(by: [0, 1]) == b.groupRows(by: [0, 1]))
        #expect(a.groupRows(by: [1, 0]) == b.groupRows(by: [1, 0]))
        #expect(a.groupRows(by: [0, 1]).groupOfRow == [0, 1, 0, 2, 2, 3, 4])
        #expect(a.sortPermutation(keys: [(column: 1, descending: false)]) == b.sortPermutation(keys: [(column: 1, descending: false)]))
    }
}
