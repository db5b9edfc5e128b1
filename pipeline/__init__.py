"""Timeline Desk's pipeline: articles in, one event table out.

Importing the package arranges for spaCy, when it is first imported, to leave out its command
line, which a build never runs (pipeline/nlp.py says how and why).
"""

from . import nlp as _nlp

_nlp.keep_command_line_out()
