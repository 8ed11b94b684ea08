import CSQLite
import Foundation
import Render
import Testing
@testable import NotebookFormat
@testable import Runner

/// `data:` entries of every kind through a whole run: tables bound, the read rules, the
/// manifest's hashes, the cache, errors at the entry's key, hostile databases.
@Suite struct DataSourceNotebookTests {
    /// The SIPRI-style workbook of the example notebooks (made by openpyxl).
    static var sipriWorkbook: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/RunnerTests/DataSourceNotebookTests.swift
        return parts.joined(separator: "/") + "/Notebooks/data/sipri_milex.xlsx"
    }

    /// A workspace with the SIPRI workbook, a JSON file, a JSON Lines file and a SQLite
    /// database, under `data/`.
    static func workspace() throws -> Workspace {
        let ws = try Workspace()
        try ws.write("data/spend.json", #"[{"country": "Japan", "usd": 55.3, "year": "2024-12-31"}, {"country": "China", "usd": 314, "estimate": true}]"#)
        try ws.write("data/spend.jsonl", "{\"country\": \"Japan\", \"usd\": 55.3}\n{\"country\": \"China\", \"usd\": 314}\n")
        try FileManager.default.copyItem(atPath: sipriWorkbook, toPath: ws.path("data/sipri.xlsx"))
        try SQLiteFixture.create(ws.path("data/spend.db"), """
            CREATE TABLE spend(country TEXT, year INTEGER, usd REAL, raw BLOB);
            INSERT INTO spend VALUES ('Japan', 2024, 55.3, x'00'), ('China', 2024, 314, NULL), ('Japan', 2023, 50.2, NULL);
            """)
        return ws
    }

    static func notebook(_ ws: Workspace, data: String, code: String) throws -> String {
        try ws.write("nb.yaml", "folio: 1\ntitle: Data\ndata:\n" + data + "cells:\n  - id: c\n    code: |\n"
            + code.split(separator: "\n").map { "      \($0)\n" }.joined())
    }

    @Test func everyKindIsATableAndAnInputOfTheRun() throws {
        let ws = try Self.workspace()
        let path = try Self.notebook(ws, data: """
              milex: {path: data/sipri.xlsx, sheet: "Current US$", range: "A5:M8"}
              shares: {path: data/sipri.xlsx, sheet: Share of GDP, range: "A5:D40"}
              j: data/spend.json
              l: data/spend.jsonl
              q:
                path: data/spend.db
                query: SELECT country, usd FROM spend WHERE year = 2024 ORDER BY usd DESC

            """, code: """
            check(first(where(milex, Country == "Japan")["2024"]) == 55.3, "xlsx")
            check(first(where(milex, Country == "United States")["2014"]) == 610, "xlsx 2014")
            check(first(where(shares, Country == "Japan")["2024"]) == 1.4, "shares")
            check(year(first(j.year)) == 2024 and last(j.estimate) == true and count(j.estimate) == 1, "json")
            check(sum(l.usd) == 369.3, "jsonl")
            check(equal(q.country, ["China", "Japan"]), "sqlite")
            len(milex) + len(j) + len(l) + len(q)
            """)
        let run = try #require(try ws.run([path]).first)
        #expect(run.status == .ok, "\(run.diagnostics)")
        let manifest = try #require(ws.read("out/manifest.json"))
        for file in ["data/sipri.xlsx", "data/spend.json", "data/spend.jsonl", "data/spend.db"] {
            let bytes = try #require(FileManager.default.contents(atPath: ws.path(file)))
            #expect(manifest.contains("\"path\": \"\(file)\",\n      \"sha256\": \"\(SHA256.hex([UInt8](bytes)))\""), "\(file)")
        }
        #expect(run.inputPaths.contains(ws.path("data/spend.db")))
    }

    @Test func theReadRulesApplyToEveryKind() throws {
        let ws = try Self.workspace()
        let outside = try Workspace()
        try FileManager.default.copyItem(atPath: Self.sipriWorkbook, toPath: outside.path("sipri.xlsx"))
        let path = try Self.notebook(ws, data: "  x: {path: \(outside.path("sipri.xlsx")), range: \"A5:M8\"}\n", code: "len(x)")
        let refused = try #require(try ws.run([path]).first)
        #expect(refused.status == .invalid)
        #expect(refused.diagnostics.first?.message.contains("outside the notebook's folder") == true)
        #expect(refused.diagnostics.first?.location == SourceLocation(file: path, line: 4, column: 13))
        let allowed = try #require(try ws.run([path]) { $0.allowRead = [outside.root.path] }.first)
        #expect(allowed.status == .ok, "\(allowed.diagnostics)")
    }

    @Test func errorsPointAtTheSheetTheRangeOrTheQuery() throws {
        let ws = try Self.workspace()
        let cases: [(String, Int, Int, String)] = [
            ("  x: {path: data/sipri.xlsx, sheet: Current USD}\n", 4, 37, "no sheet `Current USD`; did you mean `Current US$`?"),
            ("  x: {path: data/sipri.xlsx, range: \"A40:C50\"}\n", 4, 37, "the range A40:C50 holds no cells"),
            ("  x: {path: data/spend.db, query: \"SELECT raw FROM spend\"}\n", 4, 35, "column `raw` holds binary data"),
            ("  x: {path: data/spend.db, query: \"SELECT nope FROM spend\"}\n", 4, 35, "no such column: nope"),
        ]
        for (data, line, column, message) in cases {
            let path = try Self.notebook(ws, data: data, code: "len(x)")
            let run = try #require(try ws.run([path]).first)
            #expect(run.status == .invalid)
            #expect(run.diagnostics.first?.location == SourceLocation(file: path, line: line, column: column), "\(data)")
            #expect(run.diagnostics.first?.message.contains(message) == true, "\(run.diagnostics)")
        }
    }

    @Test func malformedJSONNamesTheFilesLineAndColumn() throws {
        let ws = try Self.workspace()
        try ws.write("data/bad.json", "[{\"a\": 1},\n {\"a\": {\"b\": 2}}]")
        let path = try Self.notebook(ws, data: "  x: data/bad.json\n", code: "len(x)")
        let run = try #require(try ws.run([path]).first)
        let error = try #require(run.diagnostics.first)
        #expect(error.location == SourceLocation(file: path, line: 4, column: 6))
        #expect(error.message.contains("in `data/bad.json` line 2"))
        #expect(error.notes.first?.location == SourceLocation(file: "data/bad.json", line: 2, column: 8))
        #expect(error.notes.first?.message.contains("`[1].a`") == true)
    }

    /// A query that would write is refused and the database's bytes are unchanged.
    @Test func aWritingQueryLeavesTheDatabaseUnchanged() throws {
        let ws = try Self.workspace()
        let db = ws.path("data/spend.db")
        let before = try #require(FileManager.default.contents(atPath: db))
        for query in ["WITH x AS (SELECT 1) DELETE FROM spend", "WITH x AS (SELECT 1) UPDATE spend SET usd = 0",
                      "SELECT load_extension('libevil')", "SELECT 1; DROP TABLE spend"] {
            let path = try Self.notebook(ws, data: "  x: {path: data/spend.db, query: \"\(query)\"}\n", code: "len(x)")
            let run = try #require(try ws.run([path]).first)
            #expect(run.status == .invalid, "\(query)")
            #expect(run.diagnostics.first?.message.contains("the query on `data/spend.db`") == true, "\(run.diagnostics)")
        }
        #expect(FileManager.default.contents(atPath: db) == before)
        #expect(!ws.exists("data/spend.db-journal") && !ws.exists("data/spend.db-wal"))
    }

    /// `--cache`: a cell reading a data table runs again when the file changes.
    @Test func theCacheSeesAChangedFile() throws {
        let ws = try Self.workspace()
        let path = try Self.notebook(ws, data: "  j: data/spend.jsonl\n", code: "sum(j.usd)")
        let first = try #require(try ws.run([path]) { $0.cache = true }.first)
        #expect(first.status == .ok)
        let again = try #require(try ws.run([path]) { $0.cache = true }.first)
        #expect(again.cells.first?.cached == true)
        try ws.write("data/spend.jsonl", "{\"country\": \"Japan\", \"usd\": 1}\n")
        let changed = try #require(try ws.run([path]) { $0.cache = true }.first)
        #expect(changed.cells.first?.cached == false)
        #expect(ws.read("out/nb/index.html")?.contains(">1<") == true || ws.read("out/index.html")?.contains(">1<") == true)
    }
}

enum SQLiteFixture {
    struct Failed: Error {}

    /// A database file made by SQLite itself.
    static func create(_ path: String, _ sql: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw Failed() }
        defer { sqlite3_close(db) }
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw Failed() }
    }
}
