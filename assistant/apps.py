from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    """The notice-text assistant: the page, the command and the one service around the pure
    extraction engine (the `extraction` package). No models."""

    name = "assistant"
    label = "assistant"
    verbose_name = _("Trợ lý nhập văn bản")
