"""API tokens: only a hash is stored, revoked tokens and disabled users are refused."""

from __future__ import annotations

import pytest
from sqlmodel import select

from studio.accounts.tokens import ApiTokens, hash_token
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
