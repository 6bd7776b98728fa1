"""The built-in list parsers, as one explicit, ordered tuple.

The order is the detection order: the most specific format first, and the FtM JSON
lines reader last because it accepts any JSON lines file of entities. Adding a format
means writing its module and naming its class here; nothing registers itself on import.
"""

from __future__ import annotations

from moneytrail.sources.au_dfat import AuDfatConsolidatedXlsx
from moneytrail.sources.base import ListSource
from moneytrail.sources.bods import BodsJson
from moneytrail.sources.ca_sema import CanadaSemaXml
from moneytrail.sources.ch_seco import SwissSecoXml
from moneytrail.sources.eu_whole_xml import EuWholeXml
from moneytrail.sources.eu_xml import EuFinancialSanctionsXml
from moneytrail.sources.ftm import FtmJsonl
from moneytrail.sources.gb_ofsi_csv import GbOfsiConListCsv
from moneytrail.sources.gleif import GleifGoldenCopy
from moneytrail.sources.ofac_advanced import OfacAdvancedXml
from moneytrail.sources.ofac_csv import OfacConsCsv, OfacSdnCsv
from moneytrail.sources.ofac_enhanced import OfacEnhancedXml
from moneytrail.sources.ofac_xml import OfacSdnXml
from moneytrail.sources.tabular import TabularRegistry
from moneytrail.sources.uk_fcdo import UkSanctionsListXml
from moneytrail.sources.uk_psc import UkPsc
from moneytrail.sources.un_xml import UnConsolidatedXml
from moneytrail.sources.us_csl import UsConsolidatedScreeningList

BUILTIN_SOURCES: tuple[type[ListSource], ...] = (
    UnConsolidatedXml,
    EuFinancialSanctionsXml,
    UkSanctionsListXml,
    OfacSdnCsv,
    OfacConsCsv,
    OfacSdnXml,
    OfacAdvancedXml,
    OfacEnhancedXml,
    EuWholeXml,
    CanadaSemaXml,
    SwissSecoXml,
    BodsJson,
    UkPsc,
    GleifGoldenCopy,
    UsConsolidatedScreeningList,
    GbOfsiConListCsv,
    AuDfatConsolidatedXlsx,
    TabularRegistry,
    FtmJsonl,
)
