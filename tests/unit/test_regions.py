"""Region codes as places, and out-of-area compared by place across the code's history."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tellerguard.domain import regions
from tellerguard.domain.regions import Place, name_key, out_of_area, place_of


# -- the cases the brief names -------------------------------------------------------------
@pytest.mark.parametrize(
    ("home", "branch", "expected"),
    [
        ("410102", "410105", "none"),  # two districts of 郑州
        ("412801", "411702", "none"),  # 驻马店 re-coded 4128xx → 4117xx around 2000
        ("429001", "421303", "none"),  # county-level 随州 became the prefecture 4213xx
        ("110105", "110108", "none"),  # Beijing is one city
        ("510202", "500103", "none"),  # 渝中区 issued under Sichuan before 1997
        ("410102", "410302", "city"),  # 郑州 vs 洛阳
        ("410102", "440305", "province"),  # 郑州 vs 深圳
        ("419001", "410102", "city"),  # 济源 is a city of its own
        ("419999", "410102", "none"),  # unknown code: do not flag
    ],
)
def test_brief_examples(home: str, branch: str, expected: str) -> None:
    assert out_of_area(home, branch) == expected


# -- history ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("home", "branch", "expected"),
    [
        ("120101", "120225", "none"),  # Tianjin district vs a former Tianjin county code
        ("310101", "310115", "none"),  # Shanghai
        ("500101", "500235", "none"),  # Chongqing: 万州 vs 云阳县, one municipality
        ("512221", "500101", "none"),  # 万县 (Sichuan 万县地区 before 1992) is now Chongqing
        ("512301", "500102", "none"),  # 涪陵市 (Sichuan) → 涪陵区
        ("510104", "500103", "province"),  # 成都 is still Sichuan
        ("510202", "510104", "province"),  # old Chongqing code vs a Chengdu branch: now apart
        ("442121", "460107", "none"),  # 琼山县 (Guangdong's 海南行政区) → 海口市琼山区
        ("442121", "460203", "city"),  # ... but 三亚 is another city of Hainan
        ("442121", "440106", "province"),  # ... and Guangdong is another province now
        ("442100", "460203", "none"),  # 海南行政区 itself: which city cannot be told
        ("341422", "340225", "none"),  # 无为县 moved from 巢湖 to 芜湖 in 2011
        ("341422", "340102", "city"),  # ... so it is not 合肥
        ("342201", "341302", "none"),  # county-level 宿州 (宿县地区) → the prefecture 宿州
        ("420602", "420606", "none"),  # 襄樊 renamed 襄阳: same prefecture code
        ("632521", "460105", "province"),  # 青海's 海南藏族自治州 is not Hainan
        ("659001", "650102", "city"),  # 石河子 is a city of its own
        ("429004", "420102", "city"),  # 仙桃 is not 武汉
    ],
)
def test_history_is_followed_by_place(home: str, branch: str, expected: str) -> None:
    assert out_of_area(home, branch) == expected


def test_code_reused_for_another_place_depends_on_birth_year() -> None:
    # 419001 was 义马市 (1986-1989, later 411281 under 三门峡) and is 济源市 since 1997.
    assert out_of_area("419001", "411202", birth_year=1995) == "city"
    # Born 1987: the number may have been issued as 义马 → the same city as 三门峡.
    assert out_of_area("419001", "411202", birth_year=1987) == "none"


@pytest.mark.parametrize(
    ("home", "branch", "expected"),
    [
        ("449999", "410102", "province"),  # unknown code, but clearly another province
        ("419999", "419998", "none"),
        ("519999", "500103", "none"),  # unknown Sichuan code may be pre-1997 Chongqing
        ("999999", "410102", "none"),  # no such province
        ("410102", "999999", "none"),
        ("4101", "410102", "none"),
        ("41010x", "410102", "none"),
        ("４１０１０２", "410102", "none"),
    ],
)
def test_doubt_is_none_but_a_clear_province_is_not(home: str, branch: str, expected: str) -> None:
    assert out_of_area(home, branch) == expected


# -- places --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "place"),
    [
        ("410102", Place("410102", "河南省", "郑州", "河南省郑州市中原区")),
        ("412801", Place("412801", "河南省", "驻马店", "河南省驻马店地区驻马店市")),
        ("411702", Place("411702", "河南省", "驻马店", "河南省驻马店市驿城区")),
        ("110105", Place("110105", "北京市", "北京", "北京市朝阳区")),
        ("500235", Place("500235", "重庆市", "重庆", "重庆市云阳县")),
        ("419001", Place("419001", "河南省", "济源", "河南省济源市")),
        ("429004", Place("429004", "湖北省", "仙桃", "湖北省仙桃市")),
        ("659001", Place("659001", "新疆维吾尔自治区", "石河子", "新疆维吾尔自治区石河子市")),
        ("410100", Place("410100", "河南省", "郑州", "河南省郑州市")),
        ("410000", Place("410000", "河南省", None, "河南省")),
        ("419999", Place("419999", "河南省", None, "河南省")),
        ("532901", Place("532901", "云南省", "大理", "云南省大理白族自治州大理市")),
    ],
)
def test_place_of(code: str, place: Place) -> None:
    assert place_of(code) == place


def test_place_of_prefers_the_name_valid_in_the_year() -> None:
    assert place_of("419001", 1987) == Place("419001", "河南省", "义马", "河南省义马市")
    assert place_of("419001", 2005) == Place("419001", "河南省", "济源", "河南省济源市")
    # Born before any name of the code existed: the first name after the birth year.
    assert place_of("419001", 1960) == Place("419001", "河南省", "义马", "河南省义马市")
    assert place_of("510202", 1990) == Place("510202", "四川省", "重庆", "四川省重庆市市中区")
    assert place_of("510202") == Place("510202", "四川省", "重庆", "四川省重庆市渝中区")


def test_years_before_the_first_id_cards_read_as_1984() -> None:
    # The table writes "[1983-1982]向阳回族区,[1983-]管城回族区": the old name ended with the
    # 1983 revision, before any ID number was issued, so nobody's number means 向阳回族区.
    assert place_of("410104", 1950) == Place("410104", "河南省", "郑州", "河南省郑州市管城回族区")
    assert regions.region_table().codes["410104"][0] == regions.RegionVariant(
        None, 1982, "向阳回族区"
    )


@pytest.mark.parametrize("code", ["", "41010", "4101021", "99xxxx", "990000", "000000"])
def test_place_of_unknown(code: str) -> None:
    assert place_of(code) is None


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("驻马店地区", "驻马店"),
        ("驻马店市", "驻马店"),
        ("万县", "万县"),
        ("万县市", "万县"),
        ("黔南布依族苗族自治州", "黔南"),
        ("海西蒙古族藏族哈萨克族自治州", "海西"),
        ("伊犁哈萨克自治州", "伊犁"),
        ("神农架林区", "神农架"),
        ("内蒙古自治区", "内蒙古"),
        ("广西壮族自治区", "广西"),
        ("锡林郭勒盟", "锡林郭勒"),
        ("大理白族自治州", "大理"),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


# -- whole-table properties ----------------------------------------------------------------
def _current_codes() -> list[str]:
    table = regions.region_table()
    return sorted(
        code
        for code, variants in table.codes.items()
        if variants[-1].end is None
        and code[2:4] != "00"
        and code[4:] != "00"
        and code[:2] not in ("71", "81", "82")
    )


CURRENT = _current_codes()


def test_every_code_is_local_to_itself() -> None:
    table = regions.region_table()
    assert len(table.codes) > 6000
    for code in table.codes:
        assert out_of_area(code, code) == "none", code


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(CURRENT), st.sampled_from(CURRENT))
def test_current_codes_compare_by_prefecture_and_province(home: str, branch: str) -> None:
    # Born 2000: only today's names apply (no reused code such as 419001 义马/济源 is in doubt).
    home_place, branch_place = place_of(home), place_of(branch)
    assert home_place is not None and branch_place is not None
    result = out_of_area(home, branch, birth_year=2000)
    if home_place.province != branch_place.province:
        assert result == "province"
    elif home_place.prefecture == branch_place.prefecture:
        assert result == "none"
    else:
        assert result == "city"
