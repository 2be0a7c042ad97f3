"""The production settings plus one bare view, the baseline `make bench` compares pages with."""

from liaison.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
