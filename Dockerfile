# KK-GPT: a slim image that runs offline.
#   Build:            docker build -t kkgpt .
#   Demo (one machine, development login, mock model, keys generated into the volume):
#                     docker run -e KKGPT_ENV=development -p 8000:8000 kkgpt
#   Production:       docker run --env-file kkgpt.env -p 8000:8000 kkgpt   (see README "Production"; the image
#                     refuses to start, naming each setting, while anything still looks like development)
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY kkgpt ./kkgpt
COPY templates ./templates
COPY guidelines ./guidelines
# One wheel for KK-GPT (with templates, guidelines and tiktoken encodings inside) and wheels for its deps.
RUN pip wheel --no-cache-dir --wheel-dir /wheels ".[azure]"

FROM python:3.11-slim
# Production by default: KKGPT_ENV=development is the explicit choice of a demo.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    KKGPT_ENV=production \
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
# Follows KKGPT_PORT, so `-e KKGPT_PORT=9000 -p 9000:9000` stays healthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; port = os.environ.get('KKGPT_PORT', '8000'); sys.exit(urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4).status != 200)"]
CMD ["kkgpt", "serve"]
