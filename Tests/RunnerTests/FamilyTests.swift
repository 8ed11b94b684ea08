import Foundation
import NotebookFormat
import Render
import Testing
@testable import Runner

/// Matrix sets, their folder names and shard slices (the end-to-end behaviour is in
/// Tests/folioTests/FamilyTests.swift).
@Suite struct FamilyUnitTests {
    static func sets(_ text: String) throws -> [ParameterSet] {
        let workspace = try Workspace()
        let path = try workspace.write("m.yaml", text)
        var sources = SourceFiles()
        return try ParameterFile.readMatrix(path: path, sources: &sources).content
    }

    @Test func slugsComeFromNameElseFromTheValuesInKeyOrder() throws {
        let sets = try Self.sets("""
        - {ally: Japan, share: 2.5%, name: "Japan (base)"}
        - {ally: South Korea, share: -0.5%}
        - {years: [2025, 2030], flag: true}
        - {ally: "日本", share: 1}
        - {ally: "///"}

        """)
        #expect(sets.map(Family.slug) == ["japan-base", "south-korea-minus0.5pct", "2025-2030-true", "日本-1", "set-5"])
    }

    @Test func aMappingOfListsMakesEveryCombinationFirstKeySlowest() throws {
        let sets = try Self.sets("a: [1, 2]\nb: [x, y, z]\nc: true\n")
        #expect(sets.count == 6)
        #expect(sets.map(Family.slug) == ["1-x-true", "1-y-true", "1-z-true", "2-x-true", "2-y-true", "2-z-true"])
        #expect(sets.map(\.position) == Array(1...6))
        // Each value keeps its own place in the file.
        #expect(sets[4].settings[1].valueLocation.line == 2)
        #expect(sets[4].settings[1].valueLocation.column == 8)
    }

    @Test func aDuplicateKeyInASetIsAnError() throws {
        #expect(throws: DiagnosticList.self) { try Self.sets("- {a: 1, a: 2}\n") }
    }

    @Test func shardsAreDisjointAndCoverEveryRun() {
        #expect(Shard("3/2") == nil)
        #expect(Shard("0/4") == nil)
        #expect(Shard("1/1") != nil)
        #expect(Shard("2/4")?.index == 2)
        let shards = (1...4).compactMap { Shard(index: $0, count: 4) }
        for run in 0..<41 {
            #expect(shards.filter { $0.holds(run) }.count == 1)
        }
        #expect((0..<41).filter { shards[0].holds($0) }.count == 11)
    }

    @Test func safeNamesHaveNoPathCharactersAndStayShort() {
        #expect(Family.safe("../../etc/passwd") == "etc-passwd")
        #expect(Family.safe(".hidden.") == "hidden")
        #expect(Family.safe(String(repeating: "a", count: 200)).count == 80)
        #expect(Family.safe("A/B\\C:D") == "a-b-c-d")
    }
}

/// `folio diff`'s CSV comparison (end to end: Tests/folioTests/FamilyTests.swift).
@Suite struct OutputDiffTests {
    static func csv(_ text: String) -> RawCSV? { RawCSV(Array(text.utf8)) }

    @Test func fieldsAreReadAsRFC4180() throws {
        let table = try #require(Self.csv("a,b,c\r\n\"x, \"\"y\"\"\",,3\r\n1,2,\n"))
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rowCount == 2)
        #expect(table.text(row: 0, column: 0) == "x, \"y\"")
        #expect(table.text(row: 0, column: 1) == "")
        #expect(table.text(row: 1, column: 2) == "")
        #expect(Self.csv("a,b\n1\n") == nil, "a short row is not a table")
        #expect(Self.csv("a,b\n\"open\n") == nil, "an unterminated quote is not a table")
    }

    @Test func rowsMatchByAUniqueFirstColumnElseByPosition() throws {
        let old = try #require(Self.csv("id,v\n1,a\n2,b\n3,c\n"))
        let moved = try #require(Self.csv("id,v\n3,c\n1,a\n2,B\n4,d\n"))
        let keyed = OutputDiff.compareTables(old, moved)
        #expect(keyed.key == "id")
        #expect(keyed.cells == [CellChange(row: "2", column: "v", old: "b", new: "B")])
        #expect(keyed.addedRowCount == 1 && keyed.addedRows == ["4"] && keyed.removedRowCount == 0)
        let repeated = try #require(Self.csv("id,v\n1,a\n1,b\n"))
        let repeatedNew = try #require(Self.csv("id,v\n1,a\n1,c\n"))
        let positional = OutputDiff.compareTables(repeated, repeatedNew)
        #expect(positional.key == nil)
        #expect(positional.cells == [CellChange(row: "2", column: "v", old: "b", new: "c")])
    }

    @Test func columnsMatchByName() throws {
        let old = try #require(Self.csv("id,a,b\n1,x,y\n"))
        let new = try #require(Self.csv("id,b,c\n1,z,w\n"))
        let change = OutputDiff.compareTables(old, new)
        #expect(change.addedColumns == ["c"] && change.removedColumns == ["a"])
        #expect(change.cells == [CellChange(row: "1", column: "b", old: "y", new: "z")])
    }
}
