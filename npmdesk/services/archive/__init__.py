"""What leaves as the record: the Word export, the archive bundle, bitácora anchors, the integrity check."""
