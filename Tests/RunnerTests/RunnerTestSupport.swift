import Foundation
@testable import Runner

/// A temporary folder holding notebooks and data files for one test.
struct Workspace {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("folio-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` (folders created) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: path(name)).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// A notebook with the given code cells (id, code) and optional params.
    func notebook(_ name: String, params: String = "", cells: [(String, String)]) throws -> String {
        var text = "folio: 1\ntitle: Test \(name)\n"
        if !params.isEmpty { text += "params:\n" + params.split(separator: "\n").map { "  \($0)\n" }.joined() }
        text += "cells:\n"
        for (id, code) in cells {
            text += "  - id: \(id)\n    code: |\n" + code.split(separator: "\n", omittingEmptySubsequences: false).map { "      \($0)\n" }.joined()
        }
        return try write(name, text)
    }

    /// Runs notebooks with options whose output folder defaults into this workspace.
    func run(_ paths: [String], _ configure: (inout RunOptions) -> Void = { _ in }) throws(UsageError) -> [NotebookRun] {
        var options = RunOptions(outputDirectory: path("out"), jobs: 2)
        configure(&options)
        return try Runner(options: options).run(paths: paths) { _ in }
    }
}
