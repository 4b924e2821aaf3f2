package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"anchorpathways/internal/i18n"
	"anchorpathways/internal/portal"
)

// PathwayTranslation is a pathway's resident-facing text in one language
// other than English (table pathway_translations). An empty field shows
// the English text.
type PathwayTranslation struct {
	PathwayID   string `gorm:"primaryKey"`
	Language    string `gorm:"primaryKey"`
	Name        string
	Summary     string
	Description string
	UpdatedAt   time.Time
}

// TranslatedLanguages are the languages a pathway's text can be given in:
// every resident language but the default, whose text is the pathway's own.
func TranslatedLanguages() []i18n.Language { return i18n.Languages[1:] }

// PathwayTranslations is every translation of pathway id, by language
// code, for the console (coordinator). A pathway with none gives an empty
// map; an unknown pathway is portal.ErrNotFound.
func (s *Store) PathwayTranslations(ctx context.Context, id string) (_ map[string]PathwayTranslation, err error) {
	defer named(&err, "PathwayTranslations")
	var n int64
	if err := s.db.WithContext(ctx).Model(&Pathway{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, portal.ErrNotFound
	}
	var rows []PathwayTranslation
	if err := s.db.WithContext(ctx).Where("pathway_id = ?", id).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]PathwayTranslation, len(rows))
	for _, r := range rows {
		out[r.Language] = r
	}
	return out, nil
}

// SavePathwayTranslations writes a pathway's text in each language of in
// (a code from TranslatedLanguages to its text; all fields empty removes
// that language's row), with one audit entry. Coordinators only: the route
// checks the role. Errors: portal.ErrNotFound for an unknown pathway, a
// ValidationError for a language that is not offered.
func (s *Store) SavePathwayTranslations(ctx context.Context, a Actor, id string, in map[string]PathwayTranslation) (err error) {
	defer named(&err, "SavePathwayTranslations")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var p Pathway
		if err := tx.Select("id").Where("id = ?", id).Take(&p).Error; err != nil {
			return notFound(err)
		}
		for code, t := range in {
			if code == i18n.Default || !i18n.Words().Known(code) {
				v := &portal.ValidationError{}
				v.Add("language", "Choose a language the portal offers")
				return v
			}
			if t.Name == "" && t.Summary == "" && t.Description == "" {
				if err := tx.Where("pathway_id = ? AND language = ?", id, code).Delete(&PathwayTranslation{}).Error; err != nil {
					return err
				}
				continue
			}
			row := PathwayTranslation{PathwayID: id, Language: code, Name: t.Name, Summary: t.Summary, Description: t.Description, UpdatedAt: now}
			if err := tx.Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "pathway_id"}, {Name: "language"}},
				DoUpdates: clause.AssignmentColumns([]string{"name", "summary", "description", "updated_at"}),
			}).Create(&row).Error; err != nil {
				return err
			}
		}
		return audit(tx, now, a, AuditUpdated, TargetPathway, id, nil, map[string]any{"translations": in})
	})
}

// PathwayTextIn is the translations of the pathways ids into code, by
// pathway id, for resident pages; none for English. One query.
func (s *Store) PathwayTextIn(ctx context.Context, code string, ids ...string) (_ map[string]PathwayTranslation, err error) {
	defer named(&err, "PathwayTextIn")
	if code == i18n.Default || len(ids) == 0 {
		return nil, nil
	}
	var rows []PathwayTranslation
	if err := s.db.WithContext(ctx).Where("language = ? AND pathway_id IN ?", code, ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]PathwayTranslation, len(rows))
	for _, r := range rows {
		out[r.PathwayID] = r
	}
	return out, nil
}
