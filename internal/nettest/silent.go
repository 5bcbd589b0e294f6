// Package nettest has the network helpers the tests share: servers on
// the loopback interface that misbehave as real ones do.
package nettest

import (
	"net"
	"sync"
	"testing"
)

// Silent starts a TCP listener on 127.0.0.1 that accepts every
// connection and never answers nor reads, as a hung server does, and
// returns its address. It stops at the end of the test.
func Silent(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}
