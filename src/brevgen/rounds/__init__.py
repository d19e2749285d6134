"""Bargaining rounds as a whole: a new round made from the last (``new``), a round's content
at an earlier point of its git history (``revision``)."""
