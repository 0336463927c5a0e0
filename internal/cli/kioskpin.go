package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/term"

	"aalogon/internal/config"
)

// minPINLength is the shortest kiosk exit PIN accepted.
const minPINLength = 4

// kioskPINHashCmd prints the bcrypt hash of a kiosk exit PIN for
// kiosk_pin_hash: `aalogon kiosk-pin-hash`, the PIN typed twice at a hidden
// prompt, or one line on standard input.
func kioskPINHashCmd(env Env, args []string) error {
	fs := newFlags(env, "kiosk-pin-hash")
	language := langFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	env.say().choose(*language)
	pin, err := readPIN(env)
	if err != nil {
		return err
	}
	if len([]rune(pin)) < minPINLength {
		return &hinted{msg: msg("cli.pin_short", "Min", minPINLength)}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.DefaultCost)
	if err != nil {
		return &hinted{msg: msg("cli.pin_long")}
	}
	fmt.Fprintln(env.Stdout, string(hash))
	env.say().line(env.Stderr, "cli.pin_put", "File", config.SystemPath())
	return nil
}

// readPIN reads the PIN: hidden and twice on a terminal, else the first
// line of standard input.
func readPIN(env Env) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		ask := func(prompt string) (string, error) {
			fmt.Fprint(env.Stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(env.Stderr)
			return string(b), err
		}
		first, err := ask(env.say().t("cli.pin_prompt") + " ")
		if err != nil {
			return "", err
		}
		again, err := ask(env.say().t("cli.pin_again") + " ")
		if err != nil {
			return "", err
		}
		if first != again {
			return "", &hinted{msg: msg("cli.pin_differ")}
		}
		return first, nil
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", &hinted{msg: msg("cli.pin_stdin"), hint: msg("cli.hint_pin_stdin")}
	}
	return strings.TrimRight(line, "\r\n"), nil
}
