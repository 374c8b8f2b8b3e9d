"""The deterministic synthetic population of SPBE Graph (see docs/seeding.md).

``await seed_population(dsns, citizens=100_000, seed=1)`` fills the identity, health, education
and police databases with the same citizens, byte for byte for the same seed.
"""

from spbe.seed.loader import AlreadySeededError, Progress, SeedReport, is_seeded, seed_population

__all__ = ["AlreadySeededError", "Progress", "SeedReport", "is_seeded", "seed_population"]
