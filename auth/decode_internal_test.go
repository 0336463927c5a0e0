package auth

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

// FuzzDecode feeds arbitrary bodies and status codes to the response
// decoder. It must never panic, and every failure must be one of the typed
// errors a caller can branch on. The seeds run in every `go test`.
func FuzzDecode(f *testing.F) {
	sample, err := os.ReadFile("aasim/testdata/initiate-logon-3.3.response.json")
	if err != nil {
		f.Fatal(err)
	}
	seeds := []struct {
		code int
		body string
	}{
		{200, string(sample)},
		{200, string(sample[:len(sample)/2])},
		{200, `{"status":"FAILED","msg":"Incorrect password","reason":"PASSWORD_WRONG","msgid":"AUCORE-2007"}`},
		{200, `{"status":"OK","score":45,"login_session_id":"F6Nn","completed_chain":{"methods":["FINGER:1"]}}`},
		{200, `{"status":"MORE_DATA","questions":{"6":"Pet?"}}`},
		{200, `{"user_is_locked": true}`},
		{200, `null`},
		{200, `{"status":"error","errors":[{"msgid":"AUCORE-1056"}]}`},
		{400, `{"status":"error","errors":[{"location":"server","name":"AuError","msgid":"AUCORE-1056","description":"User is not found"}],"reason":"USER_NOT_FOUND"}`},
		{400, `{"status":"error","errors":[{"location":"body","name":"endpoint_secret_hash","description":"String does not match expected pattern"}]}`},
		{433, `{"status":"error","errors":[{"msgid":"AUCORE-1063","description":"Endpoint session is not found"}]}`},
		{434, `{"status":"error","errors":[{"msgid":"AUCORE-1067"}]}`},
		{444, ``},
		{500, `{"name":"Internal Server Error","description":"NoResultFound"}`},
		{502, `<html>Bad Gateway</html>`},
		{200, `{"status": 5, "chains": "x", "completed_methods": {}}`},
		{200, `{"status":"MORE_DATA","categories":[1,2],"grace_period":{"a":1},"extra":{"unknown":true}}`},
	}
	for _, s := range seeds {
		f.Add(s.code, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, code int, body []byte) {
		if code < 100 || code > 599 {
			return
		}
		var st Step
		err := decode("fuzz", code, body, &st)
		if err == nil {
			if code >= 300 {
				t.Fatalf("HTTP %d decoded without error", code)
			}
			return
		}
		var api *APIError
		if !errors.As(err, &api) && !errors.Is(err, ErrMalformedResponse) {
			t.Fatalf("untyped error %v", err)
		}
		if strings.Contains(err.Error(), string(body)) && len(body) > 40 {
			t.Fatalf("the error quotes the body: %v", err)
		}
	})
}

func TestDecodeKeepsUnknownFieldsHarmless(t *testing.T) {
	var st Step
	body := `{"status":"NEXT","new_field":{"x":[1,2]},"user_email":"a@b","completed_methods":["LDAP_PASSWORD:1"]}`
	if err := decode("t", 200, []byte(body), &st); err != nil {
		t.Fatal(err)
	}
	if st.Status != StatusNext || st.UserEmail != "a@b" || len(st.CompletedMethods) != 1 {
		t.Errorf("step = %+v", st)
	}
}

func TestSecretNeverPrints(t *testing.T) {
	s := Secret("hunter2")
	for _, got := range []string{s.String(), s.GoString(), s.LogValue().String(), sprint(s), sprintV(s)} {
		if strings.Contains(got, "hunter2") {
			t.Errorf("secret printed: %q", got)
		}
	}
	if b, _ := s.MarshalJSON(); strings.Contains(string(b), "hunter2") {
		t.Errorf("MarshalJSON = %s", b)
	}
}
func sprint(v any) string  { return fmt.Sprint(v) + fmt.Sprintf("%s %q %v", v, v, v) }
func sprintV(v any) string { return fmt.Sprintf("%+v %#v", v, v) }
