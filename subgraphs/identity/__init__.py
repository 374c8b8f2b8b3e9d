"""The identity subgraph (Dukcapil): citizens, families (Kartu Keluarga) and regions."""
