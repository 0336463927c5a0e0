package credstore

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/zalando/go-keyring"

	"aalogon/auth"
	"aalogon/internal/atomicfile"
)

// EndpointService is the keyring service of endpoint secrets.
const EndpointService = "aalogon-endpoint"

// Endpoint secrets (aa-api.md §1) are credentials of the machine: they are
// kept in the keyring when one works, otherwise in a file readable only by
// its owner (0600), and never in the general configuration. A machine-wide
// registration keeps its secret in a file owned by root and readable by one
// group (0640), so that the local users in that group can sign in.

// Errors of the endpoint secret.
var (
	// ErrNoEndpointSecret: neither the keyring nor the file holds it; the
	// computer is not registered (or was registered under another file).
	ErrNoEndpointSecret = errors.New("credstore: no endpoint secret")
)

// UnsafeFileError: the file holding an endpoint secret could be read or
// changed by more accounts than it should (see checkSecretFile). The secret
// is not used.
type UnsafeFileError struct {
	Path string
	Mode fs.FileMode
	// Owner is the file's owner's user id (-1 where the OS has none).
	Owner int
}

// Error names the file and its mode, never its content.
func (e *UnsafeFileError) Error() string {
	return fmt.Sprintf("credstore: %s is open to other accounts (mode %v, owner %d): make it 0600 and yours, or root:aalogon 0640", e.Path, e.Mode, e.Owner)
}

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
	if err := atomicfile.Write(fallback, []byte(secret.Reveal()+"\n"), 0o600, -1); err != nil {
		return "", fmt.Errorf("credstore: endpoint secret: %w", err)
	}
	return fallback, nil
}

// SaveSharedEndpointSecret keeps the secret of a machine-wide registration
// in path, mode 0640, group gid: the administrator's keyring would serve
// the administrator alone. Run as root, the file is root's.
func SaveSharedEndpointSecret(path string, secret auth.Secret, gid int) error {
	if err := atomicfile.Write(path, []byte(secret.Reveal()+"\n"), 0o640, gid); err != nil {
		return fmt.Errorf("credstore: endpoint secret: %w", err)
	}
	return nil
}

// LoadEndpointSecret reads the secret of endpoint id at server from the
// keyring, else from fallback ("": keyring only). The file must be this
// user's or root's and closed to others (checkSecretFile). Errors:
// ErrNoEndpointSecret when neither holds it, fs.ErrPermission when the file
// may not be read by this user, *UnsafeFileError.
func (s *Store) LoadEndpointSecret(server, id, fallback string) (auth.Secret, error) {
	v, err := s.kr.Get(EndpointService, endpointAccount(server, id))
	if err == nil {
		return auth.Secret(v), nil
	}
	keyringErr := err
	if fallback == "" {
		return "", fmt.Errorf("%w for %s in the keyring (%v)", ErrNoEndpointSecret, id, keyringErr)
	}
	f, err := os.Open(fallback)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if errors.Is(keyringErr, keyring.ErrNotFound) {
			return "", fmt.Errorf("%w for %s in the keyring or in %s", ErrNoEndpointSecret, id, fallback)
		}
		return "", fmt.Errorf("%w in %s, and the keyring failed: %v", ErrNoEndpointSecret, fallback, keyringErr)
	case err != nil:
		return "", fmt.Errorf("credstore: endpoint secret: %w", err)
	}
	defer f.Close()
	// One open file: the checks and the read are of the same file.
	if err := checkSecretFile(f); err != nil {
		return "", err
	}
	b, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return "", fmt.Errorf("credstore: endpoint secret: %w", err)
	}
	return auth.Secret(strings.TrimSpace(string(b))), nil
}
