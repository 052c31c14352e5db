from django.urls import path

from content.api import views

app_name = "content_api"
urlpatterns = [
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("cards/generate/", views.GenerateView.as_view(), name="generate"),
    path("jobs/<int:pk>/", views.JobView.as_view(), name="job"),
    path("drafts/", views.DraftListView.as_view(), name="drafts"),
    path("drafts/bulk-approve/", views.BulkApproveView.as_view(), name="bulk_approve"),
    path("drafts/<int:pk>/", views.DraftView.as_view(), name="draft"),
    path("drafts/<int:pk>/approve/", views.DraftApproveView.as_view(), name="approve"),
    path("drafts/<int:pk>/reject/", views.DraftRejectView.as_view(), name="reject"),
    path("reviews/<int:pk>/reply/", views.ReviewReplyView.as_view(), name="review_reply"),
    path("products/<int:pk>/images/", views.ProductImagesView.as_view(), name="product_images"),
    path("spend/", views.SpendView.as_view(), name="spend"),
]
