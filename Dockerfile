# PolicyHub: one image for the web server (gunicorn), the Celery worker and Celery beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

# WeasyPrint renders the PDF briefs with Pango, HarfBuzz and fontconfig; the briefs are in English and Russian,
# so the fonts must cover Cyrillic.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libpangocairo-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        libfontconfig1 fontconfig shared-mime-info \
        fonts-dejavu-core fonts-noto-core \
    && rm -rf /var/lib/apt/lists/* \
    && fc-cache -f

RUN useradd --system --uid 1000 --user-group --home-dir /app --no-create-home policyhub

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY --chown=policyhub:policyhub . .

# Static files are collected into the image (hashed and compressed by WhiteNoise); the settings refuse to load
# without a secret key and hosts, so placeholders serve this one command.
RUN SECRET_KEY=collectstatic-only-not-a-secret ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput -v0 \
    && mkdir -p "$MEDIA_ROOT" && chown policyhub:policyhub "$MEDIA_ROOT"

USER policyhub
EXPOSE 8000
CMD ["gunicorn", "policyhub.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
