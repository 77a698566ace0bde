"""`[captions.LANG]` tables: scene name -> caption template, one table per language; `[story] language`
picks the one the wall shows. Templates are checked against the figure vocabulary at load."""

from __future__ import annotations

import re
from typing import Any

from lumen.exhibit.layers import Origins
from lumen.exhibit.values import suggest
from lumen.vocabulary.story import template_problem

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")   # a BCP 47 tag such as en, es, pt-BR


def check_captions(given: Any, scenes: list[str], language: str, origins: Origins,
                   problems: list[str]) -> dict[str, dict[str, str]]:
    """Language -> scene -> template; every problem is appended with its file and key path.

    A caption for a scene the exhibit does not have is a typo when the same file declares both
    (it is reported, with a suggestion); one inherited for a scene that a child exhibit's own
    `[[scenes]]` replaced is simply not shown."""
    if not isinstance(given, dict):
        problems.append(f"{origins('captions')}: captions: expected [captions.LANG] tables, got {type(given).__name__}")
        return {}
    out: dict[str, dict[str, str]] = {}
    for lang, table in given.items():
        where = f"captions.{lang}"
        if not LANGUAGE.match(lang):
            problems.append(f"{origins('captions', lang)}: {where}: expected a language tag such as en or es")
            continue
        if not isinstance(table, dict):
            problems.append(f"{origins('captions', lang)}: {where}: expected a table of scene = \"caption\"")
            continue
        out[lang] = {}
        for scene, template in table.items():
            file = origins("captions", lang, scene)
            if scene not in scenes:
                replaced = origins("scenes") == origins.root and file != origins.root
                if not replaced:
                    problems.append(f"{file}: {where}.{scene}: no scene named {scene!r}{suggest(scene, scenes)}; "
                                    f"scenes: {', '.join(scenes) or 'none'}")
            elif not isinstance(template, str):
                problems.append(f"{file}: {where}.{scene}: expected a caption string, got {template!r}")
            elif problem := template_problem(template):
                problems.append(f"{file}: {where}.{scene}: {problem}")
            else:
                out[lang][scene] = template
    if out and language not in out:
        problems.append(f"{origins('story', 'language')}: story.language: no [captions.{language}] table"
                        f"{suggest(language, out)}; languages: {', '.join(out)}")
    return out
