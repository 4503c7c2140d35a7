"""Campaign advocacy microsite builder: content/ in, a static site/ out."""

__version__ = "0.1.0"
