"""The reports room: numbers an office reads about its own work.

It owns the monthly recap per service and unit (`recap`), what is most often returned for
correction (`returns`), the home dashboard's figures (`dashboard`), the satisfaction survey's
IKM report (`satisfaction`) and spreadsheet-safe CSV and XLSX exports (`exports`). It may
import the workflow room, for statuses and clocks, and the standards room, for the survey's
rules, and changes nothing.
"""
