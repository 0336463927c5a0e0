package cli

import (
	"errors"
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
			env.say().line(env.Stderr, "cli.warn_skipped", "Source", le.Source)
		}
	}
}

// configProblem explains a configuration that could not be resolved; a
// layer this account may not read is named as the likely cause.
func configProblem(eff *config.Effective, err error) *hinted {
	h := &hinted{msg: msg("cli.config_unusable", "Detail", oneLine(err)), hint: msg("cli.hint_config_check")}
	var le *config.LayerError
	switch {
	case errors.As(err, &le) && errors.Is(err, fs.ErrPermission):
		h.msg = msg("cli.config_unreadable", "Source", le.Source)
		h.hint = msg("cli.hint_readable_config")
	case eff != nil && len(eff.Skipped) > 0 && errors.As(eff.Skipped[0], &le):
		h.hint = msg("cli.hint_layer_skipped", "Source", le.Source)
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
			return &hinted{msg: msg("cli.secret_not_in_group", "File", file),
				hint: msg("cli.hint_join_group", "Group", sharedGroup)}
		}
		return &hinted{msg: msg("cli.secret_owner_only", "File", file), hint: msg("cli.hint_register_system")}
	case errors.As(err, &unsafe):
		return &hinted{msg: msg("cli.secret_open", "File", unsafe.Path, "Mode", unsafe.Mode.Perm().String()),
			hint: msg("cli.hint_secret_private", "File", unsafe.Path, "Group", sharedGroup)}
	case errors.Is(err, credstore.ErrNoEndpointSecret) && file == "":
		return &hinted{msg: msg("cli.secret_missing", "ID", id), hint: msg("cli.hint_register")}
	case errors.Is(err, credstore.ErrNoEndpointSecret):
		return &hinted{msg: msg("cli.secret_missing_file", "ID", id, "File", file), hint: msg("cli.hint_register")}
	}
	return &hinted{msg: msg("cli.secret_unreadable"), detail: oneLine(err)}
}
