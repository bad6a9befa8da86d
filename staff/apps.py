from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The legal-aid staff workspace. No models: it reads and writes through the core app
    (expunge)."""

    name = "staff"
