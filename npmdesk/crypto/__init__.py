"""Key derivation, hashing and (later) signatures. No Qt, no storage."""
