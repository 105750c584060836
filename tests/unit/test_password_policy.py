"""The one password policy (command line and screens): each rule refuses what it should, the
messages say what to fix in Chinese, the shipped breached list is real and read, and the
operator store applies the policy to every new, reset and changed password."""

from __future__ import annotations

import gzip
import hashlib
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tellerguard.auth.errors import PasswordPolicyError
from tellerguard.auth.passwords import (
    COMMON_PASSWORDS_FILE,
    MAX_LENGTH,
    MIN_LENGTH,
    check_policy,
    common_passwords,
    password_problems,
)
from tellerguard.config import Settings
from tests.unit.audit_helpers import login, open_ws

GOOD = "Tg7#mansion-Lake"


def codes(password: str, username: str = "teller01", display_name: str = "") -> list[str]:
    return [
        p.code for p in password_problems(password, username=username, display_name=display_name)
    ]


def test_an_acceptable_password_has_no_problem() -> None:
    assert codes(GOOD) == []
    check_policy(GOOD, username="teller01", display_name="王芳")


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab#12345", "short"),
        ("A#1" + "xyzw" * 40, "long"),
        ("lowercase#only", "classes"),
        ("ALLUPPER123456", "classes"),
        ("abcdefgh1234", "classes"),
        (" Tg7#mansion", "spaces"),
        ("Tg7#mansion ", "spaces"),
        ("Tg7#man\x07sion", "control"),
        ("Teller01#Lake", "name"),
        ("10rellet#Lake9", "name"),
        ("Tg7#aaaa-Lake", "repeat"),
        ("Tg7#1111-Lake", "repeat"),
        ("Password123!", "breached"),
        ("Dragon2026", "breached"),
        ("Qq123456789", "breached"),
        ("Woaini1314!", "breached"),
        ("1qaz2WSX3edc", "breached"),
    ],
)
def test_each_rule_refuses_what_it_names(password: str, code: str) -> None:
    assert code in codes(password)


def test_the_display_name_counts_as_a_name() -> None:
    assert "name" in codes("Zhangwei#2026", "zw01", "Zhang Wei")
    assert "name" in codes("Tg7#王芳-Lake", "wf01", "王芳")
    assert codes("Tg7#王芳-Lake", "wf01", "李强") == []


def test_a_password_equal_to_the_user_name_is_refused() -> None:
    assert "name" in codes("Teller01#x9", "teller01#x9")
    with pytest.raises(PasswordPolicyError) as info:
        check_policy("Supervisor#01", username="supervisor#01")
    assert "不能包含用户名或姓名" in info.value.message_zh


def test_short_listed_words_with_a_year_are_left_to_the_length_rule() -> None:
    # "super" is on the list, but a 5-letter word plus 5 more characters is not refused as
    # breached (the demo's Super#2026 stays valid); a 6-letter one is.
    assert codes("Super#2026", "supervisor01") == []
    assert "breached" in codes("Monkey#2026", "supervisor01")


def test_every_problem_is_named_at_once_in_chinese() -> None:
    with pytest.raises(PasswordPolicyError) as info:
        check_policy("", username="teller01")
    assert (
        info.value.message_zh
        == "新密码不符合要求：至少 10 位；大写字母、小写字母、数字、符号至少含三类"
    )
    assert "it has fewer than 10 characters" in info.value.message_en


def test_the_breached_list_is_the_documented_file() -> None:
    data = resources.files("tellerguard.auth").joinpath(COMMON_PASSWORDS_FILE).read_bytes()
    assert (
        hashlib.sha256(data).hexdigest()
        == "3c1baed62596de36860824eb3f436d5932d37ca8b06e59df78f5a44ec175afe4"
    )
    words = gzip.decompress(data).decode("utf-8").splitlines()
    assert len(words) == len(common_passwords()) == 19_640
    assert words[:4] == ["123456", "123456789", "qwerty", "password"]
    assert {"5201314", "woaini1314", "qq123456", "1q2w3e4r5t"} <= common_passwords()
    notice = resources.files("tellerguard.auth").joinpath("common-passwords.NOTICE").read_text()
    assert "BSD" in notice or "Redistribution" in notice


@given(st.sampled_from(sorted(common_passwords())), st.booleans())
def test_every_listed_password_is_refused_in_any_case(word: str, upper: bool) -> None:
    typed = word.upper() if upper else word
    assert password_problems(typed, username="x9")


@given(st.text(min_size=0, max_size=200))
def test_any_text_gets_an_answer_and_long_ones_are_refused(text: str) -> None:
    problems = codes(text, "teller01")
    assert ("short" in problems) == (len(text) < MIN_LENGTH)
    assert ("long" in problems) == (len(text) > MAX_LENGTH)


def test_the_operator_store_applies_it_to_add_reset_and_change(settings: Settings) -> None:
    with open_ws(settings) as ws:
        admin = login(ws, "admin01")
        head = ws.store.head.seq
        for bad in ("Password123!", "Newguy01#Lake", "Tg7#mansion-王五"):
            with pytest.raises(PasswordPolicyError):
                ws.users.add(admin, "newguy01", "王五", "teller", bad)
        with pytest.raises(PasswordPolicyError):
            ws.users.reset_password(admin, "teller01", "Dragon2026")
        with pytest.raises(PasswordPolicyError):
            ws.users.change_password("teller02", "Teller#2026x", "Teller02#2027")
        # Only the sign-ins of the attempts were recorded, none of the refused changes.
        assert ws.users.get("newguy01") is None
        types = [e.type for e in ws.store.recent_events(ws.store.head.seq - head)]
        assert "user_added" not in types and "password_reset" not in types
