"""Imports every built-in parser so that each registers itself with ``detect``.

The order is the detection order: the most specific format first.
"""

# The order below is the detection order, not the alphabet.
# isort: off
from moneytrail.sources import un_xml  # noqa: F401
from moneytrail.sources import eu_xml  # noqa: F401
from moneytrail.sources import uk_fcdo  # noqa: F401
from moneytrail.sources import ofac_csv  # noqa: F401
from moneytrail.sources import ofac_xml  # noqa: F401
from moneytrail.sources import ofac_advanced  # noqa: F401
from moneytrail.sources import bods  # noqa: F401
from moneytrail.sources import uk_psc  # noqa: F401
from moneytrail.sources import gleif  # noqa: F401
from moneytrail.sources import tabular  # noqa: F401
from moneytrail.sources import ftm  # noqa: F401  (last: any JSON lines file of entities)
# isort: on
