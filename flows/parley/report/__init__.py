"""`parley report`: one self-contained HTML page of the published warehouse's bi views (charts inline, offline)."""
