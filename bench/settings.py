"""The product's settings, with static files collected into the benchmark's scratch folder.

`config/settings.py` fixes STATIC_ROOT to the checkout's `staticfiles/`; a benchmark run must not
write there, so it points DJANGO_SETTINGS_MODULE here and names the folder in BENCH_STATIC_ROOT.
Everything else is the product's configuration, unchanged.
"""

import os

from config.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
