"""The sectors RUS starts with: data, changed in the admin. Seeded by a migration and, in
tests that empty the database, by ``seed``."""

from typing import Any

SECTORS = [
    ("jordbruk", "Jordbruk", "Agriculture"),
    ("skogsbruk", "Skogsbruk", "Forestry"),
    ("fiske-vatten", "Fiske och vatten", "Fisheries and water"),
    ("transporter", "Transporter", "Transport"),
    ("energi", "Energi", "Energy"),
    ("industri", "Industri och näringsliv", "Industry and business"),
    ("bebyggelse", "Bebyggelse och planering", "Buildings and planning"),
    ("avfall", "Avfall och kretslopp", "Waste and recycling"),
    ("konsumtion", "Konsumtion och upphandling", "Consumption and procurement"),
    ("naturvard", "Naturvård och friluftsliv", "Nature conservation and outdoor life"),
    ("halsa", "Hälsa och miljöskydd", "Health and environmental protection"),
    ("utbildning", "Utbildning och kommunikation", "Education and communication"),
    ("ovrigt", "Övrigt", "Other"),
]


def seed(sector_model: Any) -> None:
    for order, (key, sv, en) in enumerate(SECTORS):
        sector_model.objects.get_or_create(
            key=key, defaults={"name_sv": sv, "name_en": en, "sort_order": order}
        )
