"""The great-expectations checks every build passes before it is published, and their report."""
