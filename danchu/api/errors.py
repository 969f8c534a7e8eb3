"""API errors in Vietnamese, with the status a client can act on (issue 19, ASVS V7).

- Not logged in (no session, no token) or a bad token: **401** with ``WWW-Authenticate: Token``
  (DRF would answer 403 because session authentication sends no challenge).
- Logged in without the right: **403**; nothing there (or not visible): **404**.
- DRF's and Django's own English messages ("Authentication credentials were not provided.",
  "No Person matches the given query.", "This field is required.") are replaced by Vietnamese
  ones; messages that danchu raises are Vietnamese already and pass through unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response

NOT_LOGGED_IN = "Bạn chưa đăng nhập: hãy đăng nhập hoặc gửi mã API (Authorization: Token …)."
BAD_TOKEN = "Mã API không hợp lệ, đã hết hạn hoặc đã bị thu hồi."
NOT_ALLOWED = "Bạn không có quyền thực hiện thao tác này."
NOT_FOUND = "Không tìm thấy (địa chỉ sai hoặc bạn không được xem bản ghi này)."

# By DRF error code: the Vietnamese text of DRF's default (English) messages. ``{n}`` is the
# first number of the English message (a length, a limit).
_BY_CODE = {
    "required": "Trường này là bắt buộc.",
    "null": "Trường này không được để trống.",
    "blank": "Trường này không được để trống.",
    "invalid": "Giá trị không hợp lệ.",
    "max_length": "Không được dài quá {n} ký tự.",
    "min_length": "Phải có ít nhất {n} ký tự.",
    "max_value": "Không được lớn hơn {n}.",
    "min_value": "Không được nhỏ hơn {n}.",
    "max_digits": "Không được có quá {n} chữ số.",
    "max_decimal_places": "Không được có quá {n} chữ số thập phân.",
    "max_whole_digits": "Không được có quá {n} chữ số phần nguyên.",
    "max_string_length": "Số quá lớn.",
    "invalid_choice": "Giá trị không nằm trong các lựa chọn cho phép.",
    "not_a_list": "Phải là một danh sách.",
    "empty": "Danh sách không được để trống.",
    "not_a_dict": "Phải là một đối tượng JSON.",
    "does_not_exist": "Không tìm thấy bản ghi được chỉ tới.",
    "incorrect_type": "Sai kiểu dữ liệu.",
    "date": "Phải là ngày, không phải ngày giờ.",
    "datetime": "Phải là ngày giờ, không phải ngày.",
    "make_aware": "Ngày giờ không hợp lệ theo múi giờ.",
    "overflow": "Ngày giờ vượt quá giới hạn.",
    "unique": "Giá trị này đã có trong hệ thống.",
    "no_name": "Không xác định được tên tệp.",
    "invalid_image": "Tệp không phải ảnh hợp lệ.",
    "parse_error": "Nội dung gửi lên không đọc được (JSON sai cú pháp?).",
    "authentication_failed": BAD_TOKEN,
    "not_authenticated": NOT_LOGGED_IN,
    "permission_denied": NOT_ALLOWED,
    "not_found": NOT_FOUND,
    "method_not_allowed": "Phương thức HTTP này không được phép ở địa chỉ này.",
    "not_acceptable": "Không có định dạng trả lời phù hợp với tiêu đề Accept.",
    "unsupported_media_type": "Kiểu nội dung gửi lên không được hỗ trợ (hãy gửi JSON).",
    "throttled": "Quá nhiều yêu cầu; hãy thử lại sau.",
}
_NUMBER = re.compile(r"\d+")


def _vietnamese(detail: Any) -> Any:
    """Replace DRF's default English messages (plain ASCII) by their Vietnamese text."""
    if isinstance(detail, list):
        return [_vietnamese(item) for item in detail]
    if isinstance(detail, dict):
        return {key: _vietnamese(value) for key, value in detail.items()}
    if isinstance(detail, ErrorDetail) and str(detail).isascii() and "instead:" in detail:
        formats = str(detail).split("instead:", 1)[1].strip().rstrip(".")
        return ErrorDetail(f"Sai định dạng; hãy dùng: {formats}.", code=detail.code)
    if isinstance(detail, ErrorDetail) and str(detail).isascii() and detail.code in _BY_CODE:
        number = _NUMBER.search(str(detail))
        text = _BY_CODE[str(detail.code)].replace("{n}", number.group() if number else "")
        return ErrorDetail(text, code=detail.code)
    if isinstance(detail, str) and detail.isascii() and detail:
        return ErrorDetail(_BY_CODE["invalid"], code="invalid")
    return detail


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    # Imported here: danchu.api.authentication (loaded while DRF's views import) uses BAD_TOKEN.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(NOT_ALLOWED)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response.status_code = 401
        response["WWW-Authenticate"] = 'Token realm="api"'
    wait = getattr(exc, "wait", None)
    if isinstance(exc, exceptions.Throttled) and wait is not None:
        response.data = {"detail": f"Quá nhiều yêu cầu; hãy thử lại sau {int(wait) + 1} giây."}
        return response
    if isinstance(response.data, dict | list):
        response.data = _vietnamese(response.data)
    return response
