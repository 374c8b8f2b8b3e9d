"""SPBE Graph benchmarks: ``python -m bench`` runs the registered entries and prints one table.

See docs/benchmarks.md. To add a benchmark, write a module with
``async def run(context: Context) -> list[Measurement]`` and add one line to
``bench.__main__.ENTRIES``.
"""

from bench.measurement import Context, Measurement

__all__ = ["Context", "Measurement"]
