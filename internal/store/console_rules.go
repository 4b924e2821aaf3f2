package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/database"
	"anchorpathways/internal/portal"
)

// ---- routing rules ----------------------------------------------------------------

// RoutingRuleRow is a stored routing rule with its version.
type RoutingRuleRow struct {
	ID        string
	PathwayID string
	Factor    string
	Value     string
	Weight    int
	Reason    string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName is the rules table.
func (RoutingRuleRow) TableName() string { return "routing_rules" }

// RuleInput is a routing rule as a coordinator writes it.
type RuleInput struct {
	Factor string `json:"factor"`
	Value  string `json:"value"`
	Weight int    `json:"weight"`
	Reason string `json:"reason"`
}

func ruleInput(r RoutingRuleRow) RuleInput {
	return RuleInput{Factor: r.Factor, Value: r.Value, Weight: r.Weight, Reason: r.Reason}
}

// RulesOfPathway returns a pathway's rules by factor, then weight (highest
// first).
func (s *Store) RulesOfPathway(ctx context.Context, pathwayID string) (_ []RoutingRuleRow, err error) {
	defer named(&err, "RulesOfPathway")
	var out []RoutingRuleRow
	err = s.db.WithContext(ctx).Where("pathway_id = ?", pathwayID).Order("factor, weight DESC, value, id").Find(&out).Error
	return out, err
}

// RuleForConsole returns a rule, or portal.ErrNotFound.
func (s *Store) RuleForConsole(ctx context.Context, id string) (_ RoutingRuleRow, err error) {
	defer named(&err, "RuleForConsole")
	var out RoutingRuleRow
	err = s.db.WithContext(ctx).Where("id = ?", id).Take(&out).Error
	return out, notFound(err)
}

func ruleTaken(err error) error {
	if database.IsUniqueViolation(err) {
		v := &portal.ValidationError{}
		v.Add("value", "This pathway already has a rule for this answer. Change that rule instead")
		return v
	}
	return err
}

// CreateRoutingRule adds a rule to a pathway. Errors: portal.ErrNotFound,
// *portal.ValidationError (a rule for that answer exists).
func (s *Store) CreateRoutingRule(ctx context.Context, a Actor, pathwayID string, in RuleInput) (_ string, err error) {
	defer named(&err, "CreateRoutingRule")
	now := s.now()
	r := RoutingRuleRow{ID: portal.NewID(), PathwayID: pathwayID, Factor: in.Factor, Value: in.Value, Weight: in.Weight, Reason: in.Reason,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := mustExist(tx, &Pathway{}, pathwayID); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&RoutingRuleRow{}).Where("pathway_id = ? AND factor = ? AND value = ?", pathwayID, in.Factor, in.Value).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ruleTaken(gorm.ErrDuplicatedKey)
		}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditCreated, TargetRoutingRule, r.ID, nil, map[string]any{"pathway_id": pathwayID, "rule": in})
	})
	return r.ID, ruleTaken(err)
}

// UpdateRoutingRule saves a rule edited from version. Errors:
// portal.ErrNotFound, portal.ErrConflict, *portal.ValidationError.
func (s *Store) UpdateRoutingRule(ctx context.Context, a Actor, id string, version int, in RuleInput) (err error) {
	defer named(&err, "UpdateRoutingRule")
	now := s.now()
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var before RoutingRuleRow
		if err := tx.Where("id = ?", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		if before.Version != version {
			return portal.ErrConflict
		}
		var n int64
		if err := tx.Model(&RoutingRuleRow{}).Where("pathway_id = ? AND factor = ? AND value = ? AND id <> ?", before.PathwayID, in.Factor, in.Value, id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ruleTaken(gorm.ErrDuplicatedKey)
		}
		res := tx.Model(&RoutingRuleRow{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"factor": in.Factor, "value": in.Value, "weight": in.Weight, "reason": in.Reason,
			"version": gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return portal.ErrConflict
		}
		return audit(tx, now, a, AuditUpdated, TargetRoutingRule, id, ruleInput(before), in)
	})
	return ruleTaken(err)
}

// DeleteRoutingRule removes a rule, as seen at version. Errors:
// portal.ErrNotFound, portal.ErrConflict (it changed since).
func (s *Store) DeleteRoutingRule(ctx context.Context, a Actor, id string, version int) (err error) {
	defer named(&err, "DeleteRoutingRule")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before RoutingRuleRow
		if err := tx.Where("id = ?", id).Take(&before).Error; err != nil {
			return notFound(err)
		}
		res := tx.Where("id = ? AND version = ?", id, version).Delete(&RoutingRuleRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return portal.ErrConflict
		}
		return audit(tx, now, a, AuditDeleted, TargetRoutingRule, id, map[string]any{"pathway_id": before.PathwayID, "rule": ruleInput(before)}, nil)
	})
}

// RoutingPreview returns every open pathway and all their rules, for
// ranking a sample resident. Two queries.
func (s *Store) RoutingPreview(ctx context.Context) (_ []portal.PathwayOption, _ []portal.RoutingRule, err error) {
	defer named(&err, "RoutingPreview")
	var open []portal.PathwayOption
	if err := s.db.WithContext(ctx).Table("pathways").Select("id, name").Where("is_open = ?", true).
		Order("name, id").Scan(&open).Error; err != nil {
		return nil, nil, err
	}
	if len(open) == 0 {
		return open, nil, nil
	}
	ids := make([]string, len(open))
	for i, p := range open {
		ids[i] = p.ID
	}
	rules, err := s.RoutingRules(ctx, ids)
	return open, rules, err
}

// mustExist is portal.ErrNotFound unless a row of model's table has id.
func mustExist(tx *gorm.DB, model any, id string) error {
	var n int64
	if err := tx.Model(model).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return portal.ErrNotFound
	}
	return nil
}
