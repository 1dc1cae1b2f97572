"""The team: members and roles, each person's keys, the signed roster."""
