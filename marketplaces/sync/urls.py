from django.urls import path

from marketplaces.sync import views

urlpatterns = [
    path("orders/", views.order_list, name="order_list"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/act/", views.order_act, name="order_act"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<int:pk>/reply/", views.review_reply, name="review_reply"),
]
