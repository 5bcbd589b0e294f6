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
//
// It runs with net/http answering (the body read from disk), and with
// the fast path answering (the body kept in memory).
func TestServeGracefulShutdown(t *testing.T) {
	big := make([]byte, 32<<20) // far more than the socket buffers hold
	rand.NewChaCha8([32]byte{2}).Read(big)
	site := writeSite(t, t.TempDir(), map[string][]byte{"big.mp4": big})
	t.Run("net/http", func(t *testing.T) { testGracefulShutdown(t, site, big, LoadOptions{}, false) })
	t.Run("fast path", func(t *testing.T) { testGracefulShutdown(t, site, big, LoadOptions{MemoryLimit: 64 << 20}, true) })
}

func testGracefulShutdown(t *testing.T, site string, big []byte, opt LoadOptions, fast bool) {
	snap, err := Load(site, opt)
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
	var fr *front
	if fast {
		fr = newFront(s, ln.Addr(), newConnLimit(-1))
		go func() { done <- fr.serve(ctx, srv, ln, 20*time.Second) }()
	} else {
		go func() { done <- Serve(ctx, srv, ln, ServeOptions{Grace: 20 * time.Second}) }()
	}

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
	if fr != nil && (fr.answered.Load() != 1 || fr.handedOff.Load() != 0) {
		t.Errorf("fast path answered %d requests and handed off %d connections, want 1 and 0", fr.answered.Load(), fr.handedOff.Load())
	}
}
