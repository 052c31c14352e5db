"""WebSocket routes for remote help (config/asgi.py mounts them)."""
from django.urls import path

from remote import consumers

websocket_urlpatterns = [
    path("ws/remote/admin/<int:session_id>/", consumers.AdminConsoleConsumer.as_asgi()),
    path("ws/remote/partner/", consumers.PartnerConsumer.as_asgi()),
]
