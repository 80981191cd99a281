"""One segmenter per input genre; each returns a `Segmentation`."""
