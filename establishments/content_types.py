"""The activity contents of industrial promotion (Decree 45 Art. 4, as amended by
Decree 235/2025). Projects, support requests and support rules all use these codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PromotionContent(models.TextChoices):
    TRAINING = "training", _("Vocational training and craft transmission")
    MANAGEMENT_CAPACITY = "management_capacity", _("Management capacity and market expansion")
    STARTUP = "startup", _("Setting up a rural industrial enterprise")
    DEMO_MODEL = "demo_model", _("Technical demonstration model")
    MACHINERY = "machinery", _("Advanced machinery and technology transfer")
    CLEANER_PRODUCTION = "cleaner_production", _("Cleaner production")
    TYPICAL_PRODUCT = "typical_product", _("Typical rural industrial products")
    FAIR_EXHIBITION = "fair_exhibition", _("Fairs and exhibitions")
    BRAND_SHOWROOM = "brand_showroom", _("Brands, showrooms and trade promotion")
    CONSULTING = "consulting", _("Consulting")
    COMMUNICATION = "communication", _("Information and communication")
    CCN_INFRA = "ccn_infra", _("Industrial clusters: planning and infrastructure")
    CCN_ENVIRONMENT = (
        "ccn_environment",
        _("Industrial clusters: pollution treatment and relocation"),
    )
    ASSOCIATION = "association", _("Associations and business linkage")
    INTERNATIONAL = "international", _("International cooperation")
    CAPACITY_COLLABORATORS = "capacity", _("Promotion capacity and collaborator network")
    DIGITAL = "digital", _("Digital transformation")
    SUSTAINABLE = "sustainable", _("Sustainable production and consumption")
    ARTISAN = "artisan", _("Support for artisans")
    OTHER = "other", _("Other")
