"""Mesh `JSON` and `Json` modules (language reference 13.10 and 15.1)."""

from ..jsoncodec import dumps, encode, json_string, parse
from ._module import mesh_module


class JSON:
    """Mesh JSON functions (the opaque `Json` value type). `Json` is the
    same module under its second name; its `encode` takes any value whose
    type derives Json."""

    parse = parse

    # `JSON.encode(j)` of a Json value; any other Mesh value is accepted too
    # and encoded like `Json.encode` (the derived `to_json()` form).
    encode = encode

    def encode_int(i):
        return str(i)

    def encode_bool(b):
        return "true" if b else "false"

    def encode_string(s):
        return json_string(s)

    def encode_map(m):
        return dumps(m)

    def encode_list(l):
        return dumps(l)

    def get(text, key):
        """Member `key` of the JSON object `text` as text, "" if absent
        (supplement 9.3)."""
        return _member_text(text, (key,))

    def get_nested(text, key1, key2):
        return _member_text(text, (key1, key2))


def _member_text(text, keys):
    import json

    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return ""
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return ""
        value = value[key]
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value).replace("e+", "e").replace("e-0", "e-")
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


Json = mesh_module(JSON, "Json")
JSON = mesh_module(JSON)
