"""API tokens: only a hash is stored, revoked tokens and disabled users are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from studio.accounts.tokens import MAX_TOKEN_DAYS, ApiTokens, hash_token
from studio.db import session_scope
from studio.errors import InvalidInput, NotFound
from studio.records import ApiTokenRow, UserRow


@pytest.fixture
def tokens(db) -> ApiTokens:
    return ApiTokens(db)


def test_the_hash_is_stored_not_the_token(db, tokens, alice):
    plaintext, token = tokens.create(alice.id, "lab scripts")
    assert plaintext.startswith("st_") and len(plaintext) >= 40
    assert token.prefix == plaintext[:8] and token.active
    with session_scope(db) as session:
        row = session.exec(select(ApiTokenRow)).one()
        assert row.token_hash == hash_token(plaintext) and plaintext not in (row.token_hash, row.prefix, row.name)
    assert tokens.authenticate(plaintext).username == "alice"
    assert tokens.of_user(alice.id)[0].last_used_at is not None


def test_wrong_odd_and_foreign_tokens_are_refused(tokens, alice):
    plaintext, _ = tokens.create(alice.id, "t")
    for bad in (None, "", "st_", plaintext[:-1], plaintext + "x", "x" * 10_000, 42, "st_" + "\x00" * 40):
        assert tokens.authenticate(bad) is None


def test_revoke_is_owner_only_and_final(tokens, alice, bob):
    plaintext, token = tokens.create(alice.id, "t")
    with pytest.raises(NotFound):
        tokens.revoke(bob.id, token.id)
    assert tokens.authenticate(plaintext) is not None
    assert not tokens.revoke(alice.id, token.id).active
    assert tokens.authenticate(plaintext) is None
    tokens.revoke(alice.id, token.id)  # twice is harmless
    assert [t.active for t in tokens.of_user(alice.id)] == [False]
    assert tokens.of_user(bob.id) == []


def test_a_disabled_users_tokens_are_refused(db, tokens, alice):
    plaintext, _ = tokens.create(alice.id, "t")
    with session_scope(db) as session:
        session.get(UserRow, alice.id).disabled = True
    assert tokens.authenticate(plaintext) is None
    with pytest.raises(NotFound):
        tokens.create(alice.id, "another")


def test_names_are_checked(tokens, alice):
    for name in ("", "   ", "x" * 101):
        with pytest.raises(InvalidInput):
            tokens.create(alice.id, name)


def test_a_token_with_an_expiry_stops_working_when_it_expires(db, tokens, alice):
    plaintext, token = tokens.create(alice.id, "for a week", expires_in_days=7)
    assert token.expires_at is not None and token.active
    assert tokens.authenticate(plaintext) == alice
    with session_scope(db) as session:
        row = session.get(ApiTokenRow, token.id)
        row.expires_at = row.created_at - timedelta(seconds=1)
    assert tokens.authenticate(plaintext) is None
    [listed] = tokens.of_user(alice.id)
    assert listed.expired and not listed.active


def test_a_token_without_an_expiry_never_expires_and_odd_expiries_are_refused(tokens, alice):
    _, token = tokens.create(alice.id, "forever")
    assert token.expires_at is None and not token.expired
    for days in (0, -1, 1.5, True, "soon", MAX_TOKEN_DAYS + 1):
        with pytest.raises(InvalidInput, match="days"):
            tokens.create(alice.id, "odd", expires_in_days=days)


@pytest.mark.parametrize(
    "change",
    [
        lambda accounts, admin, boss: admin.reset_password(boss, "alice", "reset-password"),
        lambda accounts, admin, boss: accounts.set_password("alice", "set-from-the-shell"),
        lambda accounts, admin, boss: accounts.change_own_password(accounts.get("alice"), "alice-password", "mine-now"),
        lambda accounts, admin, boss: admin.set_disabled(boss, "alice", True),
        lambda accounts, admin, boss: admin.set_role(boss, "alice", "admin"),
    ],
    ids=["reset by an admin", "set from the shell", "changed by the user", "disabled", "role change"],
)
def test_a_credential_change_revokes_every_token_of_the_user(accounts, tokens, boss, alice, bob, change):
    from studio.accounts import AccountAdmin

    first, _ = tokens.create(alice.id, "one")
    second, _ = tokens.create(alice.id, "two", expires_in_days=30)
    bobs, _ = tokens.create(bob.id, "bob's")
    change(accounts, AccountAdmin(accounts), boss)
    assert tokens.authenticate(first) is None and tokens.authenticate(second) is None
    assert [t.active for t in tokens.of_user(alice.id)] == [False, False]
    assert tokens.authenticate(bobs) == bob


def test_a_token_made_after_a_password_reset_works(accounts, tokens, alice):
    old, _ = tokens.create(alice.id, "before")
    accounts.set_password("alice", "reset-password")
    fresh, _ = tokens.create(alice.id, "after")
    assert tokens.authenticate(old) is None and tokens.authenticate(fresh) == alice
