"""Writes of the quarterly workflow (DESIGN §3), one module per process.

* ``locks``: who may write and when, with the reasons (period lock, row lock, role);
* ``rules``: what a value or a progress row may hold;
* ``write``: the one compare-and-swap write of a figure, value or progress, with its history;
* ``entry``: the entry form saved as one write, then optionally submitted;
* ``review``: approve, return with a reason, approve a selection;
* ``imports``: many values at once, all or nothing (spreadsheet and API);
* ``refusals``: the refusals they raise, all ``madinati.errors.Refused``.

Pages, the import and the API call these, so one set of rules holds for all.
"""
