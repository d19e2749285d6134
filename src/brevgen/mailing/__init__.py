"""Sending letters by e-mail, a channel on top of the build (``brevgen send``).

The drafts are outputs like any other (``render/eml.py``, ``views/mail.py``,
``plans/mail.py``); this package delivers them: ``smtp`` (one connection, one message at a
time, the server's answer), ``message`` (a draft made ready to send), ``log`` (the send
log, ``post/sendelog.json`` and ``.xlsx``), ``send`` (what to send, and sending it) and
``overview`` (the list of what would be sent, in Danish).
"""
