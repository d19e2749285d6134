"""One module per ``brevgen`` verb (as mkdocs has): each defines a click ``command`` and the
plain function it calls, which tests and other programs may call directly."""
