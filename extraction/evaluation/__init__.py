"""Evaluation and benchmarking tools: predictions in the reference scorer's format, its metrics
computed in-process, and the speed benchmark. Nothing here runs in the product."""
