package aasim

import (
	"bytes"

	"aalogon/auth"
	"testing"
)

// The demo's data makes no fingerprint record up front: the window's start
// does not wait for a synthesis and an extraction. The record is made when a
// finger is first matched, and it is the one DemoFingerprint gives.
func TestDefaultDataMakesTheDemoFingersOnFirstUse(t *testing.T) {
	saved := demoRecords
	demoRecords = &recordCache{m: map[string][]byte{}}
	t.Cleanup(func() { demoRecords = saved })

	d := DefaultData()
	if n := len(demoRecords.m); n != 0 {
		t.Fatalf("DefaultData made %d demo records, want none before a finger is matched", n)
	}
	var denis *User
	for i := range d.Users {
		if d.Users[i].Name == "denis" {
			denis = &d.Users[i]
		}
	}
	if denis == nil || !denis.Enrolled(auth.MethodFinger) {
		t.Fatal("denis has no finger enrolled")
	}
	if pos := denis.fingerPositions(); len(pos) != 1 || pos[0] != 3 {
		t.Errorf("denis's finger positions = %v, want [3]", pos)
	}
	got := denis.fingers()[3]
	if len(got) == 0 || !bytes.Equal(got, DemoFingerprint("denis")) {
		t.Error("denis's enrolled record is not DemoFingerprint(\"denis\")")
	}
}
