"""The questions' fixtures (tests/questions/conftest.py) for their public pages."""

from tests.questions.conftest import (  # noqa: F401
    answered,
    ask,
    asker,
    department,
    lai_chau,
    make_official,
    media,
    ministry,
    other_department,
    telecom_procedure,
    unit,
    upload,
    users,
)
