"""The data layer and renderers behind the Handreiking sociale media.

`macros.py` at the project root is the entry point for mkdocs-macros; this package does the work:

- `sources` reads YAML and front matter with line numbers, refusing YAML that could hurt; `schema` validates
  with data/schema/ and documents the fields; `markup` gives an early hint about code in content; `page_code`
  allows pages only the project's macros and fields; `sandbox` makes mkdocs-macros render pages in Jinja's
  sandbox;
- `loading` orders the checks of data and pages once per build: `ids` is the one table of the data files and
  which file holds which ids, `crossref` checks the references the schemas declare (x-refers-to), `data_checks`
  the rules that are not references, `reaction_graph` everything about the reaction scheme's graph, `terms` the
  outdated terms; `records` then builds the records of `model`;
- `render` and `templates/` turn records into page fragments; `printable` composes pages for print;
- `review` finds what is due for a new review; `gitdates` reads from git (when files last changed, a file at a commit);
- `macro_errors` tells editors in Dutch what went wrong on a page; for `hooks.py`, not the macros: `inputs`
  refuses symbolic links and files outside the project before anything is read, `markdown_guard` tells a page
  Python-Markdown cannot convert (in time), `csp` gives each page its Content-Security-Policy, `postbuild`
  corrects the built site, and `site_audit` then checks every file of it as it is on disk, with `built_check`
  judging what a browser would do with each page; `search_nl.js` adds Dutch stemming to search queries;
  `plain_language` measures readability and `text_check` checks spelling and readability for make check and
  the tests alike;
- `deploy_config` writes the web server's configuration (nginx, Apache, IIS) for the built site, and with
  `precompressed` the site's Brotli copies, which `site_audit` checks too;
- `renames` tells an id renamed or removed since the last commit as such, instead of guessing a near name;
- `mkdocs_messages` tells MkDocs' own warnings about links, anchors and the menu in Dutch, with the line;
- `__main__` runs the project's commands without make: python -m handreiking check | build | serve | pdf |
  deploy-config.
"""
