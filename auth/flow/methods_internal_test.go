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
	want := map[Interaction]string{TypePassword: "password", TypeCode: "code", SentCode: "sent",
		Questions: "questions", Confirm: "confirm", Finger: "finger"}
	got := map[Interaction]map[string]bool{}
	for _, m := range methods {
		if m.handle == nil {
			t.Errorf("%s has no handler", m.ID)
			continue
		}
		if _, ok := want[m.Interaction]; !ok {
			t.Errorf("%s: interaction %d has no handler file", m.ID, m.Interaction)
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
