#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NotebookFormat
import Render

/// Site indexes written from output folders alone, by reading their manifests: a matrix
/// run's `OUT/STEM/index.html` after the run, and `folio index DIR` after the folders of
/// several shards were gathered. One code path for both, so that the gathered shards'
/// index is the unsharded run's, byte for byte.
package enum SiteIndexer {
    /// What `folio index DIR` wrote (paths of the index files), in the order written.
    package struct Written: Sendable, Equatable {
        package var indexes: [String]
        package var reports: Int
    }

    /// `folio index DIR`: when DIR's subfolders are reports, `DIR/index.html` lists them
    /// (a family's table when they are the runs of a matrix, else the batch list); when
    /// they are families (folders of a matrix's runs), each family's index is written and
    /// `DIR/index.html` lists the families.
    package static func index(directory: String) throws(Diagnostic) -> Written {
        let children = subfolders(of: directory)
        var reports: [(folder: String, manifest: Manifest)] = []
        var families: [String] = []
        for child in children {
            let path = Paths.appending(directory, child)
            if let manifest = try Manifest.read(folder: path) {
                reports.append((child, manifest))
            } else {
                for grandchild in subfolders(of: path) where try Manifest.read(folder: Paths.appending(path, grandchild))?.set != nil {
                    families.append(child)
                    break
                }
            }
        }
        if reports.isEmpty, families.isEmpty {
            throw .error(.nothingToIndex(directory), at: nil)
        }
        if !reports.isEmpty, !families.isEmpty {
            throw .error(.mixedIndexFolder(directory, report: reports[0].folder, family: families[0]), at: nil)
        }
        if !reports.isEmpty {
            if reports.allSatisfy({ $0.manifest.set != nil }) {
                try writeFamilyIndex(folder: directory, runs: reports)
            } else {
                try writeBatchIndex(folder: directory, runs: reports)
            }
            return Written(indexes: [Paths.appending(directory, "index.html")], reports: reports.count)
        }
        var written: [String] = []
        var count = 0
        for family in families {
            count += try writeFamilyIndex(folder: Paths.appending(directory, family))
            written.append(Paths.appending(Paths.appending(directory, family), "index.html"))
        }
        try writeFamiliesIndex(folder: directory, families: families)
        written.append(Paths.appending(directory, "index.html"))
        return Written(indexes: written, reports: count)
    }

    /// The index of one family's folder (`OUT/STEM`) over the runs found in it; the
    /// number of runs listed.
    @discardableResult
    package static func writeFamilyIndex(folder: String) throws(Diagnostic) -> Int {
        var runs: [(folder: String, manifest: Manifest)] = []
        for child in subfolders(of: folder) {
            if let manifest = try Manifest.read(folder: Paths.appending(folder, child)), manifest.set != nil {
                runs.append((child, manifest))
            }
        }
        try writeFamilyIndex(folder: folder, runs: runs)
        return runs.count
    }

    static func writeFamilyIndex(folder: String, runs: [(folder: String, manifest: Manifest)]) throws(Diagnostic) {
        let sorted = runs.sorted { ($0.manifest.set?.position ?? 0, $0.folder) < ($1.manifest.set?.position ?? 0, $1.folder) }
        var columns: [String] = []
        var entries: [FamilyEntry] = []
        for run in sorted {
            guard let set = run.manifest.set else { continue }
            var values: [String: String] = [:]
            for value in set.values {
                if values[value.name] == nil, !columns.contains(value.name) { columns.append(value.name) }
                values[value.name] = value.text
            }
            entries.append(FamilyEntry(position: set.position, folder: run.folder, values: values,
                                       status: run.manifest.runStatus, hasReport: run.manifest.hasReport))
        }
        let page = FamilyIndex.render(title: familyTitle(sorted.map(\.manifest)), notebookFile: sorted.first?.manifest.notebook ?? "",
                                      columns: columns, entries: entries, folioVersion: FolioVersion.current)
        try write(page, to: folder)
    }

    /// The batch list (as `folio run A.yaml B.yaml` writes it), runs in folder-name order.
    static func writeBatchIndex(folder: String, runs: [(folder: String, manifest: Manifest)]) throws(Diagnostic) {
        let entries = runs.map { run in
            SiteEntry(title: run.manifest.title ?? run.manifest.notebook, description: run.manifest.description,
                      folder: run.folder, status: run.manifest.runStatus, hasReport: run.manifest.hasReport)
        }
        try write(SiteIndex.render(entries, folioVersion: FolioVersion.current), to: folder)
    }

    /// `OUT/index.html` over several families (a matrix run of several notebooks), in
    /// folder-name order: each family's title, its count of sets and failures, a link.
    package static func writeFamiliesIndex(folder: String, families: [String]) throws(Diagnostic) {
        var entries: [SiteEntry] = []
        for family in families.sorted() {
            let path = Paths.appending(folder, family)
            var manifests: [Manifest] = []
            for child in subfolders(of: path) {
                if let manifest = try Manifest.read(folder: Paths.appending(path, child)), manifest.set != nil {
                    manifests.append(manifest)
                }
            }
            let failed = manifests.filter { $0.runStatus != "ok" }.count
            let summary = "\(manifests.count) parameter set\(manifests.count == 1 ? "" : "s")" + (failed > 0 ? ", \(failed) failed" : "")
            entries.append(SiteEntry(title: familyTitle(manifests), description: summary, folder: family,
                                     status: failed > 0 ? "failed" : "ok", hasReport: true))
        }
        try write(SiteIndex.render(entries, folioVersion: FolioVersion.current), to: folder)
    }

    /// The reports' common title, or the notebook's file name when titles differ (a
    /// title with `{{ }}` values).
    static func familyTitle(_ manifests: [Manifest]) -> String {
        guard let first = manifests.first else { return "Reports" }
        let title = first.title ?? first.notebook
        return manifests.allSatisfy({ $0.title == first.title }) ? title : first.notebook
    }

    /// Subfolders in name order (byte order, the same on every machine); hidden ones
    /// (`.folio-cache`) left out.
    static func subfolders(of folder: String) -> [String] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { name in
            !name.hasPrefix(".") && (try? manager.contentsOfDirectory(atPath: Paths.appending(folder, name))) != nil
        }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    static func write(_ page: String, to folder: String) throws(Diagnostic) {
        do {
            try AtomicWriter.write([OutputFile(path: "index.html", bytes: Array(page.utf8))], to: folder)
        } catch {
            throw .error(.cannotWriteIndex(folder, "\(error)"), at: nil)
        }
    }
}
