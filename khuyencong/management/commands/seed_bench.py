"""`manage.py seed_bench --scale N [--seed S] [--database-url URL] [--replace] [--force]`

Fills a database with the benchmark's synthetic decade of records (bench/, at the top of
the repository: not shipped in the production image). Scale 1: 100,000 establishments,
30,000 projects, 150,000 disbursements, 3,000 collaborator-years, 8,000 products, 300,000
scores. Run it again with the same scale and seed: nothing to do. A database holding
anything else is refused unless --force, which ERASES the portal's tables (all but the
administrative units, the groups and the support rules of the migrations) before seeding,
and only with DEBUG on or with KHUYENCONG_BENCH=1 on a database named for the benchmark.
"""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Generate the provincial-scale benchmark dataset into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, required=True, help="1 = full size")
        parser.add_argument("--seed", type=int, help="default: the benchmark's own")
        parser.add_argument("--database-url", default="", help="another database than DATABASE_URL")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace a bench dataset of another scale or seed (never other data)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="ERASE the portal's data in this database, then seed (DEBUG or a bench "
            "database only)",
        )

    def handle(self, *args, scale, seed, database_url, replace, force, **options):
        try:
            from bench.command import seed_bench
        except ImportError as exc:
            raise CommandError(
                "The benchmark (bench/ at the top of the repository) is not installed here: "
                "run seed_bench from a checkout."
            ) from exc
        seed_bench(
            scale=scale,
            seed=seed,
            database_url=database_url,
            replace=replace,
            force=force,
            write=self.stdout.write,
            success=self.style.SUCCESS,
        )
