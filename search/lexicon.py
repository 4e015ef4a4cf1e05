"""Names a question may use, read off the corpus once: regions, bodies and people.

A region is typed in full (衡阳市), without its suffix (衡阳) or, for a province, as 省里 /
全省; a body as any document wrote it (市商务局) or by its canonical label; a person by name.
Places of China the corpus holds no document for come from cpca's division table, so a
question about one gets no answer rather than another region's.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from search.passage_store import PassageStore

PROVINCE_WORDS = ("省里", "全省", "省级", "省委省政府", "省政府", "省直")
SUFFIX = re.compile(r"(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市|区|县|州|盟)$")


@dataclass
class Lexicon:
    """The corpus's names: region aliases, bodies by name, people, and places it does not cover."""

    regions: dict[str, str] = field(default_factory=dict)  # alias → region
    levels: dict[str, str] = field(default_factory=dict)  # region → province | city | district
    bodies: dict[str, list[tuple[str, dict]]] = field(default_factory=dict)  # name → [(region, body)]
    people: set[str] = field(default_factory=set)
    places: dict[str, str] = field(default_factory=dict)  # place name → its full name (every place of China)

    @cached_property
    def longest_first(self) -> dict[str, list[str]]:
        """Region aliases, body names and places, longest first: a question matches the longest name."""
        return {name: sorted(names, key=len, reverse=True)
                for name, names in (("regions", self.regions), ("bodies", self.bodies), ("places", self.places))}

    def province_of(self, region: str) -> str:
        """The province a city or county of the corpus lies in (衡阳市 → 湖南省), when known."""
        return province_table().get(region, "")

    @classmethod
    def of(cls, corpus: PassageStore) -> Lexicon:
        levels = {doc.region: doc.level for doc in corpus.documents.values() if doc.region}
        lexicon = cls(regions=region_aliases(levels), levels=levels, places=china_places())
        for region, body in corpus.bodies():
            lexicon.add_body(body, region)
        lexicon.people.update(corpus.titles("person"))
        return lexicon

    def add_body(self, body: dict, region: str) -> None:
        for name in {body["name"], body["label"]}:
            if len(name) >= 3 and (region, body) not in self.bodies.setdefault(name, []):
                self.bodies[name].append((region, body))


def region_aliases(levels: dict[str, str]) -> dict[str, str]:
    """Names a user may type for each region: in full and without its suffix, and a district
    named with its city also by its own name.

    The province words (省里, 全省) are not aliases: with several provinces in one corpus they
    name a level, which the question keeps apart (Question.level).
    """
    aliases: dict[str, str] = {}
    for region in levels:
        inner = re.search(r"(?<=[市州盟])[^市州盟]{2,8}$", region)  # 湖州市吴兴区 is also 吴兴区, 吴兴
        for name in (region, inner.group() if inner else ""):
            if name:
                aliases.setdefault(name, region)
                short = SUFFIX.sub("", name)
                if len(short) >= 2:
                    aliases.setdefault(short, region)
    return aliases


@cache
def china_places() -> dict[str, str]:
    """Every province, city and county of China by full name, and provinces and cities also
    by their short name (郴州 → 郴州市), from cpca's division table."""
    places: dict[str, str] = {}
    for row in _division_rows():
        for level, name in (("province", row["sheng"]), ("city", row["shi"]), ("county", row["qu"])):
            if not name:
                continue
            places.setdefault(name, name)
            short = SUFFIX.sub("", re.sub(r"(?:各族|蒙古族|藏族|回族|苗族|侗族|土家族|布依族|彝族|哈尼族|傣族|白族|"
                                          r"景颇族|傈僳族|壮族|朝鲜族|哈萨克|柯尔克孜|黎族|羌族)+自治", "", name))
            if level != "county" and len(short) >= 2:
                places.setdefault(short, name)
    return places


@cache
def province_table() -> dict[str, str]:
    """Every city and county of China to its province."""
    table = {}
    for row in _division_rows():
        for name in (row["shi"], row["qu"]):
            if name and name != row["sheng"]:
                table.setdefault(name, row["sheng"])
    return table


def _division_rows() -> list[dict]:
    spec = importlib.util.find_spec("cpca")  # found, not imported: its import loads pandas
    if spec is None or not spec.submodule_search_locations:
        return []
    table = Path(next(iter(spec.submodule_search_locations))) / "resources" / "pca.csv"
    with table.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))
