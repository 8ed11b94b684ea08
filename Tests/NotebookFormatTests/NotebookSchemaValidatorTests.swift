import Foundation
import Testing
@testable import NotebookFormat

extension NotebookSchemaTests {
    /// The schema agrees with `check` where draft-07 can say it: an empty title and
    /// `export` on a markdown cell are refused, by a real validator (Python's
    /// `jsonschema`, which the nbformat test dependency brings).
    @Test func aValidatorRefusesWhatTheLoaderRefuses() throws {
        let instances: [(json: String, valid: Bool)] = [
            (#"{"folio": 1, "title": "T", "cells": [{"code": "1", "export": "a.csv"}]}"#, true),
            (#"{"folio": 1, "title": "T", "cells": [{"markdown": "m", "export": "a.csv"}]}"#, false),
            (#"{"folio": 1, "title": "", "cells": [{"code": "1"}]}"#, false),
            (#"{"folio": 1, "title": "   ", "cells": [{"code": "1"}]}"#, false),
            (#"{"folio": 1, "title": 2027, "cells": [{"code": "1"}]}"#, true),
        ]
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        for line in sys.stdin:
            errors = list(jsonschema.Draft7Validator(schema).iter_errors(json.loads(line)))
            print("valid" if not errors else "invalid")
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Self.committedSchemaPath]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(instances.map(\.json).joined(separator: "\n").utf8 + [0x0A]))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 with jsonschema is needed (make test-deps)")
        #expect(text.split(separator: "\n").map(String.init) == instances.map { $0.valid ? "valid" : "invalid" }, "\(text)")
        // The loader agrees on each.
        for instance in instances {
            let loads = (try? NotebookLoader.load(bytes: Array(instance.json.utf8), file: "x.yaml")) != nil
            #expect(loads == instance.valid, "\(instance.json)")
        }
    }
}
