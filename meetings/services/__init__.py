"""Writes of the review cycle, one module per process (as pretix's ``base/services/``).

- :mod:`meetings.services.meetings`: plan a meeting (its default agenda and the open actions it
  carries), edit it, its attendees, agenda and minutes, its decisions, mark it held;
- :mod:`meetings.services.actions`: follow-up actions and their progress notes;
- :mod:`meetings.services.workshops`: workshops and what they produced or merged in the registers;
- :mod:`meetings.services.snapshots`: freezing the scorecard a meeting saw.

Every function is keyword-only, runs in one transaction, checks who may do it and refuses with
:class:`madinati.errors.Refused` (``forbidden`` for who, a ``field`` for what).
"""
