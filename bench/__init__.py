"""Benchmarks, run by `make bench` (python -m bench). Loopback only, each bounded in time."""
