"""The languages the pipeline reads, each kept as data (see `lexicon`)."""
