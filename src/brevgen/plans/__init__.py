"""What each command makes, as a :class:`brevgen.pipeline.Plan`.

``documents``: every round's letters, appendices, web pages and brochures (and each round's
sample contracts register); ``contracts``: one contract per issued row of a register, and
the report. The engine (:mod:`brevgen.pipeline`) does the rest.
"""
