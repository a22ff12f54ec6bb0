"""Pages of the quarterly workflow: ``entry``, ``review``, ``history`` and the spreadsheet ``imports``.

Views parse the request, call ``reporting.selectors`` (reads) and
``reporting.services`` (writes) and render; a refused write is shown with
``madinati.errors.show_refusal``.
"""
