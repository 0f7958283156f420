from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.test import override_settings


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2_in_the_real_settings() -> None:
    from backstride_web.config import settings as real

    with override_settings(PASSWORD_HASHERS=real.PASSWORD_HASHERS):
        encoded = make_password("correct horse battery staple")
        assert encoded.startswith("argon2$argon2id$")
        assert check_password("correct horse battery staple", encoded)
