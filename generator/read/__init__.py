"""Stage 1, read: config.yaml and content/ parsed and validated into records (docs/content.md)."""
