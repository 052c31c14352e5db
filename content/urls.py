from django.urls import path

from content import views

app_name = "content"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("generate/", views.generate, name="generate"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft"),
    path("drafts/<int:pk>/approve/", views.approve, name="approve"),
    path("drafts/<int:pk>/reject/", views.reject, name="reject"),
    path("drafts/<int:pk>/edit/", views.edit, name="edit"),
    path("drafts/bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:pk>/reply/", views.review_reply, name="review_reply"),
    path("products/<int:pk>/images/", views.product_images, name="product_images"),
    path("settings/", views.ai_settings, name="settings"),
    path("spend/", views.spend, name="spend"),
]
