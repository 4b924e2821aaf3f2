package store

import "gorm.io/gorm"

// toResident is m in the language resident residentID chose
// (residents.preferred_language), for a message written in tx. A caller
// that already chose a language (the resident on a page in it) keeps it;
// staff pages and jobs pass Messages without one.
func (m Messages) toResident(tx *gorm.DB, residentID string) (Messages, error) {
	if m.Lang != "" || residentID == "" {
		return m, nil
	}
	return m.languageWhere(tx.Table("residents").Where("id = ?", residentID))
}

// toContact is m in the language of the resident holding contact (a mobile
// number or email address), as toResident.
func (m Messages) toContact(tx *gorm.DB, contact string) (Messages, error) {
	if m.Lang != "" || contact == "" {
		return m, nil
	}
	return m.languageWhere(tx.Table("residents").Where("mobile = ? OR email = ?", contact, contact))
}

func (m Messages) languageWhere(q *gorm.DB) (Messages, error) {
	var codes []string
	if err := q.Limit(1).Pluck("preferred_language", &codes).Error; err != nil {
		return m, err
	}
	if len(codes) > 0 {
		m.Lang = codes[0]
	}
	return m, nil
}
