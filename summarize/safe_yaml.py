"""YAML from files a user may not have written with care (``models.yaml``, Markdown front
matter): PyYAML's safe loader, with a cap on what aliases may expand to.

A ``./models.yaml`` in the working folder is read without being asked for, so a hostile one (an
"alias bomb": a list of nine aliases of a list of nine aliases, nine deep) must cost nothing.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import ConfigError, first_line

#: The most YAML nodes a models.yaml may stand for once its aliases are expanded. The packaged
#: one has about 60; an "alias bomb" (a list of nine aliases to a list of nine aliases, nine
#: deep) stands for 9**9, and walking it (``str()`` of the targets) took minutes and gigabytes.
MAX_YAML_NODES = 10_000


class _CappedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a document whose aliases expand past MAX_YAML_NODES
    nodes (or refer to themselves) before anything is constructed from it."""

    def get_single_node(self):  # type: ignore[no-untyped-def]
        node = super().get_single_node()
        if node is not None:
            _check_expanded_size(node)
        return node


class _TooManyNodes(Exception):
    pass


def _check_expanded_size(root: yaml.Node) -> None:
    """Count the nodes ``root`` stands for with every alias expanded, without expanding any:
    each distinct node's expanded size is computed once (iteratively, so deep nesting cannot
    overflow the stack). Raises _TooManyNodes past MAX_YAML_NODES or on a cycle."""
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            kids = _children(node)
            total = 1 + sum(size[id(k)] for k in kids)
            if total > MAX_YAML_NODES:
                raise _TooManyNodes(f"its aliases expand to more than {MAX_YAML_NODES:,} values")
            size[key] = total
            continue
        if key in size:
            continue
        if key in on_path:
            raise _TooManyNodes("an alias refers to the node that contains it")
        on_path.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in _children(node) if id(k) not in size)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def read_yaml(text: str, source: str) -> Any:
    """Parse YAML ``text`` (from ``source``, named in messages) with the safe loader, refusing
    alias bombs (see MAX_YAML_NODES) and nesting too deep for the parser.

    Raises:
        ConfigError: a syntax error (``source:line:column``), aliases that expand too far or
            refer to themselves, or nesting too deep.
    """
    try:
        return yaml.load(text, Loader=_CappedLoader)  # noqa: S506 -- a SafeLoader subclass
    except _TooManyNodes as exc:
        raise ConfigError(source, f"refused: {exc} (YAML anchors and aliases '&x ... *x' repeat what they name)") from None
    except RecursionError:
        raise ConfigError(source, "refused: the YAML is nested too deep") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = getattr(exc, "problem", None) or first_line(exc)
        raise ConfigError(where, f"YAML syntax error: {problem}") from None
