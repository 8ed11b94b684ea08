import NotebookFormat
import Tabular

// Member (`r.name`) and index (`xs[i]`) access on values, with their errors.

enum Access {
    static func row(_ table: Table, _ row: Int) -> Record {
        Record(keys: table.names, values: table.columns.map { List($0)[row] })
    }

    static func member(_ base: Value, _ name: String, at location: SourceLocation) throws(Diagnostic) -> Value {
        switch base {
        case .record(let record):
            if let v = record[name] { return v }
            throw Diagnostic.error(.recordHasNoKey(name, keys: record.keys), at: location)
        case .table(let table):
            if let column = table.column(named: name) { return .list(List(column)) }
            throw Diagnostic.error(.tableHasNoColumn(name, columns: table.names), at: location)
        default:
            throw Diagnostic.error(.noMember(name, of: base.typeName), at: location)
        }
    }

    static func keyList(_ keys: [String], noun: String = "keys") -> String {
        keys.isEmpty ? " (it has none)" : " (its \(noun): \(keys.map { "`\($0)`" }.joined(separator: ", ")))"
    }

    /// Resolves a possibly negative index against `count`.
    static func position(_ index: Value, count: Int, what: String, at location: SourceLocation) throws(Diagnostic) -> Int {
        guard case .number(let x) = index else {
            throw Diagnostic.error(.indexType(into: what, index.typeName), at: location)
        }
        guard x.rounded() == x else {
            throw Diagnostic.error(.indexNotWhole(x), at: location)
        }
        if x >= 0 && x < Double(count) { return Int(x) }
        if x < 0 && x >= -Double(count) { return count + Int(x) }
        throw Diagnostic.error(.indexOutOfRange(x, of: what, count: count), at: location)
    }

    static func index(_ base: Value, _ index: Value, at location: SourceLocation) throws(Diagnostic) -> Value {
        switch base {
        case .list(let list):
            return list[try position(index, count: list.count, what: "a list", at: location)]
        case .string(let s):
            let characters = Array(s)
            return .string(String(characters[try position(index, count: characters.count, what: "a string", at: location)]))
        case .record:
            guard case .string(let key) = index else {
                throw Diagnostic.error(.recordIndexType(index.typeName), at: location)
            }
            return try member(base, key, at: location)
        case .table(let table):
            if case .string(let name) = index { return try member(base, name, at: location) }
            let row = try position(index, count: table.rowCount, what: "a table", at: location)
            return .record(self.row(table, row))
        default:
            throw Diagnostic.error(.notIndexable(base.typeName), at: location)
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
