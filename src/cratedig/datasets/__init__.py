"""Data shipped with cratedig: the demo catalog and its synthetic listeners."""
