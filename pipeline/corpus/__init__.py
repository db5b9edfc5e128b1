"""The cross-article stage: what can only be decided with every article read (canonical
names, venues as places, one row per happening, salience). `stage.py` is its one entry."""
