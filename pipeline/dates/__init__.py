"""The date engine: finds date and time expressions in a parsed article and dates them.

`detect` finds the spans in the spaCy parse, `read` reads their words by the rule table into
the typed readings of `readings`, `tense` reads the governing verb's direction, `calendar`
does the arithmetic, `anaphora` dates "that year" and "the following month" by the expression
before, and `expressions` joins them into `Timex` values. The English they know comes from
`pipeline.language`.
"""

from .expressions import Timex, expression_at, find_expressions

__all__ = ["Timex", "expression_at", "find_expressions"]
