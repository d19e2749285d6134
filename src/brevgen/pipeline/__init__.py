"""The one pipeline: plan -> render -> write -> record, for every output brevgen makes.

* ``plan``: a :class:`Plan` is a list of :class:`Output` (what to make, from which views,
  with which builder, where it goes) and its fingerprints (``fingerprint``);
* ``engine``: :func:`run` renders what is stale (in this process or ``pool``'s workers),
  writes atomically, records ``manifest``, reports progress; :func:`render` gives the bytes
  without writing (verify, previews);
* ``lock``: one run at a time per output folder.

What to plan is decided elsewhere (``brevgen.plans``); how a format is made in
``brevgen.render``. Import from the modules (``brevgen.pipeline.engine``): this package
imports nothing itself, so a run with nothing to do loads only what it needs.
"""
