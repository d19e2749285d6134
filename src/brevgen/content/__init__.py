"""Content: YAML files under ``content/`` loaded, located and validated into typed models."""
