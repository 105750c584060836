"""A day at the demo branch, run through the same services a counter uses.

Each business day the counter PC starts (the rule pack in use is recorded and the last day
sealed, as the app does at start), the tellers and the supervisor sign in, and customers
come to the counter: the teller's form is judged by the real engine with the default pack and
the customer's real history in the store, the assessment is recorded, a reminder is read and
answered where the level asks for one, the supervisor authorizes with their own password, and
refusals are recorded with their reason — each through :class:`~tellerguard.services.counter.
Counter`, so every event is exactly what a real counter would have written.

Time comes from a :class:`~tellerguard.domain.clock.ManualClock` the runner sets visit by
visit: opening hours on business days, from weeks ago (or from the store's last event) up to
now, never in the future.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from tellerguard.audit.keys import BRANCH_KEY_FILE
from tellerguard.auth.errors import AuthenticationFailed
from tellerguard.auth.passwords import Passwords, make_hasher
from tellerguard.auth.users import Credentials
from tellerguard.config import ConfigError, Settings, load_settings
from tellerguard.domain.assessment import Assessment, script_lines, script_version, unique_questions
from tellerguard.domain.case import parse_case
from tellerguard.domain.clock import Clock, ManualClock, program_clock
from tellerguard.domain.events import Decision
from tellerguard.domain.format import count_of
from tellerguard.domain.levels import Level
from tellerguard.errors import TellerGuardError
from tellerguard.private_files import write_private_file
from tellerguard.services.audit_ops import record_pack_loaded, seal_if_due, seal_now
from tellerguard.services.counter import Counter
from tellerguard.services.demo.hours import (
    CLOSES,
    DAY_SECONDS,
    OPENS,
    BusinessTimeline,
    last_business_days,
    opening,
)
from tellerguard.services.demo.lists import (
    DEMO_RULES_PASSWORD,
    ISSUER_KEY,
    RULES_ADMIN,
    DemoLists,
    demo_lists,
    import_demo_lists,
    issuer_public_key,
)
from tellerguard.services.demo.people import Customer, make_customer
from tellerguard.services.demo.scenarios import (
    LIST_SCENARIOS,
    SCENARIOS,
    Scenario,
    build_case,
    pick_scenario,
    put_listed,
)
from tellerguard.services.pack_archive import archive_pack, packs_dir
from tellerguard.services.risklists import workstation_lists
from tellerguard.services.rules import Assessor, load_rules
from tellerguard.services.workstation import (
    Workstation,
    init_workstation,
    open_workstation,
    settings_toml,
)

DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("admin01", "演示管理员", "it_admin", "Admin#2026"),
    ("teller01", "张晓燕", "teller", "Teller#2026"),
    ("teller02", "李建国", "teller", "Teller#2026"),
    ("supervisor01", "王主管", "supervisor", "Super#2026"),
    (RULES_ADMIN, "赵规则", "rule_admin", DEMO_RULES_PASSWORD),
)
DEMO_PASSWORD = {user[0]: user[3] for user in DEMO_USERS}
DEMO_PASSPHRASE = "demo-backup-passphrase"
TELLERS = ("teller01", "teller02")
SUPERVISOR = "supervisor01"
ADMIN = "admin01"
BRANCH_CODE = "DEMO-0371"
BRANCH_NAME = "郑州市中原区示范支行"
BRANCH_REGION = "410102"
WORKSTATION = "demo-counter"

EVENTS_PER_DAY = 120
"""About what two tellers record on an ordinary day."""
MAX_BUSINESS_DAYS = 3 * 261
"""The longest span a demo covers (three years); more events make busier days."""
EVENTS_PER_VISIT = 1.15
"""The first guess at events per visit; the runner corrects it as it goes."""
MIN_PACE = 0.01
"""The shortest a step of a visit gets (a 345-second reminder in 3.5 s) in a demo asked for
many events."""
MIN_SECONDS_PER_EVENT = 2.0
"""The busiest counter a demo makes: ten million events over three years of business days
take 2.4 business seconds each. Extending a store needs at least this much business time
after its last event, or every new event would carry the same moment."""


class DemoError(TellerGuardError):
    """A demo that cannot be made as asked (exit 2, nothing written)."""

    default_zh = "演示数据无法按要求生成"


# The demo's operators have published passwords, so their hashes need no strength; a cheap
# argon2id configuration lets a million-event demo (thousands of supervisor authorizations,
# each checking a password) be made in minutes. A real sign-in upgrades the hash at once.
DEMO_PASSWORDS = Passwords(make_hasher(time_cost=1, memory_kib=1024, parallelism=1))

AUTHORIZATION_REASONS = (
    "已单独询问客户，确认本人自愿办理",
    "已联系客户家属核实，同意办理",
    "客户坚持办理，已充分提示风险并签字确认",
)
REFUSAL_NOTE = "经二次提醒客户仍无法说明合理用途，业务拒绝办理"


def demo_config_path(db_path: Path) -> Path:
    """The demo branch's configuration file, beside its store (``demo.sqlite3`` →
    ``demo.toml``)."""
    return Path(db_path).absolute().with_suffix(".toml")


def lists_folder(db_path: Path) -> Path:
    """Where the demo's signed list files are written (``demo.sqlite3`` → ``demo-lists/``)."""
    return Path(db_path).absolute().with_name(f"{Path(db_path).stem}-lists")


def demo_settings(db_path: Path) -> Settings:
    """Settings of the demo branch for a store at ``db_path`` (paths relative to its
    configuration file, so the folder can be moved)."""
    db_path = Path(db_path).absolute()
    return Settings(
        branch_code=BRANCH_CODE,
        branch_name=BRANCH_NAME,
        region=BRANCH_REGION,
        workstation=WORKSTATION,
        database=Path(db_path.name),
        key_dir=Path(f"{db_path.stem}-keys"),
        source=demo_config_path(db_path),
    )


@dataclass(frozen=True, slots=True)
class DemoReport:
    database: Path
    config: Path
    created: bool
    events: int
    head_seq: int
    first_at: str | None
    last_at: str | None
    days: int
    levels: dict[str, int]
    seconds: float = 0.0

    def lines(self) -> list[str]:
        made = "created" if self.created else "extended"
        mix = ", ".join(f"{level} {count}" for level, count in self.levels.items())
        return [
            f"{made} demo store {self.database}: {count_of(self.events, 'event')} appended "
            f"(head seq {self.head_seq}, {self.first_at} … {self.last_at}, "
            f"{count_of(self.days, 'business day')}) in {self.seconds:.1f} s",
            f"assessments by level: {mix or 'none'}",
            f"configuration: {self.config} (use it with --config)",
            "demo operators: teller01/teller02 Teller#2026, supervisor01 Super#2026, "
            "admin01 Admin#2026, rules01 Rules#2026 (demo only)",
        ]


class DemoBranch:
    """Runs visits at the counter of an open demo workstation."""

    def __init__(
        self,
        workstation: Workstation,
        assessor: Assessor,
        clock: ManualClock,
        rng: random.Random,
        customers: list[Customer],
        end: datetime,
        lists: DemoLists | None = None,
    ) -> None:
        self.end = end
        self.lists = lists
        self.scenarios = SCENARIOS + (LIST_SCENARIOS if lists is not None else ())
        self.workstation = workstation
        self.assessor = assessor
        self.clock = clock
        self.rng = rng
        self.customers = customers
        self.counters: dict[str, Counter] = {}
        self.day: date | None = None
        self.days = 0
        self.levels: dict[str, int] = {}
        self.pace = 1.0
        """How much shorter than at an ordinary counter each step of a visit is (1: not at
        all): the runner lowers it when more events are asked of the time left."""
        self.unhurried = 0.0
        """Seconds the visits' steps would have taken at pace 1."""

    # -- time ------------------------------------------------------------------------------
    def at(self, moment: datetime) -> datetime:
        """Set the clock to ``moment``, never backwards (events stay in time order) and never
        past the end (no event in the future)."""
        moment = min(moment, self.end)
        if moment > self.clock.moment:
            self.clock.set(moment)
        return self.clock.moment

    def spend(self, low: int, high: int) -> int:
        """The seconds one step of a visit takes (a reminder, a refusal, the supervisor
        coming over): drawn as at an ordinary counter, shortened by the pace."""
        seconds = self.rng.randint(low, high)
        self.unhurried += seconds
        return max(1, round(seconds * self.pace))

    # -- the day ---------------------------------------------------------------------------
    def open_day(self, first_visit: datetime) -> None:
        """The PC starts and everyone signs in, a few minutes before the first customer."""
        day = first_visit.date()
        self.day = day
        self.days += 1
        self.at(max(opening(day), first_visit - timedelta(minutes=10)))
        pack = self.assessor.pack
        record_pack_loaded(self.workstation, None, pack.ref, str(pack.path), len(pack.rules))
        seal_if_due(self.workstation)
        if self.rng.random() < 0.05:  # a typo in the user name now and then
            with contextlib.suppress(AuthenticationFailed):
                self.workstation.login("teller0", DEMO_PASSWORD["teller01"])
        self.counters = {}
        for name in (*TELLERS, SUPERVISOR):
            self.at(self.clock.moment + timedelta(seconds=self.rng.randint(20, 120)))
            session = self.workstation.login(name, DEMO_PASSWORD[name])
            self.counters[name] = Counter(self.workstation, session)

    # -- one customer ----------------------------------------------------------------------
    def customer_for(self, scenario: Scenario, on: date) -> Customer:
        for _ in range(30):
            customer = self.rng.choice(self.customers)
            if scenario.fits(customer, on):
                return customer
        low, high = scenario.ages
        customer = make_customer(self.rng, on, age=self.rng.randint(low, high))
        if scenario.occupation is not None:
            customer = dataclasses.replace(customer, occupation=scenario.occupation)
        self.customers.append(customer)
        return customer

    def visit(self, moment: datetime) -> None:
        """One customer at the counter, from the form to the last event of the case."""
        rng = self.rng
        if moment.date() != self.day:
            self.open_day(moment)
        now = self.at(moment)
        day = now.date()
        scenario = pick_scenario(rng, self.scenarios)
        customer = self.customer_for(scenario, day)
        if scenario.listed == "restricted_persons" and self.lists is not None:
            customer = rng.choice(self.lists.restricted)
        teller = rng.choice(TELLERS)
        counter = self.counters[teller]
        data = build_case(scenario, customer, rng)
        if self.lists is not None:
            put_listed(data, scenario, self.lists, rng)
        case = parse_case(data, on=day)
        history = counter.customer_history(customer.id_number, on=day)
        assessment = self.assessor.assess(case, on=day, history=history)
        level = assessment.level
        self.levels[level] = self.levels.get(level, 0) + 1
        case_ref = counter.record_assessment(case, assessment).case_ref
        if level in ("pass", "notice"):
            return
        if level == "refuse":
            self.at(now + timedelta(seconds=self.spend(60, 240)))
            counter.refuse(
                case_ref,
                "；".join(hit.title for hit in assessment.hits if hit.level == "refuse"),
                referred_to_police=rng.random() < scenario.police,
            )
            return
        decision = self.decision(level, scenario)
        seconds = self.spend(90, 600)
        self.at(now + timedelta(seconds=seconds))
        questions = unique_questions(assessment.hits)
        counter.record_reminder(
            case_ref,
            script_version=script_version(assessment),
            script=script_lines(assessment.hits),
            answers=[
                (question, scenario.answers[n % len(scenario.answers)])
                for n, question in enumerate(questions)
            ],
            duration_seconds=seconds,
            decision=decision,
            delay=rng.choice(("2h", "next_day")) if decision == "delayed_arrival" else None,
        )
        if decision == "referred_to_police":
            self.at(self.clock.moment + timedelta(seconds=self.spend(30, 120)))
            counter.refuse(case_ref, REFUSAL_NOTE, referred_to_police=True)
        elif level == "manager_approval" and decision in ("proceeded", "family_contacted"):
            self.authorize(counter, case_ref, assessment)

    def decision(self, level: Level, scenario: Scenario) -> Decision:
        rng = self.rng
        stops = scenario.dissuadable if level == "manager_approval" else scenario.dissuadable / 2
        if rng.random() < stops:
            return "referred_to_police" if rng.random() < scenario.police else "dissuaded"
        return rng.choices(("proceeded", "delayed_arrival", "family_contacted"), (80, 8, 12))[0]

    def authorize(self, counter: Counter, case_ref: str, assessment: Assessment) -> None:
        """The supervisor comes over, hears the case and authorizes with their own password."""
        self.at(self.clock.moment + timedelta(seconds=self.spend(60, 240)))
        counter.authorize(
            case_ref,
            Credentials(SUPERVISOR, DEMO_PASSWORD[SUPERVISOR]),
            self.rng.choice(AUTHORIZATION_REASONS),
        )


def _ensure_demo_users(workstation: Workstation) -> None:
    users = workstation.users
    missing = [user for user in DEMO_USERS if users.get(user[0]) is None]
    if not missing:
        return
    admin = workstation.login(ADMIN, DEMO_PASSWORD[ADMIN])  # the demo administrator adds them
    for username, display, role, password in missing:
        users.add(admin, username, display, role, password, must_change_password=False)  # type: ignore[arg-type]


def _settings_for(db_path: Path) -> Settings:
    """The demo configuration beside the store if there is one (it may have been edited),
    else the demo's own settings."""
    config = demo_config_path(db_path)
    if not config.exists():
        return demo_settings(db_path)
    settings = load_settings(config)
    if settings.database_path.absolute() != db_path:
        raise ConfigError(
            f"{config}: configures the store {settings.database_path}, not {db_path}; "
            "choose another --db or remove that file"
        )
    return settings


def _write_config(settings: Settings) -> None:
    path = settings.source
    assert path is not None
    if not path.exists():
        header = "# TellerGuard demo branch (made by `tellerguard demo`; safe to delete).\n"
        write_private_file(path, (header + settings_toml(settings)).encode("utf-8"))


def _enough_time_after(start: datetime, end: datetime, events: int) -> None:
    """Refuse to extend a store whose last event leaves too little business time before
    ``end`` for ``events`` more."""
    timeline = BusinessTimeline(start.date(), end.date())
    left = max(timeline.seconds(end) - timeline.seconds(start), 0.0)
    if events > 0 and left < events * MIN_SECONDS_PER_EVENT:
        raise DemoError(
            f"the demo store's last event is at {start:%Y-%m-%d %H:%M}, and the business "
            f"hours (Monday to Friday, {OPENS:%H:%M}-{CLOSES:%H:%M}) from then until now "
            f"({end:%Y-%m-%d %H:%M}) leave {left:,.0f} s: not enough for {events:,} more "
            f"events ({MIN_SECONDS_PER_EVENT:.0f} s each at least). Ask for at most "
            f"{int(left // MIN_SECONDS_PER_EVENT):,} events, run it again later, or make a "
            "new demo branch with another --db",
            "演示数据已到最近营业时间，无法在此之后追加这么多业务",
        )


def _existing_demo(db_path: Path, settings: Settings) -> None:
    """An existing ``--db`` must be a demo branch this command made (its keys beside it):
    before anything is written, since a folder or another file left a configuration behind
    and then failed on the missing keys."""
    if db_path.is_dir():
        raise DemoError(f"{db_path}: a folder; --db names the demo store file, e.g. demo.sqlite3")
    if not (settings.key_path / BRANCH_KEY_FILE).is_file():
        raise DemoError(
            f"{db_path}: exists but is no demo branch (no {settings.key_path.name}/ beside it): "
            "give a new file name to create one"
        )


def populate_demo(
    db_path: Path,
    events: int,
    seed: int = 0,
    *,
    clock: Clock | None = None,
    progress: Callable[[int], None] | None = None,
) -> DemoReport:
    """Create (if missing) and fill a demo branch with about ``events`` events: its
    configuration (``demo_config_path``), keys beside the store, the demo operators, and
    business days of counter work up to ``clock``'s now (the program's clock by default)."""
    started = time.perf_counter()
    db_path = Path(db_path).absolute()
    settings = _settings_for(db_path)
    end = (clock or program_clock()).now()
    span = min(MAX_BUSINESS_DAYS, max(1, math.ceil(events / EVENTS_PER_DAY)))
    # Before today's opening, the last business day is an earlier one.
    last_day = end.date() if end > opening(end.date()) else end.date() - timedelta(days=1)
    days = last_business_days(last_day, span)
    earliest = min(opening(days[0]), end)
    created = not db_path.exists()
    if not created:
        _existing_demo(db_path, settings)
    if created:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        init_workstation(
            settings,
            ADMIN,
            DEMO_PASSWORD[ADMIN],
            DEMO_PASSPHRASE,
            admin_display_name="演示管理员",
            scrypt_n=2**14,
            passwords=DEMO_PASSWORDS,
            clock=ManualClock(earliest, step=timedelta(0)),
        )
        # The demo trusts its own list issuer (a real workstation: the risk department's key).
        settings = settings.model_copy(update={"list_signing_keys": [issuer_public_key(settings)]})
    _write_config(settings)
    demo_clock = ManualClock(earliest, step=timedelta(0))
    with open_workstation(settings, clock=demo_clock, passwords=DEMO_PASSWORDS) as workstation:
        store = workstation.store
        latest = store.latest_at()
        if latest is not None:
            demo_clock.set(max(datetime.fromisoformat(latest), earliest))
            _enough_time_after(demo_clock.moment, end, events)
        _ensure_demo_users(workstation)
        pack = load_rules(settings)
        # As the counter app keeps the pack it starts with: every case the demo records can
        # be replayed under its own pack (`tellerguard rules replay-case`).
        archive_pack(packs_dir(settings), pack.path)
        listed: DemoLists | None = None
        if (settings.key_path / ISSUER_KEY).exists() and settings.list_signing_keys:
            import_demo_lists(workstation, demo_clock, lists_folder(db_path))
            listed = demo_lists()
        assessor = Assessor(pack, settings.region, workstation_lists(workstation, pack))
        rng = random.Random(seed)
        # About one customer per visit: most come once in a while, a few come back.
        customers = [make_customer(rng, end.date()) for _ in range(max(200, min(50_000, events)))]
        branch = DemoBranch(workstation, assessor, demo_clock, rng, customers, end, listed)
        first_seq = store.head.seq + 1
        timeline = BusinessTimeline(demo_clock.moment.date(), end.date())
        position = timeline.seconds(demo_clock.moment)
        finish = max(timeline.seconds(end), position)
        visits = 0
        # A demo is not counter work: its commits need not reach the disk one by one.
        with store.bulk_fill():
            while (written := store.head.seq - first_seq + 1) < events:
                # Spread what is left evenly over the business time that is left, correcting the
                # guesses (events and minutes per visit) as the day goes; gaps vary. When the
                # visits as an ordinary counter makes them (reminders take minutes) would not fit,
                # they are made shorter, rather than piling up at the end.
                per_visit = written / visits if visits else EVENTS_PER_VISIT
                left = max((events - written) / max(per_visit, 1.0), 1.0)
                time_per_visit = (finish - position) / left
                unhurried = branch.unhurried / visits if visits else 0.0
                if unhurried > 0.0:
                    branch.pace = min(1.0, max(MIN_PACE, time_per_visit / (unhurried * 1.5)))
                mean_gap = max(time_per_visit - unhurried * branch.pace, 0.0)
                position = min(position + rng.uniform(0.3, 1.7) * mean_gap, finish)
                moment = min(timeline.moment(position), end)
                branch.visit(moment)
                visits += 1
                position = max(position, timeline.seconds(demo_clock.moment))
                if progress is not None and visits % 200 == 0:
                    progress(written)
        seal_now(workstation)  # the branch closes: the last sign-out seals the day so far
        first = store.event(first_seq)
        return DemoReport(
            database=db_path,
            config=demo_config_path(db_path),
            created=created,
            events=store.head.seq - first_seq + 1,
            head_seq=store.head.seq,
            first_at=first.data()["at"] if first else None,
            last_at=store.latest_at(),
            days=branch.days,
            levels=dict(sorted(branch.levels.items(), key=lambda kv: -kv[1])),
            seconds=time.perf_counter() - started,
        )


__all__ = [
    "DAY_SECONDS",
    "DEMO_PASSPHRASE",
    "DEMO_USERS",
    "DemoBranch",
    "DemoError",
    "DemoReport",
    "demo_config_path",
    "demo_settings",
    "populate_demo",
]
