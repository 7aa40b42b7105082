"""The knowledge base (seeds/knowledge): entities, roles, places, and the rules' word lists."""
