package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"aalogon/internal/i18n"
)

// root is the module's folder, from this package's.
const root = "../.."

// sources are the string literals of the product's Go files (tests and
// tools aside), and the first text argument of each call to a translating
// function: t and X (lang.X) take the key first, line and msg too, after
// a writer for line.
type sources struct {
	literals map[string][]string // literal → where
	keyArgs  map[string][]string // a key passed to t/X/line/msg → where
	// fallbacks are the English defaults the window passes with a key,
	// t("push.waiting", "Confirm the sign-in on your phone."): key → text,
	// where.
	fallbacks map[string][2]string
}

func readSources(t *testing.T) sources {
	t.Helper()
	s := sources{literals: map[string][]string{}, keyArgs: map[string][]string{}, fallbacks: map[string][2]string{}}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "vendor" ||
			path == filepath.Join(root, "internal", "tools")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if v, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING {
					s.literals[v] = append(s.literals[v], fset.Position(n.Pos()).String())
				}
			case *ast.CallExpr:
				var name string
				withDefault := false // the window's t(key, default, data) and lang.X
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name, withDefault = fn.Name, fn.Name == "t"
				case *ast.SelectorExpr:
					name, withDefault = fn.Sel.Name, fn.Sel.Name == "X"
				}
				arg := map[string]int{"t": 0, "X": 0, "msg": 0, "line": 1}
				i, ok := arg[name]
				if !ok || len(n.Args) <= i {
					return true
				}
				lit, ok := n.Args[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				key, _ := strconv.Unquote(lit.Value)
				s.keyArgs[key] = append(s.keyArgs[key], fset.Position(lit.Pos()).String())
				if !withDefault || len(n.Args) < 2 {
					return true
				}
				if fb, ok := n.Args[1].(*ast.BasicLit); ok && fb.Kind == token.STRING {
					v, _ := strconv.Unquote(fb.Value)
					s.fallbacks[key] = [2]string{v, fset.Position(fb.Pos()).String()}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dynamic are the keys built at run time, by prefix, with the registry
// that lists their suffixes: "method." + a method's name (auth's MethodID
// constants, "FINGER:1").
func dynamic(s sources) map[string]bool {
	used := map[string]bool{}
	methodID := regexp.MustCompile(`^([A-Z][A-Z0-9_]*):[0-9]+$`)
	for lit := range s.literals {
		if m := methodID.FindStringSubmatch(lit); m != nil {
			used["method."+m[1]] = true
		}
	}
	return used
}

// TestCatalogue keeps the one catalogue whole: each key in every language
// with the same template fields, no key the code does not use, no key the
// code uses that is missing, and no sentence under two keys.
func TestCatalogue(t *testing.T) {
	c := i18n.Shipped()
	en := c.Keys(i18n.English)
	if langs := c.Languages(); !slices.Equal(langs, []string{"de", "en"}) {
		t.Errorf("languages %v, want de and en", langs)
	}
	field := regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)
	fields := func(s string) []string {
		var out []string
		for _, m := range field.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	for _, lang := range c.Languages() {
		keys := c.Keys(lang)
		for _, k := range en {
			if !slices.Contains(keys, k) || c.Raw(lang, k) == "" {
				t.Errorf("%s.json lacks %q (en: %q)", lang, k, c.Raw(i18n.English, k))
			} else if got, want := fields(c.Raw(lang, k)), fields(c.Raw(i18n.English, k)); !slices.Equal(got, want) {
				t.Errorf("%s.json %q has the fields %v, en.json %v", lang, k, got, want)
			}
		}
		for _, k := range keys {
			if !slices.Contains(en, k) {
				t.Errorf("%s.json has %q, en.json does not", lang, k)
			}
		}
	}

	s := readSources(t)
	namespaces := map[string]bool{}
	for _, k := range en {
		ns, _, _ := strings.Cut(k, ".")
		namespaces[ns] = true
	}
	keyLike := regexp.MustCompile(`^([a-z]+)\.[A-Za-z0-9_.]+$`)
	for lit, where := range s.literals {
		if m := keyLike.FindStringSubmatch(lit); m != nil && namespaces[m[1]] && c.Raw(i18n.English, lit) == "" {
			t.Errorf("%s: %q looks like a key of the catalogue, which lacks it", where[0], lit)
		}
	}
	for key, where := range s.keyArgs {
		if c.Raw(i18n.English, key) == "" {
			t.Errorf("%s: key %q is not in the catalogue", where[0], key)
		}
	}
	for key, fb := range s.fallbacks {
		if want := c.Raw(i18n.English, key); want != "" && fb[0] != want {
			t.Errorf("%s: the default of %q is %q, en.json says %q", fb[1], key, fb[0], want)
		}
	}
	built := dynamic(s)
	for _, k := range en {
		if _, ok := s.literals[k]; !ok && !built[k] {
			t.Errorf("key %q (%q) is used nowhere: remove it, or register how it is built", k, c.Raw(i18n.English, k))
		}
	}

	byText := map[string]string{}
	for _, k := range en {
		text := c.Raw(i18n.English, k)
		if other, ok := byText[text]; ok {
			t.Errorf("%q and %q say the same %q: make them one key", other, k, text)
		}
		byText[text] = k
	}
}
