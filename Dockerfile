# The studio on an NVIDIA GPU host:
#   cp .env.example .env        (set your own STUDIO_ADMIN_PASSWORD: the studio refuses the example's)
#   docker compose up -d        (see docker-compose.yml: one GPU; models/, outputs/ and the Hugging Face cache as volumes)
# or
#   docker build -t studio .
#   docker run --gpus all -p 7860:7860 -v $PWD/models:/app/models -v $PWD/outputs:/app/outputs \
#              -v studio-hf-cache:/cache/huggingface -e STUDIO_ADMIN_PASSWORD='your own password' studio
#
# Python: Ubuntu 24.04's own python3, which is 3.12 (every pinned wheel exists for cp312; the studio also runs
# on 3.11). The studio runs as the unprivileged user `studio` (uid/gid 1000, or --build-arg UID=... GID=...).
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

ARG UID=1000
ARG GID=1000
# The image has no .git: the commit export bundles record (docker compose build --build-arg STUDIO_COMMIT=$(git rev-parse HEAD)).
ARG STUDIO_COMMIT=

ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    GRADIO_ANALYTICS_ENABLED=False \
    HF_HOME=/cache/huggingface \
    STUDIO_HOST=0.0.0.0 \
    STUDIO_PORT=7860 \
    STUDIO_DATA_DIR=/app/outputs \
    STUDIO_MODELS_DIR=/app/models \
    STUDIO_COMMIT=${STUDIO_COMMIT}

RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv python3-pip ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && python3 -c "import sys; assert sys.version_info[:2] == (3, 12), sys.version"

# Ubuntu's image already has a user `ubuntu` with uid/gid 1000: it is removed so `studio` can take them.
RUN (userdel --remove ubuntu 2>/dev/null || true) && (groupdel ubuntu 2>/dev/null || true) \
    && groupadd --gid "${GID}" studio \
    && useradd --uid "${UID}" --gid "${GID}" --create-home --shell /usr/sbin/nologin studio \
    && mkdir -p /app/models /app/outputs /cache/huggingface \
    && chown -R studio:studio /app /cache

WORKDIR /app
RUN python3 -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

COPY requirements.txt requirements-models.txt ./
RUN pip install -r requirements.txt -r requirements-models.txt

COPY app.py pyproject.toml ./
COPY studio ./studio
COPY components ./components
COPY models/README.md ./models/README.md

USER studio
VOLUME ["/app/models", "/app/outputs", "/cache/huggingface"]
EXPOSE 7860
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:7860/health', timeout=5).status != 200)"
CMD ["python", "app.py", "--host", "0.0.0.0", "--port", "7860"]
