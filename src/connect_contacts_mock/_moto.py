"""Working beside moto: its account rules and its Connect instances, read only when moto is in use.

Nothing here imports moto: if the user never imported it, it is not active, and the mock keeps
its own account and instances.
"""

from __future__ import annotations

import os
import sys
from typing import Any


def _moto_active() -> bool:
    models = sys.modules.get("moto.core.models")
    stubber = getattr(models, "botocore_stubber", None)
    return bool(getattr(stubber, "enabled", False))


def moto_account(access_key: str | None, headers: Any) -> str | None:
    """The account moto would bill this request to, when `mock_aws` is active."""
    if not _moto_active():
        return None
    if os.environ.get("MOTO_ACCOUNT_ID"):
        return os.environ["MOTO_ACCOUNT_ID"]
    header = (headers or {}).get("x-moto-account-id")
    if header:
        return header.decode() if isinstance(header, bytes) else str(header)
    try:
        from moto.iam.models import get_account_id_from
    except ImportError:  # pragma: no cover - moto without IAM
        return None
    return str(get_account_id_from(access_key or ""))


def moto_has_instance(account_id: str, region: str, instance_id: str) -> bool:
    """Whether moto's Connect backend holds this instance (created with `create_instance`)."""
    if not _moto_active():
        return False
    try:
        from moto.connect.models import connect_backends
    except ImportError:  # pragma: no cover - an old moto without Connect
        return False
    try:
        backend = connect_backends[account_id][region]
    except (KeyError, ValueError):
        return False
    return instance_id in getattr(backend, "instances", {})


#: What moto answers for an AWS address it has no route for.
_NOT_IMPLEMENTED = b"Not yet implemented"


def moto_active() -> bool:
    """Whether moto's `mock_aws` is active (moto imported and its stubber on)."""
    return _moto_active()


def moto_answer(request: Any) -> tuple[int, dict[str, str], bytes] | None:
    """moto's answer to a prepared botocore request, when `mock_aws` is active and moto has a
    route for it; None when moto is inactive or would only say "Not yet implemented"."""
    if not _moto_active():
        return None
    models = sys.modules.get("moto.core.models")
    stubber = getattr(models, "botocore_stubber", None)
    if stubber is None:  # pragma: no cover - a moto without the stubber
        return None
    answered = stubber.process_request(request)
    if answered is None:
        return None
    status, headers, body = answered
    data = body.encode("utf-8") if isinstance(body, str) else bytes(body or b"")
    if status == 404 and data == _NOT_IMPLEMENTED:
        return None
    return int(status), dict(headers or {}), data
