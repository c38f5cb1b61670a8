"""The service standards room: what the law asks of every service unit around the application.

It owns the published service standard of each service (`sheet`: UU 25/2009 and
PermenPAN-RB 15/2014, shown on the service page and printed as the office's sheet), the
satisfaction survey's rules as tables (`skm`: PermenPAN-RB 14/2017's nine elements in the
regulation's wording, the 1–4 scale, the IKM formula and its grade intervals), the survey's
invitations and its one answer per application (`survey`) and complaints with their
working-day clock (`complaints`). It may import the workflow room (statuses, the working-day
calendar), messaging (the citizen's notices) and letters (who may download); the IKM report
itself is in `portal/reports/satisfaction.py` and postal delivery in `portal/letters/postal.py`.
"""
