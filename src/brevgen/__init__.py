"""brevgen: Danish letters, appendices, brochures and local contracts from YAML content."""

__version__ = "0.1.0"
