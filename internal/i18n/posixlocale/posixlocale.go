// Package posixlocale keeps Fyne quiet under the C locale. Import it, for
// its effect alone, from every package that imports fyne.io/fyne/v2/lang.
//
// Fyne's lang package reads the locale in its own init: the first of
// LC_ALL, LC_MESSAGES and LANG, then LANGUAGE unless that locale is
// exactly "C" or "POSIX". "C.UTF-8", the usual locale of containers and
// services, is neither, so Fyne parses "C" as a language and logs "Error
// parsing user locale C" on every start. This package's init runs first
// (Go initialises, of the packages ready, the first by import path, and
// "aalogon/…" sorts before "fyne.io/…"; this package needs only os and
// strings, which Fyne needs too) and, for a C or POSIX locale only, sets
// LANGUAGE to English, which Fyne then reads: the English it would have
// fallen back to, without the log line. This is the project's one init
// with a side effect, because Fyne's is one; ui.LoadTranslations later
// sets the language the person chose.
package posixlocale

import (
	"os"
	"strings"
)

func init() {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		s := os.Getenv(v)
		if s == "" {
			continue
		}
		if base, _, _ := strings.Cut(s, "."); (base == "C" || base == "POSIX") && os.Getenv("LANGUAGE") == "" {
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
