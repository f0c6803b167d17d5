"""A least-recently-used cache bounded by the size of what it holds (functools' and strawberry's
caches count entries of any size): the parse cache (schema/build.py) and the persisted queries."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any


class BoundedCache:
    """Values up to max_item_size each, at most budget in all; the least recently used go first."""

    def __init__(self, max_item_size: int, budget: int) -> None:
        self.max_item_size, self.budget = max_item_size, budget
        self.entries: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self.size = 0

    def get(self, key: Any) -> Any:  # noqa: ANN401
        found = self.entries.get(key)
        if found is None:
            return None
        self.entries.move_to_end(key)
        return found[0]

    def put(self, key: Any, value: Any, size: int) -> None:  # noqa: ANN401
        if size > self.max_item_size or key in self.entries:
            return
        self.entries[key] = (value, size)
        self.size += size
        while self.size > self.budget:
            _, (_, old_size) = self.entries.popitem(last=False)
            self.size -= old_size
