# syntax=docker/dockerfile:1
# Build: docker build --build-arg VERSION="$(git describe --tags --always --dirty)" -t feedcast .
# Run:   docker run --rm -v "$PWD:/show" -w /show feedcast build
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

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/feedcast /usr/local/bin/feedcast
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/feedcast"]
CMD ["build"]
