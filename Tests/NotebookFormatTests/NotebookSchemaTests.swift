#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import NotebookFormat

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

    @Test func coversEveryKeyTheLoaderKnows() {
        for key in ["folio", "title", "subtitle", "author", "date", "description", "params", "data", "cells",
                    "markdown", "code", "id", "caption", "echo", "export"] {
            #expect(NotebookSchema.json.contains("\"\(key)\": {"), "\(key)")
        }
    }
}
