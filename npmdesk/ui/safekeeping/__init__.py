"""Institutional recovery in the GUI: the recovery key and recovering from an escrow."""
