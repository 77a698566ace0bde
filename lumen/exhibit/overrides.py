"""`--set PASS.PARAM=VALUE`: parameter values given on the command line, checked like the exhibit's
own (the pass must exist in this exhibit's graph, the value must lie in the parameter's range)."""

from __future__ import annotations

from lumen.errors import UserError
from lumen.exhibit.model import Exhibit
from lumen.exhibit.values import suggest
from lumen.vocabulary.passes import PASS_KINDS


def check_overrides(exhibit: Exhibit, given: list[tuple[str, str, float]]) -> dict[str, dict[str, float]]:
    """(pass, param, value) triples -> {pass: {param: value}}; a user error lists every problem."""
    problems, out = [], {}
    for pass_name, param, value in given:
        where = f"--set {pass_name}.{param}={value:g}"
        spec = exhibit.passes.get(pass_name)
        if spec is None:
            problems.append(f"{where}: {exhibit.path.name} has no pass {pass_name!r}{suggest(pass_name, exhibit.passes)}; "
                            f"passes: {', '.join(exhibit.passes)}")
            continue
        declared = PASS_KINDS[spec.kind].params.get(param)
        if declared is None:
            options = PASS_KINDS[spec.kind].params
            problems.append(f"{where}: a {spec.kind} pass has no parameter {param!r}{suggest(param, options)}; "
                            f"parameters: {', '.join(options) or 'none'}")
        elif problem := declared.problem(value):
            problems.append(f"{where}: {pass_name}.{param} ({declared.doc}): {problem}")
        else:
            out.setdefault(pass_name, {})[param] = value
    if problems:
        raise UserError("\n".join(problems))
    return out
