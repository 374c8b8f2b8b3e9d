"""The police subgraph (Polri): driving licences, clearance certificates and vehicles on ``Citizen``."""
