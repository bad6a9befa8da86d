from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    """The resident's side: the questionnaire, results and downloads. No models: it reads
    and writes through the core app (expunge)."""

    name = "residents"
