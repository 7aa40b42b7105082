"""`parley eval`: warehouses built from the gold sets, scored by their scorers."""
