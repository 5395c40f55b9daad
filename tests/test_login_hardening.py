"""Login backoff and lockout, stored in the database; odd passwords never raise."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import anyio
import pytest
from fastapi import HTTPException

from studio.accounts import Accounts, LoginBusy, LoginLocked
from studio.db import init_db, make_engine, session_scope
from studio.records import LoginThrottleRow, UserRow


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'studio.db'}"
    engine = make_engine(url)
    init_db(engine)
    accounts = Accounts(engine, clock=clock)
    accounts.create("alice", "alice-password")
    return url, accounts


def fail(accounts: Accounts, times: int, user: str = "alice", address: str | None = None) -> None:
    for _ in range(times):
        assert accounts.authenticate(user, "wrong-password", address) is False


@pytest.mark.parametrize("password", ["x" * 5000, "pässwörd-密码", "alice\x00password", "\x00", "\udcff"])
def test_hostile_passwords_are_refused_without_raising(store, password):
    _, accounts = store
    assert accounts.authenticate("alice", password) is False


def test_corrupt_hash_is_a_refusal(store):
    _, accounts = store
    with session_scope(accounts.engine) as session:
        session.get(UserRow, 1).password_hash = "$argon2id$v=19$garbage"
    assert accounts.authenticate("alice", "alice-password") is False


def test_lockout_after_five_failures_even_with_the_right_password_and_across_restarts(store, clock):
    url, accounts = store
    fail(accounts, 4)
    assert accounts.authenticate("alice", "alice-password")  # success resets the count
    fail(accounts, 5)
    assert accounts.authenticate("alice", "alice-password") is False
    restarted = Accounts(make_engine(url), clock=clock)
    assert restarted.authenticate("ALICE", "alice-password") is False
    clock.advance(61)
    assert restarted.authenticate("alice", "alice-password") is True
    assert restarted.authenticate("alice", "alice-password") is True


def test_lock_doubles_up_to_fifteen_minutes(store, clock):
    _, accounts = store
    fail(accounts, 5)
    lengths = []
    for _ in range(6):
        until = accounts.throttle.locked_until("user:alice")
        lengths.append((until - clock.now).total_seconds())
        clock.advance(lengths[-1] + 1)
        fail(accounts, 1)
    assert lengths == [60, 120, 240, 480, 900, 900]


def test_a_locked_account_is_not_even_hashed(store, monkeypatch):
    _, accounts = store
    fail(accounts, 5)
    import studio.accounts.service as module

    def boom(*_args):
        raise AssertionError("hashed while locked")

    monkeypatch.setattr(module, "verify_password", boom)
    monkeypatch.setattr(module, "spend_verify_time", boom)
    assert accounts.authenticate("alice", "alice-password") is False


def test_per_address_lockout_covers_every_username(store, clock):
    _, accounts = store
    accounts.create("bob", "bob-password")
    for number in range(20):  # an address (a lab behind one NAT) tolerates more failures than a username
        fail(accounts, 1, user=f"x{number}", address="10.0.0.9")
    assert accounts.authenticate("bob", "bob-password", "10.0.0.9") is False
    assert accounts.authenticate("bob", "bob-password", "10.0.0.10") is True
    clock.advance(61)
    assert accounts.authenticate("bob", "bob-password", "10.0.0.9") is True


def test_async_wrapper_runs_the_check(store):
    _, accounts = store

    async def both():
        return await accounts.authenticate_async("alice", "alice-password"), await accounts.authenticate_async(
            "alice", "nope-nope"
        )

    assert anyio.run(both) == (True, False)


def test_change_own_password_checks_the_old_one(store):
    from studio.errors import InvalidInput

    _, accounts = store
    alice = accounts.get("alice")
    with pytest.raises(InvalidInput, match="current password is wrong"):
        accounts.change_own_password(alice, "not-it-at-all", "new-password-1")
    accounts.change_own_password(alice, "alice-password", "new-password-1")
    assert accounts.authenticate("alice", "new-password-1")
    with session_scope(accounts.engine) as session:
        assert session.get(UserRow, alice.id).modified_by == alice.id


def test_the_gradio_login_check_counts_failures_against_the_requests_address(tmp_path):
    import asyncio

    from components.messages import say_in
    from studio.config import Settings
    from studio.services import build_services
    from studio.web.auth import LOGIN_ATTEMPT, LoginAttempt, login_check

    services = build_services(Settings(data_dir=tmp_path))
    services.accounts.create("dora", "dora-password")
    check = login_check(services, say_in)

    async def attempt(user: str, password: str, address: str) -> bool:
        token = LOGIN_ATTEMPT.set(LoginAttempt(address=address))
        try:
            return await check(user, password)
        finally:
            LOGIN_ATTEMPT.reset(token)

    for number in range(20):
        assert asyncio.run(attempt(f"guess{number}", "nope", "192.0.2.7")) is False
    with pytest.raises(HTTPException) as refused:
        asyncio.run(attempt("dora", "dora-password", "192.0.2.7"))
    assert refused.value.status_code == 429 and "this address" in refused.value.detail
    assert asyncio.run(attempt("dora", "dora-password", "192.0.2.8")) is True


def test_concurrent_guesses_are_counted_before_their_hash_so_they_stop_at_the_limit(store):
    _, accounts = store
    with ThreadPoolExecutor(max_workers=30) as pool:
        results = list(pool.map(lambda _: accounts.authenticate("alice", "wrong-password"), range(60)))
    assert results == [False] * 60
    assert accounts.password_checks <= accounts.throttle.max_failures + 1, accounts.password_checks
    with session_scope(accounts.engine) as session:
        assert session.get(LoginThrottleRow, "user:alice").failures <= accounts.throttle.max_failures + 1


def test_a_locked_username_says_until_when_and_a_made_up_one_locks_the_same_way(store, clock):
    _, accounts = store
    fail(accounts, 5)
    fail(accounts, 5, user="nobody-by-that-name")
    clock.advance(15)
    waits = []
    for user, password in (("alice", "alice-password"), ("nobody-by-that-name", "whatever-it-is")):
        with pytest.raises(LoginLocked) as locked:
            accounts.sign_in(user, password)
        waits.append((locked.value.seconds, locked.value.by_address))
    assert waits == [(45, False), (45, False)]


def test_bad_logins_from_this_machine_do_not_lock_its_users_out(store):
    """Every local user (and everyone behind an SSH tunnel) logs in from 127.0.0.1 or ::1."""
    _, accounts = store
    for address in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
        for number in range(accounts.throttle.address_max_failures + 5):
            fail(accounts, 1, user=f"made-up-{number}", address=address)
        assert accounts.authenticate("alice", "alice-password", address) is True
    fail(accounts, 5, address="127.0.0.1")
    assert accounts.authenticate("alice", "alice-password", "127.0.0.1") is False, "the username lock still holds"


def test_the_password_check_pool_refuses_what_it_cannot_queue(store):
    import asyncio

    _, accounts = store
    pool = accounts.checks
    capacity = pool.workers + pool.backlog

    async def flood() -> list:
        attempts = [accounts.sign_in_async(f"made-up-{n}", "wrong-password") for n in range(capacity + 20)]
        return await asyncio.gather(*attempts, return_exceptions=True)

    results = asyncio.run(flood())
    busy = [r for r in results if isinstance(r, LoginBusy)]
    assert len(busy) == 20 and results.count(None) == capacity
    assert asyncio.run(accounts.sign_in_async("alice", "alice-password")).username == "alice", "free again after"


def throttle_keys(accounts: Accounts) -> set[str]:
    from sqlmodel import select

    from studio.records import LoginThrottleRow

    with session_scope(accounts.engine) as session:
        return set(session.exec(select(LoginThrottleRow.key)).all())


def test_failures_a_day_apart_do_not_add_up_to_a_lock(store, clock):
    _, accounts = store
    fail(accounts, 4)
    clock.advance(25 * 3600)
    fail(accounts, 4)
    assert accounts.authenticate("alice", "alice-password") is True, "4 + 4 typos a day apart lock nobody"


def test_guesses_at_made_up_usernames_are_forgotten_after_a_quiet_day(store, clock):
    _, accounts = store
    for name in ("zed", "yan", "xia"):
        fail(accounts, 1, user=name, address="10.0.0.9")
    assert {"user:zed", "user:yan", "user:xia", "addr:10.0.0.9"} <= throttle_keys(accounts)
    clock.advance(25 * 3600)
    fail(accounts, 1, user="wu", address="10.0.0.7")
    assert throttle_keys(accounts) == {"user:wu", "addr:10.0.0.7"}


def test_a_lock_still_in_force_is_never_forgotten(store, clock):
    _, accounts = store
    accounts.throttle.forget_after = timedelta(seconds=30)
    fail(accounts, 5)  # locked for 60 s
    clock.advance(45)  # idle longer than forget_after, but still locked
    fail(accounts, 1, user="someone-else")
    assert "user:alice" in throttle_keys(accounts)
    assert accounts.authenticate("alice", "alice-password") is False
