#!/usr/bin/env python3
"""Lists the `use` edges between the modules of each crate (core/src, the
runtime; macros/src, the derive) and fails on a cycle. One file is one module. A module's `pub use self::child::Item`
is its facade, not a dependency: a path through it lands where the item is
defined. `#[cfg(test)]` modules are left out.
Usage: scripts/module-cycles.py [-v]"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


VERBOSE = "-v" in sys.argv
FAILED = False


def check(CRATE):
    global FAILED
    os.chdir(os.path.join(ROOT, CRATE, "src"))
    def module_of(path):
        path = path[: -len(".rs")]
        return "" if path == "lib" else path.replace("/", "::")


    sources = {}
    for path in glob.glob("**/*.rs", recursive=True):
        text = open(path).read().split("#[cfg(test)]")[0]
        lines = [line for line in text.split("\n") if not line.strip().startswith("//")]
        sources[module_of(path)] = "\n".join(lines)
    modules = set(sources)


    def target(path, here):
        """The module a `use` path lands in: the longest module prefix."""
        parts = path.split("::")
        if parts[0] == "crate":
            base, parts = [], parts[1:]
        elif parts[0] == "super":
            base, parts = here.split("::")[:-1], parts[1:]
        elif parts[0] == "self":
            base, parts = here.split("::") if here else [], parts[1:]
        else:
            return None
        found = "::".join(base)
        for part in parts:
            candidate = "::".join(base + [part])
            if candidate not in modules:
                break
            base.append(part)
            found = candidate
        return found


    # Re-exports, so that a path through a facade (`crate::ApiError`,
    # `super::RetryPolicy`) lands in the module that defines the item.
    reexports = {}
    for here, text in sources.items():
        pattern = r"^pub(?:\(crate\))? use (crate|self)::([\w:]+?)::\{?([\w, ]+)\}?;"
        for match in re.finditer(pattern, text, re.M):
            prefix = "crate" if match.group(1) == "crate" else "self"
            for name in re.findall(r"\w+", match.group(3)):
                reexports[(here, name)] = target(f"{prefix}::{match.group(2)}::{name}", here)


    def lands(path, here):
        to = target(path, here)
        if to is None:
            return None
        rest = path.split("::")
        # The first name after the module part: an item, maybe re-exported.
        depth = len([p for p in to.split("::") if p]) if to else 0
        base_depth = {"crate": 0, "super": len(here.split("::")) - 1, "self": len(here.split("::")) if here else 0}[rest[0]]
        names = rest[1 + depth - base_depth:]
        while names and (to, names[0]) in reexports and reexports[(to, names[0])] != to:
            to = reexports[(to, names[0])]
        return to


    edges = {}
    for here, text in sources.items():
        if not here:
            continue
        for use in re.finditer(r"^\s*(?:pub(?:\([\w:]+\))? )?use ((?:crate|super|self)::[^;]+);", text, re.M):
            if re.match(r"\s*pub(?:\(crate\))? use self::", use.group(0)):
                continue  # a facade
            body = " ".join(use.group(1).split())
            grouped = re.match(r"([\w:]+)::\{(.*)\}$", body)
            paths = [grouped.group(1) + "::" + p.strip() for p in grouped.group(2).split(",") if p.strip()] if grouped else [body]
            for path in paths:
                path = re.sub(r"::\{.*", "", path).split(" as ")[0]
                to = lands(path, here)
                if to and to != here:
                    edges.setdefault(here, set()).add(to)

    if VERBOSE:
        for module in sorted(edges):
            print(f"{module} -> {', '.join(sorted(edges[module]))}")

    cycles = set()


    def walk(module, stack):
        for to in edges.get(module, ()):
            if to in stack:
                cycle = stack[stack.index(to):]
                start = cycle.index(min(cycle))
                cycles.add(" -> ".join(cycle[start:] + cycle[:start] + [min(cycle)]))
            elif len(stack) < len(modules):
                walk(to, stack + [to])


    for module in list(edges):
        walk(module, [module])
    for cycle in sorted(cycles):
        print(f"{CRATE}: cycle: {cycle}")
    print(f"{CRATE}: {len(cycles)} import cycles among {len(modules)} modules")
    FAILED = FAILED or bool(cycles)


for crate in ("core", "macros"):
    check(crate)
sys.exit(1 if FAILED else 0)
