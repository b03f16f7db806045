"""tifa: turn Chinese policy reports into a bilingual, glossary-annotated static site."""

__version__ = "0.1.0"
