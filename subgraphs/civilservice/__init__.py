"""The civil-service subgraph (BKN, ASN): a citizen's civil-service record, and government agencies."""
