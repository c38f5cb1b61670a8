"""A citizen's own pages: register, log in, my applications, profile, family, pickup, data rights.

These routes attach to the citizen site's blueprint (`public.bp`), so their addresses and
endpoint names are those of the site; they use the core's `portal.citizens` for every rule.
"""
from public.account import (applications, data_rights, entry, family, pickup,  # noqa: F401
                            profile)
from public.account import notice_settings  # noqa: F401
