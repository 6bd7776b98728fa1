"""Imports every built-in parser so that each registers itself with ``detect``.

The order is the detection order: the most specific format first.
"""
