package logfile

import (
	"fmt"
	"image"
	"io"
	"log/slog"
	"unicode/utf8"
)

// MaxValue is the longest attribute value the log file keeps; a longer
// one is cut. No line of the product is that long: a longer value is data
// that reached a log call by mistake (a record, a body), and stays out.
const MaxValue = 256

// Handler returns the handler of the log file: text lines at info level
// and above. Secrets print as [redacted] (auth.Secret); as a second guard,
// a value that is bytes or an image is never written (only its size), and
// a string longer than MaxValue is cut.
func Handler(w io.Writer) slog.Handler {
	return slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: guard})
}

func guard(_ []string, a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		a.Value = slog.StringValue(cut(v.String()))
	case slog.KindAny:
		switch x := v.Any().(type) {
		case []byte:
			a.Value = slog.StringValue(fmt.Sprintf("[%d bytes omitted]", len(x)))
		case image.Image:
			a.Value = slog.StringValue(fmt.Sprintf("[image %v omitted]", x.Bounds().Size()))
		case error:
			a.Value = slog.StringValue(cut(x.Error()))
		default:
			a.Value = slog.StringValue(cut(fmt.Sprintf("%+v", x)))
		}
	}
	return a
}

// cut shortens s to MaxValue bytes, on a character boundary, and says how
// much was left out.
func cut(s string) string {
	if len(s) <= MaxValue {
		return s
	}
	n := MaxValue
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return fmt.Sprintf("%s…[%d bytes cut]", s[:n], len(s)-n)
}
