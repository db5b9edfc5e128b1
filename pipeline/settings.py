"""What one article may cost, set in one place and read by every engine.

A build reads thousands of articles from sources nobody vetted; one that takes minutes or
gigabytes would stall the build (or have the kernel kill it) for everyone else's articles.
So each article has a budget, and the shapes of text that break a tokenizer or a parser
(a 10,000-character run without a space, a list of thousands of dates in one sentence) are
defused before spaCy sees them. `benchmarks/hostile.py` measures each pathological shape
against an ordinary article of the same size and checks it stays within the budget.
"""

from __future__ import annotations

# The budget of one article's reading, spaCy's parse included. An ordinary article at the
# size limit takes about a fifth of the CPU time on a laptop core.
ARTICLE_CPU_SECONDS = 10.0
ARTICLE_MEMORY_MB = 1024  # growth of the reading process while it reads one article

# Sizes: about 12,000 words, past any news article, so ordinary text at the limit reads in a
# fraction of the budget.
MAX_CHARS = 80_000
MAX_FILE_BYTES = 20_000_000  # a JSON Lines or CSV batch of articles

# Shapes defused in the model's copy of the text (the article itself is kept as captured).
MAX_WORD_CHARS = 100  # a longer run without a space is no word: the tokenizer is quadratic on it
MAX_SENTENCE_WORDS = 250  # a longer run without a sentence end is split where it has a space
