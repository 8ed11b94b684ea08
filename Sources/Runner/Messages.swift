import Language
import NotebookFormat

// The wording of every diagnostic the Runner raises (see `Diagnostic.Message`).

extension Diagnostic.Message {
    // MARK: usage (exit status 2, before anything runs)

    /// `-p NAME=…` where no notebook of the run declares `NAME`.
    static func unknownParameter(_ name: String, declared: [String]) -> Self {
        "-p \(name)=…: no parameter `\(name)` (\(declaredHint(declared)))"
    }

    static func declaredHint(_ declared: [String]) -> String {
        declared.isEmpty ? "the notebook declares no parameters" : "parameters: \(declared.joined(separator: ", "))"
    }

    /// `-p NAME=TEXT` whose value does not read; `problem` is the reader's message.
    static func unreadableParameter(_ name: String, text: String, problem: String) -> Self {
        "-p \(name)=\(text): \(problem)"
    }

    static func parameterType(_ name: String, text: String, expected: String, got: String) -> Self {
        "-p \(name)=\(text): `\(name)` is a \(expected), got a \(got)"
    }

    /// `folio check`: cells without a readable `markdown:`/`code:` (reported) are not
    /// checked as code, so a name only they bind is reported as unknown.
    static func cellsLeftOutOfLanguageChecks(_ count: Int) -> Self {
        Self("\(count) cell\(count == 1 ? "" : "s") could not be read and \(count == 1 ? "was" : "were") left out of the language checks: "
             + "a name only \(count == 1 ? "it binds" : "they bind") may be reported as unknown")
    }

    /// `-p grid=[1%, "x"]` for a list of numbers: element `position` (1-based) is `got`.
    static func parameterElementType(_ name: String, text: String, expected: String, position: Int, got: ParamValue) -> Self {
        let shown: String
        switch got {
        case .string(let s): shown = "the string \"\(s)\""
        case .bool(let b): shown = "the bool `\(b)`"
        case .number: shown = "a number"
        case .list: shown = "a list"
        }
        return Self("-p \(name)=\(text): `\(name)` is a \(expected), but element \(position) is \(shown)")
    }

    static func sharedOutputFolder(_ path: String, _ other: String, folder: String) -> Self {
        "\(path) and \(other) would both write to \(folder); run them separately or rename one"
    }

    static func outputHoldsInput(folder: String, input: String) -> Self {
        "output folder \(folder) holds an input of the run (\(input)); choose another with -o"
    }

    // MARK: data files

    static func readOutsideFolder(_ path: String) -> Self {
        .cannotRead(path, "it is outside the notebook's folder (use --allow-read DIR to allow another folder)")
    }

    static func noSuchDataFile(_ path: String, suggestion: String? = nil) -> Self {
        .cannotRead(path, "no such file in the notebook's folder" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""))
    }

    static func dataFileNotRegular(_ path: String) -> Self {
        .cannotRead(path, "it is not a regular file (a folder, a pipe or a device)")
    }

    static func dataFileTooLarge(_ path: String, size: Double, limit: Double, used: Double) -> Self {
        .cannotRead(path, "it is \(MemoryUse.text(size)) and its table would not fit in the memory limit of "
                    + "\(MemoryUse.text(limit)) (the run already uses \(MemoryUse.text(used)))")
    }

    static func dataFileReadFailed(_ path: String) -> Self {
        .cannotRead(path, "reading failed before its end")
    }

    /// A malformed CSV file: the error at the cell, the CSV's own line in a note.
    static func malformedCSV(_ path: String, line: Int, problem: String) -> Self {
        "in `\(path)` line \(line): \(problem)"
    }

    /// A malformed JSON file: the error at the entry, the file's own line and column in a note.
    static func malformedDataFile(_ path: String, line: Int, problem: String) -> Self {
        "in `\(path)` line \(line): \(problem)"
    }

    /// A database query that SQLite or the read-only rules refused.
    static func badQuery(_ path: String, problem: String) -> Self {
        "the query on `\(path)`: \(problem)"
    }

    // MARK: outputs

    /// A chart's annotations that its axes do not reach (a warning: the chart is drawn).
    static func annotationsOutsideAxes(_ outside: Int, of count: Int) -> Self {
        let which = count == 1 ? "the annotation lies" : outside == 1 ? "1 of \(count) annotations lies" : "\(outside) of \(count) annotations lie"
        return "\(which) outside the chart's axes and \(outside == 1 ? "is" : "are") not drawn; move \(outside == 1 ? "it" : "them") inside the data's range or widen the axis with x_min/x_max/y_min/y_max"
    }

    static func imageOutsideFolder(_ path: String) -> Self {
        "image `\(path)` is outside the notebook's folder; move it inside, or allow its folder with --allow-read"
    }

    static func noSuchImage(_ path: String) -> Self {
        "image `\(path)` does not exist (paths are relative to the notebook's folder)"
    }

    static func imageNotAFile(_ path: String) -> Self {
        "image `\(path)` is not a regular file"
    }

    static func imageTooLarge(_ path: String, size: Int) -> Self {
        let megabytes = (Double(size) / 1_048_576 * 10).rounded() / 10
        return "image `\(path)` is \(megabytes) MB; images are embedded in the report, at most 10 MB each"
    }

    static func svgImageRefused(_ path: String) -> Self {
        "image `\(path)` is an SVG file, which can hold scripts: convert it to PNG (or show a chart from data)"
    }

    static func notAnImage(_ path: String) -> Self {
        "image `\(path)` is not a PNG, JPEG, GIF or WebP image (judged by its first bytes)"
    }

    static func noBrowserForPDF(_ tried: [String]) -> Self {
        "--format pdf prints the report with headless Chromium, and none was found (tried FOLIO_CHROMIUM, then \(tried.joined(separator: ", ")) on PATH); install Debian's `chromium` package (apt-get install chromium), or set FOLIO_CHROMIUM to a Chromium or Chrome executable"
    }

    static func cannotPrintPDF(_ problem: String) -> Self {
        "cannot print the PDF: \(problem)"
    }

    static func cannotWriteOutputs(_ problem: String) -> Self {
        "cannot write the outputs: \(problem)"
    }
}

extension Diagnostic.Message {
    // MARK: parameter files and matrices (usage, exit status 2)

    /// `prefix`: `set 3: ` for a matrix set, empty for a `-f` file.
    static func unknownSetting(_ name: String, prefix: String, declared: [String]) -> Self {
        "\(prefix)no parameter `\(name)` (\(declaredHint(declared)))"
    }

    static func settingType(_ name: String, prefix: String, expected: String, got: String) -> Self {
        "\(prefix)`\(name)` is a \(expected), got a \(got)"
    }

    static func optionOverridesMatrix(_ name: String, position: Int) -> Self {
        "set \(position) sets `\(name)`, and so does -p \(name)=…: drop one (a -p would give every set the same value)"
    }

    static func duplicateSlug(_ slug: String, position: Int, other: Int) -> Self {
        "set \(position) would write to the same folder `\(slug)` as set \(other); give one a distinct `name:`"
    }

    static func otherSetHere(_ position: Int) -> Self {
        "set \(position) is here"
    }

    /// A `-f`/`--matrix` file that failed without saying why.
    static var parameterFileUnreadable: Self { "cannot read the parameter file" }
}

extension Diagnostic.Message {
    // MARK: site indexes (`folio index`)

    static func notAManifest(_ path: String) -> Self {
        "`\(path)` is not a folio manifest (it does not read as one)"
    }

    static func nothingToIndex(_ folder: String) -> Self {
        "`\(folder)` holds no report: no subfolder has a manifest.json (folders of reports, or of a matrix's reports, are indexed)"
    }

    static func mixedIndexFolder(_ folder: String, report: String, family: String) -> Self {
        "`\(folder)` holds both a report (`\(report)`) and a folder of a matrix's reports (`\(family)`); index each folder on its own"
    }

    static func cannotWriteIndex(_ folder: String, _ problem: String) -> Self {
        "cannot write \(folder)/index.html: \(problem)"
    }
}

extension Diagnostic.Message {
    // MARK: folio diff

    static func cannotWriteDiffPage(_ path: String, _ problem: String) -> Self {
        "cannot write \(path): \(problem)"
    }

    static func manifestPathOutside(_ folder: String, _ path: String) -> Self {
        "`\(folder)/manifest.json` lists `\(path)`, which is not inside its folder; folio diff reads only the folder's own files"
    }

    static func noManifest(_ folder: String) -> Self {
        "`\(folder)` has no manifest.json: give two output folders of `folio run`"
    }

    static func differentNotebooks(old: String, oldNotebook: String, new: String, newNotebook: String) -> Self {
        "`\(old)` holds the outputs of \(oldNotebook) and `\(new)` those of \(newNotebook): folio diff compares two runs of one notebook"
    }
}
