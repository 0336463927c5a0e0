package aasim

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
)

// HOTP returns the 6-digit RFC 4226 one-time password of secret at counter.
func HOTP(secret []byte, counter uint64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, secret)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	code := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", code%1_000_000)
}

// TOTPStep is the RFC 6238 time step.
const TOTPStep = 30 * time.Second

// TOTP returns the 6-digit RFC 6238 one-time password of secret at t
// (SHA-1, 30 s steps from the Unix epoch).
func TOTP(secret []byte, t time.Time) string {
	return HOTP(secret, uint64(t.Unix()/int64(TOTPStep/time.Second)))
}

// verifyTOTP accepts a code of the current step or one step either side,
// refusing a step at or before lastUsed (no replay). It returns the step.
func verifyTOTP(secret []byte, code string, now time.Time, lastUsed int64) (int64, bool) {
	code = strings.TrimSpace(code)
	cur := now.Unix() / int64(TOTPStep/time.Second)
	for _, step := range []int64{cur, cur - 1, cur + 1} {
		if step > lastUsed && subtle.ConstantTimeCompare([]byte(HOTP(secret, uint64(step))), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// hotpWindow is how far ahead of the server's counter a token may be.
const hotpWindow = 10

// verifyHOTP accepts a code within the look-ahead window and returns the
// counter to expect next.
func verifyHOTP(secret []byte, code string, counter uint64) (uint64, bool) {
	code = strings.TrimSpace(code)
	for c := counter; c < counter+hotpWindow; c++ {
		if subtle.ConstantTimeCompare([]byte(HOTP(secret, c)), []byte(code)) == 1 {
			return c + 1, true
		}
	}
	return counter, false
}
