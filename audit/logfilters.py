"""django.request logs every 403 at WARNING with a traceback; the audit trail records it instead."""

import logging


class SkipForbidden(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 403
