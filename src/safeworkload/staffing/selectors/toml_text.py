"""Write a model file's data back as TOML text, and change it by path.

The standard library reads TOML but does not write it, and a model file only
needs a small part of TOML: tables, tables of tables, arrays of tables, and
inline tables of numbers (``sick_days = { mean = 10, sd = 3 }``). The text
written is read back by ``tomllib`` to the same data (tests check it on both
examples); comments are not kept.
"""

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

BARE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
Path = tuple[str | int, ...]


def _key(key: str) -> str:
    return key if BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("A model file holds finite numbers only.")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise ValueError(f"Cannot write {type(value).__name__} to a model file.")


def _is_section(value: Any) -> bool:
    """A table written as its own [section]: one holding anything but numbers."""
    return isinstance(value, dict) and any(
        not isinstance(item, int | float) or isinstance(item, bool) for item in value.values()
    )


def _is_array_of_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _section(lines: list[str], name: str, table: Mapping[str, Any]) -> None:
    lines.append(f"[{name}]")
    nested = []
    for key, value in table.items():
        if _is_section(value):
            nested.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    lines.append("")
    for key, value in nested:
        _section(lines, f"{name}.{_key(key)}", value)


def dumps(data: Mapping[str, Any]) -> str:
    """TOML text for a model file's data (top-level tables and arrays of tables)."""
    lines: list[str] = []
    for key, value in data.items():
        if _is_array_of_tables(value):
            for item in value:
                lines.append(f"[[{_key(key)}]]")
                lines += [f"{_key(k)} = {_value(v)}" for k, v in item.items()]
                lines.append("")
        elif isinstance(value, dict):
            if value and all(_is_section(v) for v in value.values()):
                for name, table in value.items():
                    _section(lines, f"{_key(key)}.{_key(name)}", table)
            else:
                _section(lines, _key(key), value)
        else:
            lines.insert(0, f"{_key(key)} = {_value(value)}")
    return "\n".join(lines).rstrip() + "\n"


def dotted(path: Path) -> str:
    """A path as the model file's error messages write it: ``support[1].hours``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def get_path(data: Any, path: Path) -> Any:
    """The value at ``path``, or None when any step is missing."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or not 0 <= part < len(data):
                return None
        elif not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def set_path(data: Any, path: Path, value: Any) -> bool:
    """Set the value at ``path`` when its parent exists; say whether it did."""
    parent = get_path(data, path[:-1])
    last = path[-1]
    if isinstance(last, int):
        if not isinstance(parent, list) or not 0 <= last < len(parent):
            return False
    elif not isinstance(parent, dict):
        return False
    parent[last] = value
    return True


def merge(base: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``overrides`` laid over it, table by table (a new dict)."""
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def nested(path: Sequence[str], value: Any) -> dict[str, Any]:
    """``{"a": {"b": value}}`` for the path ("a", "b"): an override for ``merge``."""
    result: Any = value
    for part in reversed(path):
        result = {part: result}
    return dict(result)
