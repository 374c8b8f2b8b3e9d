"""The deterministic synthetic population of SPBE Graph (see docs/seeding.md).

``await seed_population(dsns, citizens=100_000, seed=1)`` fills the identity, health, education
and police databases with the same citizens, byte for byte for the same seed, all of them or
none; ``await recover(dsns)`` finishes a run that was cut off and says what the databases hold.
"""

from spbe.seed.commit import PartialCommitError
from spbe.seed.loader import (
    SERVICES,
    AlreadySeededError,
    Progress,
    SeedingBusyError,
    SeedReport,
    seed_population,
)
from spbe.seed.recovery import Population, Recovery, SeedState, inspect_population, is_seeded, recover

__all__ = [
    "SERVICES",
    "AlreadySeededError",
    "PartialCommitError",
    "Population",
    "Progress",
    "Recovery",
    "SeedReport",
    "SeedState",
    "SeedingBusyError",
    "inspect_population",
    "is_seeded",
    "recover",
    "seed_population",
]
