"""``brevgen serve``: a workbench in the browser for staff who never open a terminal.

One person starts it; the others use a browser. It renders through the one engine
(:mod:`brevgen.pipeline.engine`) into the build folder, as ``brevgen build`` does, and shows
what it made; it never grows a renderer of its own.

* :mod:`.app` puts the Starlette application together (routes, middleware, start and stop);
* :mod:`.previews` keeps the last good plan, renders what changed and says what it did;
* :mod:`.watcher` hears changes under ``content/`` and ``templates/``;
* :mod:`.events` pushes those changes to open pages (server-sent events);
* :mod:`.images` makes page images of the PDFs (``pdftoppm``), kept by the PDF's SHA-256;
* :mod:`.overview` arranges a plan as rounds, documents and recipients, and places each
  content problem on the document it concerns;
* :mod:`.jobs` renders an uploaded contracts register in a process of its own, in a
  temporary folder of its own;
* :mod:`.security` holds what keeps the workbench to itself: loopback by default, a password
  elsewhere, CSRF tokens, paths that never leave their folder, limited uploads;
* :mod:`.pages`, :mod:`.contract_pages` are the route handlers; ``templates/`` and ``static/``
  the pages' own HTML, CSS and a little plain JavaScript.
"""
