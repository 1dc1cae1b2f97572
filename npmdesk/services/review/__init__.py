"""Review and approval: workflow actions, observations, signatures re-checked, the review queue."""
