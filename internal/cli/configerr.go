package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"aalogon/auth/credstore"
	"aalogon/internal/config"
)

// oneLine is an error's text on one line (joined errors are one a line).
func oneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", "; ") }

// warnSkipped tells the person which configuration layers were passed over
// because this account may not read them.
func warnSkipped(env Env, eff *config.Effective) {
	if eff == nil {
		return
	}
	for _, err := range eff.Skipped {
		var le *config.LayerError
		if errors.As(err, &le) {
			fmt.Fprintf(env.Stderr, "aalogon: warning: %s was skipped: this account may not read it\n", le.Source)
		}
	}
}

// configProblem explains a configuration that could not be resolved; a
// layer this account may not read is named as the likely cause.
func configProblem(eff *config.Effective, err error) *hinted {
	h := &hinted{msg: oneLine(err), hint: "'aalogon config check' shows every layer; 'aalogon register' writes a configuration"}
	var le *config.LayerError
	switch {
	case errors.As(err, &le) && errors.Is(err, fs.ErrPermission):
		h.msg = "this account may not read " + le.Source
		h.hint = "give a configuration file you may read, or ask an administrator"
	case eff != nil && len(eff.Skipped) > 0 && errors.As(eff.Skipped[0], &le):
		h.hint = "this account may not read " + le.Source + ", so its settings are missing: ask an administrator to make it readable (mode 0644)"
	}
	return h
}

// secretProblem explains why the endpoint secret of endpoint id, kept in
// the keyring or in file, could not be read: what is wrong, and who can
// fix it. It never shows the secret (errors do not hold it).
func secretProblem(err error, id, file string) *hinted {
	var unsafe *credstore.UnsafeFileError
	switch {
	case errors.Is(err, fs.ErrPermission):
		if st, serr := os.Stat(file); serr == nil && st.Mode().Perm()&0o040 != 0 {
			return &hinted{msg: fmt.Sprintf("you are not in the group that may read %s, the endpoint secret of this computer", file),
				hint: fmt.Sprintf("ask an administrator to add you to the group %s (sudo usermod -aG %s NAME), then log in to the computer again", sharedGroup, sharedGroup)}
		}
		return &hinted{msg: fmt.Sprintf("%s, the endpoint secret of this computer, is readable by its owner only", file),
			hint: "an administrator registers the computer for every local user: sudo aalogon register --system …"}
	case errors.As(err, &unsafe):
		return &hinted{msg: fmt.Sprintf("the endpoint secret in %s is open to other accounts (mode %v), so it is not used", unsafe.Path, unsafe.Mode.Perm()),
			hint: fmt.Sprintf("make it yours and private (chmod 600 %s), or root:%s 0640 for a machine-wide registration", unsafe.Path, sharedGroup)}
	case errors.Is(err, credstore.ErrNoEndpointSecret):
		where := "the keyring"
		if file != "" {
			where += " or " + file
		}
		return &hinted{msg: fmt.Sprintf("there is no endpoint secret for endpoint %s in %s", id, where),
			hint: "register this computer: aalogon register --server URL --admin-user NAME --config FILE"}
	}
	return &hinted{msg: "the endpoint secret could not be read", hint: "(" + oneLine(err) + ")"}
}
