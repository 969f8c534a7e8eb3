"""gunicorn settings for danchu (docs/operations.md, docs/offline-hall.md).

    gunicorn danchu.wsgi -c deploy/gunicorn.conf.py -b 127.0.0.1:8000

Access log without the client address (no ``%(h)s``) and without any line for an anonymous
path (an e-ballot, an online survey form: ``danchu.web.logging.ANONYMOUS_PATH_PREFIXES``), so
the log cannot put a time or a device on a ballot (issue 10, point 5). Other settings may be
given on the command line as usual (``-b``, ``-w``, ``--threads``).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from gunicorn.glogging import Logger

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from danchu.web.logging import is_anonymous_path

accesslog = "-"
# Time, request line, status, size, time taken — no remote address, no user agent, no referer.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'


class AnonymousPathsLogger(Logger):
    """gunicorn's logger, writing no access line for an anonymous path."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if is_anonymous_path(environ.get("PATH_INFO", "") or ""):
            return
        super().access(resp, req, environ, request_time)


logger_class = AnonymousPathsLogger
