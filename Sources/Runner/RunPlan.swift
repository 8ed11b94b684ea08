import NotebookFormat

/// A notebook file as read from disk: its text (for diagnostics) and the notebook, or
/// the diagnostics that kept it from loading.
struct LoadedNotebook: Sendable {
    let path: String
    let notebook: Notebook?
    let diagnostics: [Diagnostic]
    let sources: SourceFiles

    init(path: String) {
        self.path = path
        var sources = SourceFiles()
        do {
            let notebook = try NotebookLoader.load(path: path, sources: &sources)
            self.notebook = notebook
            self.diagnostics = []
        } catch {
            self.notebook = nil
            self.diagnostics = error.diagnostics
        }
        self.sources = sources
    }
}

/// Everything decided about one notebook before it runs.
struct RunPlan: Sendable {
    let loaded: LoadedNotebook
    /// Parameters as used: defaults with `-p` overrides applied, in declaration order.
    let parameters: [(name: String, value: ParamValue)]
    /// How each parameter's value in use was written (a percent), by name, for the
    /// report's parameter box.
    let notations: [String: ParamNotation]
    /// Warnings about the `-p` values of this notebook's parameters (a YAML 1.1 bool
    /// word read as a string), before the notebook's own.
    let warnings: [Diagnostic]
    /// The output folder, as a path relative to the current directory (or absolute).
    let outputFolder: String

    /// The run's place in a matrix, when it is one of a family's runs.
    let member: FamilyMember?

    /// Checks the command line against the notebooks: every `-p`, `-f` value and matrix
    /// setting must name a parameter of at least one notebook, with a value of the
    /// default's type; no output folder may hold an input, and no two runs may share an
    /// output folder. One plan per notebook, or per notebook and matrix set, in order.
    static func make(for notebooks: [LoadedNotebook], options: RunOptions,
                     inputs: ParameterInputs = ParameterInputs()) throws(UsageError) -> [RunPlan] {
        let declared = notebooks.compactMap(\.notebook)
        func declaring(_ name: String) -> [Parameter] {
            declared.compactMap { $0.params.first { $0.name == name } }
        }
        var overrides: [Override] = []
        for setting in inputs.fileSettings {
            try overrides.set(try Override(checking: setting, source: .file, against: declaring(setting.name), in: declared, inputs: inputs))
        }
        for (name, text) in options.parameters {
            let parameters = declaring(name)
            guard !parameters.isEmpty else {
                throw UsageError(.unknownParameter(name, declared: Override.names(declared)))
            }
            let read: ParamOverride
            do {
                read = try ParamValue.readOverride(text)
            } catch {
                // The reader's diagnostic has no place; its message goes into the usage error's.
                throw UsageError(.unreadableParameter(name, text: text, problem: error.message))
            }
            for parameter in parameters where !read.value.fits(parameter.value) {
                if case .list(let items) = read.value, case .list(let defaults) = parameter.value, let model = defaults.first,
                   let wrong = items.firstIndex(where: { !$0.fits(model) }) {
                    // Which element is wrong: "a list of numbers, got a list of numbers" says nothing.
                    throw UsageError(.parameterElementType(name, text: text, expected: parameter.value.typeDescription,
                                                           position: wrong + 1, got: items[wrong]))
                }
                throw UsageError(.parameterType(name, text: text, expected: parameter.value.typeDescription, got: read.value.typeDescription))
            }
            let warnings = read.boolLookingWords.map { word in
                Diagnostic(.warning, .boolLookingOverride(name, option: text, word.text, yaml11: word.yaml11), at: nil)
            }
            try overrides.set(Override(name: name, value: read.value, notation: read.notation, warnings: warnings, source: .option))
        }
        let family = try inputs.sets.map { sets throws(UsageError) in
            try Family.members(sets, notebooks: declared, overrides: overrides, inputs: inputs)
        }

        var plans: [RunPlan] = []
        var folders: [String: String] = [:]
        for loaded in notebooks {
            let base = outputFolder(for: loaded.path, count: family == nil ? notebooks.count : 0, options: options)
            if let other = folders[FileSandbox.absolute(base)] {
                throw UsageError(.sharedOutputFolder(loaded.path, other, folder: base))
            }
            folders[FileSandbox.absolute(base)] = loaded.path
            guard let notebook = loaded.notebook else {
                plans.append(RunPlan(loaded: loaded, parameters: [], notations: [:], warnings: [], outputFolder: base, member: nil))
                continue
            }
            let fileWarnings = inputs.warnings
            let members: [FamilyMember?] = family ?? [nil]
            for (m, member) in members.enumerated() {
                var parameters: [(name: String, value: ParamValue)] = []
                var notations: [String: ParamNotation] = [:]
                var warnings: [Diagnostic] = m == 0 ? fileWarnings : []
                for parameter in notebook.params {
                    let chosen = overrides.last { $0.name == parameter.name && $0.source == .option }
                        ?? member?.overrides.last { $0.name == parameter.name }
                        ?? overrides.last { $0.name == parameter.name }
                    if let chosen {
                        parameters.append((parameter.name, chosen.value))
                        notations[parameter.name] = chosen.notation
                        if m == 0 { warnings += chosen.warnings }
                    } else {
                        parameters.append((parameter.name, parameter.value))
                        notations[parameter.name] = parameter.notation
                    }
                }
                let folder = member.map { Paths.appending(base, $0.slug) } ?? base
                try refuseOutputHoldingInputs(folder: folder, notebook: notebook)
                plans.append(RunPlan(loaded: loaded, parameters: parameters, notations: notations, warnings: warnings,
                                     outputFolder: folder, member: member))
            }
        }
        return plans
    }

    /// `-o DIR` for one notebook; `DIR/STEM` (default `Outputs/STEM`) for several, and
    /// for a matrix's family (`count` 0) whatever their number.
    static func outputFolder(for path: String, count: Int, options: RunOptions) -> String {
        let stem = Paths.stem(path)
        if let directory = options.outputDirectory {
            return count == 1 ? directory : Paths.appending(directory, stem)
        }
        return Paths.appending("Outputs", stem)
    }

    /// SPEC §6: an output folder that holds one of the run's inputs is bad usage.
    static func refuseOutputHoldingInputs(folder: String, notebook: Notebook) throws(UsageError) {
        let out = FileSandbox.canonical(folder) ?? FileSandbox.absolute(folder)
        let notebookFolder = Paths.parent(notebook.file)
        var inputs = [notebook.file]
        inputs += notebook.data.map { $0.path.hasPrefix("/") ? $0.path : Paths.appending(notebookFolder, $0.path) }
        for input in inputs {
            let path = FileSandbox.canonical(input) ?? FileSandbox.absolute(input)
            if FileSandbox.isInside(path, out) {
                throw UsageError(.outputHoldsInput(folder: folder, input: input))
            }
        }
    }
}

extension ParamValue {
    /// Whether an override may replace a default of `other`'s type. A list must hold
    /// elements of the default list's element type (any, when the default is empty).
    func fits(_ other: ParamValue) -> Bool {
        switch (self, other) {
        case (.number, .number), (.string, .string), (.bool, .bool): return true
        case (.list(let items), .list(let defaults)):
            guard let model = defaults.first else { return true }
            return items.allSatisfy { $0.fits(model) }
        default: return false
        }
    }

    var typeDescription: String {
        switch self {
        case .list(let items):
            if let first = items.first { return "list of \(first.typeName)s" }
            return "list"
        default:
            return typeName
        }
    }
}
