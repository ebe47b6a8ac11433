"""How we are doing: co-produced evaluation (docs/evaluation.md)."""
