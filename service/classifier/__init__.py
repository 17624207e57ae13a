"""The trained classifier: reading training data, training, and loading a verified model."""
