"""Benchmarks and visual checks: plain scripts, run by hand, never collected by pytest."""
