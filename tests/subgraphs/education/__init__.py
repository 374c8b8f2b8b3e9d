"""Tests of the service subgraphs."""
