"""Places behind GB/T 2260 region codes, and whether a customer is from out of the area.

The table is python-stdnum's ``stdnum/cn/loc.dat``: one line per province (``41
province="河南省"``) followed by its codes (``  2801 county="[-2000]驻马店市"``), where a code
may carry its history as comma-separated variants ``[start-end]name`` (years inclusive, either
end open; an undated name is taken as valid throughout).

An ID number keeps the region code it was first issued under, for life. Codes get renamed,
re-coded (驻马店 4128xx → 4117xx around 2000), promoted (county-level 随州 429001 → the
prefecture 4213xx), moved between prefectures, and whole provinces were split off (Hainan from
Guangdong in 1988, Chongqing from Sichuan in 1997). So "same city" is decided by *place
names* across the table's history, never by code prefixes alone, and whenever the history
leaves doubt the answer is "none": a false out-of-area flag on a local customer costs trust
(shared/DOMAIN.md, OPEN-OUTAREA).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

OutOfArea = Literal["none", "city", "province"]

MUNICIPALITIES: frozenset[str] = frozenset({"11", "12", "31", "50"})
"""Beijing, Tianjin, Shanghai, Chongqing: each one city whatever the code's digits 3-4."""

# Province splits: child province code → (parent province code, year of the split). Numbers
# issued in the parent before the split keep the parent's codes.
SPLITS: dict[str, tuple[str, int]] = {"46": ("44", 1988), "50": ("51", 1997)}

# Prefecture-level entries that are not a prefecture but "directly administered" groupings:
# their county-level members are cities of their own (济源 419001, 仙桃 429004, 石河子 659001).
_DIRECT_GROUPS: frozenset[str] = frozenset(
    {"省直辖县级行政单位", "省直辖行政单位", "自治区直辖县级行政单位", "林区"}
)
# Sub-groupings of a municipality; the place is the municipality itself.
_MUNICIPAL_GROUPS: frozenset[str] = frozenset({"市辖区", "县", "市"})
# County names shared by many unrelated places; never used to follow a county's history.
_GENERIC_NAMES: frozenset[str] = frozenset(
    {"市辖区", "郊区", "城区", "市区", "矿区", "市中区", "县", "市", "新市区", "城关区", "林区"}
    | _DIRECT_GROUPS
)

# The 55 minority names as they appear in autonomous prefectures/counties (some names, such as
# 哈萨克 and 蒙古, appear there without 族), plus 各 from 各族自治县.
_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|"
    "高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|"
    "普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|"
    "珞巴|基诺|各"
)
_AUTONOMOUS = re.compile(rf"(.{{2,}}?)(?:(?:{_ETHNIC})族?)+自治(?:州|县|旗|区)")
_SUFFIXES: tuple[str, ...] = (
    "特别行政区",
    "特別行政區",
    "行政公署",
    "行政区",
    "办事处",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "矿区",
    "新区",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
    "州",
)
_VARIANT = re.compile(r"\[(\d{4})?-(\d{4})?\](.+)")
_LINE = re.compile(r'(\d{2}) province="([^"]*)"|  (\d{4}) county="([^"]*)"')
_CODE = re.compile(r"[0-9]{6}")

FIRST_ISSUE_YEAR = 1984
"""Resident ID numbers were first issued in 1984: no number carries a region code as it was
before then, whatever the holder's birth year."""

_MAX_HOPS = 8
"""How far a code's history is followed (renames chain a few times at most)."""


@dataclass(frozen=True, slots=True)
class Place:
    """A region code read as a place.

    ``prefecture`` is normalised for comparison (驻马店 for 驻马店地区 and 驻马店市; the
    municipality for 11/12/31/50; the county-level city itself for province-administered
    cities); ``None`` when the code names a whole province or is missing from the table.
    """

    code: str
    province: str
    prefecture: str | None
    name: str


@dataclass(frozen=True, slots=True)
class RegionVariant:
    """One name a region code bore, and the years it bore it (``None``: open-ended)."""

    start: int | None
    end: int | None
    name: str

    def valid_in(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


# (province code, normalised prefecture name): two codes are in the same city when they share
# a token. Tokens of the pre-split parent naming the child province are moved to the child.
_Token = tuple[str, str]


@dataclass(frozen=True, slots=True)
class RegionTable:
    """The region codes of GB/T 2260 with every name each bore, parsed once."""

    provinces: dict[str, str]
    codes: dict[str, tuple[RegionVariant, ...]]
    successors: dict[tuple[str, int], tuple[tuple[str, int], ...]]
    by_key: dict[tuple[str, str], tuple[tuple[str, int], ...]]
    """(province, name key) → every (code, variant index) that bore that name."""


# -- names ---------------------------------------------------------------------------------
def name_key(name: str) -> str:
    """A place name without its administrative suffix: 驻马店地区/驻马店市 → 驻马店.

    Only one suffix is removed and at least two characters are kept (万县 stays 万县, so
    万县市 and 万县区 both read 万县).
    """
    match = _AUTONOMOUS.fullmatch(name)
    if match:
        return match.group(1)
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _overlaps(a: RegionVariant, b: RegionVariant) -> bool:
    """Whether two variants were in force in a common year (years are inclusive)."""
    start = max(a.start if a.start is not None else -1, b.start if b.start is not None else -1)
    end = min(a.end if a.end is not None else 9999, b.end if b.end is not None else 9999)
    return start <= end


# -- the table -----------------------------------------------------------------------------
def _parse(text: str) -> tuple[dict[str, str], dict[str, tuple[RegionVariant, ...]]]:
    provinces: dict[str, str] = {}
    codes: dict[str, tuple[RegionVariant, ...]] = {}
    province = ""
    for line in text.splitlines():
        match = _LINE.fullmatch(line)
        if match is None:  # comments, blank lines
            continue
        if match.group(1):
            province = match.group(1)
            provinces[province] = match.group(2)
            continue
        variants: list[RegionVariant] = []
        for part in match.group(4).split(","):
            dated = _VARIANT.fullmatch(part)
            if dated:
                start_text, end_text, name = dated.groups()
                start = int(start_text) if start_text else None
                end = int(end_text) if end_text else None
                if start is not None and end is not None and start > end:
                    # "[1983-1982]向阳回族区" (14 such entries): a name in force until the
                    # 1983 revision, i.e. "[-1982]".
                    start = None
                variants.append(RegionVariant(start, end, name))
            elif part:
                variants.append(RegionVariant(None, None, part))
        if variants and province:
            codes[province + match.group(3)] = tuple(variants)
    return provinces, codes


def _province_group(province: str) -> str:
    """Provinces that were one before a split share a group (for following histories)."""
    return SPLITS[province][0] if province in SPLITS else province


def _link_successors(
    codes: dict[str, tuple[RegionVariant, ...]],
) -> dict[tuple[str, int], tuple[tuple[str, int], ...]]:
    """Link each ended variant to the same-named place that started when it ended.

    That is how a county moved to another prefecture (无为县 341422 → 340225), a county that
    changed from 县 to 市 to 区 (琼山县 → 琼山市 → 琼山区) or a place handed to a new province
    (渝中区 510202 → 500103) is followed. The link needs the end and the start to meet (a
    year's slack), so two long-lived namesakes (鼓楼区 in 南京 and in 徐州) are not linked; the
    commonest generic names are never followed at all. A rare coincidence links namesakes
    that were re-coded in the same year: that errs towards "none", the safe side.
    """
    by_key: dict[tuple[str, str], list[tuple[str, int, RegionVariant]]] = defaultdict(list)
    for code, variants in codes.items():
        for index, variant in enumerate(variants):
            if variant.name in _GENERIC_NAMES:
                continue
            by_key[(_province_group(code[:2]), name_key(variant.name))].append(
                (code, index, variant)
            )
    links: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for entries in by_key.values():
        if len(entries) < 2:
            continue
        for a_code, a_index, a in entries:
            if a.end is None:
                continue
            for b_code, b_index, b in entries:
                if b_code != a_code and b.start is not None and abs(b.start - a.end) <= 1:
                    links[(a_code, a_index)].append((b_code, b_index))
    # A code's own next variant follows when it starts as the previous one ends (a rename);
    # a gap means the code was reused for another place (涪陵市 5114 → 眉山市 5114).
    for code, variants in codes.items():
        for index in range(len(variants) - 1):
            this, following = variants[index], variants[index + 1]
            if (
                this.end is not None
                and following.start is not None
                and abs(following.start - this.end) <= 1
            ):
                links[(code, index)].append((code, index + 1))
    return {key: tuple(value) for key, value in links.items()}


@cache
def region_table() -> RegionTable:
    """The region table, read once on first use (about 7,000 lines)."""
    text = resources.files("stdnum").joinpath("cn/loc.dat").read_text(encoding="utf-8")
    provinces, codes = _parse(text)
    by_key: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for code, variants in codes.items():
        for index, variant in enumerate(variants):
            if variant.name not in _GENERIC_NAMES:
                by_key[(code[:2], name_key(variant.name))].append((code, index))
    return RegionTable(
        provinces,
        codes,
        _link_successors(codes),
        {key: tuple(value) for key, value in by_key.items()},
    )


# -- places --------------------------------------------------------------------------------
def _prefecture_variants(code: str, variant: RegionVariant) -> list[RegionVariant]:
    """The prefecture entry's names in force while ``variant`` was (all of them if none)."""
    entries = region_table().codes.get(code[:4] + "00", ())
    overlapping = [p for p in entries if _overlaps(p, variant)]
    chosen = overlapping or list(entries)
    # Renames of the prefecture (襄樊市 → 襄阳市) are the same place: add adjacent names.
    names = set(chosen)
    for index, entry in enumerate(entries):
        for other in entries[index + 1 : index + 2]:
            if (
                entry.end is not None
                and other.start is not None
                and abs(other.start - entry.end) <= 1
                and (entry in names or other in names)
            ):
                names.update((entry, other))
    return [p for p in entries if p in names]


def _is_direct(code: str, prefecture_names: Iterable[str]) -> bool:
    """A county-level place administered by the province itself: a city of its own."""
    if code[2:4] in ("00", "90"):
        return True
    return any(name in _DIRECT_GROUPS for name in prefecture_names)


def _tokens(code: str, variant: RegionVariant) -> set[_Token]:
    """The prefecture tokens of one variant of a code; empty when only the province is known."""
    province = code[:2]
    table = region_table()
    if province in MUNICIPALITIES:
        return {(province, name_key(table.provinces[province]))}
    if code[2:] == "0000":
        return set()
    if code[4:] == "00":
        keys = {name_key(variant.name)}
    else:
        parents = _prefecture_variants(code, variant)
        if not parents and code[2:4] not in ("00", "90"):
            return set()  # no prefecture entry: the table cannot say
        if _is_direct(code, (p.name for p in parents)):
            keys = {name_key(variant.name)}
        else:
            keys = {name_key(p.name) for p in parents}
    moved = _moved_to_child(province, variant, keys)
    return moved or {(province, key) for key in keys}


def _moved_to_child(province: str, variant: RegionVariant, keys: set[str]) -> set[_Token]:
    """Where a place named before a province split lies now, found by name in the child.

    重庆市 5102 and 海南行政区 4421 are named like the province split off; 万县地区 5122 or a
    county such as 涪陵 bear the name of a place in the new province's history (万县区 500101,
    涪陵区 500102). Only names in force before the split count: the parent's later places
    stayed in the parent.
    """
    table = region_table()
    found: set[_Token] = set()
    for child, (parent, year) in SPLITS.items():
        if parent != province or (variant.start is not None and variant.start > year):
            continue
        child_key = name_key(table.provinces.get(child, ""))
        names = keys | ({name_key(variant.name)} if variant.name not in _GENERIC_NAMES else set())
        for key in names:
            if key == child_key:
                found.add((child, key))
            for code, index in table.by_key.get((child, key), ()):
                # A province-level entry (海南省 460000) still tells the province.
                found.update(_tokens(code, table.codes[code][index]) or {(child, child_key)})
    return found


def _choose(variants: tuple[RegionVariant, ...], year: int | None) -> RegionVariant:
    if year is None:
        return variants[-1]
    year = max(year, FIRST_ISSUE_YEAR)
    for variant in variants:
        if variant.valid_in(year):
            return variant
    # No name in force that year: the number was issued later (first ID at 16), so take the
    # first name that came after.
    later = [v for v in variants if v.start is not None and v.start > year]
    return later[0] if later else variants[-1]


@lru_cache(maxsize=4096)
def place_of(code: str, year: int | None = None) -> Place | None:
    """The place a region code names, preferring the name valid in ``year`` when given.

    ``year`` is usually the birth year; years before 1984 are read as 1984, when the first
    numbers were issued (a person born in 1950 got a code as it was in 1984 or later).

    A code missing from the table under a known province gives a province-only place (the
    first two digits are reliable); an unknown province gives ``None``. A pure function of
    the code and the year over a fixed table, so the answer is cached (bounded).
    """
    if not _CODE.fullmatch(code):
        return None
    table = region_table()
    province_code = code[:2]
    province = table.provinces.get(province_code)
    if province is None:
        return None
    municipal_key = name_key(province) if province_code in MUNICIPALITIES else None
    variants = table.codes.get(code)
    if not variants:
        return Place(code, province, municipal_key, province)
    variant = _choose(variants, year)
    if municipal_key is not None:
        own = "" if variant.name in _MUNICIPAL_GROUPS or code[2:] == "0000" else variant.name
        return Place(code, province, municipal_key, _join(province, own))
    if code[2:] == "0000":
        return Place(code, province, None, province)
    if code[4:] == "00":
        return Place(code, province, name_key(variant.name), _join(province, variant.name))
    parents = _prefecture_variants(code, variant)
    in_force = [p for p in parents if _overlaps(p, variant)] or parents
    parent = _choose(tuple(in_force), year) if in_force else None
    if _is_direct(code, (p.name for p in parents)):
        return Place(code, province, name_key(variant.name), _join(province, variant.name))
    if parent is None:
        return Place(code, province, None, _join(province, variant.name))
    own = "" if variant.name in _MUNICIPAL_GROUPS else variant.name
    return Place(code, province, name_key(parent.name), _join(province, parent.name, own))


def _join(*parts: str) -> str:
    return "".join(parts)


# -- out of area ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Reach:
    tokens: frozenset[_Token]
    provinces: frozenset[str]
    unknown_prefecture: bool


def _reach(code: str, starts: list[int]) -> _Reach:
    """Every place the given variants of ``code`` became, following the table's history."""
    table = region_table()
    seen: set[tuple[str, int]] = set()
    frontier = [(code, index) for index in starts]
    tokens: set[_Token] = set()
    provinces: set[str] = set()
    unknown = False
    for _ in range(_MAX_HOPS):
        following: list[tuple[str, int]] = []
        for node in frontier:
            if node in seen:
                continue
            seen.add(node)
            node_code, index = node
            found = _tokens(node_code, table.codes[node_code][index])
            # A place moved to a province split off counts in its new province only.
            provinces.update({province for province, _ in found} or {node_code[:2]})
            tokens.update(found)
            unknown = unknown or not found
            following.extend(table.successors.get(node, ()))
        if not following:
            break
        frontier = following
    return _Reach(frozenset(tokens), frozenset(provinces), unknown)


def _candidates(variants: tuple[RegionVariant, ...], birth_year: int | None) -> list[int]:
    """Indexes of the names the number may have been issued under.

    Not only the name in force in the birth year: most people got their number at 16 or
    later, so any name still in force after the birth year is possible (with a year's slack
    for the table's dates). The union can only make "none" likelier, which is the safe side.
    """
    if birth_year is None:
        return list(range(len(variants)))
    earliest = max(birth_year, FIRST_ISSUE_YEAR) - 1
    possible = [i for i, v in enumerate(variants) if v.end is None or v.end >= earliest]
    return possible or list(range(len(variants)))


def _related(a: str, b: str) -> bool:
    return a == b or SPLITS.get(a, ("", 0))[0] == b or SPLITS.get(b, ("", 0))[0] == a


@lru_cache(maxsize=4096)
def out_of_area(home_code: str, branch_code: str, *, birth_year: int | None = None) -> OutOfArea:
    """Compare the ID's region with the branch's region as places.

    ``"none"``: same city, or not sure; ``"city"``: another prefecture of the same province;
    ``"province"``: clearly another province.
    """
    if not (_CODE.fullmatch(home_code) and _CODE.fullmatch(branch_code)):
        return "none"
    table = region_table()
    home_province, branch_province = home_code[:2], branch_code[:2]
    if home_province not in table.provinces or branch_province not in table.provinces:
        return "none"
    home_variants = table.codes.get(home_code)
    branch_variants = table.codes.get(branch_code)
    if not home_variants or not branch_variants:
        # Only the provinces are known: a clear difference is still a difference, but within
        # one province (or across a split) the table cannot tell the city.
        return "none" if _related(home_province, branch_province) else "province"
    home = _reach(home_code, _candidates(home_variants, birth_year))
    current = [i for i, v in enumerate(branch_variants) if v.end is None]
    branch = _reach(branch_code, current or list(range(len(branch_variants))))
    if home.tokens & branch.tokens:
        return "none"
    if home.provinces & branch.provinces:
        if home.unknown_prefecture or branch.unknown_prefecture:
            return "none"
        return "city"
    return "province"
