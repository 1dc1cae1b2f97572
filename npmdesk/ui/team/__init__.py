"""Herramientas → Equipo y nómina: the team, their keys and the signed roster."""
