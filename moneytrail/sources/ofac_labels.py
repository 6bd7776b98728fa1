"""What the typed labels of OFAC's Sanctions List Service XML mean as properties.

SDN_ADVANCED.XML and the enhanced XML come from the same OFAC service and share its
vocabulary: alias types (A.K.A., F.K.A.), name part types (Last Name, Patronymic)
and feature labels (Birthdate, Vessel Flag). Both parsers map them through these
tables, so one entry reads the same from either file; a label not here is a
labelled fact, read by ``OfacParty.add_fact`` with the CSV Remarks table.
"""

from __future__ import annotations

ALIAS_PROPS = {"name": "name", "a.k.a.": "alias", "f.k.a.": "previousName", "n.k.a.": "alias"}
# Person name parts, rendered "LAST, Given" as OFAC's CSV and SDN.XML render them.
GIVEN_PARTS = ("First Name", "Middle Name", "Patronymic")
FAMILY_PARTS = ("Last Name", "Matronymic", "Maiden Name")
NAME_PROPS = {
    "First Name": "firstName",
    "Middle Name": "middleName",
    "Last Name": "lastName",
    "Patronymic": "fatherName",
    "Matronymic": "motherName",
}
# Feature label -> (how its value is read, property). Labels not here are labelled
# facts, read by OfacParty.add_fact with the CSV Remarks table.
FEATURES: dict[str, tuple[str, str]] = {
    "Birthdate": ("dates", "birthDate"),
    "Place of Birth": ("place", "birthPlace"),
    "Nationality Country": ("country", "nationality"),
    "Citizenship Country": ("country", "citizenship"),
    "Location": ("address", "address"),
    "Gender": ("text", "gender"),
    "Title": ("text", "position"),
    "Vessel Call Sign": ("text", "callSign"),
    "Other Vessel Call Sign": ("text", "callSign"),
    "VESSEL TYPE": ("text", "type"),
    "Other Vessel Type": ("text", "type"),
    "Vessel Flag": ("country", "flag"),
    "Former Vessel Flag": ("country", "pastFlags"),
    "Other Vessel Flag": ("country", "pastFlags"),
    "Vessel Tonnage": ("text", "tonnage"),
    "Vessel Gross Registered Tonnage": ("text", "grossRegisteredTonnage"),
    "Vessel Year of Build": ("dates", "buildDate"),
    "Aircraft Manufacture Date": ("dates", "buildDate"),
    "Organization Established Date": ("dates", "incorporationDate"),
    "Vessel Owner": ("holder", "owner"),
    "Aircraft Operator": ("holder", "operator"),
}
