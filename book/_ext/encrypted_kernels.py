"""The notebooks the build executes talk to their kernels over encrypted ZeroMQ.

ipykernel warns "Kernel is running over TCP without encryption" on stderr whenever a
kernel starts without CurveZMQ keys, once per executed page. jupyter_client can
provision the keys (``KernelManager.transport_encryption``; its default is
"disabled"), but myst-nb executes through jupyter-cache, which calls
``nbclient.execute`` with no configuration. This extension wraps that call so every
kernel the build starts gets the setting "auto": keys are provisioned when the
kernelspec declares support (ipykernel's does), so the warning's cause goes away
rather than the warning. Nothing else of the execution changes.
"""

from __future__ import annotations

import functools
from typing import Any

from jupyter_cache.executors import utils
from sphinx.application import Sphinx
from traitlets.config import Config


def with_encryption(execute: Any) -> Any:
    if getattr(execute, "encrypted_kernels", False):
        return execute

    @functools.wraps(execute)
    def execute_encrypted(nb: Any, *args: Any, config: Config | None = None, **kwargs: Any) -> Any:
        merged = Config()
        if config is not None:
            merged.merge(config)
        merged.KernelManager.transport_encryption = "auto"
        return execute(nb, *args, config=merged, **kwargs)

    execute_encrypted.encrypted_kernels = True  # type: ignore[attr-defined]
    return execute_encrypted


def setup(app: Sphinx) -> dict:
    utils.executenb = with_encryption(utils.executenb)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
