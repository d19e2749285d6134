import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Property-based tests: a short run by default (CI), a long one with BREVGEN_HYPOTHESIS=lang.
# The examples they found are kept in the tests as @example, so no database is written.
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "kort", max_examples=30, deadline=None, database=None, suppress_health_check=_SLOW
)
settings.register_profile(
    "lang", max_examples=600, deadline=None, database=None, suppress_health_check=_SLOW
)
settings.load_profile(os.environ.get("BREVGEN_HYPOTHESIS", "kort"))
