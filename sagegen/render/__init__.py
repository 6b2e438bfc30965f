"""The pure core: validated specs in, {relative path: text} of every output file out.

Nothing here reads the disk except sagegen's own templates, and nothing has a
clock, randomness or environment in it: the same spec gives the same bytes
everywhere.
"""
