"""YAML with line numbers: each mapping remembers the line it starts on; duplicate keys fail.

Split from the knowledge loader so that its shape checks can point at `file:line` without the
loader carrying the YAML machinery.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml


class LineDict(dict[str, Any]):
    """A mapping that remembers the line it started on, so problems can point at it."""

    line = 0


# libyaml's C parser reads the knowledge about 8x faster (start-up, reloads, the test suite) with
# the same nodes, marks and errors; the pure-Python loader serves where PyYAML lacks libyaml.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineLoader(_SafeLoader):  # type: ignore[misc,valid-type]  # chosen at import, see above
    pass


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first on line {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    data.update(
        {str(key): value for key, value in loader.construct_mapping(node, deep=True).items()}
    )


def _construct_timestamp(loader: LineLoader, node: yaml.ScalarNode) -> object:
    """A date-like scalar that is no real date stays text, so the field check can name it."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
