# s3sandbox image: the release binary (static except glibc, scripts/package.sh) in
# debian:bookworm-slim, run as an unprivileged user with data in the /data volume.
#
# Where the binary comes from (BuildKit builds only the stage used):
#   docker build .                                  compiles it here with scripts/package.sh,
#                                                   the same script as outside the image
#   docker build --build-arg BINARY_FROM=dist .     takes dist/s3sandbox-*-linux-x86_64.tar.gz
#                                                   made by scripts/package.sh beforehand (the
#                                                   release workflow: no second compile)
# Needs BuildKit (Docker's default builder since 23.0): the legacy builder builds every stage, and
# the dist stage fails without a dist/ directory.
ARG BINARY_FROM=source

FROM debian:bookworm-slim AS source
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh release
COPY . .
RUN scripts/package.sh --tarball-only build-release \
 && mkdir /out && tar -xzf dist/s3sandbox-*-linux-x86_64.tar.gz -C /out --strip-components=1

FROM debian:bookworm-slim AS dist
COPY dist/ /dist/
RUN cd /dist && sha256sum -c s3sandbox-*-linux-x86_64.tar.gz.sha256 \
 && mkdir /out && tar -xzf s3sandbox-*-linux-x86_64.tar.gz -C /out --strip-components=1

FROM ${BINARY_FROM} AS binary

FROM debian:bookworm-slim
# Nothing to install: the binary needs only glibc, and the healthcheck is bash's /dev/tcp.
RUN useradd --system --uid 10001 --home /data s3sandbox \
 && mkdir -p /data && chown s3sandbox /data
COPY --from=binary /out/bin/s3sandbox /usr/local/bin/s3sandbox
COPY --from=binary /out/licenses /usr/share/doc/s3sandbox/licenses
COPY fixtures /fixtures
USER s3sandbox
# Inside a container the server must listen on all interfaces to be reachable through the
# published port; the compose file publishes it on the host's loopback only. Every option has
# its S3SANDBOX_* variable (s3sandbox --help).
ENV S3SANDBOX_LISTEN=0.0.0.0:9000 \
    S3SANDBOX_DATA_DIR=/data
EXPOSE 9000
VOLUME /data
HEALTHCHECK --interval=5s --timeout=2s --retries=10 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9000 && printf 'GET /_sandbox/health HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/usr/local/bin/s3sandbox"]
