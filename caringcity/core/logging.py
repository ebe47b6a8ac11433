"""Logging helpers: every line carries the request id, so an audit event can be matched to logs."""

import logging

from django.views.debug import SafeExceptionReporterFilter

from caringcity.core.middleware import current_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id() or "-"
        return True


class NoContentReporterFilter(SafeExceptionReporterFilter):
    """Error reports keep the path and the traceback, never what someone typed or sent."""

    def get_post_parameters(self, request):
        return {key: self.cleansed_substitute for key in (request.POST if request is not None else {})}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name, _value in tb_frame.f_locals.items()]
