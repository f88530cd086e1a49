"""The news desk's content model: sections, agencies, authors, articles and what hangs off them."""

from .article import Article, ArticleQuerySet, Credit
from .corrections import Correction
from .media import ImageCaption
from .navigation_version import NavigationVersion
from .related import RelatedStory
from .taxonomy import Agency, Author, Section
from .wire import WireVersion
from .workflow import StatusChange, WireQueueItem

__all__ = [
    "Agency",
    "Article",
    "ArticleQuerySet",
    "Author",
    "Correction",
    "Credit",
    "ImageCaption",
    "NavigationVersion",
    "RelatedStory",
    "Section",
    "StatusChange",
    "WireQueueItem",
    "WireVersion",
]
