import Foundation
import NotebookFormat
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
