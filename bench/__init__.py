"""The provincial-scale benchmark: `manage.py seed_bench` fills a database with a
decade of synthetic records; `make bench` (bench.run) measures the pages on it."""
