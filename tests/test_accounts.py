import pytest

from studio.accounts import ADMIN
from studio.db import session_scope
from studio.errors import InvalidInput
from studio.records import UserRow


def test_password_is_stored_as_an_argon2_hash(accounts, alice, db):
    with session_scope(db) as session:
        user = session.get(UserRow, alice.id)
    assert user.password_hash.startswith("$argon2")
    assert "alice-password" not in user.password_hash


def test_right_password_logs_in_and_wrong_one_is_refused(accounts, alice):
    assert accounts.authenticate("alice", "alice-password")
    assert not accounts.authenticate("alice", "wrong-password")
    assert not accounts.authenticate("nobody", "alice-password")


def test_usernames_are_normalised(accounts, alice):
    assert accounts.authenticate("ALICE", "alice-password")
    assert accounts.authenticate("ａｌｉｃｅ", "alice-password")
    with pytest.raises(InvalidInput, match="taken"):
        accounts.create("Alice", "another-password")


@pytest.mark.parametrize("password", ["x" * 5000, "密码\u0000nul", "", "\udcff"])
def test_odd_passwords_are_refused_without_raising(accounts, alice, password):
    assert accounts.authenticate("alice", password) is False


def test_a_corrupt_stored_hash_is_a_refusal_not_a_crash(accounts, alice, db):
    with session_scope(db) as session:
        session.get(UserRow, alice.id).password_hash = "not-a-hash"
    assert accounts.authenticate("alice", "alice-password") is False


def test_disabled_accounts_cannot_log_in(accounts, alice, db):
    with session_scope(db) as session:
        session.get(UserRow, alice.id).disabled = True
    assert not accounts.authenticate("alice", "alice-password")


def test_first_start_creates_admin_with_configured_password(accounts):
    said = []
    account = accounts.ensure_admin("configured-secret", announce=said.append)
    assert account.username == ADMIN and account.is_admin
    assert accounts.authenticate(ADMIN, "configured-secret")
    assert "configured-secret" not in said[0]
    assert accounts.ensure_admin("other-secret", announce=said.append) is None


def test_first_start_without_password_prints_a_random_one_once(accounts):
    said = []
    accounts.ensure_admin(None, announce=said.append)
    assert len(said) == 1
    password = said[0].split("password '")[1].split("'")[0]
    assert len(password) >= 12
    assert accounts.authenticate(ADMIN, password)


def test_weak_or_malformed_accounts_are_refused(accounts):
    with pytest.raises(InvalidInput, match="Passwords need"):
        accounts.create("carol", "short")
    with pytest.raises(InvalidInput, match="Usernames"):
        accounts.create("carol smith", "long-enough-password")
