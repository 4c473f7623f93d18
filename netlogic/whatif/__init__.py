"""What-if exploration: changed scenarios, planned treatment sequences, illustrative timelines.

Built on ``clinical.evaluate``; trial figures stay trial results, never predictions.
"""
