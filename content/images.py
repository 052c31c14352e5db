"""Pillow compositor (pure): clean the background, fit the product to a marketplace's canvas,
draw optional badges. Loading photos from media storage or http(s) lives here too."""
from __future__ import annotations

import io
from collections.abc import Sequence

import requests
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

MAX_PHOTO_BYTES = 20 * 1024 * 1024
BACKGROUND_TOLERANCE = 28  # how far (0-255) a pixel may differ from the corner colour and still be background


class PhotoUnavailable(Exception):
    pass


def photo_load(ref: str) -> Image.Image:
    """A product photo from an http(s) URL or a media path ("/media/x.jpg" or "x.jpg")."""
    try:
        if ref.startswith(("http://", "https://")):
            response = requests.get(ref, timeout=10, stream=True)
            response.raise_for_status()
            data = response.raw.read(MAX_PHOTO_BYTES + 1, decode_content=True)
            if len(data) > MAX_PHOTO_BYTES:
                raise PhotoUnavailable(f"{ref}: larger than 20 MB")
        else:
            name = ref[len(settings.MEDIA_URL):] if ref.startswith(settings.MEDIA_URL) else ref.lstrip("/")
            with default_storage.open(name, "rb") as handle:
                data = handle.read(MAX_PHOTO_BYTES + 1)
        image = Image.open(io.BytesIO(data))
        image.load()
        return image
    except PhotoUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - any I/O or decode failure means "cannot use this photo"
        raise PhotoUnavailable(f"{ref}: {exc.__class__.__name__}") from exc


def _background_mask(photo: Image.Image) -> Image.Image:
    """255 where the product is, 0 where the (roughly uniform) background is."""
    w, h = photo.size
    corners = [photo.getpixel((0, 0)), photo.getpixel((w - 1, 0)), photo.getpixel((0, h - 1)),
               photo.getpixel((w - 1, h - 1))]
    bg = tuple(sorted(c[i] for c in corners)[1] for i in range(3))
    diff = ImageChops.difference(photo, Image.new("RGB", photo.size, bg)).convert("L")
    return diff.point(lambda v: 255 if v > BACKGROUND_TOLERANCE else 0).filter(ImageFilter.MedianFilter(3))


def image_compose(*, photo: Image.Image, size: tuple[int, int], badges: Sequence[str] = ()) -> Image.Image:
    photo = ImageOps.exif_transpose(photo).convert("RGB")
    mask = _background_mask(photo)
    bbox = mask.getbbox() or (0, 0, *photo.size)
    subject, subject_mask = photo.crop(bbox), mask.crop(bbox)
    width, height = size
    margin = int(min(size) * 0.06)
    scale = min((width - 2 * margin) / subject.width, (height - 2 * margin) / subject.height)
    target = (max(1, int(subject.width * scale)), max(1, int(subject.height * scale)))
    subject = subject.resize(target, Image.Resampling.LANCZOS)
    subject_mask = subject_mask.resize(target, Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", size, "white")
    canvas.paste(subject, ((width - target[0]) // 2, (height - target[1]) // 2), subject_mask)
    if badges:
        _badges_draw(canvas, badges)
    return canvas


def _badges_draw(canvas: Image.Image, badges: Sequence[str]) -> None:
    draw = ImageDraw.Draw(canvas)
    font_size = max(14, canvas.height // 28)
    font = ImageFont.load_default(size=font_size)
    x = y = int(min(canvas.size) * 0.03)
    for text in badges[:3]:
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        pad = font_size // 2
        box = (x, y, x + right - left + 2 * pad, y + bottom - top + 2 * pad)
        draw.rounded_rectangle(box, radius=pad, fill=(34, 120, 74))
        draw.text((x + pad - left, y + pad - top), text, font=font, fill="white")
        y = box[3] + pad


def image_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, optimize=True)
    return buffer.getvalue()
