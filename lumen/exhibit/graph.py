"""Render-graph validation and ordering against the pass kinds' declarations: kinds, inputs, cycles,
output, params. GL-free: `lumen validate` and the exhibit loader run it."""

from __future__ import annotations

from lumen.exhibit.layers import ExhibitError, Origins
from lumen.exhibit.model import PassSpec
from lumen.exhibit.values import suggest
from lumen.vocabulary.passes import PASS_KINDS


def check_graph(passes: dict[str, PassSpec], output: str, origins: Origins, problems: list[str]) -> list[PassSpec]:
    """The passes needed for `output`, in execution order; each problem is appended with the file
    that declared the offending key (after `extends`)."""
    for spec in passes.values():
        key = f"passes.{spec.name}"
        where = origins("passes", spec.name)
        declared = PASS_KINDS.get(spec.kind)
        if declared is None:
            problems.append(f"{where}: {key}.kind: unknown pass kind {spec.kind!r}{suggest(spec.kind, PASS_KINDS)}; "
                            f"expected one of {', '.join(sorted(PASS_KINDS))}")
            continue
        if len(spec.inputs) != len(declared.inputs):
            problems.append(f"{where}: {key}.inputs: a {spec.kind} pass takes {len(declared.inputs)} input(s) "
                            f"({', '.join(declared.inputs) or 'none'}), got {len(spec.inputs)}")
        for name in spec.inputs:
            if name not in passes:
                problems.append(f"{where}: {key}.inputs: no pass named {name!r}{suggest(name, passes)}")
        for param, value in spec.params.items():
            param_where = f"{origins('passes', spec.name, 'params', param)}: {key}.params.{param}"
            p = declared.params.get(param)
            if p is None:
                problems.append(f"{param_where}: unknown parameter for kind {spec.kind!r}"
                                f"{suggest(param, declared.params)}; expected one of "
                                f"{', '.join(declared.params) or 'none'}")
            elif p.problem(value):
                problems.append(f"{param_where}: {p.problem(value)}")
    if output not in passes:
        problems.append(f"{origins('render', 'output')}: render.output: no pass named {output!r}"
                        f"{suggest(output, passes)}")
        return []
    try:
        return _order(passes, output, origins)
    except ExhibitError as err:
        problems.extend(err.problems)
        return []


def _order(passes: dict[str, PassSpec], output: str, origins: Origins) -> list[PassSpec]:
    """Depth-first topological order of what `output` needs; a cycle is reported with its path."""
    ordered: list[PassSpec] = []
    done: set[str] = set()

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name in done or name not in passes:
            return
        if name in chain:
            cycle = " -> ".join(chain[chain.index(name):] + (name,))
            raise ExhibitError([f"{origins('passes', name)}: passes.{name}.inputs: cycle in the render graph: {cycle}"])
        for dependency in passes[name].inputs:
            visit(dependency, chain + (name,))
        done.add(name)
        ordered.append(passes[name])

    visit(output, ())
    return ordered
