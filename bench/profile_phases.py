#!/usr/bin/env python3
"""Splits `perf script` output of folio runs into phases (by the innermost folio module or
system call on each sampled stack) and prints a Markdown table: the share of CPU samples
per phase, and how much of it is Swift runtime type-metadata / protocol-conformance lookups.

Usage: profile_phases.py PERF_SCRIPT.txt      (bench/profile writes that file)
"""
import collections, re, sys
text = open(sys.argv[1]).read()
stacks = [s for s in text.split('\n\n') if s.strip()]
total = 0; conf = collections.Counter(); phase = collections.Counter()
sysc = [('__x64_sys_fsync', 'fsync of output files'), ('__x64_sys_rename', 'rename of output files'), ('__x64_sys_openat', 'open files'), ('__x64_sys_write', 'write(2)'), ('__x64_sys_mkdir', 'mkdir')]
mods = [('14ArgumentParser', 'argument parsing (swift-argument-parser)'), ('SHA256', 'SHA-256 (manifest)'), ('6Render', 'rendering HTML/SVG/CSV/manifest'), ('8Language', 'language (parse, check, compile, run cells)'), ('14NotebookFormat', 'loading YAML'), ('7Tabular', 'tabular (CSV read)'), ('6Runner', 'runner'), ('5folio', 'cli')]
def sym(f):
    parts = f.split(None, 1)
    s = parts[1] if len(parts) > 1 else ''
    return re.sub(r' \(.*\)$', '', s)
def classify(frames):
    syms = [sym(f) for f in frames]
    for key, name in sysc:
        if any(key in s for s in syms): return name
    for s in syms:
        for key, name in mods:
            if key in s: return name
    if any(s.startswith('main') or 'folio_main' in s for s in syms): return 'other in main'
    return 'process start and exit (exec, dynamic loader, page faults)'
for s in stacks:
    frames = [l.strip() for l in s.strip().split('\n')[1:]]
    total += 1
    p = classify(frames)
    phase[p] += 1
    if any('conformsToProtocol' in f or 'getTypeByMangled' in f or 'instantiateConcreteType' in f for f in frames):
        conf[p] += 1
print(f'{total} samples')
print()
print('| phase | share of folio CPU samples | of which Swift type-metadata / conformance lookups |')
print('|---|---:|---:|')
for p, n in phase.most_common():
    print(f'| {p} | {100*n/total:.1f}% | {100*conf[p]/total:.1f}% |')
print('| all lookups | | %.1f%% |' % (100*sum(conf.values())/total))
