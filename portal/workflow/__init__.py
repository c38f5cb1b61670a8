"""The workflow room: how an application moves, and nothing else.

It owns the pure engine (`engine`: flows, stages, positions, statuses and `decide`, free of
Flask and the database so hypothesis can test it alone), the one transaction layer that
applies a decision and writes its history (`transitions`: nothing else changes a status),
stand-ins (`substitutes`), the working-day clock (`sla`, `sla_cli`), fair-use rules, the
rules of a valid service definition, status texts, registration numbers, and returns for
correction field by field (`corrections`: what may be returned, what the citizen may then
change, how the changes read). It imports the
models, the extensions and the app's plumbing, and no other domain package: letters,
messaging and the rest listen to its transitions instead.
"""
