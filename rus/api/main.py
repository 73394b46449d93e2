from rus.actions.api import router as actions_router
from rus.api import errors
from rus.api.schema import DocumentedAPI
from rus.areas.api import router as areas_router
from rus.contacts.api import router as contacts_router
from rus.followup.api import router as followup_router
from rus.goals.api import router as goals_router
from rus.indicators.api import router as indicators_router
from rus.organisations.api import router as organisations_router
from rus.strategy.api import router as strategy_router
from rus.surveys.api import router as surveys_router

api = DocumentedAPI(
    title="rus API",
    version="1",
    description=(
        "Open data and organisation data of the regional follow-up of Sweden's environmental "
        "objectives. Reading reference data needs no account; changes need a logged-in "
        "session and the right role. Errors are RFC 9457 problem details."
    ),
    urls_namespace="api",
)
errors.install(api)
api.add_router("", areas_router)
api.add_router("", goals_router)
api.add_router("", organisations_router)
api.add_router("", contacts_router)
api.add_router("", indicators_router)
api.add_router("", followup_router)
api.add_router("", actions_router)
api.add_router("", surveys_router)
api.add_router("", strategy_router)
