"""The payments subgraph: a citizen's payments of state fees and levies (PNBP) and BPJS premiums."""
