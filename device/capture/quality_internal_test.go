package capture

import (
	"testing"

	"aalogon/device"
	"aalogon/device/fingerprint"
)

// Every reason the extractor gives for a poor image has its advice here,
// and only a usable image is shown as good: a reason added to the
// extractor fails this test until the window knows what to say for it.
func TestEveryReasonHasItsAdvice(t *testing.T) {
	n := 0
	for r := fingerprint.ReasonNone; r.String() != "unknown"; r++ {
		n++
		p, ok := problem(r)
		if !ok {
			t.Errorf("the extractor's reason %v has no advice", r)
		}
		if (p == device.QualityGood) != (r == fingerprint.ReasonNone) {
			t.Errorf("the extractor's reason %v is shown as %v", r, p)
		}
	}
	if n < 5 {
		t.Errorf("%d reasons walked, want the extractor's five or more", n)
	}
	if p, ok := problem(fingerprint.Reason(255)); ok || p == device.QualityGood {
		t.Errorf("an unknown reason is shown as %v (known: %v), want a poor capture's advice", p, ok)
	}
}
