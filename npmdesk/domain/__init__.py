"""Dataclasses, vocabularies, workflow and validation. Pure Python."""
