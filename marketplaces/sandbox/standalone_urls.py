"""URLconf of `manage.py sandbox`: the sandbox alone, its root map also at "/"."""
from django.urls import path

from marketplaces.sandbox import control
from marketplaces.sandbox.urls import urlpatterns as sandbox_patterns

urlpatterns = [path("", control.root), *sandbox_patterns]
