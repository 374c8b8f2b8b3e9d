"""The service subgraphs of SPBE Graph: Strawberry federation v2 schemas over their own databases.

See ``docs/subgraphs.md``. :func:`subgraphs.app.create_app` builds any of them.
"""
