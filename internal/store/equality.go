package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// EqualityQuestion is one optional monitoring question and its answers.
type EqualityQuestion struct {
	Column, Legend string
	Options        []portal.Option
}

// preferNot is every question's last answer.
var preferNot = portal.Option{Value: "prefer_not", Label: "Prefer not to say"}

// EqualityQuestions are the questions, in page order. Column names are
// constants here, never input.
func EqualityQuestions() []EqualityQuestion {
	return []EqualityQuestion{
		{"age_band", "What is your age?", []portal.Option{{Value: "16_24", Label: "16 to 24"}, {Value: "25_34", Label: "25 to 34"}, {Value: "35_49", Label: "35 to 49"}, {Value: "50_64", Label: "50 to 64"}, {Value: "65_plus", Label: "65 or over"}, preferNot}},
		{"sex", "What is your sex?", []portal.Option{{Value: "female", Label: "Female"}, {Value: "male", Label: "Male"}, preferNot}},
		{"ethnic_group", "What is your ethnic group?", []portal.Option{{Value: "asian", Label: "Asian or Asian British"}, {Value: "black", Label: "Black, Black British, Caribbean or African"}, {Value: "mixed", Label: "Mixed or multiple ethnic groups"}, {Value: "white", Label: "White"}, {Value: "other", Label: "Another ethnic group"}, preferNot}},
		{"disability", "Do you consider yourself to have a disability or long-term health condition?", []portal.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}, preferNot}},
	}
}

// EqualityAnswers are one resident's answers by column; "" is not answered.
type EqualityAnswers map[string]string

// Valid reports whether every answer is one of its question's options.
func (a EqualityAnswers) Valid() bool {
	for _, q := range EqualityQuestions() {
		v := a[q.Column]
		if v != "" && !slices.ContainsFunc(q.Options, func(o portal.Option) bool { return o.Value == v }) {
			return false
		}
	}
	return true
}

func givenKey(applicationID string) string {
	h := sha256.Sum256([]byte("equality-given:" + applicationID))
	return hex.EncodeToString(h[:])
}

// RecordEquality stores the answers given after sending application
// applicationID, apart from it: only its pathway, cohort, neighbourhood and
// month go with them. A second answer for the same application is ignored
// (it reports false). Errors: portal.ErrNotFound, a *portal.ValidationError
// for an answer not offered.
func (s *Store) RecordEquality(ctx context.Context, applicationID string, a EqualityAnswers) (_ bool, err error) {
	defer named(&err, "RecordEquality")
	if !a.Valid() {
		v := &portal.ValidationError{}
		v.Add("age_band", "Choose one of the answers offered")
		return false, v
	}
	recorded := false
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var app struct {
			PathwayID, Sector string
			CohortID          *string
		}
		if err := tx.Table("applications a").Select("a.pathway_id, a.cohort_id, "+reportSector+" AS sector").
			Where("a.id = ? AND a.submitted_at IS NOT NULL", applicationID).Take(&app).Error; err != nil {
			return notFound(err)
		}
		res := tx.Exec(`INSERT INTO equality_given (key_hash) VALUES (?) ON CONFLICT DO NOTHING`, givenKey(applicationID))
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		var hood *string
		if err := tx.Raw(`SELECT MIN(neighbourhood_id) FROM neighbourhood_sectors WHERE sector = ?`, app.Sector).Scan(&hood).Error; err != nil {
			return err
		}
		recorded = true
		return tx.Exec(`INSERT INTO equality_answers (id, pathway_id, cohort_id, neighbourhood_id, month, age_band, sex, ethnic_group, disability) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			portal.NewID(), app.PathwayID, app.CohortID, hood, s.now().Format("2006-01"), a["age_band"], a["sex"], a["ethnic_group"], a["disability"]).Error
	})
	return recorded, err
}
