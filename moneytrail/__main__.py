"""``python -m moneytrail`` is the same as the ``moneytrail`` command."""

from moneytrail.cli.main import run

run()
