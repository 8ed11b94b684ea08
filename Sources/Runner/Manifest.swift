#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NotebookFormat

/// The parts of an output folder's `manifest.json` that `folio index` and `folio diff`
/// read back (the writer is Render's `ReportFiles.manifest`).
package struct Manifest: Sendable, Decodable {
    package struct File: Sendable, Decodable, Equatable {
        package var path: String
        package var sha256: String
    }

    package struct CellEntry: Sendable, Decodable {
        package var id: String
        package var status: String
    }

    package struct SetValue: Sendable, Decodable {
        package var name: String
        package var text: String
    }

    package struct SetEntry: Sendable, Decodable {
        package var position: Int
        package var name: String
        package var values: [SetValue]
    }

    package var notebook: String
    package var title: String?
    package var description: String?
    package var status: String?
    package var set: SetEntry?
    package var parameters: [Parameter]?
    package var cells: [CellEntry]
    package var outputs: [File]

    /// `ok` or `failed`: as recorded, or (a manifest of an older folio) from the cells.
    package var runStatus: String {
        status ?? (cells.contains { $0.status == "error" } ? "failed" : "ok")
    }

    package var hasReport: Bool { outputs.contains { $0.path == "index.html" } }

    /// The manifest in `folder`, `nil` when there is none; a file that is there but does
    /// not read as a manifest is an error naming it.
    package static func read(folder: String) throws(Diagnostic) -> Manifest? {
        let path = Paths.appending(folder, "manifest.json")
        guard let bytes = FileBytes.contents(of: path) else { return nil }
        do {
            return try JSONDecoder().decode(Manifest.self, from: Data(bytes))
        } catch {
            throw .error(.notAManifest(path), at: nil)
        }
    }
}
