"""Batch I/O: many inputs in, one result each, resumable and atomic.

``runner`` decides what one invocation does (one input to stdout or a file, or many to a
folder or JSON Lines); ``jobs`` streams a batch through the pipeline; ``manifest`` records
what is done so a rerun skips it; ``jsonl`` reads and writes JSON Lines; ``write`` writes
files atomically; ``progress`` reports on stderr.
"""
