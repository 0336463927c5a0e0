package egis0570

import "time"

// SetTransferTimeout shortens the 10 s transfer timeout, so that a test of
// a reader that stops answering does not wait for it.
func SetTransferTimeout(r *Reader, d time.Duration) { r.timeout = d }
