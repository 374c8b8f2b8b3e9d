"""The health subgraph (SATUSEHAT / BPJS Kesehatan): health records on ``Citizen``, and facilities."""
