"""The input side: read a spec file, validate it, split its phases, and say which root modules it has."""
