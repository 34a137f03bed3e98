#!/usr/bin/env python3
"""Lists the `use` edges between the modules of each crate (core/src, the
runtime; macros/src, the derive) and fails on a cycle. One file is one
module. A module's `pub use self::child::Item` is its facade, not a
dependency: a path through it lands where the item is defined.
`#[cfg(test)]` modules are left out.
Usage: scripts/module-cycles.py [-v]"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
USE = re.compile(r"^\s*(pub(?:\([\w:]+\))? )?use ((?:crate|super|self)::[^;]+);", re.M)


def read_sources(src):
    """Each module's code, comments and `#[cfg(test)]` modules left out."""
    sources = {}
    for path in glob.glob("**/*.rs", root_dir=src, recursive=True):
        with open(os.path.join(src, path)) as file:
            text = file.read().split("#[cfg(test)]")[0]
        module = "" if path == "lib.rs" else path[: -len(".rs")].replace("/", "::")
        sources[module] = "\n".join(
            line for line in text.split("\n") if not line.strip().startswith("//")
        )
    return sources


def use_paths(use):
    """`a::{b, c::d}` as `a::b`, `a::c::d` (one level of braces)."""
    body = " ".join(use.split())
    grouped = re.match(r"([\w:]+)::\{(.*)\}$", body)
    paths = [f"{grouped.group(1)}::{p.strip()}" for p in grouped.group(2).split(",")] if grouped else [body]
    return [re.sub(r"::\{.*", "", p).split(" as ")[0] for p in paths if not p.endswith("::")]


def resolve(path, here, modules):
    """The longest module prefix of `path`, and the names after it."""
    first, *rest = path.split("::")
    base = {"crate": [], "super": here.split("::")[:-1], "self": here.split("::") if here else []}[first]
    while rest and "::".join(base + rest[:1]) in modules:
        base.append(rest.pop(0))
    return "::".join(base), rest


def edges_of(sources):
    modules = set(sources)
    reexports = {}  # (module, item) -> the module it comes from
    for here, text in sources.items():
        for use in USE.finditer(text):
            if use.group(1):
                for path in use_paths(use.group(2)):
                    module, names = resolve(path, here, modules)
                    # An item of `module`, or `module` itself re-exported.
                    reexports[(here, names[-1] if names else path.split("::")[-1])] = module
    edges = {}
    for here, text in sources.items():
        for use in USE.finditer(text):
            if not here or re.match(r"\s*pub(?:\(crate\))? use self::", use.group(0)):
                continue  # the crate root's re-exports, or a facade
            for path in use_paths(use.group(2)):
                to, names = resolve(path, here, modules)
                while names and reexports.get((to, names[0]), to) != to:
                    to = reexports[(to, names[0])]
                if to != here:
                    edges.setdefault(here, set()).add(to)
    return edges


def cycles_of(edges):
    cycles = set()

    def walk(module, stack):
        for to in edges.get(module, ()):
            if to in stack:
                cycle = stack[stack.index(to):]
                start = cycle.index(min(cycle))
                cycles.add(" -> ".join(cycle[start:] + cycle[:start] + [min(cycle)]))
            else:
                walk(to, stack + [to])

    for module in list(edges):
        walk(module, [module])
    return sorted(cycles)


failed = False
for crate in ("core", "macros"):
    sources = read_sources(os.path.join(ROOT, crate, "src"))
    edges = edges_of(sources)
    if "-v" in sys.argv:
        for module in sorted(edges):
            print(f"{module} -> {', '.join(sorted(edges[module]))}")
    cycles = cycles_of(edges)
    for cycle in cycles:
        print(f"{crate}: cycle: {cycle}")
    print(f"{crate}: {len(cycles)} import cycles among {len(sources)} modules")
    failed = failed or bool(cycles)
sys.exit(1 if failed else 0)
