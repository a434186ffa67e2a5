"""The score sheet every new round starts from: Appendix 4 of TT 26/2014/TT-BCT gives
the four groups and their points (40 / 40 / 10 / 10); Appendix 3 lists what each group
weighs. How the points of a group are split over its sub-criteria is this portal's
default — the jury may change it, and the names, before scoring opens."""

from django.utils.translation import gettext_noop as N_

# (group name, group maximum, ((criterion name, maximum), ...))
DEFAULT_SHEET: tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...] = (
    (
        N_("Market response and production-development potential"),
        40,
        (
            (N_("Market demand and import substitution"), 10),
            (N_("Ability to produce in quantity"), 10),
            (N_("Scale, replicability and use of domestic materials"), 10),
            (N_("Value-chain participation and market reach"), 10),
        ),
    ),
    (
        N_("Economic, technical, social and environmental criteria"),
        40,
        (
            (N_("Economic efficiency and revenue"), 10),
            (N_("Technology level, quality and design"), 10),
            (N_("Standards compliance and quality management"), 10),
            (N_("Jobs, income, labour quality and environment"), 10),
        ),
    ),
    (
        N_("Cultural and aesthetic value"),
        10,
        (
            (N_("Cultural identity and tradition"), 5),
            (N_("Aesthetics, form and packaging"), 5),
        ),
    ),
    (
        N_("Other criteria"),
        10,
        (
            (N_("Brand, trademark and intellectual property"), 5),
            (N_("Awards and certifications obtained"), 5),
        ),
    ),
)
SHEET_TOTAL = 100
