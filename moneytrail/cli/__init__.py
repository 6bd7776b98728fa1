"""The ``moneytrail`` command line."""
