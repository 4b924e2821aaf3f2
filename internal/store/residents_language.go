package store

import (
	"context"

	"anchorpathways/internal/i18n"
)

// SetPreferredLanguage records the language of the resident who proved
// contact (a mobile number or email address), for the messages the portal
// sends them later. The caller has proved contact (a code sign-in); an
// unknown language code is ignored, so nothing but an offered language is
// stored. No resident holding contact is not an error.
func (s *Store) SetPreferredLanguage(ctx context.Context, contact, code string) error {
	if contact == "" || !i18n.Words().Known(code) {
		return nil
	}
	return failed("SetPreferredLanguage", s.db.WithContext(ctx).Exec(
		`UPDATE residents SET preferred_language = ?, updated_at = ? WHERE (mobile = ? OR email = ?) AND preferred_language <> ?`,
		code, s.now(), contact, contact, code).Error)
}

// PreferredLanguage is the language the resident holding contact chose
// ("en" when none is known), for the messages a job sends them.
func (s *Store) PreferredLanguage(ctx context.Context, contact string) (string, error) {
	var codes []string
	err := s.db.WithContext(ctx).Table("residents").Where("mobile = ? OR email = ?", contact, contact).Limit(1).Pluck("preferred_language", &codes).Error
	if err != nil || len(codes) == 0 {
		return i18n.Default, failed("PreferredLanguage", err)
	}
	return codes[0], nil
}
