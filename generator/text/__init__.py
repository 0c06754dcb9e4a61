"""Text as the dossier reads it: located YAML, Markdown, quote matching, mentions, invisible characters."""
