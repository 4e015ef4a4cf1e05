"""Ingest: policy-document files into typed records (see records.py)."""
