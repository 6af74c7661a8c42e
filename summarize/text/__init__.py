"""Text steps that know no file format: normalising, sentence segmentation, chunking to a model's window."""
