"""Render-graph validation and ordering: kinds, inputs, cycles, output, params; no GL needed."""

from __future__ import annotations

from lumen.exhibit.load import ExhibitError
from lumen.exhibit.model import Exhibit, PassSpec
from lumen.exhibit.values import suggest
from lumen.passes import PASS_KINDS


def validate_graph(exhibit: Exhibit) -> list[PassSpec]:
    """Return the passes needed for the output, in execution order; raise ExhibitError otherwise."""
    specs = exhibit.passes
    problems: list[str] = []
    for spec in specs.values():
        key = f"passes.{spec.name}"
        where = exhibit.origin("passes", spec.name)  # the file that declared it (after `extends`)
        cls = PASS_KINDS.get(spec.kind)
        if cls is None:
            problems.append(f"{where}: {key}.kind: unknown pass kind {spec.kind!r}{suggest(spec.kind, PASS_KINDS)}; "
                            f"expected one of {', '.join(sorted(PASS_KINDS))}")
            continue
        if len(spec.inputs) != len(cls.INPUTS):
            problems.append(f"{where}: {key}.inputs: a {spec.kind} pass takes {len(cls.INPUTS)} input(s) "
                            f"({', '.join(cls.INPUTS) or 'none'}), got {len(spec.inputs)}")
        for name in spec.inputs:
            if name not in specs:
                problems.append(f"{where}: {key}.inputs: no pass named {name!r}{suggest(name, specs)}")
        for param, value in spec.params.items():
            declared = cls.PARAMS.get(param)
            param_where = f"{exhibit.origin('passes', spec.name, 'params', param)}: {key}.params.{param}"
            if declared is None:
                problems.append(f"{param_where}: unknown parameter for kind {spec.kind!r}"
                                f"{suggest(param, cls.PARAMS)}; expected one of {', '.join(cls.PARAMS) or 'none'}")
            elif not declared.lo <= value <= declared.hi:
                problems.append(f"{param_where}: expected a value in [{declared.lo:g}, {declared.hi:g}], got {value:g}")
    output = exhibit["render"]["output"]
    if output not in specs:
        problems.append(f"{exhibit.origin('render', 'output')}: render.output: no pass named {output!r}"
                        f"{suggest(output, specs)}")
    if problems:
        raise ExhibitError(problems)
    return _order(exhibit, output)


def _order(exhibit: Exhibit, output: str) -> list[PassSpec]:
    """Depth-first topological order of what `output` needs; a cycle is reported with its path."""
    specs, ordered, done = exhibit.passes, [], set()

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name in done:
            return
        if name in chain:
            cycle = " -> ".join(chain[chain.index(name):] + (name,))
            raise ExhibitError([f"{exhibit.origin('passes', name)}: passes.{name}.inputs: cycle in the render graph: {cycle}"])
        for dependency in specs[name].inputs:
            visit(dependency, chain + (name,))
        done.add(name)
        ordered.append(specs[name])

    visit(output, ())
    return ordered
