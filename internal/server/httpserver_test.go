package server

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestServeGracefulShutdown starts a large download that the client does
// not read yet, stops the server, and checks that new connections are
// refused while the download in flight completes with all its bytes.
func TestServeGracefulShutdown(t *testing.T) {
	big := make([]byte, 32<<20) // far more than the socket buffers hold
	rand.NewChaCha8([32]byte{2}).Read(big)
	snap, err := Load(writeSite(t, t.TempDir(), map[string][]byte{"big.mp4": big}), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := New(Options{})
	s.Swap(snap)
	srv := NewHTTPServer(s.Handler(), nil)
	if srv.ReadHeaderTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 || srv.MaxHeaderBytes != 16<<10 {
		t.Errorf("limits not set: %+v", srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, srv, ln, 20*time.Second) }()

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /big.mp4 HTTP/1.1\r\nHost: test\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%v %v", resp, err)
	}

	cancel() // the server is told to stop while the body is being sent
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break // refused: the listener is closed
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("new connections still accepted after the shutdown began")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("Serve returned before the request in flight finished: %v", err)
	default:
	}

	body, err := io.ReadAll(resp.Body)
	if err != nil || len(body) != len(big) || sha256.Sum256(body) != sha256.Sum256(big) {
		t.Fatalf("the download in flight got %d of %d bytes (%v)", len(body), len(big), err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after the last request")
	}
}
