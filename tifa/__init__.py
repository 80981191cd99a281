"""tifa: a knowledge graph of Chinese political formulations (提法) from the texts that carry them."""

__version__ = "0.1.0"
