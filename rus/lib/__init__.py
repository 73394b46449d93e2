"""Helpers that know nothing of the environmental-objectives domain."""
