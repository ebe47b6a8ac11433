"""REFI-QDA: the exchange format of qualitative research tools (.qdpx projects and .qdc codebooks)."""
