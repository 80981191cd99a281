"""The extraction stages (installed as `tifa.extract`): read, segment, cite, dates, concepts,
link.

`tifa.extract` is both this package and the API's ``tifa.extract(paths, …)``: calling the
package runs `tifa.pipeline.extract` (a submodule import would otherwise hide the function).
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallablePackage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from tifa.pipeline import extract

        return extract(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
