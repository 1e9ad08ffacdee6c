from django.urls import path

from . import views

urlpatterns = [
    path("rights/", views.runs, name="rights_runs"),
    path("rights/screen/", views.screening_start, name="rights_screen"),
    path("rights/runs/<int:run_id>/", views.run_detail, name="rights_run"),
    path(
        "rights/runs/<int:run_id>/campaign/", views.campaign_create, name="rights_campaign_create"
    ),
    path("rights/runs/<int:run_id>/<slug:right>/", views.worklist, name="rights_worklist"),
    path("rights/entries/<int:entry_id>/", views.entry_detail, name="rights_entry"),
    path("rights/entries/<int:entry_id>/contact/", views.entry_contact, name="rights_contact"),
    path("rights/entries/<int:entry_id>/outcome/", views.entry_outcome, name="rights_outcome"),
    path("rights/entries/<int:entry_id>/apply/", views.entry_apply, name="rights_apply"),
    path("rights/entries/<int:entry_id>/assign/", views.entry_assign, name="rights_assign"),
    path("rights/letters/<int:contact_id>/", views.contact_letter, name="rights_letter"),
    path("rights/campaigns/", views.campaigns, name="rights_campaigns"),
    path("rights/campaigns/<int:campaign_id>/", views.campaign_detail, name="rights_campaign"),
    path("rights/statistics/", views.statistics, name="rights_statistics"),
]
