/// `folio check` reports every problem of a file at once: the format's, and the language
/// errors of every cell it can still locate. For that, the validator builds the notebook
/// as far as it can be read despite format errors (`NotebookValidator.partial`).
package struct NotebookCheckLoad: Sendable {
    /// The file's problems, sorted by position (YAML syntax errors alone: libyaml cannot
    /// go on after one, so there is no notebook then).
    package var diagnostics: [Diagnostic]
    /// The notebook as far as it could be read, or `nil` when no cell can be located
    /// (a YAML syntax error, or not a mapping). Only for static checks: never run it.
    package var notebook: Notebook?
    /// Cells left out of `notebook` (no readable `markdown:`/`code:`): names they would
    /// bind are unknown to the language checks.
    package var cellsLeftOut: Int
}

extension NotebookLoader {
    /// Reads the notebook at `path` for `folio check`; a missing or unreadable file is
    /// one diagnostic at `path:1:1`, with no notebook.
    package static func loadForCheck(path: String, sources: inout SourceFiles) -> NotebookCheckLoad {
        let source: SourceFile
        do {
            source = try read(path: path)
        } catch {
            return NotebookCheckLoad(diagnostics: error.diagnostics, notebook: nil, cellsLeftOut: 0)
        }
        sources.add(source)
        return loadForCheck(source)
    }

    package static func loadForCheck(_ source: SourceFile) -> NotebookCheckLoad {
        let root: YAMLNode
        let problems: [Diagnostic]
        do {
            (root, problems) = try YAMLParser().parse(source)
        } catch {
            return NotebookCheckLoad(diagnostics: [error], notebook: nil, cellsLeftOut: 0)
        }
        var validator = NotebookValidator(source: source)
        validator.diagnostics = problems
        validator.partial = true
        let notebook = validator.notebook(root)
        return NotebookCheckLoad(diagnostics: validator.diagnostics.sortedByLocation(), notebook: notebook,
                                 cellsLeftOut: validator.cellsLeftOut)
    }
}

extension NotebookValidator {
    /// The notebook for the language checks despite format errors: an unreadable title
    /// or version does not matter to them; a parameter or data table whose value was
    /// refused is kept by name (with no value and no path), so that the cells using it
    /// are not reported as using an unknown name.
    func partialNotebook(_ root: YAMLNode, title: String?, header: [String: String], params: [Parameter], data: [DataSource],
                         cells: [Cell], templates: [TextTemplate]) -> Notebook? {
        guard case .mapping(let pairs) = root.content, !cells.isEmpty else { return nil }
        var params = params
        var data = data
        for pair in pairs {
            guard let section = pair.key.scalar?.value, section == "params" || section == "data",
                  case .mapping(let entries) = pair.value.content else { continue }
            for entry in entries {
                guard let name = entry.key.scalar?.value, Self.isIdentifier(name), !Self.keywords.contains(name),
                      !params.contains(where: { $0.name == name }), !data.contains(where: { $0.name == name }) else { continue }
                if section == "params" {
                    params.append(Parameter(name: name, value: .list([]), location: location(entry.key), valueLocation: location(entry.value)))
                } else {
                    data.append(DataSource(name: name, path: "", location: location(entry.key), pathLocation: location(entry.value)))
                }
            }
        }
        return Notebook(file: source.path, title: title ?? "", subtitle: header["subtitle"], author: header["author"],
                        date: header["date"], description: header["description"], params: params, data: data,
                        cells: cells, sourceFile: source, headerTemplates: templates,
                        warnings: diagnostics.sortedByLocation().filter { $0.severity == .warning })
    }
}
