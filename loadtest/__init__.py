"""The load test: `make loadtest` (loadtest/run.py drives loadtest/locustfile.py)."""
