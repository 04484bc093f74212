from django.conf import settings
from django.utils import translation
from django.utils.translation import check_for_language


class LanguageMiddleware:
    """Vietnamese unless the user chose another language with the switcher (the language cookie).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored: provincial offices
    often run English-language browsers, and DTSystem's working language is Vietnamese."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
