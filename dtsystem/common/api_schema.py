"""The API's schema tells the truth about errors: every operation documents the error answers the API's
conventions give it, in the one JSON error format {"message", "errors"} (dtsystem.common.api).

- 401, 403: every operation (the whole API wants a signed-in user; the policy may refuse);
- 400: writes (their input) and reads that take query parameters (filters, `page`, `as_of`...);
- 404: operations on one object (`{id}`), and lists (a page past the last one);
- 409: writes (the object changed meanwhile, or the action is not possible in its state).

An operation's own `@extend_schema(responses=...)` wins; this only adds what it leaves out. Settings:
REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "dtsystem.common.api_schema.AutoSchema"."""

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

ERROR_DESCRIPTIONS = {
    400: "Dữ liệu hoặc tham số không hợp lệ",
    401: "Chưa đăng nhập (hoặc token không hợp lệ)",
    403: "Không có quyền",
    404: "Không tìm thấy (hoặc không được xem)",
    409: "Không thực hiện được ở trạng thái hiện tại, hoặc dữ liệu đã bị người khác sửa",
}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class ErrorSerializer(serializers.Serializer):
    """Every error answer: a message for people and, per field, what is wrong."""

    message = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


def error_responses(*codes: int) -> dict:
    """{code: the error answer} for @extend_schema(responses=...)."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]) for code in codes}


class AutoSchema(openapi.AutoSchema):
    def error_codes(self) -> list[int]:
        is_list = self._is_list_view()
        codes = [401, 403]
        if self.method in WRITE_METHODS or is_list or self.get_override_parameters():
            codes.append(400)
        if "{" in self.path or is_list:
            codes.append(404)
        if self.method in WRITE_METHODS:
            codes.append(409)
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            for code, answer in error_responses(*self.error_codes()).items():
                if str(code) not in responses:
                    responses[str(code)] = self._get_response_for_code(answer, str(code), direction=direction)
        return responses
