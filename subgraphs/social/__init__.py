"""The social subgraph (Kemensos / DTSEN): welfare deciles and social assistance on ``Citizen``."""
