/// The notebook format (SPEC §1) as a JSON Schema (draft-07, the draft editors' YAML
/// plugins support best), printed by `folio schema`. The same text is committed as
/// docs/notebook.schema.json; a test keeps the two byte-equal.
///
/// The schema is the editor's view; the loader checks more than a schema can say
/// (unique ids and exports, parameter and data names not clashing, finite numbers).
package enum NotebookSchema {
    package static let json: String = #"""
    {
      "$schema": "http://json-schema.org/draft-07/schema#",
      "title": "Folio notebook",
      "description": "A Folio notebook (format version 1): narrative Markdown cells and code cells, run by `folio run` into an HTML report and CSV files. See docs/notebook-format.md.",
      "type": "object",
      "additionalProperties": false,
      "required": ["folio", "title", "cells"],
      "properties": {
        "folio": {
          "description": "The notebook format version: the integer 1.",
          "type": "integer",
          "const": 1
        },
        "title": {
          "description": "The report's <title> and heading. Any plain value is read as its text; it must not be empty or only spaces.",
          "type": ["string", "number", "boolean"],
          "pattern": "\\S"
        },
        "subtitle": {
          "description": "Shown under the title in the report header.",
          "$ref": "#/definitions/optionalText"
        },
        "author": {
          "description": "Shown in the report header.",
          "$ref": "#/definitions/optionalText"
        },
        "date": {
          "description": "Shown in the report header, as written (`2026-11-25` stays that text).",
          "$ref": "#/definitions/optionalText"
        },
        "description": {
          "description": "A paragraph shown in the report header.",
          "$ref": "#/definitions/optionalText"
        },
        "params": {
          "description": "Parameters: name -> default value. The default gives the type; `folio run -p name=value` overrides it with a value of the same type.",
          "type": ["object", "null"],
          "propertyNames": { "$ref": "#/definitions/name" },
          "additionalProperties": { "$ref": "#/definitions/paramValue" }
        },
        "data": {
          "description": "Data tables: name -> data file, relative to the notebook's folder (it must stay inside it). Each is loaded as a table and bound to its name before the first cell. The file's extension gives its kind: .xlsx (a workbook), .json (an array of objects), .jsonl (one object a line), .sqlite/.db (a SQLite database, with `query`), anything else CSV.",
          "type": ["object", "null"],
          "propertyNames": { "$ref": "#/definitions/name" },
          "additionalProperties": {
            "oneOf": [
              {
                "description": "Path of the data file, relative to the notebook's folder.",
                "type": "string",
                "minLength": 1
              },
              {
                "type": "object",
                "additionalProperties": false,
                "required": ["path"],
                "properties": {
                  "path": {
                    "description": "Path of the data file, relative to the notebook's folder.",
                    "type": "string",
                    "minLength": 1
                  },
                  "sheet": {
                    "description": "An .xlsx workbook's sheet, by name; the first sheet when left out.",
                    "type": "string",
                    "minLength": 1
                  },
                  "range": {
                    "description": "An .xlsx block of cells, `A3:F40` (or `A3:F`: every row from 3 on); its first row is the header.",
                    "type": "string",
                    "pattern": "^[A-Za-z]{1,3}[1-9][0-9]{0,6}:[A-Za-z]{1,3}([1-9][0-9]{0,6})?$"
                  },
                  "query": {
                    "description": "A SQLite database's query: one SELECT (or WITH … SELECT) statement, run read-only.",
                    "type": "string",
                    "minLength": 1
                  }
                }
              }
            ]
          }
        },
        "cells": {
          "description": "The cells, run top to bottom. Each has exactly one of `markdown` or `code`.",
          "type": "array",
          "minItems": 1,
          "items": { "$ref": "#/definitions/cell" }
        }
      },
      "definitions": {
        "text": {
          "type": ["string", "number", "boolean"]
        },
        "optionalText": {
          "description": "Text; leaving it empty is the same as leaving it out.",
          "type": ["string", "number", "boolean", "null"]
        },
        "name": {
          "description": "An identifier of the folio language: letters, digits and `_`, not starting with a digit, and not a keyword.",
          "type": "string",
          "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
          "not": { "enum": ["fn", "if", "else", "for", "in", "and", "or", "not", "true", "false", "null"] }
        },
        "scalarParam": {
          "description": "A number (finite), a string or a bool.",
          "type": ["number", "string", "boolean"]
        },
        "paramValue": {
          "description": "A number, string or bool, or a list of those.",
          "anyOf": [
            { "$ref": "#/definitions/scalarParam" },
            { "type": "array", "items": { "$ref": "#/definitions/scalarParam" } }
          ]
        },
        "cell": {
          "description": "A cell: exactly one of `markdown` (narrative) or `code` (computation), plus optional settings (`export` only on a code cell).",
          "type": "object",
          "additionalProperties": false,
          "oneOf": [
            { "required": ["markdown"], "not": { "required": ["export"] } },
            { "required": ["code"] }
          ],
          "properties": {
            "markdown": {
              "description": "GitHub-flavoured Markdown, usually a `|` block. `{{ expr }}` inserts a computed value; `\\{{` is a literal `{{`.",
              "$ref": "#/definitions/text"
            },
            "code": {
              "description": "Statements in the folio language, usually a `|` block. Outputs are what `show` and `print` produce, then the value of the last statement when it is an expression.",
              "$ref": "#/definitions/text"
            },
            "id": {
              "description": "The cell's id: a lowercase letter, then lowercase letters, digits or `-`; unique in the notebook. Default `cell-N` (N = 1-based position). Names the cell's section in the report and its output files.",
              "type": "string",
              "pattern": "^[a-z][a-z0-9-]*$"
            },
            "caption": {
              "description": "Text shown under the cell's outputs; may hold {{ }} inline values, evaluated after the cells ran.",
              "$ref": "#/definitions/optionalText"
            },
            "label": {
              "description": "fig-NAME or tbl-NAME: numbers the caption (Figure 2, Table 3); @fig-NAME in Markdown refers to it.",
              "type": "string",
              "pattern": "^(fig|tbl)-[A-Za-z0-9_-]+$"
            },
            "echo": {
              "description": "Whether the report shows the cell's code (default true). Outputs are shown either way.",
              "type": "boolean"
            },
            "export": {
              "description": "File name (ending `.csv`, no folder) under which the cell's first table output is written; unique in the notebook.",
              "type": "string",
              "pattern": "^(?!\\.)(?!.*\\.\\.)[^/\\\\\\u0000-\\u001f\\u007f]+\\.csv$"
            },
            "expect": {
              "description": "`error`: the cell must fail (a code cell only). Its error is shown as expected and the run passes; if the cell runs without an error, the run fails.",
              "enum": ["error"]
            }
          }
        }
      }
    }

    """#
}
