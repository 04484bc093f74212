from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    """The notice-text assistant: the pages, the command and the services around the pure extraction
    engine (the `extraction` package); FieldReview records what the clerks kept and corrected."""

    name = "assistant"
    label = "assistant"
    verbose_name = _("Trợ lý nhập văn bản")
