package i18n

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// compiled is a message cut, once at load, into its literal text and the
// {{.Name}} parameters between, so that saying it is a lookup and a join.
// Through go-i18n every T matched the language again and ran a template: a
// pathway page says about 80 messages, and that was a third of its rendering
// (BenchmarkT). Messages with plural forms, or any template beyond
// {{.Name}}, still go through go-i18n (slow is set).
type compiled struct {
	text  []string // len(names)+1 literal parts
	names []string
	slow  bool
}

var paramRE = regexp.MustCompile(`^\{\{\s*\.(\w+)\s*\}\}$`)

// compile cuts m's one form. A message with plural forms is left to go-i18n,
// which picks the form by the language's CLDR rules.
func compile(m *goi18n.Message) *compiled {
	if m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != "" {
		return &compiled{slow: true}
	}
	c := &compiled{}
	last := 0
	for _, loc := range placeholderRE.FindAllStringIndex(m.Other, -1) {
		p := paramRE.FindStringSubmatch(m.Other[loc[0]:loc[1]])
		if p == nil {
			return &compiled{slow: true}
		}
		c.text = append(c.text, m.Other[last:loc[0]])
		c.names = append(c.names, p[1])
		last = loc[1]
	}
	c.text = append(c.text, m.Other[last:])
	// A stray "{{" that is no placeholder is template syntax go-i18n
	// would reject or run: leave it to go-i18n.
	for _, t := range c.text {
		if strings.Contains(t, "{{") {
			return &compiled{slow: true}
		}
	}
	return c
}

// compileAll is msgs compiled by ID, over (a copy of) base: a language's
// own messages over the default language's, which go-i18n falls back to.
func compileAll(base map[string]*compiled, msgs []*goi18n.Message) map[string]*compiled {
	out := make(map[string]*compiled, len(base)+len(msgs))
	for id, c := range base {
		out[id] = c
	}
	for _, m := range msgs {
		out[m.ID] = compile(m)
	}
	return out
}

// say is c with args (name/value pairs) put in, as go-i18n's template
// would: a value printed as fmt.Sprint prints it, "<no value>" for a
// parameter not given.
func (c *compiled) say(args []any) string {
	if len(c.names) == 0 {
		return c.text[0]
	}
	var b strings.Builder
	n := 0
	for _, t := range c.text {
		n += len(t)
	}
	b.Grow(n + 16*len(c.names))
	for i, name := range c.names {
		b.WriteString(c.text[i])
		b.WriteString(arg(args, name))
	}
	b.WriteString(c.text[len(c.names)])
	return b.String()
}

// arg is the value named name in args, as text.
func arg(args []any, name string) string {
	// The last pair of a name wins, as in the map go-i18n was given; an
	// odd value at the end is no pair.
	for i := len(args)/2*2 - 2; i >= 0; i -= 2 {
		if k, _ := args[i].(string); k == name {
			switch v := args[i+1].(type) {
			case string:
				return v
			case int:
				return strconv.Itoa(v)
			default:
				return fmt.Sprint(v)
			}
		}
	}
	return "<no value>"
}
