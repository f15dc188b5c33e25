"""A deterministic synthetic corpus in the layout of content/, for benchmarks.

    python -m benchmarks.generate --scale N --seed S --out DIR
    python -m benchmarks.generate --preset city|national --seed S --out DIR

DIR receives a copy of the real content (so real pages stay findable) plus, per unit of scale,
about 50 plans, 1,000 tasks, 60 agencies and 100 facilities made from Vietnamese administrative
vocabulary (benchmarks/vocabulary.py). A preset names the sizes of a city (about 500 plans, 10,000
tasks, 1,000 facilities, 200 agencies) or of the nation (ten times that).

Each kind of content is one section (agencies, series and plans, facilities) written in turn from
the same generator; a new kind is one more function called at the end of generate(). The same scale and seed give the same bytes: everything is drawn from
one random.Random(seed), in a fixed order, and no set or hash order is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import yaml

from benchmarks import vocabulary as vocab
from publisher.site_data import agency_path, plan_path, target_anchor, task_anchor

REAL_CONTENT = Path(__file__).resolve().parent.parent / "content"
CITY = "ubnd-thanh-pho-ha-noi"  # the real People's Committee of Hanoi, issuer of most plans
PLANS_PER_SCALE, TASKS_PER_PLAN, AGENCIES_PER_SCALE, FACILITIES_PER_SCALE = 50, 20, 60, 100
SERIES_SHARE = 0.7  # share of synthetic plans that belong to a yearly series
FIRST_YEAR, LAST_YEAR = 2010, 2026
DISTRICTS_END = dt.date(2025, 6, 30)  # the district level ended; communes took over on 1 July 2025
OFFICES_MERGED = dt.date(2025, 3, 1)  # departments and offices merged (e.g. TN&MT + Nông nghiệp)
LEAD_KINDS = ("department", "management_board", "peoples_committee", "police", "steering_committee")
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


@dataclass(frozen=True)
class Sizes:
    """How much synthetic content to write."""

    plans: int
    agencies: int
    facilities: int
    series: int

    @classmethod
    def of_scale(cls, scale: int) -> "Sizes":
        return cls(PLANS_PER_SCALE * scale, AGENCIES_PER_SCALE * scale, FACILITIES_PER_SCALE * scale, 5 * scale)


# Totals with the real content: city ≈ 500 plans, 10,000 tasks, 1,000 facilities, 200 agencies.
PRESETS = {
    "city": Sizes(plans=500, agencies=170, facilities=990, series=50),
    "national": Sizes(plans=5000, agencies=1970, facilities=9990, series=500),
}


@dataclass
class Agency:
    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    short_name: str | None = None
    parent: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    predecessors: list[dict] = field(default_factory=list)
    description: str | None = None
    area: str | None = None  # the district it serves, for district series

    def names(self) -> list[str]:
        return [self.name] + self.aliases

    def active_in(self, year: int) -> bool:
        return (self.valid_from is None or self.valid_from.year <= year) and (self.valid_to is None or self.valid_to.year >= year)


# ---------------------------------------------------------------------------------------------
# Agencies


def real_agencies(content: Path) -> list[Agency]:
    agencies = []
    for path in sorted((content / "agencies").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        agencies.append(Agency(
            id=data["id"], name=data["name"], kind=data["kind"], aliases=list(data.get("aliases") or []),
            valid_from=data.get("valid_from"), valid_to=data.get("valid_to")))
    return agencies


def lineage_source(date: dt.date) -> dict:
    if date == OFFICES_MERGED:
        return {"text": "Nghị quyết của HĐND Thành phố về sắp xếp, tổ chức lại các cơ quan chuyên môn, hiệu lực từ ngày 01/3/2025"}
    return {"text": "Nghị quyết số 1656/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về sắp xếp các đơn vị "
                    "hành chính cấp xã của thành phố Hà Nội"}


def predecessor(agency_id: str, change: str, date: dt.date) -> dict:
    return {"agency": agency_id, "change": change, "date": date, "source": lineage_source(date)}


def city_agencies() -> list[Agency]:
    """City departments, ministries, companies and mass organisations, with the 2025 ministry merger."""
    agencies = []
    for name, aliases, kind in vocab.CITY_AGENCIES:
        agency = Agency(id=slug(name), name=name, kind=kind, aliases=list(aliases),
                        description="Đơn vị phối hợp thực hiện các kế hoạch của UBND Thành phố về môi trường, đất đai và đầu tư.")
        if name == "Bộ Tài nguyên và Môi trường":
            agency.valid_to = OFFICES_MERGED - dt.timedelta(days=1)
        if name in ("Bộ Nông nghiệp và Môi trường", "Sở Dân tộc và Tôn giáo"):
            agency.valid_from = OFFICES_MERGED
        if name == "Bộ Nông nghiệp và Môi trường":
            agency.predecessors = [predecessor(slug("Bộ Tài nguyên và Môi trường"), "merged", OFFICES_MERGED)]
        agencies.append(agency)
    return agencies


def district_bundle(level: str, place: str) -> list[Agency]:
    """A district's People's Committee and offices, with the 2025 merger of TN&MT and Kinh tế."""
    where = f"{level} {place}"
    committee = Agency(
        id=slug(f"ubnd {where}"), name=f"Ủy ban nhân dân {where}", short_name=f"UBND {where}", aliases=[f"UBND {where}"],
        kind="peoples_committee", parent=CITY, valid_to=DISTRICTS_END, area=place,
        description=f"Chính quyền {where}; kết thúc hoạt động ngày 30/6/2025 khi Hà Nội bỏ cấp huyện.")
    bundle = [committee]
    for name, alias, kind in vocab.DISTRICT_OFFICES:
        office = Agency(id=slug(name.format(where=where)), name=name.format(where=where), kind=kind,
                        aliases=[alias.format(where=where)] if alias else [], parent=committee.id,
                        valid_to=DISTRICTS_END, area=place)
        bundle.append(office)
    environment, economy = bundle[1], bundle[2]
    environment.valid_to = economy.valid_to = OFFICES_MERGED - dt.timedelta(days=1)
    merged_name = f"Phòng Nông nghiệp và Môi trường {where}"
    bundle.insert(3, Agency(
        id=slug(merged_name), name=merged_name, aliases=[f"Phòng NN&MT {where}"], kind="department", parent=committee.id,
        valid_from=OFFICES_MERGED, valid_to=DISTRICTS_END, area=place,
        predecessors=[predecessor(environment.id, "merged", OFFICES_MERGED), predecessor(economy.id, "merged", OFFICES_MERGED)]))
    return bundle


def commune_bundle(level: str, place: str, district: str) -> list[Agency]:
    """A commune or ward from 1 July 2025, taking over from its former district."""
    where = f"{level} {place}"
    district_level = next(lvl for lvl, name in vocab.DISTRICTS if name == district)
    old = f"{district_level} {district}"
    start = DISTRICTS_END + dt.timedelta(days=1)
    committee = Agency(
        id=slug(f"ubnd {where}"), name=f"Ủy ban nhân dân {where}", short_name=f"UBND {where}", aliases=[f"UBND {where}"],
        kind="peoples_committee", parent=CITY, valid_from=start, area=district,
        predecessors=[predecessor(slug(f"ubnd {old}"), "transferred", start)])
    economy_name = f"Phòng Kinh tế, Hạ tầng và Đô thị {where}" if level == "phường" else f"Phòng Kinh tế {where}"
    economy = Agency(
        id=slug(economy_name), name=economy_name, kind="department", parent=committee.id, valid_from=start, area=district,
        predecessors=[predecessor(slug(f"Phòng Nông nghiệp và Môi trường {old}"), "transferred", start)])
    culture_name = f"Phòng Văn hóa - Xã hội {where}"
    culture = Agency(id=slug(culture_name), name=culture_name, kind="department", parent=committee.id,
                     valid_from=start, area=district)
    return [committee, economy, culture]


def synthetic_agencies(rng: random.Random, count: int, taken: list[Agency]) -> list[Agency]:
    """count new agencies, drawn in turn from city bodies, district offices (two at a time) and
    communes; communes come in the order of their former districts, so their lineage is kept."""
    city = city_agencies()
    districts = [district_bundle(*d) for d in vocab.DISTRICTS]
    communes = [commune_bundle(*c) for c in vocab.COMMUNES]
    for pool in (city, districts, communes):
        rng.shuffle(pool)
    district_order = [bundle[0].area for bundle in districts]
    communes.sort(key=lambda bundle: district_order.index(bundle[0].area))
    pools = [city, [a for bundle in districts for a in bundle], [a for bundle in communes for a in bundle]]
    pools.append([Agency(id=f"to-cong-tac-lien-nganh-so-{n}", name=f"Tổ công tác liên ngành số {n}",
                         kind="steering_committee", parent=CITY) for n in range(1, count + 1)])  # past scale 10
    taken_forms = [name.casefold() for agency in taken for name in agency.names()]
    agencies: list[Agency] = []
    turn = 0
    while len(agencies) < count:  # turns: city, district, district, commune; an empty pool passes its turn on
        pool = next(p for p in (pools[(0, 1, 1, 2)[turn % 4]], *pools) if p)
        turn += 1
        agency = pool.pop(0)
        if agency.name.casefold() not in taken_forms:
            agencies.append(agency)
    known = [a.id for a in taken + agencies]
    for agency in agencies:  # keep only links to agencies that exist
        agency.predecessors = [p for p in agency.predecessors if p["agency"] in known]
        if agency.parent not in known:
            agency.parent = CITY
    return agencies


# ---------------------------------------------------------------------------------------------
# Text


class Writer:
    """Sentences and names drawn from the vocabulary with one random generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def phrase(self) -> str:
        return f"{self.pick(vocab.ACTIONS)} {self.pick(vocab.OBJECTS)} {self.pick(vocab.SCOPES)}"

    def sentence(self) -> str:
        text = self.phrase()
        if self.rng.random() < 0.5:
            text += f", {self.pick(vocab.PURPOSES)}"
        return text + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def person(self) -> str:
        return f"{self.pick(vocab.FAMILY_NAMES)} {self.pick(vocab.MIDDLE_NAMES)} {self.pick(vocab.GIVEN_NAMES)}"

    def date_in(self, year: int, latest: dt.date) -> dt.date:
        last = min(dt.date(year, 12, 28), latest)
        return dt.date(year, 1, 2) + dt.timedelta(days=self.rng.randrange((last - dt.date(year, 1, 2)).days + 1))

    def citation(self, before_year: int) -> dict:
        pattern, issuer = self.pick(vocab.CITATIONS)
        while "{y}" not in pattern and int(pattern[-4:]) >= before_year:  # a law passed before the plan
            pattern, issuer = self.pick(vocab.CITATIONS)
        year = self.rng.randint(max(2008, before_year - 8), before_year - 1)
        text = pattern.format(n=self.rng.randint(1, 480), d=f"{self.rng.randint(1, 28):02d}", m=self.rng.randint(1, 12), y=year)
        if issuer is None:
            return {"text": text}
        return {"text": text, "issuer_text": issuer, "title": self.pick(vocab.CITATION_TOPICS)}

    def timeframe(self, start: int, end: int) -> str:
        year = self.rng.randint(start, end)
        forms = [
            "Hằng năm", f"Năm {year}", f"Quý {ROMAN[self.rng.randrange(3)]}-IV/{year}", f"Quý {ROMAN[self.rng.randrange(4)]}/{year}",
            f"Tháng {self.rng.randint(1, 12)}/{year}", f"{year}",
        ]
        if end > start:
            forms.append(f"{start}-{end}")
        return self.pick(forms)


# ---------------------------------------------------------------------------------------------
# Plans


@dataclass
class SeriesSpec:
    id: str
    title: str
    what: str
    where: str
    area: str | None
    years: list[int]


def series_specs(rng: random.Random, count: int, plans: int, areas: list[str]) -> list[SeriesSpec]:
    """count series sharing `plans` plans, each over some years of FIRST_YEAR..LAST_YEAR (gaps
    included); city-wide series alternate with series of the districts in areas."""
    topics = [(topic, None) for topic in vocab.SERIES_TOPICS]
    districts = [d for d in vocab.DISTRICTS if d[1] in areas] or vocab.DISTRICTS
    local = [(topic, district) for district in districts for topic in vocab.SERIES_TOPICS]
    rng.shuffle(local)
    choices = [item for pair in zip(topics, local, strict=False) for item in pair] + local[len(topics):]
    years_all = list(range(FIRST_YEAR, LAST_YEAR + 1))
    specs = []
    for index in range(count):
        (part, what), district = choices[index % len(choices)]
        where = "trên địa bàn thành phố Hà Nội" if district is None else f"{district[0]} {district[1]}"
        series_id = f"{part}-{slug(where) if district else 'ha-noi'}" + (f"-{index // len(choices) + 1}" if index >= len(choices) else "")
        length = min(len(years_all), plans // count + (1 if index < plans % count else 0))
        years = sorted(rng.sample(years_all, length))
        specs.append(SeriesSpec(series_id, f"Kế hoạch {what} {where} hằng năm", what, where, district[1] if district else None, years))
    return specs


@dataclass
class PlanSpec:
    id: str
    title: str
    year: int
    period: tuple[int, int]
    series: SeriesSpec | None = None
    previous: dict | None = None  # the series' plan of an earlier year, as written


class PlanWriter:
    def __init__(self, rng: random.Random, agencies: list[Agency], as_of: dt.date):
        self.rng = rng
        self.write = Writer(rng)
        self.agencies = agencies
        self.as_of = as_of
        self.by_id = {a.id: a for a in agencies}
        self.active: dict[int, list[Agency]] = {}  # by year: a national corpus has 2,000 agencies and 100,000 tasks

    def active_in(self, year: int) -> list[Agency]:
        if year not in self.active:
            self.active[year] = [a for a in self.agencies if a.active_in(year)]
        return self.active[year]

    def leads(self, year: int, area: str | None) -> list[Agency]:
        active = [a for a in self.active_in(year) if a.kind in LEAD_KINDS]
        local = [a for a in active if area and a.area == area]
        return local if local and self.rng.random() < 0.5 else active

    def task(self, spec: PlanSpec, number: str, group: str | None, reused: dict | None) -> dict:
        start, end = spec.period
        lead = self.write.pick(self.leads(spec.year, spec.series.area if spec.series else None))
        task = {"number": number}
        if group:
            task["group"] = group
        task["title"] = reused["title"] if reused else self.write.sentence()
        task["lead"] = lead.id
        task["lead_text"] = self.write.pick(lead.names())
        others = [a for a in self.active_in(spec.year) if a.id != lead.id]
        partners = self.rng.sample(others, self.rng.randint(0, 3))
        if partners:
            task["coordinating"] = [a.id for a in partners]
            task["coordinating_text"] = "; ".join(self.write.pick(a.names()) for a in partners) + "."
        if self.rng.random() < 0.4:
            task["unit"] = self.write.pick(vocab.UNITS)
            task["quantity"] = f"{self.rng.choice([1, 2, 3, 4, 5, 10, 12, 15, 20, 30, 50, 100, 500]):02d}"
        task["timeframe"] = self.write.timeframe(start, end)
        if reused and self.rng.random() < 0.5:
            task["continues"] = f"{spec.previous['id']}#{reused['anchor']}"
        return task

    def tasks(self, spec: PlanSpec) -> tuple[list[dict], list[dict]]:
        count = self.rng.randint(TASKS_PER_PLAN // 2, TASKS_PER_PLAN * 3 // 2)
        groups = []
        if self.rng.random() < 0.4:
            groups = [{"number": ROMAN[i], "title": self.write.phrase()} for i in range(self.rng.randint(2, 4))]
        earlier = []
        if spec.previous:
            earlier = [{"title": t["title"], "anchor": task_anchor(SimpleNamespace(group=t.get("group"), number=t["number"]))}
                       for t in spec.previous["tasks"]]
            self.rng.shuffle(earlier)
        tasks, per_group = [], {}
        for index in range(count):
            group = groups[index * len(groups) // count]["number"] if groups else None
            per_group[group] = per_group.get(group, 0) + 1
            reused = earlier.pop() if earlier and self.rng.random() < 0.6 else None
            tasks.append(self.task(spec, str(per_group[group]), group, reused))
        return groups, tasks

    def targets(self, spec: PlanSpec) -> list[dict]:
        targets = []
        earlier = [target_anchor(t["number"]) for t in (spec.previous or {}).get("targets", [])]
        for index in range(self.rng.randint(0, 5)):
            value = self.rng.choice([50, 70, 80, 90, 95, 100])
            target = {"number": f"{index + 1}", "text": self.write.pick(vocab.TARGET_TEXTS).format(value=value) + ";",
                      "value": value, "unit": "percent"}
            if self.rng.random() < 0.3:
                target["aspirational"] = True
                target["text"] = "Phấn đấu " + target["text"]
            if earlier and self.rng.random() < 0.4:
                target["continues"] = f"{spec.previous['id']}#{earlier.pop()}"
            targets.append(target)
        return targets

    def duties(self, spec: PlanSpec, tasks: list[dict]) -> list[dict]:
        leads = []
        for task in tasks:
            if task["lead"] not in leads:
                leads.append(task["lead"])
        duties = []
        for position, agency_id in enumerate(leads[:6], start=1):
            agency = self.by_id[agency_id]
            lines = [f"- {self.write.sentence()}" for _ in range(self.rng.randint(1, 3))]
            mine = [t for t in tasks if t["lead"] == agency_id]
            anchor = task_anchor(SimpleNamespace(group=mine[0].get("group"), number=mine[0]["number"]))
            lines.append(f"- Chủ trì thực hiện [nhiệm vụ {mine[0]['number']}]({plan_path(spec.id)}#{anchor}); phối hợp với "
                         f"[{self.by_id[CITY].name}]({agency_path(CITY)}) báo cáo kết quả trước ngày 15/12 hằng năm.")
            duties.append({"heading": f"{position}. {agency.name}", "agencies": [agency_id], "text": "\n\n".join(lines)})
        return duties

    def plan(self, spec: PlanSpec) -> tuple[dict, str, dict[str, str]]:
        """plan.yml data, noi-dung.md text and {original file name: text}."""
        rng, write = self.rng, self.write
        groups, tasks = self.tasks(spec)
        number = f"{rng.randint(1, 420)}/KH-UBND"
        issued = write.date_in(spec.year, self.as_of)
        signer = {"name": write.person(), "title": "Phó Chủ tịch", "authority": "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"}
        legal = [write.citation(spec.year) for _ in range(rng.randint(2, 5))]
        roll = rng.random()  # 10% drafts only, 15% draft then issued text, the rest issued only
        if roll < 0.1:
            versions = [{"id": "du-thao", "label": "Dự thảo (chưa đánh số)", "status": "draft", "year_written": spec.year,
                         "source_file": "van-ban-goc-du-thao.txt"}]
        else:
            versions = [{"id": "ban-hanh", "label": "Văn bản ban hành", "status": "issued", "number": number, "date": issued,
                         "source_file": "van-ban-goc.txt"}]
            if roll > 0.85:
                versions[0]["source_file"] = "van-ban-goc-ban-hanh.txt"
                versions.insert(0, {"id": "du-thao", "label": "Dự thảo (chưa đánh số)", "status": "draft",
                                    "year_written": spec.year, "source_file": "van-ban-goc-du-thao.txt"})
        data = {
            "id": spec.id, "title": spec.title, "issuer": self.issuer(spec),
            **({"series": spec.series.id} if spec.series else {}),
            "year": spec.year, "period_start": spec.period[0], "period_end": spec.period[1],
            "summary": f"{spec.title}: {lower_first(write.phrase())}, {lower_first(write.phrase())}.",
            "versions": versions, "signer": signer, "legal_basis": legal, "targets": self.targets(spec),
            "appendix_title": f"PHỤ LỤC. Danh mục nhiệm vụ thực hiện Kế hoạch {spec.title}",
            "groups": groups, "tasks": tasks,
            "duties_intro": "Căn cứ chức năng, nhiệm vụ được giao, các đơn vị tổ chức thực hiện các nội dung sau:",
            "duties": self.duties(spec, tasks),
            "duties_closing": "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo UBND Thành phố "
                              "để xem xét, điều chỉnh cho phù hợp./.",
            "recipients": rng.sample(vocab.RECIPIENTS, rng.randint(3, len(vocab.RECIPIENTS))),
        }
        data = {key: value for key, value in data.items() if value not in ([], None)}
        body = self.body(data)
        originals = {}
        for version in versions:
            draft = version["status"] == "draft"
            originals[version["source_file"]] = self.original(data, body, None if draft else version)
        return data, body, originals

    def issuer(self, spec: PlanSpec) -> str:
        if spec.series and spec.series.area:
            local = [a for a in self.agencies if a.kind == "peoples_committee" and a.area == spec.series.area and a.active_in(spec.year)]
            if local:
                return local[0].id
        return CITY

    def body(self, plan: dict) -> str:
        write = self.write
        basis = "; ".join(ref["text"] + (f" của {ref['issuer_text']} {ref['title']}" if "issuer_text" in ref else "")
                          for ref in plan["legal_basis"])
        parts = [f"Thực hiện {basis}, Ủy ban nhân dân thành phố Hà Nội ban hành Kế hoạch {plan['title']} với các nội dung sau:",
                 "## I. MỤC ĐÍCH, YÊU CẦU", "### 1. Mục đích"]
        parts += [f"- {write.sentence()}" for _ in range(self.rng.randint(2, 4))]
        parts.append("### 2. Yêu cầu")
        parts += [f"- {requirement}" for requirement in self.rng.sample(vocab.REQUIREMENTS, 3)]
        parts.append("## II. NỘI DUNG NHIỆM VỤ")
        for index in range(self.rng.randint(4, 9)):
            parts.append(f"{index + 1}. {write.paragraph(self.rng.randint(2, 4))}")
        parts.append("## III. KINH PHÍ THỰC HIỆN")
        parts += vocab.FUNDING[: self.rng.randint(1, 3)]
        return "\n\n".join(parts) + "\n"

    def original(self, plan: dict, body: str, version: dict | None) -> str:
        """The plan as a plain-text document; a draft has no number or date and differs a little."""
        if version:
            number, when = version["number"], version["date"]
            place_date = f"Hà Nội, ngày {when.day:02d} tháng {when.month:02d} năm {when.year}"
        else:
            number, place_date = "/KH-UBND", f"Hà Nội, ngày      tháng      năm {plan['year']}"
        lines = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", "-------", f"Số: {number}", "",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------", place_date, "",
                 "KẾ HOẠCH", plan["title"].upper(), ""]
        text = re.sub(r"^#+ ", "", body, flags=re.MULTILINE)
        if not version:  # the draft's wording, later revised
            text = text.replace("Tăng cường", "Tiếp tục tăng cường").replace("đảm bảo", "bảo đảm")
        lines.append(text)
        lines.append("IV. TỔ CHỨC THỰC HIỆN")
        for duty in plan.get("duties", []):
            lines += [duty["heading"], duty["text"], ""]
        lines += ["Nơi nhận:", *plan.get("recipients", []), "", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "",
                  plan["signer"]["name"], "", plan["appendix_title"], "STT | Nội dung | Chủ trì | Phối hợp | Thời gian"]
        for task in plan["tasks"]:
            lines.append(" | ".join([task.get("group", "") + " " + task["number"], task["title"], task["lead_text"],
                                     task.get("coordinating_text", ""), task["timeframe"]]))
        return "\n".join(lines) + "\n"


def plan_specs(rng: random.Random, sizes: Sizes, areas: list[str], ids: list[str]) -> tuple[list[SeriesSpec], list[PlanSpec]]:
    """The series and the plans to write; ids: plan ids already taken (the real plans)."""
    total = sizes.plans
    in_series = round(total * SERIES_SHARE)
    series = series_specs(rng, sizes.series, in_series, areas)
    specs, ids = [], list(ids)
    for spec in series:
        for year in spec.years:
            plan_id = f"kh-{spec.id}-{year}"
            specs.append(PlanSpec(plan_id, f"{spec.what[0].upper()}{spec.what[1:]} {spec.where} năm {year}", year, (year, year), spec))
            ids.append(plan_id)
    write = Writer(rng)
    while len(specs) < total:
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        plan_id = f"kh-{rng.randint(1, 420)}-{year}"
        if plan_id in ids:
            continue
        end = year + rng.choice([0, 0, 1, 2, 4, 5])
        title = write.pick(vocab.STANDALONE_TITLES).format(object=write.pick(vocab.OBJECTS), scope=write.pick(vocab.SCOPES))
        title += f" năm {year}" if end == year else f" giai đoạn {year}-{end}"
        specs.append(PlanSpec(plan_id, title[0].upper() + title[1:], year, (year, end)))
        ids.append(plan_id)
    return series, specs


# ---------------------------------------------------------------------------------------------
# Output


class Dumper(yaml.SafeDumper):
    """Plain YAML as editors write it: multi-line text as | blocks, and no anchors or aliases
    (PyYAML would alias a date shared by two fields; the content loader refuses aliases)."""

    def ignore_aliases(self, data) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


Dumper.add_representer(str, _text)


def write_yaml(path: Path, data: dict) -> None:
    text = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=110)
    path.write_text(nfc(text), encoding="utf-8")


def agency_data(agency: Agency) -> dict:
    data = {"id": agency.id, "name": agency.name, "short_name": agency.short_name, "aliases": agency.aliases,
            "kind": agency.kind, "parent": agency.parent, "description": agency.description,
            "valid_from": agency.valid_from, "valid_to": agency.valid_to, "predecessors": agency.predecessors}
    return {key: value for key, value in data.items() if value not in (None, [])}


def generate(sizes: Sizes, seed: int, out: Path, real: Path = REAL_CONTENT) -> dict[str, int]:
    """Write real + synthetic content into out (which must not exist yet or be empty)."""
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty; give a new directory")
    rng = random.Random(seed)
    shutil.copytree(real, out, dirs_exist_ok=True)
    as_of = yaml.safe_load((out / "site.yml").read_text(encoding="utf-8"))["as_of"]
    agencies = real_agencies(out)
    new_agencies = synthetic_agencies(rng, sizes.agencies, agencies)
    for agency in new_agencies:
        write_yaml(out / "agencies" / f"{agency.id}.yml", agency_data(agency))
    counts = write_plans(rng, sizes, out, agencies + new_agencies, as_of)
    counts["facilities"] = write_facilities(rng, sizes.facilities, out, agencies + new_agencies, as_of)
    counts["progress"] = write_progress(random.Random(f"progress-{seed}"), out, as_of)
    return {**counts, "agencies": len(new_agencies)}


def write_plans(rng: random.Random, sizes: Sizes, out: Path, agencies: list[Agency], as_of: dt.date) -> dict[str, int]:
    areas = [a.area for a in agencies if a.kind == "peoples_committee" and a.valid_to == DISTRICTS_END and a.area]
    real_plans = sorted(p.name for p in (out / "plans").iterdir())
    series, specs = plan_specs(rng, sizes, areas, real_plans)
    for spec in series:
        write_yaml(out / "series" / f"{spec.id}.yml", {
            "id": spec.id, "title": spec.title,
            "description": f"{spec.what[0].upper()}{spec.what[1:]} {spec.where}, mỗi năm một kế hoạch (dữ liệu tổng hợp cho thử nghiệm)."})
    writer = PlanWriter(rng, agencies, as_of)
    latest: dict[str, dict] = {}
    tasks = 0
    for spec in specs:
        if spec.series:
            spec.previous = latest.get(spec.series.id)
        data, body, originals = writer.plan(spec)
        folder = out / "plans" / spec.id
        folder.mkdir(parents=True)
        write_yaml(folder / "plan.yml", data)
        (folder / "noi-dung.md").write_text(nfc(body), encoding="utf-8")
        for name, text in originals.items():
            (folder / name).write_text(nfc(text), encoding="utf-8")
        if spec.series:
            latest[spec.series.id] = data
        tasks += len(data["tasks"])
    return {"plans": len(specs), "tasks": tasks, "series": len(series)}


# ---------------------------------------------------------------------------------------------
# Facilities


SAMPLE_SOURCE = {"text": "Dữ liệu tổng hợp cho thử nghiệm hiệu năng; không phải văn bản hay cơ sở có thật"}
FINISH = {"treat": "certified_complete", "relocate": "relocated", "close": "closed"}


def facility_lists(out: Path, as_of: dt.date) -> dict[int, dict]:
    """The yearly lists' decisions by year: the real files, and a synthetic file for every other year."""
    decisions = {}
    for year in range(FIRST_YEAR, as_of.year + 1):
        path = out / "facility-lists" / f"{year}.yml"
        if not path.exists():
            write_yaml(path, {"year": year, "sample": True, "decision": {
                "number": f"TH-{year}/QĐ-UBND", "date": dt.date(year, 4, 20), "issuer": CITY,
                "title": f"Quyết định (tổng hợp) công bố danh sách cơ sở gây ô nhiễm môi trường nghiêm trọng năm {year}"},
                "sources": [SAMPLE_SOURCE]})
        decision = yaml.safe_load(path.read_text(encoding="utf-8"))["decision"]
        decisions[year] = {key: decision[key] for key in ("number", "date", "issuer")}
    return decisions


class FacilityWriter:
    """One facility: listed in a year's list, then treated, relocated or closed, or overdue. Leads
    are district offices where they can be, so many facilities outlive their lead agency (lineage)."""

    def __init__(self, rng: random.Random, agencies: list[Agency], as_of: dt.date, decisions: dict[int, dict]):
        self.rng, self.write, self.as_of, self.decisions = rng, Writer(rng), as_of, decisions
        self.by_area: dict[str, list[Agency]] = {}
        for agency in agencies:
            if agency.area and agency.kind == "department":
                self.by_area.setdefault(agency.area, []).append(agency)
        self.city_departments = [a for a in agencies if a.kind == "department" and not a.area]
        self.committees = {a.area: a for a in agencies if a.kind == "peoples_committee" and a.area and a.valid_to == DISTRICTS_END}

    def day_after(self, day: dt.date, most: int) -> dt.date:
        return min(self.as_of, day + dt.timedelta(days=self.rng.randint(30, most)))

    def facility(self, number: int) -> dict:
        rng, write = self.rng, self.write
        industry, kind, medium, exceeded = write.pick(vocab.FACILITY_INDUSTRIES)
        level, district = write.pick(vocab.DISTRICTS)
        communes = [c for c in vocab.COMMUNES if c[2] == district] or vocab.COMMUNES
        commune = write.pick(communes)
        name = f"{write.pick(vocab.FACILITY_OWNERS)} {write.pick(vocab.FACILITY_NAMES)} – {industry} số {number}"
        first = rng.randint(FIRST_YEAR, self.as_of.year - 1)
        listed = self.decisions[first]
        measure = rng.choice(list(FINISH))
        deadline = listed["date"] + dt.timedelta(days=365 * rng.randint(1, 4))
        history = [{"status": "listed", "date": listed["date"], "source": {"text": f"Quyết định {listed['number']}"}}]
        day = listed["date"]
        if rng.random() < 0.7:
            day = self.day_after(day, 400)
            history.append({"status": "treating", "date": day, "source": {"text": f"Báo cáo ngày {day:%d/%m/%Y} về tình hình xử lý"}})
        if rng.random() < 0.55 and day < self.as_of:  # the rest stay on the list; past the deadline, overdue
            day = self.day_after(day, 1500)
            history.append({"status": FINISH[measure], "date": day, "decision": {
                "number": f"{rng.randint(1, 900)}/QĐ-UBND", "date": day, "issuer": CITY},
                "source": {"text": f"Quyết định xác nhận ngày {day:%d/%m/%Y}"}})
        last_year = history[-1]["date"].year if len(history) > 1 and history[-1]["status"] != "treating" else self.as_of.year
        years = [year for year in range(first, last_year + 1) if year == first or rng.random() < 0.85]
        leads = [a for a in self.by_area.get(district, []) if a.active_in(first)] or self.city_departments
        lead = write.pick(leads)
        committee = self.committees.get(district)
        data = {
            "id": f"co-so-{number:05d}-{slug(industry)}", "sample": True, "name": name,
            "address": f"Số {rng.randint(1, 300)} {write.pick(vocab.STREETS)}, {commune[0]} {commune[1]}",
            "commune": f"{commune[0].capitalize()} {commune[1]}", "district": f"{level.capitalize()} {district}",
            "coordinates": {"latitude": round(rng.uniform(20.6, 21.3), 4), "longitude": round(rng.uniform(105.4, 105.95), 4)},
            "facility_type": kind, "industry": industry,
            "managing_body": f"UBND {level} {district} (từ 01/7/2025 là UBND {commune[0]} {commune[1]})",
            "pollution": [{"medium": medium, "exceeded": exceeded.format(x=f"{rng.uniform(1.2, 9):.1f}".replace(".", ","),
                                                                         y=rng.randint(2, 6))}],
            "listed_by": [listed], "lists": years, "measure": measure, "deadline": deadline,
            "lead": lead.id, "coordinating": [committee.id] if committee else [],
            "status_history": history, "sources": [SAMPLE_SOURCE],
            "last_verified": self.as_of - dt.timedelta(days=rng.randint(0, 200)),
        }
        return {key: value for key, value in data.items() if value != []}


def write_facilities(rng: random.Random, count: int, out: Path, agencies: list[Agency], as_of: dt.date) -> int:
    writer = FacilityWriter(rng, agencies, as_of, facility_lists(out, as_of))
    for number in range(1, count + 1):
        data = writer.facility(number)
        write_yaml(out / "facilities" / f"{data['id']}.yml", data)
    return count


# ---------------------------------------------------------------------------------------------
# Progress reports (plans/<id>/tien-do.yml), written last with their own random generator so that
# everything written before stays the same for a seed


PROGRESS_SHARE = 0.3  # of the synthetic plans
STATUSES = ["not_started", "in_progress", "in_progress", "completed", "completed", "not_implemented"]


def write_progress(rng: random.Random, out: Path, as_of: dt.date, share: float = PROGRESS_SHARE) -> int:
    """Sample progress files for a share of the synthetic plans: reports on about half of their
    tasks (oldest first, none after as_of, a reason when not implemented, a year only for
    "Hằng năm" tasks and within the plan's period) and measurements of some of their targets."""
    from publisher.timeframes import TimeframeError, parse_timeframe

    real = {path.name for path in (REAL_CONTENT / "plans").iterdir()}
    written = 0
    for folder in sorted(path for path in (out / "plans").iterdir() if path.name not in real):
        if rng.random() >= share or (folder / "tien-do.yml").exists():
            continue
        plan = yaml.load((folder / "plan.yml").read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        first = dt.date(int(plan["period_start"]), 1, 1)
        last = min(as_of, dt.date(int(plan["period_end"]), 12, 31))
        if last < first:
            continue
        tasks: dict[str, list[dict]] = {}
        for task in plan.get("tasks", []):
            if rng.random() >= 0.5:
                continue
            try:
                every_year = parse_timeframe(task["timeframe"], int(plan["period_start"]), int(plan["period_end"])).every_year
            except TimeframeError:
                every_year = False
            reports = []
            for date in sorted(first + dt.timedelta(days=rng.randint(0, (last - first).days)) for _ in range(rng.randint(1, 3))):
                status = rng.choice(STATUSES)
                report: dict = {"date": date, "status": status}
                if every_year:
                    report["year"] = date.year
                if status == "not_implemented":
                    report["reason"] = "Chưa bố trí được kinh phí (dữ liệu minh họa)"
                elif rng.random() < 0.5:
                    report["note"] = f"Đã thực hiện {rng.randint(1, 40)} đợt kiểm tra (dữ liệu minh họa)"
                if rng.random() < 0.4:
                    report["evidence"] = [{"number": f"{rng.randint(1, 999)}/BC-UBND", "date": date}]
                reports.append(report)
            tasks[task_anchor(SimpleNamespace(group=task.get("group"), number=str(task["number"])))] = reports
        targets: dict[str, list[dict]] = {}
        for target in plan.get("targets", []):
            if rng.random() < 0.5:
                dates = sorted(first + dt.timedelta(days=rng.randint(0, (last - first).days)) for _ in range(rng.randint(1, 2)))
                targets[target_anchor(str(target["number"]))] = [{"date": date, "value": rng.randint(20, 100)} for date in dates]
        write_yaml(folder / "tien-do.yml", {"id": folder.name, "sample": True, "tasks": tasks, "targets": targets})
        written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument("--scale", type=int, default=1, help="units of ~50 plans, 1,000 tasks, 60 agencies, 100 facilities (default 1)")
    sizes.add_argument("--preset", choices=sorted(PRESETS), help="city: ~500 plans, 10,000 tasks, 1,000 facilities, 200 agencies; national: 10×")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="new directory for the content")
    args = parser.parse_args(argv)
    counts = generate(PRESETS[args.preset] if args.preset else Sizes.of_scale(args.scale), args.seed, args.out)
    print(f"{args.out}: real content + {counts['plans']} plans, {counts['tasks']} tasks, {counts['agencies']} agencies, "
          f"{counts['facilities']} facilities, {counts['series']} series, {counts['progress']} progress files "
          f"(synthetic, {args.preset or f'scale {args.scale}'}, seed {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
