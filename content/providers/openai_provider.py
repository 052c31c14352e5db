"""OpenAI (or any OpenAI-compatible server) behind the provider interface.

Configured by settings OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL_TEXT, OPENAI_MODEL_IMAGE.
The `openai` client's own errors are turned into our error tree here and nowhere else. The key
never reaches logs or messages: errors carry the HTTP status and the server's short message only.
"""
from __future__ import annotations

import base64
import json
from typing import Any

import openai
from django.conf import settings

from content.providers.base import (AIAuthFailed, AIBadOutput, AIError, AIRateLimited, AITimeout, AIUnavailable,
                                    Card, CardRequest, CardResult, ImageRequest, ImageResult, ReplyRequest,
                                    ReplyResult, Usage)
from content.rules import rules_for

LANGUAGE_NAMES = {"ru": "Russian", "uz": "Uzbek (Latin script)", "en": "English"}


def _card_prompt(request: CardRequest) -> list[dict[str, str]]:
    rules = rules_for(request.marketplace)
    tags = ", ".join(sorted(rules.html_tags)) or "none (plain text only)"
    system = (
        f"You write product cards for the {request.marketplace} marketplace in {LANGUAGE_NAMES[request.language]}. "
        f"Rules: title {rules.title_min}-{rules.title_max} characters; description {rules.description_min}-"
        f"{rules.description_max} characters; allowed HTML tags: {tags}; no advertising words (sale, discount, best, "
        "No.1, free), no medical or guarantee claims, no prices. Fill attributes "
        f"{', '.join(request.required_attributes)}. Give {rules.keywords_min}-12 SEO keywords. Answer with one JSON "
        'object: {"title": str, "description": str, "attributes": {str: str|number|bool}, "keywords": [str]}.')
    p = request.product
    user = json.dumps({"sku": p.sku, "title": p.title, "description": p.description, "category": p.category,
                       "brand": p.brand, "attributes": p.attributes, "weight_g": p.weight_g,
                       "dimensions_mm": list(p.dimensions_mm)}, ensure_ascii=False)
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    if request.fix_messages:
        messages.append({"role": "user", "content": "Your previous card was rejected. Fix:\n"
                                                    + "\n".join(request.fix_messages)})
    return messages


def _reply_prompt(request: ReplyRequest) -> list[dict[str, str]]:
    policy = ("You may offer a return or refund under the marketplace rules." if request.refunds_allowed else
              "Never promise refunds, returns, money back or compensation; invite the customer to the order chat.")
    system = (f"You answer customer reviews for a shop, in {LANGUAGE_NAMES[request.language]}. Be polite and "
              f"specific to what the customer wrote (sentiment: {request.sentiment}; topics: "
              f"{', '.join(request.topics) or 'general'}). {policy} No HTML. Answer with one JSON object: "
              '{"reply": str}.')
    user = json.dumps({"product": request.product_title, "rating": request.rating, "review": request.text,
                       "author": request.author}, ensure_ascii=False)
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    if request.fix_messages:
        messages.append({"role": "user", "content": "Your previous reply was rejected. Fix:\n"
                                                    + "\n".join(request.fix_messages)})
    return messages


def _translate(exc: Exception) -> AIError:
    if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return AIAuthFailed(f"AI provider refused the credentials (HTTP {exc.status_code}).")
    if isinstance(exc, openai.RateLimitError):
        retry = exc.response.headers.get("retry-after") if exc.response is not None else None
        try:
            retry_after = float(retry) if retry else None
        except ValueError:
            retry_after = None
        return AIRateLimited("AI provider rate limit (HTTP 429).", retry_after=retry_after)
    if isinstance(exc, openai.APITimeoutError):
        return AITimeout("AI provider timed out.")
    if isinstance(exc, openai.APIConnectionError):
        return AIUnavailable("Cannot reach the AI provider.")
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code >= 500:
            return AIUnavailable(f"AI provider error (HTTP {exc.status_code}).")
        return AIError(f"AI provider rejected the request (HTTP {exc.status_code}).")
    return AIError(f"AI provider failed: {exc.__class__.__name__}.")


class OpenAIProvider:
    name = "openai"

    def __init__(self, *, api_key: str, base_url: str | None = None, text_model: str = "gpt-4o-mini",
                 image_model: str = "gpt-image-1", timeout: float = 60.0, max_retries: int = 2) -> None:
        self.text_model, self.image_model = text_model, image_model
        self.client = openai.OpenAI(api_key=api_key or "missing", base_url=base_url, timeout=timeout,
                                    max_retries=max_retries)

    @classmethod
    def from_settings(cls) -> OpenAIProvider:
        return cls(api_key=settings.OPENAI_API_KEY, base_url=settings.OPENAI_BASE_URL,
                   text_model=settings.OPENAI_MODEL_TEXT, image_model=settings.OPENAI_MODEL_IMAGE)

    def _chat(self, messages: list[dict[str, str]]) -> tuple[dict[str, Any], Usage]:
        try:
            response = self.client.chat.completions.create(
                model=self.text_model, messages=messages, temperature=0.4,
                response_format={"type": "json_object"})
        except openai.OpenAIError as exc:
            raise _translate(exc) from None
        usage = Usage(input_tokens=getattr(response.usage, "prompt_tokens", 0) or 0,
                      output_tokens=getattr(response.usage, "completion_tokens", 0) or 0)
        try:
            content = response.choices[0].message.content or ""
            data = json.loads(content)
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except (IndexError, AttributeError, ValueError) as exc:
            error = AIBadOutput(f"answer is not a JSON object ({exc.__class__.__name__})")
            error.usage = usage  # the tokens were billed all the same
            raise error from None
        return data, usage

    def card_generate(self, request: CardRequest) -> CardResult:
        data, usage = self._chat(_card_prompt(request))
        attributes = data.get("attributes") if isinstance(data.get("attributes"), dict) else {}
        keywords = [str(k) for k in data.get("keywords") or [] if isinstance(k, (str, int, float))]
        card = Card(title=str(data.get("title", "")), description=str(data.get("description", "")),
                    attributes=attributes, keywords=keywords)
        return CardResult(card=card, model=self.text_model, usage=usage)

    def review_reply(self, request: ReplyRequest) -> ReplyResult:
        data, usage = self._chat(_reply_prompt(request))
        return ReplyResult(text=str(data.get("reply", "")), model=self.text_model, usage=usage)

    def image_generate(self, request: ImageRequest) -> ImageResult:
        width, height = request.size
        size = "1024x1024" if width == height else ("1024x1536" if height > width else "1536x1024")
        try:
            response = self.client.images.generate(model=self.image_model, prompt=request.prompt, size=size, n=1)
        except openai.OpenAIError as exc:
            raise _translate(exc) from None
        try:
            data = base64.b64decode(response.data[0].b64_json or "", validate=True)
        except (IndexError, AttributeError, ValueError, TypeError):
            raise AIBadOutput("image answer has no b64_json data") from None
        if not data:
            raise AIBadOutput("image answer is empty")
        return ImageResult(data=data, model=self.image_model, usage=Usage(images=1))
