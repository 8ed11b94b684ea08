import NotebookFormat
import ReportModel

/// What `-f FILE` and `--matrix FILE` contributed to a run, read before anything runs.
struct ParameterInputs: Sendable {
    /// `-f`'s values, in file order.
    var fileSettings: [ParameterSetting] = []
    /// `--matrix`'s sets; nil without a matrix.
    var sets: [ParameterSet]?
    /// The files' text, for excerpts under usage errors.
    var sources = SourceFiles()
    /// Bool-looking words in the files (warnings, shown once).
    var warnings: [Diagnostic] = []

    /// Reads the files `options` names; a file that does not read, or holds a value that
    /// is not a parameter value, is a usage error at its place.
    static func read(_ options: RunOptions) throws(UsageError) -> ParameterInputs {
        var inputs = ParameterInputs()
        do {
            if let path = options.parameterFile {
                let read = try ParameterFile.readValues(path: path, sources: &inputs.sources)
                inputs.fileSettings = read.content
                inputs.warnings += read.warnings
            }
            if let path = options.matrixFile {
                let read = try ParameterFile.readMatrix(path: path, sources: &inputs.sources)
                inputs.sets = read.content
                inputs.warnings += read.warnings
            }
        } catch {
            // The first (in file order); the rest would be found the next time round.
            let first = error.diagnostics.first ?? .error(.parameterFileUnreadable, at: nil)
            throw UsageError(first, sources: inputs.sources)
        }
        return inputs
    }
}

/// A parameter's value chosen outside the notebook, with where it came from.
struct Override: Sendable {
    enum Source: Sendable, Equatable {
        /// `-f FILE`.
        case file
        /// `-p name=value`.
        case option
        /// A matrix set.
        case set
    }

    var name: String
    var value: ParamValue
    var notation: ParamNotation
    var warnings: [Diagnostic] = []
    var source: Source

    init(name: String, value: ParamValue, notation: ParamNotation, warnings: [Diagnostic] = [], source: Source) {
        self.name = name
        self.value = value
        self.notation = notation
        self.warnings = warnings
        self.source = source
    }

    /// A file's or a set's value, checked like a `-p` (a parameter of some notebook, of
    /// the default's type), the error at its place in the file.
    init(checking setting: ParameterSetting, source: Source, against parameters: [Parameter], in notebooks: [Notebook],
         inputs: ParameterInputs, set: ParameterSet? = nil) throws(UsageError) {
        let prefix = set.map { "set \($0.position): " } ?? ""
        guard !parameters.isEmpty else {
            throw UsageError(.error(.unknownSetting(setting.name, prefix: prefix, declared: Override.names(notebooks)),
                                    at: setting.location), sources: inputs.sources)
        }
        for parameter in parameters where !setting.value.fits(parameter.value) {
            throw UsageError(.error(.settingType(setting.name, prefix: prefix, expected: parameter.value.typeDescription,
                                                 got: setting.value.typeDescription), at: setting.valueLocation),
                             sources: inputs.sources)
        }
        self.init(name: setting.name, value: setting.value, notation: setting.notation, source: source)
    }

    /// Every parameter name the notebooks declare, sorted, for messages.
    static func names(_ notebooks: [Notebook]) -> [String] {
        Array(Set(notebooks.flatMap { $0.params.map(\.name) })).sorted()
    }
}

extension [Override] {
    /// Adds an override, replacing an earlier one of the same name and source.
    mutating func set(_ override: Override) throws(UsageError) {
        removeAll { $0.name == override.name && $0.source == override.source }
        append(override)
    }
}

/// One run of a matrix: its set, the folder it writes (`OUT/STEM/SLUG`), and the values
/// it overrides.
struct FamilyMember: Sendable {
    var set: ParameterSet
    var slug: String
    var overrides: [Override]
}

enum Family {
    /// The parameter name whose value, when a set has it, is the set's folder name; it is
    /// passed to the notebook only when the notebook declares it.
    static let nameKey = "name"

    /// Checks every set against the notebooks and names its folder; the first problem is
    /// a usage error at its place in the matrix file.
    static func members(_ sets: [ParameterSet], notebooks: [Notebook], overrides: [Override],
                        inputs: ParameterInputs) throws(UsageError) -> [FamilyMember] {
        var members: [FamilyMember] = []
        members.reserveCapacity(sets.count)
        var slugs: [String: ParameterSet] = [:]
        for set in sets {
            var setOverrides: [Override] = []
            for setting in set.settings {
                let declaring = notebooks.compactMap { $0.params.first { $0.name == setting.name } }
                if setting.name == nameKey, declaring.isEmpty { continue }
                if overrides.contains(where: { $0.name == setting.name && $0.source == .option }) {
                    throw UsageError(.error(.optionOverridesMatrix(setting.name, position: set.position), at: setting.location),
                                     sources: inputs.sources)
                }
                setOverrides.append(try Override(checking: setting, source: .set, against: declaring, in: notebooks,
                                                 inputs: inputs, set: set))
            }
            let slug = slug(for: set)
            if let other = slugs[slug] {
                throw UsageError(.error(.duplicateSlug(slug, position: set.position, other: other.position), at: set.location,
                                        notes: [Diagnostic(.note, .otherSetHere(other.position), at: other.location)]),
                                 sources: inputs.sources)
            }
            slugs[slug] = set
            members.append(FamilyMember(set: set, slug: slug, overrides: setOverrides))
        }
        return members
    }

    /// The set's folder name: its `name` value when it has one, else its values joined by
    /// `-` in the file's key order; made safe as one file name on every system (see `safe`).
    static func slug(for set: ParameterSet) -> String {
        let texts: [String]
        if let name = set.settings.first(where: { $0.name == nameKey }) {
            texts = [name.value.displayText(name.notation)]
        } else {
            texts = set.settings.map { $0.value.displayText($0.notation) }
        }
        let slug = safe(texts.map(safeValue).joined(separator: "-"))
        return slug.isEmpty ? "set-\(set.position)" : slug
    }

    /// A value's part of a slug: a leading minus sign spelled `minus` (so `-1` and `1`
    /// stay apart) and `%` spelled `pct`.
    static func safeValue(_ text: String) -> String {
        var text = text
        if text.hasPrefix("-") { text = "minus" + text.dropFirst() }
        return text.replacing("%", with: "pct")
    }

    /// Lowercase letters and digits (any script), `.`, `_` and `-`; every other run of
    /// characters becomes one `-`; no `-` or `.` at either end; at most 80 characters.
    /// Lowercase, so that two sets cannot differ only in case (one folder on macOS).
    static func safe(_ text: String) -> String {
        var out = ""
        var dash = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "." || character == "_" || character == "-" {
                if character == "-" {
                    if !dash { out.append("-") }
                    dash = true
                } else {
                    out.append(character)
                    dash = false
                }
            } else if !dash {
                out.append("-")
                dash = true
            }
        }
        var trimmed = Substring(out)
        while let first = trimmed.first, first == "-" || first == "." { trimmed = trimmed.dropFirst() }
        if trimmed.count > 80 { trimmed = trimmed.prefix(80) }
        while let last = trimmed.last, last == "-" || last == "." { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}
