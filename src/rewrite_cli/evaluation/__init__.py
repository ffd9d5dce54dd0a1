"""``rewrite eval``: quality, faithfulness, originality and speed of every system in one run.

Users choosing a model, and we tuning the engines, need the same numbers for the engine
under test and for the baselines it must beat (Lead-3, the extractive engine, sumy's
LexRank/TextRank), measured on the same articles with the same scorer. One module per job:

- ``cli``: the `rewrite eval` command (options in, a run out);
- ``rouge``: ROUGE scoring and the Lead-3 baseline;
- ``dataset``: JSON Lines rows into documents read by the real read stage;
- ``systems``: what each system publishes for one article;
- ``metrics``: scoring one output, and averaging;
- ``run``/``worker``: running a system over the dataset, in its own process so its memory
  figure is its own;
- ``report``: results.json, the Markdown and terminal tables, and the plot.
"""
