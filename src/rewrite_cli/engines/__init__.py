"""Engines turn a plan into candidate sentences; all share the interface in ``base``."""
