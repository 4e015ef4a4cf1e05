"""Extractors: each reads the section tree and returns one kind of record."""
