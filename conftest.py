"""Pin the environment every test runs in: UTC, throwaway credentials, no ~/.aws, no network.

The pytest plugin of connect-contacts-mock is loaded through its entry point, as for users.
"""

from __future__ import annotations

import os
import tempfile
import time

_EMPTY_AWS_DIR = tempfile.mkdtemp(prefix="connect-contacts-mock-aws-")

os.environ["TZ"] = "UTC"
if hasattr(time, "tzset"):
    time.tzset()
for _name in list(os.environ):
    if _name.startswith("AWS_"):
        del os.environ[_name]
os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.path.join(_EMPTY_AWS_DIR, "config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(_EMPTY_AWS_DIR, "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
)
