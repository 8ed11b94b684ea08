import Testing
@testable import Tabular

/// Every verb that keeps a column keeps its whole `ColumnDisplay` (format, label,
/// hidden) with it; a new column starts plain.
@Suite struct ColumnDisplayTests {
    private let spend = ColumnDisplay(format: "#,##0", label: "Spending (US$ bn)")
    private let note = ColumnDisplay(label: "Note", hidden: true)

    /// year (plain), usd (format + label), note (label, hidden).
    private func budgets() throws -> Table {
        var t = try Table(names: ["year", "usd", "note"],
                          columns: [.numbers([2024, 2025, 2026]), .numbers([10, 20, 30]), .strings(["a", "b", "c"])])
        t.display[1] = spend
        t.display[2] = note
        return t
    }

    @Test func newTablesAndColumnsArePlain() throws {
        let t = try Table(names: ["a"], columns: [.numbers([1])])
        #expect(t.display == [.plain])
        #expect(ColumnDisplay.plain.isPlain && !spend.isPlain)
        #expect(try budgets().setting("share", to: .numbers([1, 2, 3])).display == [.plain, spend, note, .plain])
    }

    @Test func rowOperationsKeepEverySetting() throws {
        let t = try budgets()
        for result in [t.gather(rows: [2, 0]), t.slice(rows: 1..<3), t.head(1), t.tail(2), t.gather(rows: [-1])] {
            #expect(result.display == [.plain, spend, note])
        }
        #expect(try t.appending(t).display == [.plain, spend, note])
    }

    @Test func columnOperationsMoveSettingsWithTheirColumns() throws {
        let t = try budgets()
        #expect(try t.selecting(["note", "usd"]).display == [note, spend])
        #expect(try t.dropping(["usd"]).display == [.plain, note])
        let renamed = try t.renaming("usd", to: "spending")
        #expect(renamed.names == ["year", "spending", "note"] && renamed.display == [.plain, spend, note])
        // Replacing a column's values keeps its settings.
        #expect(try t.setting("usd", to: .numbers([1, 2, 3])).display == [.plain, spend, note])
    }

    @Test func joinKeepsBothSidesSettings() throws {
        var right = try Table(names: ["year", "population"], columns: [.numbers([2024, 2026]), .numbers([5, 6])])
        right.display[0] = ColumnDisplay(label: "Fiscal year")  // the key column is the left table's
        right.display[1] = ColumnDisplay(format: "0.0", label: "Population (m)")
        let joined = try budgets().joined(right, on: ["year"], kind: .left)
        #expect(joined.names == ["year", "usd", "note", "population"])
        #expect(joined.display == [.plain, spend, note, ColumnDisplay(format: "0.0", label: "Population (m)")])
    }

    @Test func appendKeepsTheFirstTablesSettings() throws {
        let other = try Table(names: ["note", "usd", "year"], columns: [.strings(["d"]), .numbers([40]), .numbers([2027])])
        #expect(try budgets().appending(other).display == [.plain, spend, note])
        #expect(try other.appending(budgets()).display == [.plain, .plain, .plain])
    }
}

/// Settings given for the wrong number of columns are padded or cut to one per column.
@Test func displayHasOneSettingPerColumnWhoeverBuiltTheTable() throws {
    let label = ColumnDisplay(label: "A")
    #expect(Table(uncheckedNames: ["a", "b"], columns: [.numbers([1]), .numbers([2])], rowCount: 1, display: [label]).display == [label, .plain])
    #expect(try Table(names: ["a"], columns: [.numbers([1])], display: [label, label]).display == [label])
}
