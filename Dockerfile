FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY gateway ./gateway
COPY schema ./schema
COPY resolvers ./resolvers
RUN pip install --no-cache-dir .
USER nobody
EXPOSE 8000
CMD ["gateway", "serve", "--host", "0.0.0.0"]
