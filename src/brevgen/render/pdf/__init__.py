"""PDF: HTML layouts laid out by WeasyPrint and written as tagged PDF/UA-1 (or PDF/A-3a).

``builder`` is the format's builder; ``meta`` the options and metadata that make the bytes
reproducible; ``check`` the accessibility gate every PDF passes before it is written;
``log`` turns WeasyPrint's warnings into build errors.
"""

from brevgen.render.pdf.builder import PdfBuilder

__all__ = ["PdfBuilder"]
