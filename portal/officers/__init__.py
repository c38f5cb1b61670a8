"""The officers room: who an officer is, what they may see, and the trace they leave.

It owns officer authentication and password rules (`auth`), the per-address login locks of
officer accounts (`login_throttle`), the citizens' login lockout (`lockout`), the audit log of personal-data views and changes (`audit`), which
applications an officer's unit and position may see (`scope`) and the officers' search over
applications (`search`), and who may take walk-in applications at the counter and for which
services (`counter`). It may import the workflow room (stand-ins, statuses).
"""
