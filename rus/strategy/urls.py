from django.urls import path

from rus.strategy import views

app_name = "strategy"

urlpatterns = [
    path("strategier/", views.strategy_list, name="strategies"),
    path("strategier/ny/<int:org>/", views.strategy_edit, name="strategy_new"),
    path("strategier/<int:pk>/", views.strategy_detail, name="strategy"),
    path("strategier/<int:pk>/andra/", views.strategy_edit, name="strategy_edit"),
    path("strategier/<int:pk>/mal/nytt/", views.goal_edit, name="goal_new"),
    path("strategier/<int:pk>/mal/<int:goal>/", views.goal_detail, name="goal"),
    path("strategier/<int:pk>/mal/<int:goal>/andra/", views.goal_edit, name="goal_edit"),
    path("strategier/<int:pk>/fortroende/", views.trust_update, name="trust_update"),
    path("strategier/<int:pk>/planer/ny/", views.plan_create, name="plan_new"),
    path("strategier/<int:pk>/projekt/", views.portfolio, name="portfolio"),
    path("strategier/<int:pk>/projekt/nytt/", views.project_edit, name="project_new"),
    path("planer/<int:pk>/", views.plan_detail, name="plan"),
    path("planer/<int:pk>/historik/", views.plan_history, name="plan_history"),
    path("projekt/<slug:slug>/", views.project_detail, name="project"),
    path("projekt/<slug:slug>/andra/", views.project_edit, name="project_edit"),
    path("projekt/<slug:slug>/budget/", views.budget_edit, name="budget"),
    path("projekt/<slug:slug>/budget.<str:kind>", views.budget_download, name="budget_download"),
    path("statusrapporter/<int:pk>/", views.report_detail, name="report"),
    path("statusrapporter/<int:pk>/historik/", views.report_history, name="report_history"),
    path("statusrapport/<str:token>/", views.report_link, name="report_link"),
    path("rus-verksamhet/", views.operations, name="operations"),
    path("rus-verksamhet/planer/ny/", views.plan_create, name="operations_plan_new"),
    path("rus-verksamhet/arbetsgrupp/ny/", views.member_edit, name="member_new"),
    path("rus-verksamhet/arbetsgrupp/<int:pk>/", views.member_edit, name="member_edit"),
    path("rus-verksamhet/arskostnad/", views.rate_edit, name="rate_edit"),
    path(
        "rus-verksamhet/ersattning-<int:year>.<str:kind>",
        views.reimbursement_download,
        name="reimbursement_download",
    ),
]
