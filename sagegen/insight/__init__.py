"""What a render means for a running stack: the impact of moving between renders."""
