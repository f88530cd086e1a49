"""Settings split by purpose: base (shared, read from the environment), dev, prod and test."""
