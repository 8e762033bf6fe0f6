#!/usr/bin/env python3
"""The folder graph of CohortCore, as the compiler sees it (docs/architecture.md).

Type-checks the module once with `swiftc -dump-ast` and reads, for every source
file, each declaration it refers to (`decl=…@Sources/CohortCore/FOLDER/…`, and
`bind=…` for written type names) and each type it extends. A reference from a
file in folder A to a declaration in folder B is an edge A → B. Prints the
edges (with up to four of the names behind each), then the folders bottom
layer first, and exits 1 if the graph has a cycle (printing one).

    scripts/folder-graph.py [--sources Sources/CohortCore] [--swiftc swiftc]

Only CohortCore: its folders are the layers of the pure core. Takes ~20 s.
"""
import argparse
import collections
import os
import re
import subprocess
import sys

REF = re.compile(r'(?:decl|bind)="CohortCore\.\(file\)\.([^@"]*)@([^:"]+):\d+:\d+"')
FILE = re.compile(r'^\(source_file "([^"]+)"')
# A top-level declaration: two spaces deep in the dump.
TOP = re.compile(r'^  \((?:struct|enum|class|protocol|typealias|actor)_decl .*?range=\[([^:\]]+):[^\]]*\] "([^"]+)"')
EXTENSION = re.compile(r'^  \(extension_decl .*?range=\[[^\]]*\] "([^"]+)"')


def folder(path, root):
    rel = os.path.relpath(path, root)
    parts = rel.split(os.sep)
    return parts[0] if len(parts) > 1 else "."


def dump(sources, swiftc):
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(sources) for f in fs if f.endswith(".swift"))
    # The dump goes to stderr, with any diagnostics.
    run = subprocess.run([swiftc, "-dump-ast", "-module-name", "CohortCore", *files],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        sys.exit("swiftc -dump-ast failed:\n" + run.stderr[-4000:])
    return run.stderr


def graph(text, root):
    declared = {}  # top-level type name → folder
    extended = []  # (folder of the extension, extended type name)
    edges = collections.defaultdict(lambda: collections.defaultdict(set))
    current = None
    for line in text.splitlines():
        m = FILE.match(line)
        if m:
            current = folder(m.group(1), root)
            continue
        if current is None:
            continue
        m = TOP.match(line)
        if m:
            declared.setdefault(m.group(2), folder(m.group(1), root))
        m = EXTENSION.match(line)
        if m:
            extended.append((current, m.group(1)))
        for name, path in REF.findall(line):
            if not path.startswith(root):
                continue
            target = folder(path, root)
            if target != current:
                edges[current][target].add(name.split(".")[0].replace(" extension", "+"))
    for source, name in extended:
        target = declared.get(name)
        if target and target != source:
            edges[source][target].add(name)
    return edges


def cycle(nodes, edges):
    """One cycle as a list of folders, or None."""
    state = {}
    stack = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for t in sorted(edges.get(n, {})):
            if state.get(t) == 1:
                return stack[stack.index(t):] + [t]
            if t not in state:
                found = visit(t)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(nodes):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def layers(nodes, edges):
    """Folders bottom first: each layer uses only the layers before it."""
    level = {}

    def depth(n):
        if n not in level:
            level[n] = 1 + max((depth(t) for t in edges.get(n, {})), default=-1)
        return level[n]

    rows = collections.defaultdict(list)
    for n in nodes:
        rows[depth(n)].append(n)
    return [sorted(rows[k]) for k in sorted(rows)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", default="Sources/CohortCore")
    parser.add_argument("--swiftc", default=os.environ.get("SWIFTC", "swiftc"))
    args = parser.parse_args()
    root = os.path.normpath(args.sources)
    edges = graph(dump(root, args.swiftc), root)
    nodes = {folder(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs if f.endswith(".swift")}
    for source in sorted(edges):
        print(source, "->", ", ".join(
            f"{t} ({' '.join(sorted(edges[source][t])[:4])}{' …' if len(edges[source][t]) > 4 else ''})"
            for t in sorted(edges[source])))
    found = cycle(nodes, edges)
    if found:
        print("\ncycle: " + " -> ".join(found))
        for a, b in zip(found, found[1:]):
            print(f"  {a} -> {b}: {' '.join(sorted(edges[a][b]))}")
        sys.exit(1)
    print("\nacyclic; layers, bottom first:")
    for k, row in enumerate(layers(nodes, edges)):
        print(f"  {k}: {' '.join(row)}")


if __name__ == "__main__":
    main()
