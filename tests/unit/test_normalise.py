"""The notes normaliser and phrase matching: however a phrase is typed, it matches like itself."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tellerguard.engine.normalise import normalise, pinyin_forms, sound_fold
from tellerguard.engine.phrases import any_phrase, check_phrase, expand, find_phrases

AUTHORITY = ("安全账户", "资金(核查|清查|审查)", "通缉令", "safe account")
NEGATIONS = ("未提及", "无", "否认")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("安全帐户", "安全账户"),
        ("安全帳戶", "安全账户"),
        ("安 全\u3000账 户", "安全账户"),
        ("保證金", "保证金"),
        ("解凍", "解冻"),
        ("１０万元", "10万元"),
        ("Ｓａｆｅ　ＡＣＣＯＵＮＴ", "safeaccount"),
        ("刷\u200b单", "刷单"),
        ("刷\t单\n", "刷单"),
    ],
)
def test_normalise_folds_what_fast_typing_changes(typed: str, expected: str) -> None:
    assert normalise(typed) == expected


@pytest.mark.parametrize(
    "note",
    [
        "客户称要转到安全帐户",
        "客戶稱要轉到安全帳戶",
        "要转到 安 全 账 户",
        "要转到安全\u3000账户",
        "对方说这是 Safe Account",
        "对方说这是ｓａｆｅ ａｃｃｏｕｎｔ",
        "要转到anquan zhanghu",
        "要转到安全账护",  # the input method's homophone
        "配合资金清查",
        "要做资金審查",
    ],
)
def test_authority_phrase_matches_however_typed(note: str) -> None:
    assert any_phrase(note, AUTHORITY, NEGATIONS)


@pytest.mark.parametrize(
    "note",
    [
        "已做反洗钱提示，客户未提及安全账户",
        "客户未提及 安全帳戶",
        "客户为公司部门采购付款",
        "安全用户须知",
        "",
    ],
)
def test_ordinary_and_negated_notes_do_not_match(note: str) -> None:
    assert not any_phrase(note, (*AUTHORITY, "(部队|武警)采购"), NEGATIONS)


def test_short_phrases_match_literally_only() -> None:
    # 导师 (daoshi) would otherwise match 到时 "by then"
    assert not any_phrase("客户说到时候再来", ("导师",))
    assert not any_phrase("daoshi", ("导师",))
    assert any_phrase("群里的導師", ("导师",))


def test_found_phrases_are_the_packs_own() -> None:
    assert find_phrases("轉到安全帳戶，配合资金清查", AUTHORITY) == ("安全账户", "资金清查")
    assert find_phrases(None, AUTHORITY) == ()


def test_alternatives_expand() -> None:
    assert expand("(部队|军队)采购") == ("部队采购", "军队采购")
    assert expand("资金(核查| 清查 )") == ("资金核查", "资金清查")
    for bad in ("(部队|军队采购", "(部队|)采购", "((a|b))", "(a|b)(c|d)(e|f)(g|h)(i|j)(k|l)(m|n)"):
        with pytest.raises(ValueError):
            expand(bad)
    with pytest.raises(ValueError):
        check_phrase("\u3000 ")


def test_pinyin_and_sound_fold() -> None:
    assert "anquanzhanghu" in pinyin_forms("安全账户")
    assert pinyin_forms("safe") == ()
    assert sound_fold("安全账护") == sound_fold("安全账户")
    assert sound_fold("部门采购") != sound_fold("部队采购")
    assert len(sound_fold("客户说ok")) == len("客户说ok")


PHRASES = ("安全账户", "资金核查", "保证金", "刷单", "屏幕共享", "safe account", "解冻")
TRADITIONAL = {"账": "賬", "户": "戶", "资": "資", "证": "證", "单": "單", "屏": "屏", "冻": "凍"}
FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@st.composite
def variant(draw: st.DrawFn, phrase: str) -> str:
    """The phrase as a teller may type it: traditional or variant characters, full width,
    mixed case, spaces of any kind between characters."""
    out = []
    for ch in phrase:
        choice = draw(st.sampled_from(["same", "traditional", "full", "upper", "variant"]))
        if choice == "traditional":
            ch = TRADITIONAL.get(ch, ch)
        elif choice == "full":
            ch = FULL_WIDTH.get(ch, ch)
        elif choice == "upper":
            ch = ch.upper()
        elif choice == "variant" and ch == "账":
            ch = "帐"
        out.append(ch)
        out.append(draw(st.sampled_from(["", "", " ", "\u3000", "\t", "\u200b"])))
    return "".join(out)


filler = st.text(alphabet=st.sampled_from("客户称要转账给儿子，医药费。今天 123abc"), max_size=12)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), phrase=st.sampled_from(PHRASES), before=filler, after=filler)
def test_any_normalised_variant_matches_like_the_phrase(
    data: st.DataObject, phrase: str, before: str, after: str
) -> None:
    typed = data.draw(variant(phrase))
    literal = before + phrase + after
    varied = before + typed + after
    assert normalise(varied) == normalise(literal)
    for phrases in ((phrase,), PHRASES):
        assert any_phrase(varied, phrases, NEGATIONS) == any_phrase(literal, phrases, NEGATIONS)
        assert find_phrases(varied, phrases, NEGATIONS) == find_phrases(literal, phrases, NEGATIONS)
    assert any_phrase(varied, (phrase,)) is True
    negated = before + "未提及" + typed + after
    assert any_phrase(negated, (phrase,), NEGATIONS) == any_phrase(
        before + "未提及" + phrase + after, (phrase,), NEGATIONS
    )


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_hostile_text_never_breaks_matching(text: str) -> None:
    result = find_phrases(text, PHRASES, NEGATIONS)
    assert set(result) <= set(PHRASES)
    assert any_phrase(text, PHRASES, NEGATIONS) == bool(result)


# -- one match per note for the whole pack (issue 13) --------------------------------------
def _default_pack_phrase_lists() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    from tellerguard.engine.pack import load_pack
    from tellerguard.resources import default_rules_dir

    params = load_pack(default_rules_dir()).params
    lists = {
        name: tuple(value)
        for name, value in params.items()
        if name.endswith("_phrases") and isinstance(value, list | tuple)
    }
    return lists, tuple(params["notes_negations"])


PACK_LISTS, PACK_NEGATIONS = _default_pack_phrase_lists()
_PACK_WORDS = sorted({p for phrases in PACK_LISTS.values() for w in phrases for p in expand(w)})
pack_note = st.lists(
    st.one_of(
        st.sampled_from(_PACK_WORDS),
        st.sampled_from(PACK_NEGATIONS),
        filler,
        st.text(max_size=6),
    ),
    max_size=6,
).map("".join)


def test_the_default_pack_has_phrase_lists_to_compare() -> None:
    assert len(PACK_LISTS) >= 10 and PACK_NEGATIONS


@settings(max_examples=400, deadline=None)
@given(note=pack_note)
def test_one_match_against_every_list_answers_like_each_list_on_its_own(note: str) -> None:
    """The compiled pack matches a note once against all its phrase lists and asks each rule's
    list for one of its phrases among those found: the very answer of any_phrase and
    find_phrases on that list alone, negations included."""
    from tellerguard.engine.phrases import PhraseMatcher, pack_phrases

    matcher = PhraseMatcher([p for ps in PACK_LISTS.values() for p in ps], PACK_NEGATIONS)
    found = matcher.found(note)
    for phrases in PACK_LISTS.values():
        alone = find_phrases(note, phrases, PACK_NEGATIONS)
        assert (not found.isdisjoint(pack_phrases(phrases))) == any_phrase(
            note, phrases, PACK_NEGATIONS
        )
        assert set(alone) == found & pack_phrases(phrases), phrases


def test_the_compiled_pack_matches_each_note_once_per_kind() -> None:
    from tellerguard.engine.pack import load_pack
    from tellerguard.resources import default_rules_dir

    source = load_pack(default_rules_dir()).source
    conditions = [line for line in source.splitlines() if "r.append(" in line]
    assert source.count(".found(c__notes)") == 2  # once in evaluate_opening, once in transfer
    assert not any("_any_phrase(" in line for line in conditions)


def test_loading_the_pack_leaves_the_pinyin_tables_for_later() -> None:
    """Cold start (issue 13): loading the default pack must not read pypinyin's tables
    (0.5 s); the first note that needs them builds them, and still matches a homophone."""
    import subprocess
    import sys

    code = (
        "from tellerguard.engine import normalise\n"
        "from tellerguard.services.rules import load_rules\n"
        "pack = load_rules(None)\n"
        "print(normalise._sound_table.cache_info().currsize)\n"
        "from tellerguard.engine.phrases import find_phrases\n"
        "print(*find_phrases('对方让转到安全账护', ['安全账户']))\n"
        "print(normalise._sound_table.cache_info().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert out == ["0", "安全账户", "1"]
