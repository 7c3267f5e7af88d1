# KK-GPT: a slim image that runs offline.
#   Build:            docker build -t kkgpt .
#   Demo (one machine, development login, mock model, keys generated into the volume):
#                     docker run -e KKGPT_ENV=development -p 8000:8000 kkgpt
#   Production:       docker run --env-file kkgpt.env -p 8000:8000 kkgpt   (see README "Production"; the image
#                     refuses to start, naming each setting, while anything still looks like development)
# Base image pinned by digest: python:3.11-slim-bookworm (Python 3.11.16, Debian 12), the multi-platform
# index built 25 Aug 2026 as recorded in docker-library/repo-info, repos/python/remote/3.11-slim-bookworm.md
# (commit bc9bbb47). `python:3.11-slim` itself now follows Debian 13, hence the explicit bookworm tag.
# To refresh, take the "Digest:" of `docker buildx imagetools inspect python:3.11-slim-bookworm`, put it
# in both FROM lines, rebuild and run the tests.
FROM python:3.11-slim-bookworm@sha256:fe556eaffd0d96abd8685b83bb8a69addd0dc730fa193669a7df0d49ddcfac02 AS build
WORKDIR /src
# The dependencies come from the hashed lock (bash requirements/compile.sh regenerates it), before the
# code, so this layer is reused until the lock changes.
COPY requirements/runtime.txt requirements/runtime.txt
RUN python -m venv /venv \
    && /venv/bin/pip install --no-cache-dir --require-hashes -r requirements/runtime.txt
COPY pyproject.toml README.md ./
COPY kkgpt ./kkgpt
COPY templates ./templates
COPY guidelines ./guidelines
# KK-GPT itself, with templates, guidelines and tiktoken encodings inside; every dependency is locked above.
RUN /venv/bin/pip install --no-cache-dir --no-deps .

FROM python:3.11-slim-bookworm@sha256:fe556eaffd0d96abd8685b83bb8a69addd0dc730fa193669a7df0d49ddcfac02
# Production by default: KKGPT_ENV=development is the explicit choice of a demo.
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    KKGPT_ENV=production \
    KKGPT_DATA_DIR=/data \
    KKGPT_HOST=0.0.0.0 \
    KKGPT_PORT=8000 \
    KKGPT_LOG_FORMAT=json
RUN useradd --system --uid 10001 --home-dir /app --create-home kkgpt \
    && mkdir /data && chown kkgpt:kkgpt /data
# The virtualenv moves as it is: same base image, same path.
COPY --from=build /venv /venv
USER kkgpt
WORKDIR /app
# Prove at build time that the shield and the token counter work with nothing downloaded.
RUN echo '{"text": "Skriv til Jens Hansen, cpr 010170-1234"}' | kkgpt pii analyze \
    && python -c "from kkgpt.llm.tokens import load_encoding; load_encoding('o200k_base'); load_encoding('cl100k_base')"
VOLUME ["/data"]
EXPOSE 8000
# Follows KKGPT_PORT, so `-e KKGPT_PORT=9000 -p 9000:9000` stays healthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; port = os.environ.get('KKGPT_PORT', '8000'); sys.exit(urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4).status != 200)"]
CMD ["kkgpt", "serve"]
