# s3sandbox image: built with the same scripts as a local checkout (scripts/install-deps.sh,
# scripts/build.sh), run as an unprivileged user with data in /data.
FROM debian:bookworm-slim AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh build
COPY . .
RUN scripts/build.sh /build -DCMAKE_BUILD_TYPE=Release -DS3SANDBOX_TESTS=OFF

# The binary links SQLite, libcrypto, Boost.JSON, pugixml and libstdc++ statically
# (S3SANDBOX_STATIC_DEPS): only ISA-L and mimalloc (the allocator) are shared libraries at run
# time; curl is the healthcheck.
FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libisal2 libmimalloc2.0 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /data s3sandbox \
 && mkdir -p /data && chown s3sandbox /data
COPY --from=build /build/s3sandbox /usr/local/bin/s3sandbox
COPY fixtures /fixtures
USER s3sandbox
# Inside a container the server must listen on all interfaces to be reachable through the
# published port; the compose file publishes it on the host's loopback only.
ENV S3SANDBOX_LISTEN=0.0.0.0:9000 \
    S3SANDBOX_DATA_DIR=/data
EXPOSE 9000
VOLUME /data
HEALTHCHECK --interval=5s --timeout=2s --retries=10 \
  CMD curl -fsS http://127.0.0.1:9000/_sandbox/health || exit 1
ENTRYPOINT ["/usr/local/bin/s3sandbox"]
