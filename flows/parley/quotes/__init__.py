"""Direct quotes in an article and who said them."""
