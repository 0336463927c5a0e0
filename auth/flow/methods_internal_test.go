package flow

import (
	"reflect"
	"runtime"
	"testing"
)

// TestEveryDeclarationHasItsHandler: the handler of a declaration is the
// one of its kind of interaction, so the screen the window shows and the
// questions the flow asks agree.
func TestEveryDeclarationHasItsHandler(t *testing.T) {
	got := map[Interaction]map[string]bool{}
	for _, m := range methods {
		if m.handle == nil || m.Interaction == 0 {
			t.Errorf("%s has no handler or no interaction", m.ID)
			continue
		}
		if got[m.Interaction] == nil {
			got[m.Interaction] = map[string]bool{}
		}
		got[m.Interaction][funcName(m.handle)] = true
	}
	for i, names := range got {
		if len(names) != 1 {
			t.Errorf("interaction %d has handlers %v; want one", i, names)
		}
	}
}

func funcName(h handler) string { return runtime.FuncForPC(reflect.ValueOf(h).Pointer()).Name() }
