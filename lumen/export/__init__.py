"""Video, frame sets and posters: the pipeline rendered offline to files, each carrying its provenance."""
