package sftp

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// clientConfig builds the SSH configuration of cfg: its user, its ways to
// authenticate and its check of the host key.
func clientConfig(cfg Config) (*ssh.ClientConfig, error) {
	sc := &ssh.ClientConfig{User: cfg.User, Timeout: cfg.DialTimeout}
	if cfg.User == "" {
		return nil, errors.New("no user")
	}
	if cfg.KeyFile != "" {
		pem, err := os.ReadFile(cfg.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("key file: %w", err)
		}
		signer, err := ssh.ParsePrivateKey(pem)
		var missing *ssh.PassphraseMissingError
		if errors.As(err, &missing) {
			return nil, fmt.Errorf("key file %s is protected by a passphrase: load it in an SSH agent (ssh-add) and leave key_file empty", cfg.KeyFile)
		}
		if err != nil {
			return nil, fmt.Errorf("key file %s: %w", cfg.KeyFile, err)
		}
		sc.Auth = append(sc.Auth, ssh.PublicKeys(signer))
	}
	// The agent, if any, is asked at each connection (see sftpFS.dial).
	if len(sc.Auth) == 0 && cfg.AgentSocket == "" {
		return nil, errors.New("no key file and no SSH agent (SSH_AUTH_SOCK)")
	}

	if cfg.InsecureIgnoreHostKey {
		sc.HostKeyCallback = ssh.InsecureIgnoreHostKey()
		return sc, nil
	}
	if cfg.KnownHosts == "" {
		return nil, errors.New("no known_hosts file")
	}
	cb, err := knownhosts.New(cfg.KnownHosts)
	if err != nil {
		return nil, fmt.Errorf("known_hosts: %w", err)
	}
	algos, err := hostKeyAlgorithms(cb, cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("%w in %s: check the server's key fingerprint, then add it (ssh-keyscan -p PORT HOST >> %s)",
			err, cfg.KnownHosts, cfg.KnownHosts)
	}
	sc.HostKeyCallback, sc.HostKeyAlgorithms = cb, algos
	return sc, nil
}

// hostKeyAlgorithms returns the algorithms of the keys known_hosts lists
// for addr, so that the server offers a key that can be checked rather
// than one of another type.
func hostKeyAlgorithms(cb ssh.HostKeyCallback, addr string) ([]string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("address %q: %w", addr, err)
	}
	if _, err := strconv.Atoi(port); err != nil {
		return nil, fmt.Errorf("address %q: bad port", addr)
	}
	// A key that is in no file makes the callback list those that are.
	err = cb(addr, &net.TCPAddr{IP: net.ParseIP(host)}, probeKey{})
	var ke *knownhosts.KeyError
	if !errors.As(err, &ke) || len(ke.Want) == 0 {
		return nil, fmt.Errorf("host %s is not listed", knownhosts.Normalize(addr))
	}
	var algos []string
	seen := map[string]bool{}
	for _, k := range ke.Want {
		for _, a := range algorithmsOf(k.Key.Type()) {
			if !seen[a] {
				seen[a] = true
				algos = append(algos, a)
			}
		}
	}
	return algos, nil
}

// algorithmsOf returns the signature algorithms a key type is checked with.
func algorithmsOf(keyType string) []string {
	switch keyType {
	case ssh.KeyAlgoRSA:
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	case ssh.CertAlgoRSAv01:
		return []string{ssh.CertAlgoRSASHA512v01, ssh.CertAlgoRSASHA256v01, ssh.CertAlgoRSAv01}
	}
	return []string{keyType}
}

// probeKey is a public key that no known_hosts file lists.
type probeKey struct{}

func (probeKey) Type() string                        { return "feedcast-probe" }
func (probeKey) Marshal() []byte                     { return []byte("feedcast-probe") }
func (probeKey) Verify([]byte, *ssh.Signature) error { return errors.New("probe key") }
