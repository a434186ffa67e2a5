"""The provincial-scale benchmark: `manage.py seed_bench` fills a database with a
decade of synthetic records; `make bench` (khuyencong.bench.run) measures the pages on it."""
