"""Work between laptops: packages built, authenticated and merged, the exchange folder, conflicts, the JSON dump."""
