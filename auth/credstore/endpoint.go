package credstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/zalando/go-keyring"

	"aalogon/auth"
)

// EndpointService is the keyring service of endpoint secrets.
const EndpointService = "aalogon-endpoint"

// Endpoint secrets (aa-api.md §1) are credentials of the machine: they are
// kept in the keyring when one works, otherwise in a file readable only by
// its owner (0600), and never in the general configuration.

func endpointAccount(server, id string) string {
	return id + " @ " + strings.TrimRight(server, "/")
}

// SaveEndpointSecret keeps the secret of endpoint id at server: in the
// keyring, or, when none is available, in fallback (created 0600). It
// returns where it went: "keyring" or the file's path.
func (s *Store) SaveEndpointSecret(server, id string, secret auth.Secret, fallback string) (string, error) {
	if err := s.kr.Set(EndpointService, endpointAccount(server, id), secret.Reveal()); err == nil {
		_ = os.Remove(fallback) // one copy only
		return "keyring", nil
	}
	if err := writePrivate(fallback, secret.Reveal()); err != nil {
		return "", fmt.Errorf("credstore: endpoint secret: %w", err)
	}
	return fallback, nil
}

// LoadEndpointSecret reads the secret of endpoint id at server from the
// keyring, else from fallback, which must be readable by its owner only.
func (s *Store) LoadEndpointSecret(server, id, fallback string) (auth.Secret, error) {
	v, err := s.kr.Get(EndpointService, endpointAccount(server, id))
	if err == nil {
		return auth.Secret(v), nil
	}
	keyringErr := err
	st, err := os.Stat(fallback)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if errors.Is(keyringErr, keyring.ErrNotFound) {
			return "", fmt.Errorf("%w: no endpoint secret for %s in the keyring or in %s", ErrNotFound, id, fallback)
		}
		return "", fmt.Errorf("%w: no endpoint secret in %s, and the keyring failed: %v", ErrNotFound, fallback, keyringErr)
	case err != nil:
		return "", fmt.Errorf("credstore: endpoint secret: %w", err)
	case st.Mode().Perm()&0o077 != 0:
		return "", fmt.Errorf("credstore: %s is readable by others (mode %v): make it 0600", fallback, st.Mode().Perm())
	}
	b, err := os.ReadFile(fallback)
	if err != nil {
		return "", fmt.Errorf("credstore: endpoint secret: %w", err)
	}
	return auth.Secret(strings.TrimSpace(string(b))), nil
}

// writePrivate writes data to path with mode 0600, replacing it atomically.
func writePrivate(path, data string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(data+"\n"), 0o600); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil { // an old file's mode survives WriteFile
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
