"""The score sheet every new round starts from: Appendix 4 of TT 26/2014/TT-BCT gives
the four groups and their points (40 / 40 / 10 / 10); Appendix 3 lists what each group
weighs. How the points of a group are split over its sub-criteria is this portal's
default — the jury may change it, and the names, before scoring opens."""

from django.utils.translation import gettext_noop

# (group name, group maximum, ((criterion name, maximum), ...))
DEFAULT_SHEET: tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...] = (
    (
        gettext_noop("Market response and production-development potential"),
        40,
        (
            (gettext_noop("Market demand and import substitution"), 10),
            (gettext_noop("Ability to produce in quantity"), 10),
            (gettext_noop("Scale, replicability and use of domestic materials"), 10),
            (gettext_noop("Value-chain participation and market reach"), 10),
        ),
    ),
    (
        gettext_noop("Economic, technical, social and environmental criteria"),
        40,
        (
            (gettext_noop("Economic efficiency and revenue"), 10),
            (gettext_noop("Technology level, quality and design"), 10),
            (gettext_noop("Standards compliance and quality management"), 10),
            (gettext_noop("Jobs, income, labour quality and environment"), 10),
        ),
    ),
    (
        gettext_noop("Cultural and aesthetic value"),
        10,
        (
            (gettext_noop("Cultural identity and tradition"), 5),
            (gettext_noop("Aesthetics, form and packaging"), 5),
        ),
    ),
    (
        gettext_noop("Other criteria"),
        10,
        (
            (gettext_noop("Brand, trademark and intellectual property"), 5),
            (gettext_noop("Awards and certifications obtained"), 5),
        ),
    ),
)
SHEET_TOTAL = 100
