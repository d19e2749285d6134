"""Comparing two versions of a round: texts word by word (``words``), documents paragraph by
paragraph (``paragraphs``), which document succeeds which (``pairing``) and the round's facts
(``facts``).

``words`` and ``paragraphs`` are plain text functions (the tracked-changes builder and the
change report share them); ``pairing`` and ``facts`` read loaded content.
"""
