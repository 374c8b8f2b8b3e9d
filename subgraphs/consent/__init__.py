"""The consent registry subgraph: purposes, agencies, citizens' consents, mandates and the access
trail (docs/consent.md, docs/access.md; UU 27/2022 on personal data protection)."""
