package flow_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/device"
)

// tooLittleFirst refuses its first n captures as showing too little of the
// finger (as device/capture does), then yields the record.
type tooLittleFirst struct {
	mu     sync.Mutex
	n      int
	calls  int
	record []byte
}

func (s *tooLittleFirst) Template(ctx context.Context) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.calls <= s.n {
		return nil, device.ErrTooLittle
	}
	return s.record, nil
}

// A capture refused before sending (too little of the finger) asks for the
// finger again without spending an attempt: nothing reached the server.
// Past MaxRecaptures in a step, the reader's error ends it.
func TestTooLittleOfTheFingerAsksAgainWithoutSpendingAnAttempt(t *testing.T) {
	for _, tc := range []struct {
		name      string
		refused   int
		wantErr   error
		wantSends int // do_logon with a capture
	}{
		{"twice, then a good capture", 2, nil, 1},
		{"always", 1000, device.ErrTooLittle, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := &tooLittleFirst{n: tc.refused, record: aasim.DemoFingerprint("denis")}
			e := newEnv(t, aasim.Config{}, flow.Config{Fingerprint: src, FingerAttempts: 3}, answers(aasim.DemoPassword, nil))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := e.flow.Run(ctx, flow.Request{User: "denis", Event: event})
			if tc.wantErr == nil && err != nil {
				t.Fatalf("Run: %v", err)
			}
			if tc.wantErr != nil {
				var re *flow.ReaderError
				if !errors.As(err, &re) || !errors.Is(err, tc.wantErr) {
					t.Fatalf("Run error = %v, want a reader error wrapping %v", err, tc.wantErr)
				}
				if src.calls != flow.MaxRecaptures+1 {
					t.Errorf("%d captures asked for, want %d", src.calls, flow.MaxRecaptures+1)
				}
			}
			if n := e.sim.Counts()["POST /api/v1/logon/{id}/do_logon"]; n != 1+tc.wantSends {
				t.Errorf("do_logon sent %d times, want %d (the password and %d captures)", n, 1+tc.wantSends, tc.wantSends)
			}
			if n := e.p.noticed(flow.NoticeFingerRetry); n != 0 {
				t.Errorf("%d 'not recognised' notices, want none: no attempt was spent", n)
			}
		})
	}
}
