"""The production settings plus the floor views the benchmarks compare against; never used by the site itself."""

from policyhub.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The floor is Django alone: it does not look for stored answers.
STORED_ANSWERS_SKIP = (*STORED_ANSWERS_SKIP, "/_floor/")  # noqa: F405
