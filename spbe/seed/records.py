"""Personal records of the health, education, police and social services for generated citizens.

Implements the "Records" part of docs/seeding.md: one random stream per chunk, and for each
person in order their health (spbe.seed.health), school (spbe.seed.schooling) and, for living
adults, police (spbe.seed.policing) records; then
each household's social-economic record (spbe.seed.social), and everyone's payments of state
fees (spbe.seed.payments, from the SIM, SKCK and BPJS rows just made). All numbers come from the
citizen's global index through keyed permutations, so they are unique across chunks.
"""

from __future__ import annotations

from spbe.seed.civilservice import CivilServiceRecords
from spbe.seed.digitalid import DigitalIds
from spbe.seed.health import HealthRecords
from spbe.seed.payments import PaymentRecords
from spbe.seed.policing import PoliceRecords
from spbe.seed.population import Person, Rows
from spbe.seed.reference import Reference
from spbe.seed.schooling import SchoolRecords
from spbe.seed.social import SocialRecords
from spbe.seed.stream import Stream

__all__ = ["RecordMaker", "Rows"]


class RecordMaker:
    """Makes every service's personal records for a chunk of people, deterministically in ``seed``."""

    def __init__(self, reference: Reference, seed: int) -> None:
        self.health = HealthRecords(reference, seed)
        self.schooling = SchoolRecords(reference, seed)
        self.policing = PoliceRecords(seed)
        self.social = SocialRecords(seed)
        self.civilservice = CivilServiceRecords(seed)
        self.digital_ids = DigitalIds(seed)
        self.payments = PaymentRecords(seed)
        self.seed = seed

    def make(self, people: list[Person], chunk_number: int, out: Rows) -> None:
        """Append the records of ``people`` to ``out`` (keyed by table name)."""
        rng = Stream(f"spbe-records:{self.seed}:{chunk_number}")
        memberships = out["bpjs_membership"]
        linked = ("driving_licence", "clearance_certificate", "bpjs_membership")
        starts = {table: len(out[table]) for table in linked}
        pbi: dict[str, bool] = {}
        for p in people:
            self.health.add(p, rng, out)
            if memberships and memberships[-1][0] == p.nik and memberships[-1][3]:
                pbi[p.nik] = bool(memberships[-1][4])
            self.schooling.add(p, rng, out)
            if p.age >= 17 and not p.deceased:
                self.policing.add(p, rng, out)
        # Social records draw from their own stream: adding them changed no other service's data.
        self.social.add(people, pbi, chunk_number, out)
        self.civilservice.add(people, chunk_number, out)
        self.digital_ids.add(people, chunk_number, out)
        # Payments too: their own stream, over the SIM, SKCK and BPJS rows this chunk just made.
        self.payments.add(people, chunk_number, starts, out)
