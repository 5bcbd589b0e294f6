// Package soaktest is the soak and fault suite of the HTTP server: it
// builds the real feedcast binary, runs "feedcast serve" on loopback over
// a small show, and hits it with floods of connections, slow and stuck
// clients, resets and pipelined requests, while /healthz must keep
// answering and the server's goroutines and descriptors must come back to
// their level before each phase.
//
// The suite takes about a minute and opens more than ten thousand
// connections, so it runs only with the soak build tag:
//
//	go test -tags soak -count=1 -v ./internal/server/soaktest/
//
// Its figures (one "soak:" line per phase) are kept in docs/soak.md.
package soaktest
