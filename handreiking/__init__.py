"""The data layer and renderers behind the Handreiking sociale media.

`macros.py` at the project root is the entry point for mkdocs-macros; this package does the work:
`sources` reads YAML and front matter with line numbers, `model` holds the typed records,
`loading` validates everything once per build, `render` turns records into page fragments.
"""
