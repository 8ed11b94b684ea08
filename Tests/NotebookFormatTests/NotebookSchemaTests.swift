#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import NotebookFormat

@Suite struct NotebookSchemaTests {
    /// docs/notebook.schema.json, found from this file's path.
    static var committedSchemaPath: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/NotebookFormatTests/NotebookSchemaTests.swift
        return parts.joined(separator: "/") + "/docs/notebook.schema.json"
    }

    @Test func committedFileIsByteEqual() throws {
        let data = try #require(FileManager.default.contents(atPath: Self.committedSchemaPath))
        #expect(Array(data) == Array(NotebookSchema.json.utf8))
    }

    /// The example at the top of docs/notebook-format.md loads, its percent parameter
    /// read as a number.
    @Test func documentedExampleLoads() throws {
        let path = Self.committedSchemaPath.replacingAll("notebook.schema.json", with: "notebook-format.md")
        let data = try #require(FileManager.default.contents(atPath: path))
        let doc = String(decoding: data, as: UTF8.self)
        let parts = doc.split(separator: "```yaml\n", maxSplits: 1, omittingEmptySubsequences: false)
        try #require(parts.count == 2)
        let example = String(parts[1].split(separator: "```", maxSplits: 1)[0])
        let notebook = try NotebookLoader.load(bytes: Array(example.utf8), file: "example.yaml")
        #expect(notebook.cells.count == 2)
        #expect(notebook.warnings.isEmpty)
        #expect(notebook.params.first { $0.name == "growth" }?.value == .number(0.025))
        #expect(notebook.date == "2026-11-25")
    }

    @Test func isDraft07WithClosedObjects() {
        let json = NotebookSchema.json
        #expect(json.hasPrefix("{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\""))
        #expect(json.hasSuffix("}\n"))
        #expect(json.contains("\"additionalProperties\": false"))
        #expect(json.contains("\"pattern\": \"^[a-z][a-z0-9-]*$\""))
        #expect(json.contains("\"oneOf\""))
    }

    /// The schema's properties at the top level and in a cell are exactly the keys the
    /// loader accepts there (its own lists, which name the keys in its "unknown key"
    /// messages), so a key added to one and not the other fails here.
    @Test func coversEveryKeyTheLoaderKnows() throws {
        let schema = try JSONDecoder().decode(SchemaKeys.self, from: Data(NotebookSchema.json.utf8))
        #expect(schema.properties.keys.sorted() == NotebookValidator.topLevelKeys.sorted())
        #expect(schema.definitions.cell.properties.keys.sorted() == NotebookValidator.cellKeys.sorted())
    }

    /// A `data:` entry's mapping has exactly the loader's keys.
    @Test func dataEntryKeysMatchTheLoader() throws {
        let json = NotebookSchema.json
        let start = try #require(json.firstRange(of: "\"data\": {"))
        let end = try #require(json.firstRange(of: "\"cells\": {"))
        let section = String(json[start.upperBound..<end.lowerBound])
        // The mapping's keys: the lines `"KEY": {` indented as its `"path": {`.
        let lines = section.split(separator: "\n")
        let indent = try #require(lines.first { $0.hasSuffix("\"path\": {") }).prefix { $0 == " " }.count
        let keys = lines.compactMap { line -> String? in
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("\""), trimmed.hasSuffix("\": {"), line.prefix(while: { $0 == " " }).count == indent else { return nil }
            return String(trimmed.dropFirst().dropLast(4))
        }
        #expect(keys == NotebookValidator.dataKeys)
    }

    /// Every key of the loader's lists is one it accepts: a notebook using them all loads
    /// without an "unknown key" diagnostic (the lists and the validator's `switch` agree).
    @Test func theLoaderAcceptsEveryKeyOfItsLists() throws {
        let values = ["folio": "1", "title": "t", "subtitle": "s", "author": "a", "date": "d", "description": "x",
                      "params": "{}", "data": "{}", "cells": "[{markdown: m, id: c, caption: c, echo: true}, {code: '1', export: e.csv, label: fig-a, expect: error}]"]
        let text = NotebookValidator.topLevelKeys.map { "\($0): \(values[$0] ?? "?")\n" }.joined()
        do {
            let notebook = try NotebookLoader.load(bytes: Array(text.utf8), file: "all.yaml")
            #expect(notebook.warnings.isEmpty, "\(notebook.warnings)")
        } catch {
            Issue.record("\(error.diagnostics)")
        }
        // The cells above use every cell key.
        for key in NotebookValidator.cellKeys {
            #expect(values["cells"]?.contains("\(key): ") == true, "no cell uses `\(key)`")
        }
    }
}

/// The keys of the schema's `properties` objects (top level and cell); values ignored.
private struct SchemaKeys: Decodable {
    struct Ignored: Decodable {
        init(from decoder: any Decoder) throws {}
    }
    struct Object: Decodable {
        var properties: [String: Ignored]
    }
    struct Definitions: Decodable {
        var cell: Object
    }
    var properties: [String: Ignored]
    var definitions: Definitions
}
