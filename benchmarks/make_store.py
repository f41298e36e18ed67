"""Build a realistic case store of invented people, through the app's own store API.

    python benchmarks/make_store.py --cases 10000 --events-per-case 20 --home /tmp/clinic-10k [--seed 1]

The same generator serves every clinic-scale benchmark (dashboard_bench, exchange_bench, gui_bench)
and clinics who want to try Habeas at their size. ``--home DIR`` is a HABEAS_HOME: the store is
DIR/data/habeas.sqlite3, and DIR/benchmark-store.json records what was built (counts, seed, the
"as of" date the other benchmarks use as today). DIR must not hold a store yet.

What is built (deterministic for a seed and an --as-of date; ids, texts, dates and timestamps alike):
- invented clients (common given names and surnames combined at random; checksum-valid fake
  Chinese resident ID numbers, fake document numbers, example.org e-mail, fictional phone ranges);
- the four jurisdictions in a clinic's proportions (CN 40 %, DE 25 %, GB-ENG 20 %, US 15 %), their
  contexts and rights (access 72 %, correction 16 %, deletion 12 %), 1.25 requests per case on
  average (a quarter of the cases ask for two rights of one authority), a pool of authorities;
- ~N events per case in lifecycle order, sent dates from 2024-01 to the as-of date (more recent
  ones more often): sent, delivered/received, acknowledged, clarification asked and given,
  extension, an answer (granted, partly granted, refused, no data) or silence, reminders, complaints,
  objections, appeals and court filings naming the step of the request's route they file
  (``data={"step": STEP_ID}``, from the law data's escalation steps), decisions on them, closing;
  many old matters are closed, and a share of the open ones is overdue (silence past the period);
- a note on about a third of the cases.

After building, ``habeas deadlines`` runs once on the new store (timed, printed): whatever the app
computes on first use (kept request states) is then in place, and the benchmarks measure the
steady state. ``--no-settle`` skips it.

How it is written: clients, authorities, cases and requests through
``LifecycleService(store, kb).open_case`` (what ``habeas request add`` and the wizard use), the
events and notes of each batch of cases in one ``Store.transaction()`` with the store's own record
checks and row conversion (``app.store.rows``): ``Store.add_event`` commits once per event
(~3 ms each, 10 minutes for 200,000 events). ``--per-call`` writes every event with
``Store.add_event`` (and closes cases with ``Store.update_case``) instead. The clock the store and
the service read (``utc_now``) is set to the simulated moment of each action, so ``created`` and
``updated`` are those of a clinic that recorded things as they happened.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import benchkit  # noqa: E402

EXAMPLES = ROOT / "examples"
DEFAULT_AS_OF = date(2026, 12, 1)
FIRST_SENT = date(2024, 1, 8)
BATCH_CASES = 250

JURISDICTIONS = (("CN", 0.40), ("DE", 0.25), ("GB-ENG", 0.20), ("US", 0.15))
CONTEXTS = {
    "CN": (("administrative", 0.45), ("criminal", 0.45), ("other", 0.10)),
    "DE": (("policing", 0.45), ("land-policing", 0.35), ("administrative", 0.20)),
    "GB-ENG": (("policing", 0.60), ("pnc", 0.25), ("administrative", 0.15)),
    "US": (("citizen_or_lpr", 0.70), ("other", 0.30)),
}
RIGHTS = (("access", 0.72), ("correction", 0.16), ("deletion", 0.12))
SECOND_REQUEST_SHARE = 0.25  # 1.25 requests per case on average
ANSWERS = (
    ("granted", 0.22),
    ("partly_granted", 0.25),
    ("refused", 0.28),
    ("no_data", 0.12),
    ("answered", 0.13),
)
# Escalation after a refusal or silence, in the order a clinic tries them (kinds of the law data).
FIRST_STEP_KINDS = ("objection", "review", "complaint", "reconsideration", "appeal", "indirect_access")
LATER_STEP_KINDS = ("complaint", "appeal", "court")
METHODS = (("registered_mail", 0.45), ("email", 0.25), ("portal", 0.15), ("in_person", 0.10), ("fax", 0.05))

# -- invented people ----------------------------------------------------------------------------------

CN_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐韩冯邓曹彭"
CN_GIVEN = "文静伟芳娜敏强磊军洋勇艳杰涛明超秀霞平刚英华玉丽建国海燕红晨宇欣怡浩然子涵雨桐"
CN_CITIES = (
    ("北京市", "东城区", "110101", "100010"),
    ("北京市", "朝阳区", "110105", "100022"),
    ("上海市", "徐汇区", "310104", "200030"),
    ("广州市", "越秀区", "440104", "510030"),
    ("成都市", "锦江区", "510104", "610021"),
    ("武汉市", "江岸区", "420102", "430010"),
    ("杭州市", "上城区", "330102", "310002"),
    ("西安市", "碑林区", "610103", "710001"),
)
CN_ROADS = (
    "人民路",
    "建设路",
    "解放路",
    "中山路",
    "和平街",
    "长江路",
    "文化路",
    "新华街",
    "光明路",
    "育才路",
)
DE_GIVEN = (
    "Jonas",
    "Lena",
    "Felix",
    "Mia",
    "Lukas",
    "Anna",
    "Paul",
    "Marie",
    "Leon",
    "Sophie",
    "Tim",
    "Laura",
    "Jan",
    "Clara",
    "Niklas",
    "Hannah",
    "Emre",
    "Aylin",
    "Milan",
    "Greta",
)
DE_SURNAMES = (
    "Brenner",
    "Hofmann",
    "Krüger",
    "Vogel",
    "Lehmann",
    "Keller",
    "Busch",
    "Winter",
    "Sommer",
    "Franke",
    "Engel",
    "Arnold",
    "Roth",
    "Baumann",
    "Graf",
    "Kuhn",
    "Yilmaz",
    "Nowak",
    "Berger",
)
DE_CITIES = (
    ("Berlin", "10961"),
    ("Hamburg", "20095"),
    ("München", "80331"),
    ("Köln", "50667"),
    ("Frankfurt am Main", "60311"),
    ("Leipzig", "04109"),
    ("Kassel", "34117"),
    ("Bremen", "28195"),
)
DE_STREETS = (
    "Gneisenaustraße",
    "Lindenallee",
    "Bahnhofstraße",
    "Schillerstraße",
    "Gartenweg",
    "Am Markt",
    "Bergstraße",
    "Ringstraße",
    "Kirchgasse",
    "Mühlenweg",
)
GB_GIVEN = (
    "Eleanor",
    "Oliver",
    "Amelia",
    "Harry",
    "Isla",
    "George",
    "Ava",
    "Jack",
    "Freya",
    "Noah",
    "Priya",
    "Kwame",
    "Niamh",
    "Callum",
    "Zara",
    "Rhys",
)
GB_SURNAMES = (
    "Whitcombe",
    "Ashdown",
    "Fairley",
    "Pemberton",
    "Hollis",
    "Radley",
    "Thorne",
    "Kendall",
    "Marsh",
    "Ellery",
    "Okonjo",
    "Bhatt",
    "Gallagher",
    "Price",
)
GB_TOWNS = (
    ("Cambridge", "CB"),
    ("Leeds", "LS"),
    ("Bristol", "BS"),
    ("Norwich", "NR"),
    ("Sheffield", "S"),
    ("Manchester", "M"),
    ("Exeter", "EX"),
    ("London", "SE"),
)
GB_STREETS = (
    "Mill Lane",
    "Church Road",
    "Station Road",
    "Victoria Street",
    "Park Avenue",
    "High Street",
    "Queens Road",
    "Orchard Close",
)
US_GIVEN = (
    "Daniel",
    "Maria",
    "James",
    "Aisha",
    "Carlos",
    "Emily",
    "Michael",
    "Grace",
    "Andre",
    "Sofia",
    "Tyrone",
    "Mei",
    "Luis",
    "Hannah",
    "Omar",
    "Rosa",
)
US_SURNAMES = (
    "Okafor",
    "Gutierrez",
    "Reyes",
    "Nguyen",
    "Whitaker",
    "Delgado",
    "Brooks",
    "Patel",
    "Kowalski",
    "Haddad",
    "Morales",
    "Jefferson",
    "Lindqvist",
    "Castillo",
)
US_CITIES = (
    ("Dayton, OH", "454"),
    ("San Antonio, TX", "782"),
    ("Fresno, CA", "937"),
    ("Tucson, AZ", "857"),
    ("Albany, NY", "122"),
    ("Savannah, GA", "314"),
    ("Spokane, WA", "992"),
    ("Omaha, NE", "681"),
)
US_STREETS = ("Elm Street", "West Commerce Street", "Maple Avenue", "Oak Drive", "Lincoln Way", "Cedar Lane")

# Addressees by jurisdiction and context: (name pattern, count in the pool).
AUTHORITY_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("CN", "administrative"): (
        "{city}公安局{district}分局",
        "{city}公安局出入境管理支队",
        "{city}公安局户政管理处",
    ),
    ("CN", "criminal"): (
        "{city}公安局{district}分局",
        "{city}公安局刑事侦查支队",
        "{city}{district}人民检察院",
    ),
    ("CN", "other"): ("{city}公安局网络安全保卫支队", "{city}公安局交通管理局"),
    ("DE", "policing"): (
        "Bundeskriminalamt\nDatenschutzbeauftragter",
        "Bundespolizeidirektion {city}",
        "Bundespolizeipräsidium\nDatenschutz",
    ),
    ("DE", "land-policing"): (
        "Polizeipräsidium {city}",
        "Landeskriminalamt\nDatenschutz",
        "Polizeidirektion {city}",
    ),
    ("DE", "administrative"): ("Ausländerbehörde {city}", "Bürgeramt {city}", "Ordnungsamt {city}"),
    ("GB-ENG", "policing"): (
        "Data Protection Officer\n{county} Constabulary",
        "Data Protection Officer\n{county} Police",
    ),
    ("GB-ENG", "pnc"): ("ACRO Criminal Records Office", "Data Protection Officer\n{county} Constabulary"),
    ("GB-ENG", "administrative"): (
        "Information Governance\n{town} City Council",
        "Home Office\nSubject Access Requests",
    ),
    ("US", "citizen_or_lpr"): (
        "Federal Bureau of Investigation\nRecord/Information Dissemination Section",
        "U.S. Customs and Border Protection\nPrivacy Office",
        "U.S. Department of Homeland Security\nPrivacy Office",
    ),
    ("US", "other"): (
        "U.S. Citizenship and Immigration Services\nNational Records Center",
        "U.S. Immigration and Customs Enforcement\nFOIA Office",
        "Federal Bureau of Investigation\nRecord/Information Dissemination Section",
    ),
}
GB_COUNTIES = (
    "Cambridgeshire",
    "West Yorkshire",
    "Avon and Somerset",
    "Norfolk",
    "South Yorkshire",
    "Devon and Cornwall",
)

NOTES = (
    "Client called: asks whether there is news.",
    "Client brought a copy of the earlier reply; scanned into the file.",
    "Reminder diary: check the post on Monday.",
    "Interpreter needed for the next appointment.",
    "Authority's clerk said by phone that the file is with the legal department.",
    "客户来电询问进展。",
    "Mandant hat neue Anschrift mitgeteilt.",
)


@dataclass
class PlannedEvent:
    kind: str
    day: date
    data: dict[str, Any] = field(default_factory=dict)
    method: str = ""
    reference: str = ""
    note: str = ""


# -- the generator --------------------------------------------------------------------------------------


def weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _w in table], weights=[w for _k, w in table])[0]


class Generator:
    """Everything random comes from one ``random.Random(seed)``, drawn in a fixed order."""

    def __init__(self, kb: Any, seed: int, as_of: date, events_per_request: float) -> None:
        self.kb = kb
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.events_per_request = events_per_request
        self.examples = {
            path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(EXAMPLES.glob("*.json"))
        }
        self.authorities: dict[tuple[str, str], list[dict[str, str]]] = {}

    # people -------------------------------------------------------------------------------------
    def requester(self, code: str) -> dict[str, Any]:
        rng = self.rng
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(20_000))
        if code == "CN":
            city, district, area, postal = rng.choice(CN_CITIES)
            name = rng.choice(CN_SURNAMES) + "".join(rng.sample(CN_GIVEN, rng.choice((1, 2, 2))))
            return {
                "name": name,
                "id_type": "resident_id",
                "id_number": fake_cn_id(rng, area, born),
                "birth_date": born.isoformat(),
                "address": f"{city}{district}{rng.choice(CN_ROADS)}{rng.randint(1, 300)}号"
                f"{rng.randint(1, 12)}号楼{rng.randint(1, 30)}0{rng.randint(1, 4)}室",
                "postal_code": postal,
                "phone": f"1380013{rng.randint(0, 9999):04d}",
                "email": f"client{rng.randrange(10**6):06d}@example.com",
            }
        if code == "DE":
            city, plz = rng.choice(DE_CITIES)
            first, last = rng.choice(DE_GIVEN), rng.choice(DE_SURNAMES)
            if rng.random() < 0.1:
                last += "-" + rng.choice(DE_SURNAMES)
            return {
                "name": f"{first} {last}",
                "id_type": "national_id",
                "id_number": "".join(rng.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(9)),
                "birth_date": born.isoformat(),
                "birth_place": rng.choice(DE_CITIES)[0],
                "address": f"{rng.choice(DE_STREETS)} {rng.randint(1, 120)}\n{plz} {city}",
                "postal_code": plz,
                "phone": f"+49 30 {rng.randint(1000000, 9999999)}",
                "email": f"{first.lower()}.{rng.randrange(10**5)}@example.org",
            }
        if code == "GB-ENG":
            town, area = rng.choice(GB_TOWNS)
            first, last = rng.choice(GB_GIVEN), rng.choice(GB_SURNAMES)
            letters = "ABDEFGHJLNPQRSTUWXYZ"
            postcode = (
                f"{area}{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
            )
            return {
                "name": f"{first} {last}",
                "id_type": "passport",
                "id_number": f"{rng.randrange(10**9):09d}",
                "birth_date": born.isoformat(),
                "address": f"{rng.randint(1, 200)} {rng.choice(GB_STREETS)}\n{town}",
                "postal_code": postcode,
                "phone": f"07700 900{rng.randint(0, 999):03d}",
                "email": f"{first.lower()}.{last.lower()}{rng.randrange(1000)}@example.co.uk",
            }
        city, zip3 = rng.choice(US_CITIES)
        first, last = rng.choice(US_GIVEN), rng.choice(US_SURNAMES)
        zip_code = f"{zip3}{rng.randint(0, 99):02d}"
        return {
            "name": f"{first} {chr(65 + rng.randrange(26))}. {last}",
            "birth_date": born.isoformat(),
            "address": f"{rng.randint(100, 9999)} {rng.choice(US_STREETS)}\n{city} {zip_code}",
            "postal_code": zip_code,
            "phone": f"({rng.randint(201, 989)}) 555-01{rng.randint(0, 99):02d}",
            "email": f"{first.lower()}.{last.lower()}{rng.randrange(1000)}@example.com",
        }

    def authority(self, code: str, context: str, pool_size: int) -> dict[str, str]:
        """One of a pool of addressees per jurisdiction and context (reused as a clinic reuses them)."""
        rng = self.rng
        pool = self.authorities.setdefault((code, context), [])
        if len(pool) < pool_size and (not pool or rng.random() < 0.3):
            pattern = rng.choice(AUTHORITY_NAMES[(code, context)])
            if code == "CN":
                city, district, _area, postal = rng.choice(CN_CITIES)
                name = pattern.format(city=city, district=district)
                address = f"{city}{district}{rng.choice(CN_ROADS)}{rng.randint(1, 200)}号"
            elif code == "DE":
                city, postal = rng.choice(DE_CITIES)
                name = pattern.format(city=city)
                address = f"{rng.choice(DE_STREETS)} {rng.randint(1, 99)}\n{postal} {city}"
            elif code == "GB-ENG":
                town, area = rng.choice(GB_TOWNS)
                name = pattern.format(county=rng.choice(GB_COUNTIES), town=town)
                postal = f"{area}{rng.randint(1, 9)} {rng.randint(1, 9)}AA"
                address = f"{rng.randint(1, 99)} {rng.choice(GB_STREETS)}\n{town}"
            else:
                city, zip3 = rng.choice(US_CITIES)
                name = pattern
                postal = f"{zip3}{rng.randint(0, 99):02d}"
                address = f"{rng.randint(100, 999)} {rng.choice(US_STREETS)}\n{city} {postal}"
            candidate = {"name": name, "address": address, "postal_code": postal}
            if candidate not in pool:
                pool.append(candidate)
                return candidate
        return rng.choice(pool)

    # requests -----------------------------------------------------------------------------------
    def case_drafts(self, case_no: int, pool_size: int) -> tuple[list[dict[str, Any]], date]:
        """The letter input (examples/ shape) of one case's requests, and the day they were written."""
        rng = self.rng
        code = weighted(rng, JURISDICTIONS)
        context = weighted(rng, CONTEXTS[code])
        first = "access" if (code, context) == ("US", "other") else weighted(rng, RIGHTS)
        rights = [first]
        if rng.random() < SECOND_REQUEST_SHARE and (code, context) != ("US", "other"):
            rights.append(rng.choice(("correction", "deletion")) if first == "access" else "access")
        span = (self.as_of - FIRST_SENT).days - 2
        written = FIRST_SENT + timedelta(days=int(span * rng.random() ** 0.7))  # a growing clinic
        requester = self.requester(code)
        authority = self.authority(code, context, pool_size)
        reference = f"HC-{written.year}-{case_no:05d}"
        drafts = []
        for right in rights:
            example = dict(self.examples[f"{code.lower()}-{right}"])
            example.update(
                context=context,
                date=written.isoformat(),
                requester=requester,
                authority=authority,
                reference=reference,
            )
            example.pop("regime", None)
            if "case_numbers" in example:
                example["case_numbers"] = [f"{reference}-{rng.randint(100, 999)}"]
            drafts.append(example)
        return drafts, written

    def timeline(self, route: Any, written: date, budget: int) -> list[PlannedEvent]:
        """One request's events, in the order they happen, none after the as-of date."""
        rng, as_of = self.rng, self.as_of
        steps = list(route.escalation)
        reminder = next((s.id for s in steps if s.kind == "reminder"), "")
        events: list[PlannedEvent] = []
        day = written + timedelta(days=rng.randint(0, 3))
        method = weighted(rng, METHODS)
        reference = f"RR{rng.randrange(10**9):09d}CN" if method == "registered_mail" else ""
        events.append(PlannedEvent("sent", day, method=method, reference=reference))

        # A long history in a short time is a busy correspondence: shorter gaps, never under a day.
        pace = min(1.0, max(0.25, (as_of - written).days / (budget * 24)))

        def add(kind: str, gap: tuple[int, int], **extra: Any) -> bool:
            nonlocal day
            next_day = day + timedelta(days=max(1, round(rng.randint(*gap) * pace)))
            if next_day > as_of:
                return False
            day = next_day
            events.append(PlannedEvent(kind, day, **extra))
            return True

        if rng.random() < 0.9 and not add(
            "delivered" if method == "registered_mail" and rng.random() < 0.5 else "received", (1, 6)
        ):
            return events
        if rng.random() < 0.55 and not add("acknowledged", (2, 12)):
            return events
        phase, clarifications, extended, reminders = "waiting", 0, False, 0
        filed: list[Any] = []
        outcome = ""
        silent = rng.random() < 0.35  # some authorities never answer
        while len(events) < budget:
            roll = rng.random()
            if phase == "waiting":
                if roll < 0.15 and clarifications < 3:
                    clarifications += 1
                    if not add("clarification_requested", (4, 20)) or not add("clarification_given", (3, 15)):
                        break
                elif roll < 0.25 and not extended:
                    extended = True
                    until = day + timedelta(days=rng.randint(40, 75))
                    if not add("extended", (10, 30), data={"until": until.isoformat()}):
                        break
                elif roll < 0.5 and not silent:
                    outcome = weighted(rng, ANSWERS)
                    if not add(outcome, (10, 45)):
                        break
                    phase = "answered"
                else:  # silence: reminders, then the first escalation step
                    if reminder and reminders < 4:
                        reminders += 1
                        if not add("reminder_sent", (14, 35), data={"step": reminder}):
                            break
                    if (reminders >= 2 and rng.random() < 0.4) or reminders >= 4 or not reminder:
                        if not self._file(steps, filed, FIRST_STEP_KINDS, add):
                            break
                        phase = "escalated"
            elif phase == "answered":
                settled = len(events) >= 0.7 * budget
                if outcome in ("granted", "no_data", "answered") and roll < 0.6 and settled:
                    add("closed", (5, 60))
                    break
                if outcome in ("refused", "partly_granted") or roll < 0.7:
                    # A refusal, or an answer the clinic finds incomplete: the next step.
                    if not self._file(steps, filed, FIRST_STEP_KINDS, add):
                        break
                    phase = "escalated"
                elif not add("clarification_requested", (5, 20)) or not add("clarification_given", (3, 15)):
                    break
            else:  # escalated: reminders to the deciding body, its decision, the next step, the end
                last = filed[-1]
                if roll < 0.35 and reminder:
                    if not add("reminder_sent", (14, 35), data={"step": reminder}):
                        break
                elif roll < 0.7:
                    decision = weighted(rng, (("refused", 0.5), ("partly_granted", 0.25), ("granted", 0.25)))
                    if not add("decision_received", (25, 100), data={"step": last.id, "outcome": decision}):
                        break
                    if decision == "granted" and rng.random() < 0.6 and len(events) >= 0.7 * budget:
                        add("closed", (5, 40))
                        break
                elif not self._file(steps, filed, LATER_STEP_KINDS, add) and rng.random() < 0.5:
                    add("closed", (10, 90))  # nothing left to try
                    break
        if len(events) < budget and rng.random() < 0.02 and events[-1].kind != "closed":
            add("withdrawn", (1, 30))
        return events

    def _file(
        self, steps: list[Any], filed: list[Any], kinds: tuple[str, ...], add: Callable[..., bool]
    ) -> bool:
        """File the route's next step of one of ``kinds`` (``data={"step": …}`` as the CLI records it)."""
        candidates = [s for s in steps if s.kind in kinds and s not in filed]
        if not candidates:
            return False
        first_kind = next(k for k in kinds if any(s.kind == k for s in candidates))
        step = self.rng.choice([s for s in candidates if s.kind == first_kind])
        filed.append(step)
        kind = self.kb.step_kind(step.kind).filed_by
        return add(kind, (10, 40), data={"step": step.id})

    def budget(self, written: date) -> int:
        """Older requests have more history; the mean over the store is about ``events_per_request``."""
        age = (self.as_of - written).days
        mean = self.events_per_request * min(2.2, 0.25 + age / 280)
        return max(1, round(self.rng.gauss(mean, mean / 4)))


def fake_cn_id(rng: random.Random, area: str, born: date) -> str:
    """A checksum-valid resident ID number of nobody (GB 11643; stdnum.cn.ric validates it)."""
    from stdnum.cn import ric

    # The area code is the place of registration at birth; some districts' codes are younger than
    # the person (stdnum knows when each was valid), then a Beijing or Shanghai one is taken.
    sequence = f"{rng.randint(0, 999):03d}"
    for code in (area, rng.choice(("110101", "110105", "310104"))):
        body = f"{code}{born:%Y%m%d}{sequence}"
        number = body + ric.calc_check_digit(body + "0")  # calc_check_digit ignores the last character
        if ric.is_valid(number):
            return number
    raise AssertionError(f"no valid resident ID for {area} {born}")


# -- writing --------------------------------------------------------------------------------------------


class Clock:
    """The ``utc_now`` the service and the store read while building: the simulated moment."""

    def __init__(self) -> None:
        self.now = datetime(2024, 1, 1, 9, tzinfo=UTC)

    def set(self, day: date, rng: random.Random) -> datetime:
        self.now = datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), tzinfo=UTC)
        return self.now

    @contextmanager
    def installed(self) -> Iterator[None]:
        import app.cases.service
        import app.store.store

        modules = [m for m in (app.cases.service, app.store.store) if hasattr(m, "utc_now")]
        saved = [m.utc_now for m in modules]
        for module in modules:
            module.utc_now = lambda: self.now  # type: ignore[attr-defined]
        try:
            yield
        finally:
            for module, original in zip(modules, saved, strict=True):
                module.utc_now = original  # type: ignore[attr-defined]


def skip_fsync() -> None:
    """Every SQLite connection this process opens from now on skips the fsync at commit.

    The service and the store commit several times per case (one transaction per call); on a
    disk that syncs, that is most of the build time. Only the builder's connections are affected;
    the app opening the file later uses its own settings.
    """
    from sqlalchemy import Engine, event

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        if type(dbapi_connection).__module__.startswith(("sqlite3", "sqlcipher3")):
            dbapi_connection.execute("PRAGMA synchronous = OFF")

    event.listen(Engine, "connect", on_connect)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, required=True)
    parser.add_argument("--events-per-case", type=float, default=20)
    parser.add_argument(
        "--home", type=Path, required=True, help="HABEAS_HOME to build (must not hold a store)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--as-of",
        default=DEFAULT_AS_OF.isoformat(),
        help="the last day anything happened (YYYY-MM-DD or 'today'); default %(default)s, so a seed "
        "always gives the same store; the other benchmarks use it as today",
    )
    parser.add_argument("--per-call", action="store_true", help="write each event with Store.add_event")
    parser.add_argument(
        "--durable",
        action="store_true",
        help="keep SQLite's fsync at every commit (by default a build skips it: PRAGMA synchronous=OFF "
        "on the builder's connections only; the file is the same, a crash mid-build means build again)",
    )
    parser.add_argument(
        "--no-settle", action="store_true", help="skip the first 'habeas deadlines' run after building"
    )
    benchkit.add_law_root_option(parser)
    args = parser.parse_args()
    as_of = date.today() if args.as_of == "today" else date.fromisoformat(args.as_of)
    home: Path = args.home.resolve()
    if benchkit.database_file(home).exists():
        sys.exit(f"{benchkit.database_file(home)} exists: make_store builds into a new home")
    home.mkdir(parents=True, exist_ok=True)

    benchkit.use_law_root(args.law_root)
    from app.cases.draft import RequestDraft
    from app.cases.records import Note, RequestEvent
    from app.cases.service import LifecycleService
    from app.law import load_knowledge_base
    from app.store import open_store, search
    from app.store.models import CaseRow
    from app.store.rows import ROW_FOR, check_record, row_values

    if not args.durable:
        skip_fsync()
    kb = load_knowledge_base()
    store = open_store(benchkit.store_config(benchkit.database_file(home)))
    service = LifecycleService(store, kb)
    generator = Generator(kb, args.seed, as_of, args.events_per_case / (1 + SECOND_REQUEST_SHARE))
    clock = Clock()
    pool_size = max(6, args.cases // 60)
    counts = {"cases": 0, "requests": 0, "events": 0, "notes": 0, "closed_cases": 0}
    pending_events: list[Any] = []
    pending_notes: list[Any] = []
    pending_cases: dict[int, tuple[datetime, bool]] = {}  # case id -> (last activity, closed)

    def flush() -> None:
        if args.per_call:
            for event in pending_events:
                clock.now = event.created
                store.add_event(event)
            for note in pending_notes:
                store.add_note(note)
            for case_id, (last, closed) in pending_cases.items():
                clock.now = last  # update_case sets ``updated`` to now: the case's last activity
                store.update_case(dataclasses.replace(store.get_case(case_id), closed=closed))
        else:
            with store.transaction() as session:
                for record in (*pending_events, *pending_notes):
                    problems = check_record(record)
                    if problems:
                        raise SystemExit(f"generated record refused: {problems}")
                    session.add(ROW_FOR[type(record)](**row_values(record)))
                session.flush()
                for case_id, (last, closed) in pending_cases.items():
                    row = session.get(CaseRow, case_id)
                    assert row is not None
                    row.updated, row.closed = last, closed
                # What Store._follow_search does per write: notes and event references are
                # part of the cases' search text.
                search.reindex(session, pending_cases.keys())
        pending_events.clear()
        pending_notes.clear()
        pending_cases.clear()

    begin = time.perf_counter()
    with clock.installed():
        for case_no in range(1, args.cases + 1):
            rng = generator.rng
            payloads, written = generator.case_drafts(case_no, pool_size)
            drafts = [RequestDraft.from_json(p, kb) for p in payloads]
            clock.set(written, rng)
            case, requests, _letters = service.open_case(drafts)
            last = clock.now
            all_closed = True
            events_before = len(pending_events)
            for request in requests:
                route = kb.route(request.jurisdiction, request.regime, request.rights[0])
                timeline = generator.timeline(route, written, generator.budget(written))
                all_closed &= timeline[-1].kind in ("closed", "withdrawn")
                for planned in timeline:
                    created = clock.set(planned.day, rng)
                    last = max(last, created)
                    pending_events.append(
                        RequestEvent(
                            request_id=request.id or 0,
                            kind=planned.kind,
                            date=planned.day,
                            note=planned.note,
                            receipt_method=planned.method,
                            receipt_reference=planned.reference,
                            data=planned.data,
                            created=created,
                        )
                    )
            counts["events"] += len(pending_events) - events_before
            if rng.random() < 0.33:
                pending_notes.append(Note(case_id=case.id or 0, text=rng.choice(NOTES), created=last))
                counts["notes"] += 1
            closed = all_closed and rng.random() < 0.9
            pending_cases[case.id or 0] = (last, closed)
            counts["cases"] += 1
            counts["requests"] += len(requests)
            counts["closed_cases"] += closed
            if case_no % BATCH_CASES == 0 or case_no == args.cases:
                flush()
                if case_no % (BATCH_CASES * 8) == 0:
                    print(f"  {case_no} cases, {time.perf_counter() - begin:.0f} s", flush=True)
    elapsed = time.perf_counter() - begin
    store.close()
    info = {
        **counts,
        "as_of": as_of.isoformat(),
        "seed": args.seed,
        "events_per_case": args.events_per_case,
        "per_call": args.per_call,
        "build_seconds": round(elapsed, 1),
    }
    (home / benchkit.STORE_INFO).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    size = benchkit.database_file(home).stat().st_size / 2**20
    print(
        f"built {counts['cases']} cases, {counts['requests']} requests "
        f"({counts['requests'] / counts['cases']:.2f} per case), {counts['events']} events "
        f"({counts['events'] / counts['cases']:.1f} per case), {counts['notes']} notes; "
        f"{counts['closed_cases']} cases closed; as of {as_of}, seed {args.seed}"
    )
    print(f"store: {benchkit.database_file(home)} ({size:.1f} MB)")
    print(
        f"building took {elapsed:.1f} s ({elapsed / counts['cases'] * 1000:.1f} ms per case"
        f"{', every event through Store.add_event' if args.per_call else ''})"
    )
    if not args.no_settle:
        # The first command on a new store may compute what the app keeps (derived request states):
        # done here once, so the benchmarks measure the steady state, and its cost is shown.
        argv = benchkit.habeas_argv(args.law_root, "deadlines", "--today", as_of.isoformat())
        first = benchkit.run_child(argv, benchkit.child_env(home))
        print(
            f"first 'habeas deadlines' on the new store: {first.wall:.1f} s, "
            f"peak RSS {first.peak_rss_mb:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
