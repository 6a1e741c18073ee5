# Jikimi in a container: built in one stage, run as a non-root user on a
# distroless base (no shell, no package manager). The binary is static (pure
# Go: modernc SQLite, pgx), so the runtime image holds nothing else.
#
#   docker build -t jikimi .
#   docker run -p 8080:8080 -v jikimi-data:/data jikimi serve --demo   # demo on embedded SQLite
#
# See compose.yaml for PostgreSQL, docs/operations.md for every setting.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/jikimi ./cmd/jikimi \
 && mkdir -p /out/data /out/keys

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/jikimi /usr/local/bin/jikimi
# The data folder (SQLite, audit keys) and the keyring's folder (JIKIMI_KEYRING
# in compose.yaml) belong to the nonroot user (65532): a named volume mounted
# there starts with the image's owner; escrow the keyring (docs/operations.md).
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build --chown=65532:65532 /out/keys /keys
USER 65532:65532
WORKDIR /data
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/jikimi"]
CMD ["serve", "--addr", "0.0.0.0:8080", "--data", "/data"]
