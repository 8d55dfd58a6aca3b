"""storydesk: news from many outlets -> story briefs in which every sentence carries its sources.

The public API is small: the records, the settings, the store and the pipeline's stages.
"""

from .errors import StorydeskError
from .model import Article, Brief, BriefSentence, Enrichment, Story
from .settings import Settings

__version__ = "0.1.0"

__all__ = ["Article", "Brief", "BriefSentence", "Enrichment", "Settings", "Story", "StorydeskError", "__version__"]
