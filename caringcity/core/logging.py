"""Logging helpers: every line carries the request id, so an audit event can be matched to logs."""

import logging

from caringcity.core.middleware import current_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id() or "-"
        return True
