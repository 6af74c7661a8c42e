"""YAML from files a user may not have written with care (``models.yaml``, Markdown front
matter): PyYAML's safe loader, with a cap on what aliases may expand to, and (for models.yaml)
no key written twice in one mapping.

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


class _DuplicateKey(Exception):
    """``key`` (as written the second time) at ``again`` after ``first``: (line, column), 1-based."""

    def __init__(self, key: str, first: tuple[int, int], again: tuple[int, int]):
        super().__init__(key, first, again)
        self.key, self.first, self.again = key, first, again

    def places(self) -> str:
        """``line 3 and again on line 9``; with columns when both are on one line (flow style)."""
        if self.first[0] == self.again[0]:
            return f"line {self.first[0]}, column {self.first[1]} and again at column {self.again[1]}"
        return f"line {self.first[0]} and again on line {self.again[0]}"


class _NoDuplicatesLoader(_CappedLoader):
    """_CappedLoader refusing a mapping that writes one key twice (PyYAML keeps the last one
    silently). Keys brought in by a merge (``<<: *defaults``) may be overridden, as YAML allows;
    keys that are no scalars (``? [a, b]``) are not compared."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, tuple[int, int]] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node)
                at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                try:
                    if key in seen:
                        raise _DuplicateKey(str(key_node.value), seen[key], at)
                    seen[key] = at
                except TypeError:  # an unhashable key: PyYAML's own error follows
                    continue
        return super().construct_mapping(node, deep=deep)


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


def read_yaml(text: str, source: str, *, duplicate_keys: str = "last") -> Any:
    """Parse YAML ``text`` (from ``source``, named in messages) with the safe loader, refusing
    alias bombs (see MAX_YAML_NODES) and nesting too deep for the parser.

    ``duplicate_keys`` says what a key written twice in one mapping does: ``"last"`` (PyYAML's
    way, the default: the last one wins; Markdown front matter) or ``"error"`` (refused, naming
    the key and both lines; models.yaml).

    Raises:
        ConfigError: a syntax error (``source:line:column``), aliases that expand too far or
            refer to themselves, nesting too deep, or (``duplicate_keys="error"``) a duplicate
            key (``source:line``, the second one's line).
        ValueError: ``duplicate_keys`` is neither ``"last"`` nor ``"error"``.
    """
    loaders = {"last": _CappedLoader, "error": _NoDuplicatesLoader}
    if duplicate_keys not in loaders:
        raise ValueError(f"duplicate_keys must be 'last' or 'error', not {duplicate_keys!r}")
    try:
        return yaml.load(text, Loader=loaders[duplicate_keys])  # noqa: S506 -- a SafeLoader subclass
    except _DuplicateKey as exc:
        raise ConfigError(f"{source}:{exc.again[0]}",
                          f"duplicate key {exc.key!r} (on {exc.places()}); keep one of them") from None
    except _TooManyNodes as exc:
        raise ConfigError(source, f"refused: {exc} (YAML anchors and aliases '&x ... *x' repeat what they name)") from None
    except RecursionError:
        raise ConfigError(source, "refused: the YAML is nested too deep") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = getattr(exc, "problem", None) or first_line(exc)
        raise ConfigError(where, f"YAML syntax error: {problem}") from None
