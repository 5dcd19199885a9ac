"""The production settings plus the floor views the benchmarks compare against; never used by the site itself."""

from policyhub.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
