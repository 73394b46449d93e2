"""The roles and standard lists RUS starts with. They are data: RUS changes them on the
pages. Seeded by a migration and, in tests that empty the database, by ``seed``."""

from typing import Any

ROLES = [
    # key, Swedish, English
    (
        "miljomalssamordnare",
        "Miljömålssamordnare (RUS kontaktperson)",
        "Environmental objectives coordinator (RUS contact)",
    ),
    (
        "chef-miljomalsuppdraget",
        "Chef för miljömålsuppdraget",
        "Manager responsible for the environmental objectives mission",
    ),
    ("styrgrupp", "RUS styrgrupp", "RUS steering group"),
    ("arbetsgrupp", "RUS arbetsgrupp", "RUS working group"),
    (
        "skogsstyrelsen-kontakt",
        "Skogsstyrelsens kontaktperson för RUS",
        "Swedish Forest Agency's RUS contact",
    ),
    (
        "nv-samordning",
        "Naturvårdsverkets samordningsfunktion",
        "Swedish EPA's coordination function",
    ),
    ("kommunnatverket", "Kommunnätverket", "Municipal network"),
    ("amnesexpert", "Ämnesexpert", "Subject expert"),
    ("kommunikator", "Kommunikatör", "Communications officer"),
    ("ovrig", "Övrig kontakt", "Other contact"),
]

LISTS = [
    (
        "nytt-fran-rus",
        "Nytt från RUS",
        "News from RUS",
        "optional",
        "RUS nyhetsbrev: till RUS kontaktpersoner på länsstyrelserna och i Skogsstyrelsen, RUS "
        "styrgrupp och arbetsgrupp, ansvariga chefer för miljömålsuppdraget på länsstyrelserna "
        "och Naturvårdsverkets samordningsfunktion.",
        [
            (["miljomalssamordnare"], ["lansstyrelse"]),
            (["skogsstyrelsen-kontakt"], []),
            (["styrgrupp", "arbetsgrupp", "nv-samordning"], []),
            (["chef-miljomalsuppdraget"], ["lansstyrelse"]),
        ],
    ),
    (
        "rus-kontaktpersoner-lansstyrelserna",
        "RUS kontaktpersoner på länsstyrelserna",
        "RUS contacts at the county boards",
        "service",
        "Tjänstelista: påminnelser och besked om den regionala uppföljningen. Den som är "
        "miljömålssamordnare på en länsstyrelse kan inte lämna den.",
        [(["miljomalssamordnare"], ["lansstyrelse"])],
    ),
    (
        "chefer-miljomalsuppdraget",
        "Chefer för miljömålsuppdraget på länsstyrelserna",
        "Managers of the environmental objectives mission at the county boards",
        "service",
        "Tjänstelista: inbjudningar till chefsmöten och besked till cheferna.",
        [(["chef-miljomalsuppdraget"], ["lansstyrelse"])],
    ),
]


def seed(role_model: Any, list_model: Any, rule_model: Any) -> dict[str, Any]:
    """Create the roles and lists that are missing (models given, so that a migration can
    pass its historical ones); returns the roles by key."""
    roles = {}
    for order, (key, sv, en) in enumerate(ROLES):
        roles[key], _ = role_model.objects.get_or_create(
            key=key, defaults={"name_sv": sv, "name_en": en, "sort_order": order}
        )
    for key, sv, en, kind, description, rules in LISTS:
        contact_list, created = list_model.objects.get_or_create(
            key=key,
            defaults={"name_sv": sv, "name_en": en, "kind": kind, "description": description},
        )
        if not created:
            continue
        for role_keys, kinds in rules:
            rule = rule_model.objects.create(contact_list=contact_list, organisation_kinds=kinds)
            rule.roles.set([roles[k] for k in role_keys])
    return roles
