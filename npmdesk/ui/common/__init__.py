"""What every window shares: the operation helper, the unlocked context, table models, the view registry."""
