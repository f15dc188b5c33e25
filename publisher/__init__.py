"""The publishing pipeline: load → check → generate pages → render (MkDocs) → index (Pagefind) → open data → publish."""
