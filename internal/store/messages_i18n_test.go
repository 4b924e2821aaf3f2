package store

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"anchorpathways/internal/i18n"
)

// gsm7 is the GSM 03.38 basic character set; gsm7Ext costs two septets.
const (
	gsm7    = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsm7Ext = "^{}\\[~]|€"
)

// smsParts is how many parts a text message takes: GSM-7 when every
// character is in its set (160 alone, 153 a part when split), otherwise
// UCS-2 (70 alone, 67 a part), counting UTF-16 code units.
func smsParts(s string) (parts int, encoding string, length int) {
	septets, gsm := 0, true
	for _, r := range s {
		switch {
		case strings.ContainsRune(gsm7, r):
			septets++
		case strings.ContainsRune(gsm7Ext, r):
			septets += 2
		default:
			gsm = false
		}
	}
	if gsm {
		if septets <= 160 {
			return 1, "GSM-7", septets
		}
		return (septets + 152) / 153, "GSM-7", septets
	}
	units := 0
	for _, r := range s {
		units++
		if r > 0xFFFF {
			units++
		}
	}
	if units <= 70 {
		return 1, "UCS-2", units
	}
	return (units + 66) / 67, "UCS-2", units
}

func TestSMSParts(t *testing.T) {
	tests := []struct {
		s     string
		parts int
		enc   string
	}{
		{strings.Repeat("a", 160), 1, "GSM-7"}, {strings.Repeat("a", 161), 2, "GSM-7"}, {strings.Repeat("a", 306), 2, "GSM-7"},
		{strings.Repeat("a", 307), 3, "GSM-7"}, {strings.Repeat("€", 80), 1, "GSM-7"}, {strings.Repeat("ą", 70), 1, "UCS-2"},
		{strings.Repeat("ب", 134), 2, "UCS-2"}, {strings.Repeat("ب", 135), 3, "UCS-2"},
	}
	for _, tt := range tests {
		if parts, enc, _ := smsParts(tt.s); parts != tt.parts || enc != tt.enc {
			t.Errorf("%d runes of %q: got %d %s, want %d %s", len([]rune(tt.s)), []rune(tt.s)[0], parts, enc, tt.parts, tt.enc)
		}
	}
}

// TestMessagesFitTwoTextParts measures every message a resident can get by
// text, in every language, with a long pathway name, a reference and the
// portal's address: each must fit two SMS parts.
func TestMessagesFitTwoTextParts(t *testing.T) {
	m := Messages{BaseURL: "https://pathways.example.org"}
	ref := "HTH-7K2M-Q9XD"
	app := Application{Reference: &ref, ContactChannel: ChannelSMS}
	name := "Retail to Council Services" // the longest demo name, 26 characters
	cohort := &Cohort{StartsOn: time.Date(2026, 9, 30, 9, 0, 0, 0, time.UTC), ClosesAt: time.Date(2026, 9, 16, 17, 0, 0, 0, time.UTC)}
	for _, l := range i18n.Languages {
		mm := m.In(l.Code)
		_, withCohort := mm.Submitted(Submission{Application: app, PathwayName: name, Cohort: cohort})
		_, noCohort := mm.Submitted(Submission{Application: app, PathwayName: name})
		_, withdrawn := mm.Withdrawn(app, name)
		_, code := mm.SignInCode("123456")
		for what, body := range map[string]string{"submitted (cohort)": withCohort, "submitted (no cohort)": noCohort, "withdrawn": withdrawn, "sign-in code": code} {
			parts, enc, n := smsParts(body)
			t.Logf("%s %-22s %s %3d → %d part(s)", l.Code, what, enc, n, parts)
			if parts > 2 {
				t.Errorf("%s %s: %d %s characters, %d parts, want at most 2:\n%s", l.Code, what, n, enc, parts, body)
			}
			if !strings.Contains(body, "123456") && what == "sign-in code" {
				t.Errorf("%s: the code is missing from %q", l.Code, body)
			}
			checkLinksNameLanguage(t, l.Code+" "+what, body, m.BaseURL, l.Code)
			if what != "sign-in code" && !strings.Contains(body, ref) {
				t.Errorf("%s %s: the reference is missing from %q", l.Code, what, body)
			}
		}
	}
}

// checkLinksNameLanguage fails unless every link to the portal in text
// ends by naming language code (English links name none), so that the page
// a resident opens from a message is in the message's language.
func checkLinksNameLanguage(t *testing.T, what, text, base, code string) {
	t.Helper()
	links := regexp.MustCompile(regexp.QuoteMeta(base)+`\S*`).FindAllString(text, -1)
	for _, link := range links {
		named := strings.HasSuffix(link, "?lang="+code)
		if code == i18n.Default {
			named = !strings.Contains(link, "lang=")
		}
		if !named {
			t.Errorf("%s: link %s does not name the language %q", what, link, code)
		}
	}
}

// TestMessagesInLanguage: English stays word for word; other languages
// are their own.
func TestMessagesInLanguage(t *testing.T) {
	m := Messages{BaseURL: "https://p.example"}
	if _, body := m.SignInCode("123456"); body != "Anchor Pathways: your code is 123456. It works once, for 10 minutes. If you did not ask for it, you can ignore this message." {
		t.Errorf("English code message changed: %q", body)
	}
	if _, body := m.In("ar").SignInCode("123456"); !strings.Contains(body, "رمزك 123456") {
		t.Errorf("Arabic code message: %q", body)
	}
	if _, body := m.In("pl").SignInCode("123456"); !strings.Contains(body, "Twoj kod to 123456") {
		t.Errorf("Polish code message: %q", body)
	}
	if _, body := m.In("xx").SignInCode("1"); !strings.HasPrefix(body, "Anchor Pathways: your code is 1.") {
		t.Errorf("unknown language should be English: %q", body)
	}
}
