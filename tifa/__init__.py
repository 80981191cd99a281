"""tifa: a knowledge graph of Chinese political formulations (提法) and their sources."""

__version__ = "0.1.0"
