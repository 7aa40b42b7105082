"""Meeting reports in an article (parties, place, date, status, mode) and their merge across articles."""
