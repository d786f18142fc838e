"""JSON text as ``json.dumps(data, indent=2, ensure_ascii=False)`` writes it, faster.

With ``indent`` set, the standard library encodes in pure Python, which takes
seconds for the tens of thousands of rows a national corpus gives
(``check`` at 2,000 plans: 68k findings). Our outputs are lists of flat
records, so each scalar is encoded by the C encoder and the indentation is
written here; anything nested goes through ``json.dumps`` itself.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["JSON_SCALARS", "indented_json"]

_encode = json.JSONEncoder(ensure_ascii=False).encode
#: The types JSON writes as they are (tested by exact type: an Enum of str is not one).
JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def indented_json(data: Any) -> str:
    """``data`` as indented JSON text, byte for byte what ``json.dumps`` gives.

    Raises
    ------
    TypeError
        When a value is not JSON-serialisable.

    Examples
    --------
    >>> print(indented_json([{"id": "a", "due": None}, {}]))
    [
      {
        "id": "a",
        "due": null
      },
      {}
    ]
    >>> indented_json({"sheet": []}) == json.dumps({"sheet": []}, indent=2)
    True
    """
    if not isinstance(data, list) or not data:
        return json.dumps(data, indent=2, ensure_ascii=False)
    parts = []
    for record in data:
        if not isinstance(record, dict) or not record:
            parts.append("  " + _nested(record, "  "))
            continue
        fields = []
        for key, value in record.items():
            if not isinstance(key, str):
                return json.dumps(data, indent=2, ensure_ascii=False)
            text = _encode(value) if type(value) in JSON_SCALARS else _nested(value, "    ")
            fields.append(f"    {_encode(key)}: {text}")
        parts.append("  {\n" + ",\n".join(fields) + "\n  }")
    return "[\n" + ",\n".join(parts) + "\n]"


def _nested(value: Any, indent: str) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)
