"""One builder per output format, all taking the same :class:`brevgen.documents.View`."""
