"""A UI session belongs to a user id and a credential version, not to the username typed at login."""

from __future__ import annotations

import pytest

from studio.accounts import AccountAdmin, Sessions
from studio.errors import NotFound

COOKIE = "access-token-test-app"


@pytest.fixture
def admin(accounts) -> AccountAdmin:
    return AccountAdmin(accounts)


@pytest.fixture
def sessions(accounts) -> Sessions:
    return accounts.sessions


def opened(sessions: Sessions, account, token: str) -> dict[str, str]:
    """The cookies of a browser that logged in as `account` and got `token`."""
    sessions.open(token, account)
    return {COOKIE: token, "studio_lang": "en"}


def test_a_session_resolves_to_the_account_it_was_opened_for(sessions, alice):
    cookies = opened(sessions, alice, "t-alice")
    assert sessions.account(cookies) == alice
    assert sessions.check("t-alice") == alice
    for cookies in ({}, {COOKIE: "never-opened"}, {"other": "t-alice"}):
        with pytest.raises(NotFound, match="log in again"):
            sessions.account(cookies)


def test_a_deleted_and_recreated_user_of_the_same_name_is_not_the_old_sessions_user(
    accounts, admin, sessions, boss, alice
):
    cookies = opened(sessions, accounts.get("alice"), "t-old")
    admin.delete_user(boss, "alice")
    newcomer = accounts.create("alice", "another-password")
    assert newcomer.id == alice.id, "SQLite hands the freed id to the next user: the session must still end"
    with pytest.raises(NotFound):
        sessions.account(cookies)


@pytest.mark.parametrize(
    "change",
    [
        lambda admin, boss: admin.reset_password(boss, "alice", "reset-password"),
        lambda admin, boss: admin.set_disabled(boss, "alice", True),
        lambda admin, boss: admin.set_role(boss, "alice", "admin"),
        lambda admin, boss: admin.delete_user(boss, "alice"),
    ],
    ids=["password reset", "disabled", "role change", "deleted"],
)
def test_an_admin_change_ends_every_session_of_the_user_at_once(admin, sessions, boss, alice, bob, change):
    first, second = opened(sessions, alice, "t-1"), opened(sessions, alice, "t-2")
    other = opened(sessions, bob, "t-bob")
    change(admin, boss)
    for cookies in (first, second):
        with pytest.raises(NotFound):
            sessions.account(cookies)
    assert sessions.account(other) == bob


def test_a_change_made_by_another_process_ends_the_session_within_the_recheck_interval(db, accounts, alice):
    from studio.accounts import Accounts

    clock = FakeMonotonic()
    sessions = Sessions(db, monotonic=clock)
    sessions.open("t", alice)
    elsewhere = Accounts(db)  # the CLI, or a second studio process on the same database
    elsewhere.set_password("alice", "changed-elsewhere")
    assert sessions.check("t") == alice, "read from the cache within the second"
    clock.now += Sessions.RECHECK_S + 0.01
    assert sessions.check("t") is None


def test_enabling_again_does_not_bring_back_a_session_ended_by_disabling(admin, sessions, boss, alice):
    cookies = opened(sessions, alice, "t")
    admin.set_disabled(boss, "alice", True)
    admin.set_disabled(boss, "alice", False)
    with pytest.raises(NotFound):
        sessions.account(cookies)


def test_ending_a_users_sessions_ends_them_whatever_spelling_opened_them(accounts, sessions, alice, bob):
    lower = opened(sessions, accounts.get("alice"), "t-lower")
    upper = opened(sessions, accounts.get("ALICE"), "t-upper")
    others = opened(sessions, bob, "t-bob")
    assert sorted(sessions.end_user(alice.id)) == ["t-lower", "t-upper"]
    for cookies in (lower, upper):
        with pytest.raises(NotFound):
            sessions.account(cookies)
    assert sessions.account(others) == bob


def test_a_password_change_keeps_the_browser_that_made_it_and_ends_the_others(accounts, sessions, alice):
    here, there = opened(sessions, alice, "t-here"), opened(sessions, alice, "t-there")
    accounts.change_own_password(sessions.account(here), "alice-password", "brand-new-password")
    sessions.renew(here)
    assert sessions.account(here) == alice
    with pytest.raises(NotFound):
        sessions.account(there)


def test_renewing_does_not_revive_a_session_of_a_disabled_user(admin, sessions, boss, alice):
    cookies = opened(sessions, alice, "t")
    admin.set_disabled(boss, "alice", True)
    sessions.renew(cookies)
    with pytest.raises(NotFound):
        sessions.account(cookies)


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
