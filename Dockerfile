# KK-GPT: a slim image that runs offline. Build: docker build -t kkgpt .  Run: docker run -p 8000:8000 kkgpt
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY kkgpt ./kkgpt
COPY templates ./templates
COPY guidelines ./guidelines
# One wheel for KK-GPT (with templates, guidelines and tiktoken encodings inside) and wheels for its deps.
RUN pip wheel --no-cache-dir --wheel-dir /wheels ".[azure]"

FROM python:3.11-slim
# The development login is off in the image: configure OIDC (KKGPT_OIDC_*), or for a local demo only,
# docker run -e KKGPT_DEV_LOGIN=true -e KKGPT_SECURE_COOKIES=false -p 8000:8000 kkgpt
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    KKGPT_DEV_LOGIN=false \
    KKGPT_SECURE_COOKIES=true \
    KKGPT_DATA_DIR=/data \
    KKGPT_HOST=0.0.0.0 \
    KKGPT_PORT=8000
RUN useradd --system --uid 10001 --home-dir /app --create-home kkgpt \
    && mkdir /data && chown kkgpt:kkgpt /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels "kkgpt[azure]" && rm -rf /wheels
USER kkgpt
WORKDIR /app
# Prove at build time that the shield and the token counter work with nothing downloaded.
RUN echo '{"text": "Skriv til Jens Hansen, cpr 010170-1234"}' | kkgpt pii analyze \
    && python -c "from kkgpt.llm.tokens import load_encoding; load_encoding('o200k_base'); load_encoding('cl100k_base')"
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
CMD ["kkgpt", "serve"]
