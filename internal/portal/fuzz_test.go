package portal

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var (
	postcodeShape = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,3} [0-9][A-Z]{2}$`)
	mobileShape   = regexp.MustCompile(`^\+447[0-9]{9}$`)
)

func FuzzNormalisePostcode(f *testing.F) {
	for _, s := range []string{"B35 7PR", "b357pr", " B35  7pr", "B35-7PR", "GIR 0AA", "SW1A 1AA", "", "B35", "ＢＡ１ １ＡＡ", "b\u00a035 7pr"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalisePostcode(s)
		if err != nil {
			if got != "" {
				t.Fatalf("NormalisePostcode(%q) = %q with error %v, want \"\"", s, got, err)
			}
			return
		}
		if !postcodeShape.MatchString(got) {
			t.Fatalf("NormalisePostcode(%q) = %q, not a normalised postcode", s, got)
		}
		if again, err := NormalisePostcode(got); again != got || err != nil {
			t.Fatalf("NormalisePostcode(%q) = %q, %v; want %q, nil (idempotent)", got, again, err, got)
		}
		sector := PostcodeSector(got)
		if !strings.HasPrefix(got, sector) || len(sector) != len(got)-2 {
			t.Fatalf("PostcodeSector(%q) = %q, want the postcode without its last 2 letters", got, sector)
		}
		if again, err := NormaliseSector(sector); again != sector || err != nil {
			t.Fatalf("NormaliseSector(%q) = %q, %v; want %q, nil", sector, again, err, sector)
		}
	})
}

func FuzzNormaliseSector(f *testing.F) {
	for _, s := range []string{"B35 7", "b357", "SW1A 1", "gir0", "B 35", "", "B35 7PR"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormaliseSector(s)
		if err != nil {
			return
		}
		if again, err := NormaliseSector(got); again != got || err != nil {
			t.Fatalf("NormaliseSector(%q) = %q, %v; want %q, nil (idempotent)", got, again, err, got)
		}
		if pc := PostcodeSector(got + "AA"); pc != got {
			t.Fatalf("PostcodeSector(%q) = %q, want %q", got+"AA", pc, got)
		}
	})
}

func FuzzNormaliseMobile(f *testing.F) {
	for _, s := range []string{"07700 900123", "+44 7700 900123", "0044 7700-900123", "(07700) 900123", "447700900123",
		"+44 (0)7700 900123", "0121 496 0000", "+1 202 555 0100", "", "٠٧٧٠٠٩٠٠١٢٣", "07624 123456"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormaliseMobile(s)
		if err != nil {
			if got != "" {
				t.Fatalf("NormaliseMobile(%q) = %q with error %v, want \"\"", s, got, err)
			}
			return
		}
		if !mobileShape.MatchString(got) {
			t.Fatalf("NormaliseMobile(%q) = %q, not E.164 UK mobile", s, got)
		}
		if again, err := NormaliseMobile(got); again != got || err != nil {
			t.Fatalf("NormaliseMobile(%q) = %q, %v; want %q, nil (idempotent)", got, again, err, got)
		}
		national := "0" + strings.TrimPrefix(got, "+44")
		if again, err := NormaliseMobile(national); again != got || err != nil {
			t.Fatalf("NormaliseMobile(%q) = %q, %v; want %q, nil", national, again, err, got)
		}
	})
}

func FuzzNormaliseEmail(f *testing.F) {
	for _, s := range []string{"name@example.com", " Name@Example.COM ", "a+b@x.co.uk", "Jo <jo@example.com>", "jo@localhost",
		`"a b"@x.com`, "a@b@c.com", "", "İ@x.com", "jo\xff@example.com", "ǅ@x.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormaliseEmail(s)
		if err != nil {
			if got != "" {
				t.Fatalf("NormaliseEmail(%q) = %q with error %v, want \"\"", s, got, err)
			}
			return
		}
		if len(got) > 254 || strings.Count(got, "@") != 1 || got != strings.ToLower(got) || got != strings.TrimSpace(got) {
			t.Fatalf("NormaliseEmail(%q) = %q, want a trimmed lower-case address of at most 254 bytes with one @", s, got)
		}
		if again, err := NormaliseEmail(got); again != got || err != nil {
			t.Fatalf("NormaliseEmail(%q) = %q, %v; want %q, nil (idempotent)", got, again, err, got)
		}
	})
}

func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"Siobhán O'Neill", "Jean-Luc Picard", "Zoë Ćosić", "李小龙", "محمد علي", "N’Golo Kanté",
		"Mary-Jane St. John", "  a  b ", "R2D2", "نرگس\u200cرضایی", "\u200c", "a\x00b", strings.Repeat("é", 101)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := CleanName(s)
		if err != nil {
			if got != "" {
				t.Fatalf("CleanName(%q) = %q with error %v, want \"\"", s, got, err)
			}
			return
		}
		if n := utf8.RuneCountInString(got); n < 1 || n > 100 || !utf8.ValidString(got) {
			t.Fatalf("CleanName(%q) = %q: %d runes, want 1–100 valid UTF-8", s, got, n)
		}
		if got != strings.TrimSpace(got) || strings.Contains(got, "  ") || strings.ContainsAny(got, "\t\n\r0123456789<>&\"") {
			t.Fatalf("CleanName(%q) = %q, not clean", s, got)
		}
		if again, err := CleanName(got); again != got || err != nil {
			t.Fatalf("CleanName(%q) = %q, %v; want %q, nil (idempotent)", got, again, err, got)
		}
	})
}

func FuzzNormaliseReference(f *testing.F) {
	for _, s := range []string{"HTH-7K2M-Q9XD", "hth 7k2m q9xd", "HTH-7K2M-Q9X", "AB22222222", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormaliseReference(s)
		if err != nil {
			return
		}
		if !referenceRE.MatchString(got) {
			t.Fatalf("NormaliseReference(%q) = %q, not a reference", s, got)
		}
		if again, err := NormaliseReference(got); again != got || err != nil {
			t.Fatalf("NormaliseReference(%q) = %q, %v; want %q, nil (idempotent)", got, again, err, got)
		}
	})
}

// FuzzRank builds a profile, pathways and rules from the fuzzer's bytes,
// drawing values from a small pool so that rules often match, and checks
// that the ranking is complete, ordered, explained and independent of the
// order of its inputs.
func FuzzRank(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, []byte{1, 2, 3}, uint8(3))
	f.Add([]byte{}, []byte{}, uint8(0))
	f.Add([]byte{255, 128, 7, 7, 7, 7, 0, 200, 13, 99, 42, 1}, []byte{5, 5, 9, 0, 1}, uint8(6))
	f.Fuzz(func(t *testing.T, ruleBytes, profileBytes []byte, nPathways uint8) {
		values := []string{"a", "b", "c"}
		factors := append(Factors(), "unknown")
		pick := func(bs []byte, i int) byte {
			if len(bs) == 0 {
				return 0
			}
			return bs[i%len(bs)]
		}
		var p ResidentProfile
		p.Situation = values[int(pick(profileBytes, 0))%3]
		p.Hours = values[int(pick(profileBytes, 1))%3]
		p.Travel = values[int(pick(profileBytes, 2))%3]
		for i, b := range profileBytes {
			switch i % 3 {
			case 0:
				p.Sectors = append(p.Sectors, values[int(b)%3])
			case 1:
				p.Skills = append(p.Skills, values[int(b)%3])
			case 2:
				p.Interests = append(p.Interests, values[int(b)%3])
			}
		}
		var pathways []PathwayOption
		for i := range int(nPathways % 8) {
			pathways = append(pathways, PathwayOption{ID: string(rune('p' + i)), Name: []string{"Beta", "Alpha", "Beta"}[i%3]})
		}
		var rules []RoutingRule
		for i := 0; i+3 < len(ruleBytes); i += 4 {
			rules = append(rules, RoutingRule{
				PathwayID: string(rune('p' + int(ruleBytes[i])%9)),
				Factor:    factors[int(ruleBytes[i+1])%len(factors)],
				Value:     values[int(ruleBytes[i+2])%3],
				Weight:    int(int8(ruleBytes[i+3])),
				Reason:    []string{"", "R1", "R2", "R3", " R1 "}[int(ruleBytes[i+3])%5],
			})
		}

		got := Rank(p, pathways, rules)
		if len(got) != len(pathways) {
			t.Fatalf("Rank returned %d suggestions for %d pathways", len(got), len(pathways))
		}
		for i, s := range got {
			if i > 0 {
				prev := got[i-1]
				if c := cmp.Or(cmp.Compare(s.Score, prev.Score), strings.Compare(prev.Name, s.Name), strings.Compare(prev.PathwayID, s.PathwayID)); c >= 0 {
					t.Fatalf("Rank out of order at %d: %+v then %+v", i, prev, s)
				}
			}
			want := 0
			for _, r := range rules {
				if r.PathwayID == s.PathwayID && p.has(r.Factor, r.Value) {
					want += r.Weight
				}
			}
			if s.Score != want {
				t.Fatalf("%s score = %d, want %d", s.PathwayID, s.Score, want)
			}
			seen := map[string]bool{}
			for _, r := range s.Reasons {
				if r == "" || r != strings.TrimSpace(r) || seen[r] {
					t.Fatalf("%s reasons %q: blank, untrimmed or repeated", s.PathwayID, s.Reasons)
				}
				seen[r] = true
			}
			if s.Score <= 0 && len(s.Reasons) > 0 && !slices.ContainsFunc(rules, func(r RoutingRule) bool { return r.Weight > 0 && r.PathwayID == s.PathwayID }) {
				t.Fatalf("%s shows reasons %q with no positive rule", s.PathwayID, s.Reasons)
			}
		}
		p2, r2 := slices.Clone(pathways), slices.Clone(rules)
		slices.Reverse(p2)
		slices.Reverse(r2)
		if again := Rank(p, p2, r2); !equalSuggestions(again, got) {
			t.Fatalf("Rank depends on input order:\n%+v\n%+v", got, again)
		}
	})
}
