"""The production settings the benchmarks run under (DEBUG off, static files from their manifest,
connections kept), with a throwaway key: what a deployment sets, for the bench's own server."""

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "SECURE_HSTS_SECONDS": "0",
    "DB_CONN_MAX_AGE": "60",
    # wrk sends every request from one address: the API's limits (api.throttling) still count
    # each request, but are set so high that none is refused.
    "API_RATE_PER_ADDRESS": "1000000000/min",
    "API_RATE_PER_TOKEN": "1000000000/min",
}
