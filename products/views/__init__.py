"""Screens of typical products: the public gallery and certificate verification; the
product register; voting rounds with their council, score sheet, entries, scoring,
results, certificates and complaints."""
