"""Usage guidelines and task assistants, loaded from Markdown files with YAML front matter."""
