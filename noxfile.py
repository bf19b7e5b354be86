"""The botocore version matrix: the suite on the oldest supported, the machine's and the newest
botocore/boto3 from PyPI, each in its own virtualenv (reused between runs).

    nox                 # every session
    nox -s "tests(botocore='oldest')"
"""

from __future__ import annotations

import nox

nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = False

#: The oldest release the whole suite passes on: the first whose model has every SearchCriteria
#: member this package matches except AiAgents (ContactTags arrived in 1.42.37).
OLDEST = "1.42.37"
#: The botocore this project's machines ship.
MACHINE = "1.43.11"

VERSIONS = {
    "oldest": [f"botocore=={OLDEST}", f"boto3=={OLDEST}"],
    "machine": [f"botocore=={MACHINE}", f"boto3=={MACHINE}"],
    "newest": ["--upgrade", "botocore", "boto3"],
}


@nox.session
@nox.parametrize("botocore", list(VERSIONS))
def tests(session: nox.Session, botocore: str) -> None:
    """The whole suite (without aiobotocore, whose botocore pin is narrower) on one botocore,
    under pytest-xdist: stores never leak between tests or worker processes."""
    session.install("-q", "-e", ".[test]")
    session.install("-q", *VERSIONS[botocore])
    session.run("python", "-c", "import botocore; print('botocore', botocore.__version__)")
    session.run(
        "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", *session.posargs
    )
