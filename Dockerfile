FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
# Production settings (DEBUG off by default); this key serves collectstatic only, the
# running container must be given its own DJANGO_SECRET_KEY or it refuses to start.
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --system --home /app khuyencong && mkdir -p /app/media && chown khuyencong /app/media
USER khuyencong
EXPOSE 8000
CMD ["gunicorn", "khuyencong.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
