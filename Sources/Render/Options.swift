import NotebookFormat

// What the caller asks of Render for one run.

/// The `--format` values.
package struct OutputFormats: OptionSet, Sendable, Hashable {
    package let rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }

    package static let html = OutputFormats(rawValue: 1 << 0)
    package static let csv = OutputFormats(rawValue: 1 << 1)
    package static let json = OutputFormats(rawValue: 1 << 2)
    package static let ipynb = OutputFormats(rawValue: 1 << 3)

    /// SPEC §6: html and csv unless `--format` says otherwise.
    package static let `default`: OutputFormats = [.html, .csv]
}

/// `--paper`: the page size a printed report (the PDF) is laid out on.
package enum PaperSize: String, Sendable, CaseIterable {
    case a4, letter

    /// The CSS `@page` size.
    var cssSize: String { self == .a4 ? "A4" : "letter" }
}

/// An input file of the run as the manifest lists it.
package struct InputFile: Sendable, Equatable {
    /// Relative to the notebook's folder (the notebook itself is its file name).
    package var path: String
    /// Lowercase hex, from `SHA256.hex`.
    package var sha256: String

    package init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}

package struct RenderOptions: Sendable {
    package var formats: OutputFormats
    /// `--unsafe-html`: raw HTML in Markdown passes through (GitHub's tag filter still applies).
    package var unsafeHTML: Bool
    /// `--csv-safe`, passed to `CSV.write`.
    package var csvSafe: Bool
    /// Written into the manifest, the HTML's generator line and the ipynb metadata.
    package var folioVersion: String
    /// In the order the manifest lists them (the notebook first, then data files).
    package var inputFiles: [InputFile]
    /// Local images of the Markdown cells: destination as written → `data:` URI.
    package var images: [String: String] = [:]
    /// The page size of a print (the PDF); `nil` leaves it to the browser that prints (the
    /// written HTML report: a reader printing it gets their own default paper).
    package var paper: PaperSize? = nil
    /// How the run ended (`ok` or `failed`), written into the manifest for `folio index`.
    package var status = "ok"
    /// The run's set when it is one of a matrix's runs (the manifest records it).
    package var set: ReportSet?

    package init(formats: OutputFormats = .default, unsafeHTML: Bool = false, csvSafe: Bool = false,
                folioVersion: String, inputFiles: [InputFile] = [], images: [String: String] = [:]) {
        self.images = images
        self.formats = formats
        self.unsafeHTML = unsafeHTML
        self.csvSafe = csvSafe
        self.folioVersion = folioVersion
        self.inputFiles = inputFiles
    }
}

/// A matrix set as the manifest records it, so that a site index can be written from the
/// output folders alone (`folio index`, after shards are gathered).
package struct ReportSet: Sendable, Equatable {
    /// 1-based position in the matrix.
    package var position: Int
    /// The folder name (`OUT/STEM/SLUG`).
    package var slug: String
    /// The set's own values, in the matrix file's key order: name, value, display text.
    package var values: [(name: String, value: ParamValue, text: String)]

    package init(position: Int, slug: String, values: [(name: String, value: ParamValue, text: String)]) {
        self.position = position
        self.slug = slug
        self.values = values
    }

    package static func == (a: Self, b: Self) -> Bool {
        guard a.position == b.position, a.slug == b.slug, a.values.count == b.values.count else { return false }
        for (x, y) in zip(a.values, b.values) where x.name != y.name || x.value != y.value || x.text != y.text {
            return false
        }
        return true
    }
}
