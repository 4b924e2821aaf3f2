package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// ---- roles ------------------------------------------------------------------------

// RoleInput is a role as a coordinator writes it.
type RoleInput struct {
	Title       string `json:"title"`
	Pay         string `json:"pay"`
	Hours       string `json:"hours"`
	Description string `json:"description"`
	Position    int    `json:"position"`
}

func roleInput(r Role) RoleInput {
	return RoleInput{Title: r.Title, Pay: r.Pay, Hours: r.Hours, Description: r.Description, Position: r.Position}
}

// bumpPathway claims the pathway's version for a change to one of its parts.
func bumpPathway(tx *gorm.DB, now time.Time, id string, version int) error {
	res := tx.Model(&Pathway{}).Where("id = ? AND version = ?", id, version).
		Updates(map[string]any{"version": gorm.Expr("version + 1"), "updated_at": now})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		var n int64
		if err := tx.Model(&Pathway{}).Where("id = ?", id).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return portal.ErrNotFound
		}
		return portal.ErrConflict
	}
	return nil
}

// AddRole adds a role to a pathway. Adding changes no one else's work, so it
// needs no version. Errors: portal.ErrNotFound.
func (s *Store) AddRole(ctx context.Context, a Actor, pathwayID string, in RoleInput) (_ string, err error) {
	defer named(&err, "AddRole")
	now := s.now()
	r := Role{ID: portal.NewID(), PathwayID: pathwayID, Title: in.Title, Pay: in.Pay, Hours: in.Hours, Description: in.Description, Position: in.Position}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := mustExist(tx, &Pathway{}, pathwayID); err != nil {
			return err
		}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditCreated, TargetRole, r.ID, nil, map[string]any{"pathway_id": pathwayID, "role": in})
	})
	return r.ID, err
}

// UpdateRole saves a role of a pathway edited from the pathway's version.
// Errors: portal.ErrNotFound, portal.ErrConflict.
func (s *Store) UpdateRole(ctx context.Context, a Actor, pathwayID, roleID string, pathwayVersion int, in RoleInput) (err error) {
	defer named(&err, "UpdateRole")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before Role
		if err := tx.Where("id = ? AND pathway_id = ?", roleID, pathwayID).Take(&before).Error; err != nil {
			return notFound(err)
		}
		if err := bumpPathway(tx, now, pathwayID, pathwayVersion); err != nil {
			return err
		}
		if err := tx.Model(&Role{}).Where("id = ? AND pathway_id = ?", roleID, pathwayID).Updates(map[string]any{
			"title": in.Title, "pay": in.Pay, "hours": in.Hours, "description": in.Description, "position": in.Position,
		}).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditUpdated, TargetRole, roleID, roleInput(before), in)
	})
}

// RemoveRole deletes a role of a pathway, against the pathway's version.
// Errors: portal.ErrNotFound, portal.ErrConflict.
func (s *Store) RemoveRole(ctx context.Context, a Actor, pathwayID, roleID string, pathwayVersion int) (err error) {
	defer named(&err, "RemoveRole")
	now := s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before Role
		if err := tx.Where("id = ? AND pathway_id = ?", roleID, pathwayID).Take(&before).Error; err != nil {
			return notFound(err)
		}
		if err := bumpPathway(tx, now, pathwayID, pathwayVersion); err != nil {
			return err
		}
		if err := tx.Where("id = ? AND pathway_id = ?", roleID, pathwayID).Delete(&Role{}).Error; err != nil {
			return err
		}
		return audit(tx, now, a, AuditDeleted, TargetRole, roleID, map[string]any{"pathway_id": pathwayID, "role": roleInput(before)}, nil)
	})
}
