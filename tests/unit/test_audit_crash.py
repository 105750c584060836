"""Crash test: a child process appends events in a loop and is killed with SIGKILL at random
moments, many times over; afterwards the store verifies and every acknowledged event (the
child prints its seq and hash only after the commit returned) is there, unchanged."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tellerguard.audit.store import AuditReader
from tellerguard.audit.verify import verify_store
from tests.unit.audit_helpers import set_up

ROOT = Path(__file__).resolve().parents[2]
KILLS = 12

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from tests.unit.audit_helpers import make_settings, open_ws, login, case, assessment
    from tellerguard.domain.assessment import RulePackRef
    from tellerguard.domain.events import RulePackLoaded
    from tellerguard.services.counter import Counter

    settings = make_settings(Path(sys.argv[1]))
    ws = open_ws(settings)
    counter = Counter(ws, login(ws, "teller01"))
    the_case, the_assessment = case(), assessment()
    pack = RulePackLoaded(rule_pack=RulePackRef(id="default", version="1", sha256="c" * 64),
                          source="rules/default")
    print("ready", flush=True)
    for i in range(1_000_000):
        if i % 2:
            receipt = counter.record_assessment(the_case, the_assessment).receipt
        else:
            receipt = ws.store.append(pack, operator="rules01")
        print(receipt.seq, receipt.hash, flush=True)
""")


def test_sigkill_at_random_moments_loses_no_acknowledged_event(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    rng = random.Random(2026)
    acknowledged: dict[int, str] = {}
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        # Half the kills land while the child opens the store and signs in, half while it
        # appends.
        if rng.random() < 0.5:
            time.sleep(rng.uniform(0.0, 0.4))
        else:
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.5))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, err
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0].isdigit() and len(parts[1]) == 64:
                acknowledged[int(parts[0])] = parts[1]
        report = verify_store(settings.database_path)
        assert report.ok, report.lines()
    assert len(acknowledged) > KILLS  # the child did get to append between kills
    with AuditReader(settings.database_path) as reader:
        for seq, digest in acknowledged.items():
            event = reader.event(seq)
            assert event is not None, f"acknowledged event {seq} is missing"
            assert event.hash.hex() == digest, f"acknowledged event {seq} changed"
        head = reader.read_head()
    assert head.seq >= max(acknowledged)
