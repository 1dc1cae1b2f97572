"""Export, the bitácora view, anchors and the integrity check in the GUI."""
