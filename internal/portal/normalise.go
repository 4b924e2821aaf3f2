package portal

import (
	"errors"
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The messages below are shown to residents as they are, next to the field,
// in the GOV.UK style: say what to do, give an example.
var (
	errPostcodeEmpty   = errors.New("Enter a postcode")
	errPostcodeInvalid = errors.New("Enter a real postcode, like B35 7PR")
	errSectorEmpty     = errors.New("Enter a postcode sector")
	errSectorInvalid   = errors.New("Enter a real postcode sector, like B35 7 (the postcode without its last 2 letters)")
	errMobileEmpty     = errors.New("Enter a mobile phone number")
	errMobileInvalid   = errors.New("Enter a mobile phone number, like 07700 900 982 or +44 7700 900123")
	errMobileNotUK     = errors.New("Enter a UK mobile phone number, like 07700 900 982 – we can only send text messages to UK mobiles")
	errMobileLandline  = errors.New("Enter a UK mobile phone number, like 07700 900 982 – landlines cannot receive text messages")
	errMobileNoTexts   = errors.New("Enter a UK mobile phone number, like 07700 900 982 – this number cannot receive text messages")
	errMobileLength    = errors.New("Enter a UK mobile phone number with 11 digits, like 07700 900 982")
	errEmailEmpty      = errors.New("Enter an email address")
	errEmailInvalid    = errors.New("Enter an email address in the correct format, like name@example.com")
	errEmailTooLong    = errors.New("Email address must be 254 characters or fewer")
	errNameEmpty       = errors.New("Enter your name")
	errNameTooLong     = errors.New("Name must be 100 characters or fewer")
	errNameDigits      = errors.New("Name must not include numbers")
	errNameSymbols     = errors.New("Name must only include letters, spaces, hyphens (-), apostrophes (') and full stops (.)")
	errNameControl     = errors.New("Name must not include hidden characters – try typing it again instead of pasting it")
	errNameNoLetters   = errors.New("Name must include at least one letter")
)

// outward is the outward code (area and district) of a UK postcode, with the
// letter restrictions of the Royal Mail format, so that typos such as a
// letter Q in first place are caught at the form rather than by the post.
const outward = `(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])`

var (
	postcodeRE = regexp.MustCompile(`^(` + outward + `|GIR)([0-9][ABD-HJLNP-UW-Z]{2})$`)
	sectorRE   = regexp.MustCompile(`^(` + outward + `|GIR)([0-9])$`)
)

// squeeze upper-cases s and drops white space and hyphens of any kind, the
// separators people put inside postcodes and references.
func squeeze(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isSeparator(r) {
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// isSeparator reports whether r is white space or a hyphen or dash.
func isSeparator(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) }

// NormalisePostcode accepts any common way of writing a UK postcode
// ("b357pr", " B35  7pr", "B35-7PR") and returns it upper-case with one space
// before the inward code ("B35 7PR"). GIR 0AA is accepted. Overseas
// territories and BFPO numbers are not postcodes of tenants and are refused.
// The error's text is the message to show the user.
func NormalisePostcode(s string) (string, error) {
	c := squeeze(s)
	if c == "" {
		return "", errPostcodeEmpty
	}
	m := postcodeRE.FindStringSubmatch(c)
	if m == nil || (m[1] == "GIR" && m[2] != "0AA") {
		return "", errPostcodeInvalid
	}
	return m[1] + " " + m[2], nil
}

// PostcodeSector returns the sector of a postcode, the unit neighbourhoods are
// drawn in: "B35 7PR" -> "B35 7". Loosely written postcodes are normalised
// first; "" comes back if postcode is not a valid postcode.
func PostcodeSector(postcode string) string {
	p, err := NormalisePostcode(postcode)
	if err != nil {
		return ""
	}
	return p[:len(p)-2]
}

// NormaliseSector accepts a postcode sector written loosely ("b35 7", "B357")
// and returns it as PostcodeSector would ("B35 7"), so that sectors typed by
// a coordinator compare equal to sectors taken from residents' postcodes.
// A full postcode is refused rather than cut down, in case it was a slip.
// Where a space or hyphen is given it must separate the outward code from
// the sector digit ("B3 5", not "B 35"); without one the last digit is the
// sector ("B35" is "B3 5"). The error's text is the message to show the user.
func NormaliseSector(s string) (string, error) {
	c := squeeze(s)
	if c == "" {
		return "", errSectorEmpty
	}
	m := sectorRE.FindStringSubmatch(c)
	if m == nil || (m[1] == "GIR" && m[2] != "0") {
		return "", errSectorInvalid
	}
	parts := strings.FieldsFunc(s, isSeparator)
	if len(parts) > 1 && squeeze(parts[len(parts)-1]) != m[2] {
		return "", errSectorInvalid
	}
	return m[1] + " " + m[2], nil
}

// NormaliseMobile accepts a UK mobile number in common forms ("07700 900123",
// "+44 7700 900123", "0044 7700-900123", "(07700) 900123", "447700900123",
// "+44 (0)7700 900123") and returns it in E.164 form ("+447700900123"), the
// form stored, compared for uniqueness and given to the SMS gateway.
// Landlines and non-UK numbers are refused with a message saying a UK mobile
// is needed, since the portal's one-time codes go by text message.
// Mobile ranges are 071–075, 077–079 and 07624; 070 personal numbers and 076
// pagers cannot receive texts. The error's text is the message to show the user.
func NormaliseMobile(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errMobileEmpty
	}
	var d strings.Builder
	plus := false
	for i, r := range s {
		switch {
		case r == '+' && i == 0:
			plus = true
		case unicode.IsSpace(r), r == '-', r == '.', r == '(', r == ')', unicode.Is(unicode.Pd, r):
		default:
			n, ok := asciiDigit(r)
			if !ok {
				return "", errMobileInvalid
			}
			d.WriteByte(n)
		}
	}
	n := d.String()
	switch {
	case plus && strings.HasPrefix(n, "44"), strings.HasPrefix(n, "0044"):
		n = strings.TrimPrefix(strings.TrimPrefix(n, "00"), "44")
		n = strings.TrimPrefix(n, "0") // "+44 (0)7700 900123"
	case plus, strings.HasPrefix(n, "00"):
		return "", errMobileNotUK
	case strings.HasPrefix(n, "44") && len(n) == 12:
		n = n[2:]
	case strings.HasPrefix(n, "0"):
		n = n[1:]
	}
	// n is now the national number without its leading 0, if it is one.
	switch {
	case n == "":
		return "", errMobileInvalid
	case n[0] != '7' && len(n) >= 9 && len(n) <= 10:
		return "", errMobileLandline
	case len(n) != 10 || n[0] != '7':
		return "", errMobileLength
	case n[1] == '0', n[1] == '6' && !strings.HasPrefix(n, "7624"):
		return "", errMobileNoTexts
	}
	return "+44" + n, nil
}

// asciiDigit maps the decimal digits phone keyboards produce (ASCII,
// Arabic-Indic, Eastern Arabic-Indic and full-width) to ASCII.
func asciiDigit(r rune) (byte, bool) {
	for _, zero := range []rune{'0', '\u0660', '\u06F0', '\uFF10'} {
		if r >= zero && r <= zero+9 {
			return byte('0' + r - zero), true
		}
	}
	return 0, false
}

// NormaliseEmail trims s, lower-cases it and checks it is a bare address
// (no display name, no angle brackets, no comments, one @, at most 254
// characters, a domain with a dot and no empty labels) as net/mail parses
// it. Lower-casing the whole address lets it be compared for uniqueness; no
// real mail provider treats local parts case-sensitively.
// The error's text is the message to show the user.
func NormaliseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errEmailEmpty
	}
	if !utf8.ValidString(s) {
		return "", errEmailInvalid
	}
	s = strings.ToLower(s)
	if len(s) > 254 {
		return "", errEmailTooLong
	}
	if strings.Count(s, "@") != 1 {
		return "", errEmailInvalid
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", errEmailInvalid
	}
	domain := s[strings.IndexByte(s, '@')+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, "[") {
		return "", errEmailInvalid
	}
	for label := range strings.SplitSeq(domain, ".") {
		if label == "" {
			return "", errEmailInvalid
		}
	}
	return s, nil
}

// CleanName trims and collapses white space, and accepts names in any script
// made of letters, combining marks, spaces, apostrophes (' and ’), hyphens
// and full stops, 1–100 characters (runes) long, with at least one letter.
// Zero-width (non-)joiners are kept between letters, where Persian and Indic
// names need them. Digits, other symbols and control characters are refused,
// each with its own message. The error's text is the message to show the user.
func CleanName(s string) (string, error) {
	s = strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
	if s == "" {
		return "", errNameEmpty
	}
	if !utf8.ValidString(s) {
		return "", errNameControl
	}
	rs := []rune(s)
	if len(rs) > 100 {
		return "", errNameTooLong
	}
	letters := false
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r):
			letters = true
		case unicode.Is(unicode.M, r), r == ' ', r == '\'', r == '’', r == '-', r == '.':
		case r == '\u200C' || r == '\u200D':
			if i == 0 || i == len(rs)-1 || !isNameLetter(rs[i-1]) || !isNameLetter(rs[i+1]) {
				return "", errNameControl
			}
		case unicode.IsNumber(r):
			return "", errNameDigits
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r), !unicode.IsPrint(r):
			return "", errNameControl
		default:
			return "", errNameSymbols
		}
	}
	if !letters {
		return "", errNameNoLetters
	}
	return s, nil
}

func isNameLetter(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.M, r) }
