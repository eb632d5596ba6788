"""Old ways of calling a public function, kept working for one release with a ``FutureWarning`` that says the
new way (see ``docs/architecture.md``, "Changing a public name").

>>> import warnings
>>> @renamed(limit="pain_limit")
... @keyword_only("routine")
... def scored(log, *, routine="default", pain_limit=5):
...     return log, routine, pain_limit
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     scored("log", "mine", limit=4)
('log', 'mine', 4)
>>> for w in caught:
...     print(w.category.__name__, w.message)
FutureWarning scored(): pass limit= as pain_limit= (the old name goes in the next release)
FutureWarning scored(): pass routine by name (routine=...); positional use goes in the next release
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def keyword_only(*names: str, keep: int = 1) -> Callable[[F], F]:
    """Let ``names`` — keyword-only parameters that used to follow the data positionally — still be passed by
    position, with a warning. The first ``keep`` arguments stay positional: the data (2 for a method: self and
    the data)."""

    def wrap(func: F) -> F:
        @functools.wraps(func)
        def call(*args, **kwargs):
            if len(args) > keep:
                extra = args[keep:]
                if len(extra) > len(names):
                    raise TypeError(f"{func.__name__}() takes {keep} positional arguments but {len(args)} were given")
                given = names[: len(extra)]
                for name, value in zip(given, extra, strict=True):
                    if name in kwargs:
                        raise TypeError(f"{func.__name__}() got multiple values for argument {name!r}")
                    kwargs[name] = value
                _warn(
                    f"{func.__name__}(): pass {', '.join(given)} by name ({'=..., '.join(given)}=...); positional "
                    "use goes in the next release"
                )
                args = args[:keep]
            return func(*args, **kwargs)

        return call  # type: ignore[return-value]

    return wrap


def renamed(**old_to_new: str) -> Callable[[F], F]:
    """Accept a keyword's old name (``renamed(context="pain_context")``) with a warning naming the new one."""

    def wrap(func: F) -> F:
        @functools.wraps(func)
        def call(*args, **kwargs):
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{func.__name__}() got both {old}= and its new name {new}=")
                    kwargs[new] = kwargs.pop(old)
                    _warn(f"{func.__name__}(): pass {old}= as {new}= (the old name goes in the next release)")
            return func(*args, **kwargs)

        return call  # type: ignore[return-value]

    return wrap


def _warn(message: str) -> None:
    """A ``FutureWarning`` pointing at the caller's line: the first frame outside this module."""
    frame, level = sys._getframe(0), 1
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame, level = frame.f_back, level + 1
    warnings.warn(message, FutureWarning, stacklevel=level)
