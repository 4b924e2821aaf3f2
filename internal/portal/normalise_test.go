package portal

import (
	"strings"
	"testing"
)

// errText returns err's message, or "" for nil, so tables can hold both.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestNormalisePostcode(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{"B35 7PR", "B35 7PR", ""},
		{"b357pr", "B35 7PR", ""},
		{" B35  7pr ", "B35 7PR", ""},
		{"B35-7PR", "B35 7PR", ""},
		{"b35\t7pr", "B35 7PR", ""},
		{"B35\u00a07PR", "B35 7PR", ""},
		{"SW1A 1AA", "SW1A 1AA", ""},
		{"sw1a1aa", "SW1A 1AA", ""},
		{"EC1A 1BB", "EC1A 1BB", ""},
		{"W1A 0AX", "W1A 0AX", ""},
		{"M1 1AE", "M1 1AE", ""},
		{"CR2 6XH", "CR2 6XH", ""},
		{"DN55 1PT", "DN55 1PT", ""},
		{"gir0aa", "GIR 0AA", ""},
		{"GIR 0AA", "GIR 0AA", ""},
		{"", "", "Enter a postcode"},
		{"   ", "", "Enter a postcode"},
		{"GIR 0AB", "", "Enter a real postcode, like B35 7PR"},
		{"B35", "", "Enter a real postcode, like B35 7PR"},
		{"B35 7", "", "Enter a real postcode, like B35 7PR"},
		{"Q1 1AA", "", "Enter a real postcode, like B35 7PR"},
		{"B35 7PRX", "", "Enter a real postcode, like B35 7PR"},
		{"B35 7CR", "", "Enter a real postcode, like B35 7PR"},
		{"12345", "", "Enter a real postcode, like B35 7PR"},
		{"B35 7P R!", "", "Enter a real postcode, like B35 7PR"},
		{"ＢＡ１ １ＡＡ", "", "Enter a real postcode, like B35 7PR"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalisePostcode(tt.in)
			if got != tt.want || errText(err) != tt.wantErr {
				t.Errorf("NormalisePostcode(%q) = %q, %q; want %q, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
			}
		})
	}
}

func TestPostcodeSector(t *testing.T) {
	tests := []struct{ in, want string }{
		{"B35 7PR", "B35 7"},
		{"b357pr", "B35 7"},
		{"SW1A 1AA", "SW1A 1"},
		{"M1 1AE", "M1 1"},
		{"GIR 0AA", "GIR 0"},
		{"", ""},
		{"not a postcode", ""},
	}
	for _, tt := range tests {
		if got := PostcodeSector(tt.in); got != tt.want {
			t.Errorf("PostcodeSector(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormaliseSector(t *testing.T) {
	const invalid = "Enter a real postcode sector, like B35 7 (the postcode without its last 2 letters)"
	tests := []struct {
		in, want, wantErr string
	}{
		{"B35 7", "B35 7", ""},
		{"b35 7", "B35 7", ""},
		{"B357", "B35 7", ""},
		{" sw1a  1 ", "SW1A 1", ""},
		{"M1-1", "M1 1", ""},
		{"gir0", "GIR 0", ""},
		{"", "", "Enter a postcode sector"},
		{"B35", "B3 5", ""},
		{"B3 5", "B3 5", ""},
		{"B 35", "", invalid},
		{"B3", "", invalid},
		{"B35 7PR", "", invalid},
		{"B35 X", "", invalid},
		{"GIR 1", "", invalid},
		{"Q35 7", "", invalid},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormaliseSector(tt.in)
			if got != tt.want || errText(err) != tt.wantErr {
				t.Errorf("NormaliseSector(%q) = %q, %q; want %q, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
			}
		})
	}
}

// A sector typed by a coordinator must equal the sector of a resident's postcode.
func TestSectorAgreesWithPostcodeSector(t *testing.T) {
	for _, pc := range []string{"B35 7PR", "SW1A 1AA", "M1 1AE", "EC1A 1BB", "GIR 0AA"} {
		s := PostcodeSector(pc)
		got, err := NormaliseSector(strings.ReplaceAll(strings.ToLower(s), " ", ""))
		if got != s || err != nil {
			t.Errorf("NormaliseSector(sector of %q) = %q, %v; want %q, nil", pc, got, err, s)
		}
	}
}

func TestNormaliseMobile(t *testing.T) {
	const (
		invalid  = "Enter a mobile phone number, like 07700 900 982 or +44 7700 900123"
		notUK    = "Enter a UK mobile phone number, like 07700 900 982 – we can only send text messages to UK mobiles"
		landline = "Enter a UK mobile phone number, like 07700 900 982 – landlines cannot receive text messages"
		noTexts  = "Enter a UK mobile phone number, like 07700 900 982 – this number cannot receive text messages"
		length   = "Enter a UK mobile phone number with 11 digits, like 07700 900 982"
	)
	tests := []struct {
		in, want, wantErr string
	}{
		{"07700 900123", "+447700900123", ""},
		{"07700900123", "+447700900123", ""},
		{"+44 7700 900123", "+447700900123", ""},
		{"+447700900123", "+447700900123", ""},
		{"0044 7700-900123", "+447700900123", ""},
		{"(07700) 900123", "+447700900123", ""},
		{"447700900123", "+447700900123", ""},
		{"+44 (0)7700 900123", "+447700900123", ""},
		{"7700 900123", "+447700900123", ""},
		{"077.009.001.23", "+447700900123", ""},
		{" 07123 456789 ", "+447123456789", ""},
		{"07624 123456", "+447624123456", ""},
		{"٠٧٧٠٠٩٠٠١٢٣", "+447700900123", ""},
		{"０７７００９００１２３", "+447700900123", ""},
		{"", "", "Enter a mobile phone number"},
		{"  ", "", "Enter a mobile phone number"},
		{"07700 90012a", "", invalid},
		{"07700+900123", "", invalid},
		{"---", "", invalid},
		{"+1 202 555 0100", "", notUK},
		{"+33 6 12 34 56 78", "", notUK},
		{"0033 612345678", "", notUK},
		{"0121 496 0000", "", landline},
		{"020 7946 0000", "", landline},
		{"+44 20 7946 0000", "", landline},
		{"0800 123 4567", "", landline},
		{"07700 90012", "", length},
		{"07700 9001234", "", length},
		{"12345", "", length},
		{"07000 123456", "", noTexts},
		{"07600 123456", "", noTexts},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormaliseMobile(tt.in)
			if got != tt.want || errText(err) != tt.wantErr {
				t.Errorf("NormaliseMobile(%q) = %q, %q; want %q, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
			}
		})
	}
}

func TestNormaliseEmail(t *testing.T) {
	const invalid = "Enter an email address in the correct format, like name@example.com"
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".com" // 254
	tests := []struct {
		name, in, want, wantErr string
	}{
		{"plain", "name@example.com", "name@example.com", ""},
		{"trimmed and lower-cased", "  Name.Surname@Example.CO.UK ", "name.surname@example.co.uk", ""},
		{"plus tag", "a+b@example.org", "a+b@example.org", ""},
		{"254 characters", long, long, ""},
		{"255 characters", "a" + long, "", "Email address must be 254 characters or fewer"},
		{"empty", "", "", "Enter an email address"},
		{"blank", " \t", "", "Enter an email address"},
		{"no at", "name.example.com", "", invalid},
		{"two ats", "a@b@example.com", "", invalid},
		{"display name", "Jo <jo@example.com>", "", invalid},
		{"angle brackets", "<jo@example.com>", "", invalid},
		{"comment", "jo@example.com (Jo)", "", invalid},
		{"no dot in domain", "jo@localhost", "", invalid},
		{"empty domain label", "jo@example..com", "", invalid},
		{"trailing dot", "jo@example.com.", "", invalid},
		{"domain literal", "jo@[192.168.0.1]", "", invalid},
		{"space inside", "jo smith@example.com", "", invalid},
		{"quoted local part", `"jo smith"@example.com`, "", invalid},
		{"list", "a@example.com, b@example.com", "", invalid},
		{"invalid UTF-8", "jo\xff@example.com", "", invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormaliseEmail(tt.in)
			if got != tt.want || errText(err) != tt.wantErr {
				t.Errorf("NormaliseEmail(%q) = %q, %q; want %q, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
			}
		})
	}
}

func TestCleanName(t *testing.T) {
	const (
		symbols = "Name must only include letters, spaces, hyphens (-), apostrophes (') and full stops (.)"
		control = "Name must not include hidden characters – try typing it again instead of pasting it"
		digits  = "Name must not include numbers"
	)
	tests := []struct {
		in, want, wantErr string
	}{
		{"Siobhán O'Neill", "Siobhán O'Neill", ""},
		{"Jean-Luc Picard", "Jean-Luc Picard", ""},
		{"Zoë Ćosić", "Zoë Ćosić", ""},
		{"Zoe\u0308 Ćosić", "Zoe\u0308 Ćosić", ""}, // decomposed ë: a combining mark
		{"李小龙", "李小龙", ""},
		{"محمد علي", "محمد علي", ""},
		{"N’Golo Kanté", "N’Golo Kanté", ""},
		{"Mary-Jane St. John", "Mary-Jane St. John", ""},
		{"  Ann \t\n  Smith  ", "Ann Smith", ""},
		{"Ann\u00a0Smith", "Ann Smith", ""},
		{"ज्ञान", "ज्ञान", ""},
		{"نرگس\u200cرضایی", "نرگس\u200cرضایی", ""}, // Persian zero-width non-joiner
		{"X", "X", ""},
		{strings.Repeat("a", 100), strings.Repeat("a", 100), ""},
		{strings.Repeat("é", 100), strings.Repeat("é", 100), ""},
		{"", "", "Enter your name"},
		{" \t ", "", "Enter your name"},
		{strings.Repeat("a", 101), "", "Name must be 100 characters or fewer"},
		{"R2D2", "", digits},
		{"Louis XIV ⅳ", "", digits},
		{"Jo@home", "", symbols},
		{"Jo_Smith", "", symbols},
		{"<script>", "", symbols},
		{"Jo 😀", "", symbols},
		{"Ann,Smith", "", symbols},
		{"Ann\x00Smith", "", control},
		{"Ann\u200bSmith", "", control},
		{"\u200cAnn", "", control},
		{"Ann\u202eSmith", "", control},
		{"Ann\xffSmith", "", control},
		{"'-.", "", "Name must include at least one letter"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := CleanName(tt.in)
			if got != tt.want || errText(err) != tt.wantErr {
				t.Errorf("CleanName(%q) = %q, %q; want %q, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
			}
		})
	}
}
