# syntax=docker/dockerfile:1
# Build: docker build --build-arg VERSION=v0.1.0 -t feedcast .
# Run:   docker run --rm -v "$PWD:/show" -w /show feedcast build
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/feedcast ./cmd/feedcast

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/feedcast /usr/local/bin/feedcast
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/feedcast"]
CMD ["build"]
