"""Benchmarks: GPU frame costs beside a same-run floor, and records loading at scale."""
