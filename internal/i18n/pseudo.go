package i18n

import (
	"fmt"
	"regexp"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Pseudo is a pseudo-language for tests only: every English text accented
// and about 40% longer, in brackets, so a layout that breaks with longer
// words, or a string left out of the message files, shows at once. It is
// never offered to residents: only EnablePseudo adds it.
var Pseudo = Language{Code: "en-XA", Name: "[Ƥşḗŭḓǿ]", Dir: "ltr"}

// EnablePseudo adds Pseudo to the catalogue Words returns. Tests only.
func EnablePseudo() {
	words := Words()
	if words.Known(Pseudo.Code) {
		return
	}
	c, err := Load(localeFiles, append(append([]Language(nil), words.langs...), Pseudo))
	if err != nil {
		panic(err)
	}
	loaded.Store(c)
}

// addPseudo derives Pseudo's messages from the default language's, which
// Load parsed first.
func (c *Catalogue) addPseudo(l Language) error {
	tag := language.MustParse(l.Code)
	msgs := make([]*goi18n.Message, 0, len(c.source))
	for _, src := range c.source {
		msgs = append(msgs, &goi18n.Message{ID: src.ID, Zero: pseudo(src.Zero), One: pseudo(src.One), Two: pseudo(src.Two),
			Few: pseudo(src.Few), Many: pseudo(src.Many), Other: pseudo(src.Other)})
	}
	if err := c.bundle.AddMessages(tag, msgs...); err != nil {
		return fmt.Errorf("i18n: pseudo: %w", err)
	}
	c.locales[l.Code] = &Locale{Language: l, loc: goi18n.NewLocalizer(c.bundle, l.Code), printer: message.NewPrinter(tag), words: c,
		msgs: compileAll(c.base, msgs)}
	return nil
}

var (
	placeholderRE = regexp.MustCompile(`\{\{[^}]*\}\}`)
	accents       = strings.NewReplacer("a", "ȧ", "e", "ḗ", "i", "ī", "o", "ǿ", "u", "ŭ", "c", "ƈ", "n", "ƞ", "s", "ş", "t", "ŧ", "y", "ẏ",
		"A", "Ȧ", "E", "Ḗ", "I", "Ī", "O", "Ǿ", "U", "Ŭ", "C", "Ƈ", "N", "Ƞ", "S", "Ş", "T", "Ŧ")
)

// pseudo accents text outside its {{.Parameters}} and lengthens it by
// about 40%, as German or Polish often do.
func pseudo(text string) string {
	if text == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("[")
	last := 0
	for _, loc := range placeholderRE.FindAllStringIndex(text, -1) {
		b.WriteString(accents.Replace(text[last:loc[0]]))
		b.WriteString(text[loc[0]:loc[1]])
		last = loc[1]
	}
	b.WriteString(accents.Replace(text[last:]))
	// Padding in words, so lines still wrap at spaces.
	pad := len([]rune(text)) * 2 / 5
	for pad > 0 {
		n := min(pad, 7)
		b.WriteString(" " + strings.Repeat("ẋ", n))
		pad -= n + 1
	}
	b.WriteString("]")
	return b.String()
}
