"""The support contents moved to establishments.content_types (support requests, below
projects, use them). This name stays for the benchmark seeder until it imports them from
there; nothing else should."""

from establishments.content_types import PromotionContent

__all__ = ["PromotionContent"]
