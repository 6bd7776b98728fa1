"""``moneytrail serve``: the HTTP API over the store, on loopback unless told otherwise."""

from __future__ import annotations

import socket
from types import FrameType
from typing import Annotated

import typer

from moneytrail import logs
from moneytrail.cli.context import open_store, state, stderr
from moneytrail.errors import ConfigError

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
APP_FACTORY = "moneytrail.server:app_from_env"  # imported by uvicorn, not by the CLI
SHUTDOWN_SECONDS = 3  # grace for requests in flight after SIGTERM


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    insecure_local: Annotated[
        bool,
        typer.Option(
            "--insecure-local",
            help="No API keys (every caller is admin). Development only; loopback only.",
        ),
    ] = False,
    rate: Annotated[
        float | None,
        typer.Option(help="Requests a second per API key (0: no limit). Default 50."),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="First load the demo scenario into the store, raise its alerts and "
            "print a demo login for the workbench.",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes sharing the port, the lists and the case store "
            "(each holds its own screening index in memory).",
            min=1,
            max=64,
        ),
    ] = 1,
) -> None:
    """Serve the yente-compatible screening API, reconciliation and the alert queue."""
    from moneytrail.services import runtime
    from moneytrail.services.config import ApiConfig

    if insecure_local and host not in LOOPBACK:
        raise ConfigError(f"--insecure-local serves 127.0.0.1 or localhost only, not {host!r}")
    ensure_port_free(host, port)
    settings = state(ctx).settings
    login = None
    if demo:
        from moneytrail.services.demo import seed_demo_store

        login = seed_demo_store(settings.store)
    with open_store(ctx):  # a new store first receives the bundled lists
        pass
    config = ApiConfig.from_env(insecure_local=insecure_local or None, rate=rate)
    runtime.hand_over(settings, config, processes=workers)
    if insecure_local:
        stderr.print("[bold yellow]insecure-local: no authentication[/bold yellow]")
    processes = f" with {workers} workers" if workers > 1 else ""
    stderr.print(f"serving {settings.store} on http://{host}:{port}{processes} (docs at /docs)")
    stderr.print(f"workbench: http://{host}:{port}/ui/", highlight=False)
    if login is not None:
        counts = ", ".join(f"{n} {kind}" for kind, n in login.alerts.items())
        stderr.print(f"demo alerts raised: {counts}", highlight=False)
        stderr.print(f"demo login: user {login.user}, API key {login.key}", highlight=False)
    run_until_stopped(host, port, workers)


def ensure_port_free(host: str, port: int) -> None:
    """Refuse a busy address before anything is built or printed ("serving on" a port
    another process holds would be a lie)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                "(another server there? choose another with --port)"
            ) from None


def run_until_stopped(host: str, port: int, workers: int = 1) -> None:
    """Serve until SIGTERM or Ctrl-C, then stop within ``SHUTDOWN_SECONDS``.

    The signal also trips the screening guard (api.budget), so a request in progress
    stops at its next query and answers 503 rather than holding the shutdown; uvicorn
    closes connections still open after the grace period. With ``workers`` > 1,
    uvicorn's supervisor starts that many processes on one socket (each builds its app
    from what ``runtime.hand_over`` left in the environment) and passes the signal on;
    each worker's own graceful shutdown applies.
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from moneytrail.services import runtime

    logs.for_server()

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            runtime.stop_all()
            super().handle_exit(sig, frame)

    config = uvicorn.Config(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=SHUTDOWN_SECONDS,
        workers=workers,
    )
    if workers == 1:
        Server(config).run()
        return
    Multiprocess(config, sockets=[config.bind_socket()]).run()
