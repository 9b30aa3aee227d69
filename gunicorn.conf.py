"""gunicorn settings for `make run` and the Procfile (the environment variables of README,
"Configuration").

The app is loaded once in the master (``preload_app``) and warmed there, so every worker
is forked with the Q&A search index built; each worker then checks the index against the
current glossary, opens its database connection and starts delivering the outbox before
it takes traffic.

With ``DGR_SET_UP_DATABASE=1`` (``make run``) the master first does what ``dgr init-db`` and
``dgr load-knowledge`` do, with the modules it has loaded anyway: each returns at once when
there is nothing to do.
"""

import gc
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
# Threads overlap the waits on the database and LINE.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
preload_app = True
# One log format: JSON lines with the request id (dgr_ops), gunicorn's own lines too; the
# app logs one access line per request itself.
logger_class = "dgr_ops.GunicornLogger"


def on_starting(server):  # type: ignore[no-untyped-def]
    set_up = os.environ.get("DGR_SET_UP_DATABASE") == "1"
    if not (set_up or server.cfg.preload_app):
        return
    from dgr import warm_up
    from storage.cli import set_up_database
    from storage.flask_ext import database

    app = server.app.wsgi()  # the preloaded app (workers forked later share it)
    if set_up:
        with app.app_context():
            set_up_database()
    warm_up(app)
    with app.app_context():
        database().dispose()  # no connection may be shared by the forked workers
    # Keep what the master built out of the workers' garbage collections, so their pages
    # stay shared with the master instead of being copied on the first collection.
    gc.freeze()


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    from dgr import start_sending, warm_up

    warm_up(worker.wsgi)
    # Each worker delivers the outbox (retries, rows of a process that died) from its start,
    # not only once a webhook reaches it.
    start_sending(worker.wsgi)
