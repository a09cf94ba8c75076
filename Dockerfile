# The app for a domestic mirror on any Linux host (compose.yaml runs nginx + app replicas + PostgreSQL).
# The same image runs both roles; the commands are deploy/run.py's, the ones tests/browser/test_deploy_browser.py
# starts (tests/test_deploy.py checks that this file and compose.yaml use exactly them).
FROM python:3.11-slim-bookworm
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN python3 -m pip install --no-cache-dir -r requirements.txt
COPY . .
ENV SMEDX_PORT=8501 SMEDX_ADDRESS=0.0.0.0 PYTHONUNBUFFERED=1
EXPOSE 8501
CMD ["python3", "-m", "deploy.run", "app"]
