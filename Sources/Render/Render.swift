// Outputs of a run: HTML report, SVG charts, CSV files, manifest, JSON and ipynb (SPEC §6).
