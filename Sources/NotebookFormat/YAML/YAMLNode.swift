/// A position in the YAML file: 1-based line and column (the column counts Unicode
/// scalars, as libyaml does) plus the byte offset, so scalars can be re-scanned.
package struct YAMLMark: Sendable, Equatable {
    package var line: Int
    package var column: Int
    package var byteOffset: Int

    package init(line: Int, column: Int, byteOffset: Int) {
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
    }
}

package enum YAMLScalarStyle: String, Sendable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

package struct YAMLScalar: Sendable {
    /// The value as libyaml resolved it (escapes, folding, indentation removed).
    package var value: String
    package var style: YAMLScalarStyle
    /// Where the scalar itself starts (its first character, opening quote, or `|`/`>`),
    /// after any anchor or tag.
    package var start: YAMLMark
    /// Just past the scalar's last character (for block scalars: after the trailing
    /// lines that libyaml counts as part of it).
    package var end: YAMLMark
    /// For block scalars, the indentation (0-based column) of the innermost enclosing
    /// block collection, which an explicit indentation indicator is relative to; -1 at
    /// the top level. libyaml does not report it; the tree builder tracks it.
    package var parentIndent: Int

    /// A plain scalar that is empty or reads as null in the YAML 1.2 core schema.
    package var isPlainNull: Bool {
        style == .plain && (value.isEmpty || value == "~" || value == "null" || value == "Null" || value == "NULL")
    }
}

package struct YAMLPair: Sendable {
    package var key: YAMLNode
    package var value: YAMLNode
}

/// A node of the YAML tree with aliases resolved (an alias is a copy of its anchor's
/// node). Mappings keep their pairs in file order.
package struct YAMLNode: Sendable {
    package enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    package var content: Content
    /// Where the node starts (its first property, `[`/`{`/`-`, first key, or the scalar).
    package var start: YAMLMark
    /// The full tag when one was written (`tag:yaml.org,2002:str` for `!!str`).
    package var tag: String?
    /// Nodes in this subtree, itself included (for the alias-expansion cap).
    package var size: Int
    /// Levels of collections in this subtree (0 for a scalar).
    package var height: Int

    package var kindName: String {
        switch content {
        case .scalar: "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    package var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }
}
