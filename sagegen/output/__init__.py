"""The output side: the writer (all disk I/O on the output directory), its manifest, and the report."""
