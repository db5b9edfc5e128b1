"""The view layer: turns the event table into filters, a timeline figure and evidence cards.

Nothing here parses text or resolves dates; it only reads the columns the pipeline wrote
(see pipeline/schema.py), so the dashboard can be checked without spaCy and without Streamlit.
"""
