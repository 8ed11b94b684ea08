// What the caller asks of Render for one run.

/// The `--format` values.
public struct OutputFormats: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let html = OutputFormats(rawValue: 1 << 0)
    public static let csv = OutputFormats(rawValue: 1 << 1)
    public static let json = OutputFormats(rawValue: 1 << 2)
    public static let ipynb = OutputFormats(rawValue: 1 << 3)

    /// SPEC §6: html and csv unless `--format` says otherwise.
    public static let `default`: OutputFormats = [.html, .csv]
}

/// An input file of the run as the manifest lists it.
public struct InputFile: Sendable, Equatable {
    /// Relative to the notebook's folder (the notebook itself is its file name).
    public var path: String
    /// Lowercase hex, from `SHA256.hex`.
    public var sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}

public struct RenderOptions: Sendable {
    public var formats: OutputFormats
    /// `--unsafe-html`: raw HTML in Markdown passes through (GitHub's tag filter still applies).
    public var unsafeHTML: Bool
    /// `--csv-safe`, passed to `CSV.write`.
    public var csvSafe: Bool
    /// Written into the manifest, the HTML's generator line and the ipynb metadata.
    public var folioVersion: String
    /// In the order the manifest lists them (the notebook first, then data files).
    public var inputFiles: [InputFile]

    public init(formats: OutputFormats = .default, unsafeHTML: Bool = false, csvSafe: Bool = false,
                folioVersion: String, inputFiles: [InputFile] = []) {
        self.formats = formats
        self.unsafeHTML = unsafeHTML
        self.csvSafe = csvSafe
        self.folioVersion = folioVersion
        self.inputFiles = inputFiles
    }
}
