# syntax=docker/dockerfile:1
# Build: docker build --build-arg VERSION="$(git describe --tags --always --dirty)" -t feedcast .
# Build the show in the current folder, as you:
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/show" -w /show feedcast build
# Serve it read-only: docs/deploy.md, "In a container".
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# VERSION is stamped into the program ("feedcast version", the feeds'
# generator tag) when given. The go command also records the VCS revision
# (vcs.revision, vcs.time, vcs.modified) when .git is in the build context.
ARG VERSION=
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w ${VERSION:+-X main.version=${VERSION}}" -o /out/feedcast ./cmd/feedcast

# distroless's "nonroot" user, by number: Kubernetes' runAsNonRoot can only
# check a numeric user. The image's /tmp is writable by every user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/feedcast /usr/local/bin/feedcast
USER 65532:65532
# feedcast serve --addr :8080
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/feedcast"]
CMD ["build"]
