"""Schema helpers: every documented error answers with the one error body."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse

from partners.api.serializers import ApiErrorSerializer

DESCRIPTIONS = {
    400: "Invalid input or malformed JSON. `details` names each bad field (and, for bulk upsert, the row index).",
    401: "No valid access token (missing, expired, or blacklisted). Obtain one at /api/v1/auth/token/.",
    403: "Not allowed: the user belongs to no partner account, or the action needs the owner role.",
    404: "No such object in your account (objects of other accounts are not visible).",
    409: "A concurrent request changed the same rows; nothing was written. Send the request again.",
    429: "Too many requests. The Retry-After header (and details.retry_after) says how many seconds to wait.",
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ApiErrorSerializer, description=DESCRIPTIONS[code]) for code in codes}


READ = (401, 403, 429)
WRITE = (400, 401, 403, 429)
OBJECT_READ = (401, 403, 404, 429)
OBJECT_WRITE = (400, 401, 403, 404, 429)
