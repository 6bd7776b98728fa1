"""Validation of screening on the user's own customer file and lists (``moneytrail validate``).

pack.py makes the name-variation test pack from the loaded lists; sweep.py screens it and
the customer file and reads recall and alert rates off the scores; quality.py reports the
customer file's gaps; lists.py names the list versions and their digests; model_doc.py
reads the model's documentation from the code; run.py puts one run together; render.py
writes it as HTML, PDF, CSV and JSONL.
"""
