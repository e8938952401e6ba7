# The explorer as a container: CPU only, production settings, health check on /_stcore/health.
#   docker build -t prob-explorer .
#   docker run -p 8501:8501 -e STREAMLIT_SERVER_COOKIE_SECRET=change-me prob-explorer
# For several replicas put deploy/nginx.conf (sticky sessions) or deploy/kubernetes.yaml in front.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    OMP_NUM_THREADS=2

RUN useradd --create-home --uid 10001 explorer
WORKDIR /app

COPY requirements-cpu.txt requirements.lock ./
# The CPU requirements at the locked versions (scripts/lock.py): the image builds the same tomorrow.
RUN pip install -r requirements-cpu.txt -c requirements.lock

COPY --chown=explorer:explorer . .
COPY --chown=explorer:explorer deploy/streamlit-production.toml /home/explorer/.streamlit/config.toml

USER explorer
EXPOSE 8501

# python:3.11-slim has no curl: ask the health endpoint with Python itself.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# serve.py = `streamlit run app.py` with the heavy imports done before the server listens.
CMD ["python", "serve.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
