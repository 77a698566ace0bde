"""The render graph from the exhibit, the timeline, regions, and headless rendering."""
