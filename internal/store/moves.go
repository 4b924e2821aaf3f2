package store

import (
	"time"

	"gorm.io/gorm"

	"anchorpathways/internal/portal"
)

// Target is one application as the page that acts on it showed it: a move
// made from a page lands only if the application is still at that version.
type Target struct {
	ID      string
	Version int
}

// actorOf is the lifecycle actor a staff member acts as; "" for a role that
// moves no application.
func actorOf(st portal.Staff) portal.Actor {
	switch st.Role {
	case portal.RoleRecruiter:
		return portal.ActorRecruiter
	case portal.RoleCoordinator:
		return portal.ActorCoordinator
	case portal.RoleHousingOfficer:
		return portal.ActorHousingOfficer
	}
	return ""
}

// workableBy narrows a query on applications to those st may act on as
// recruitment: a recruiter the applications to their own organisation's
// pathways, a coordinator every application, anyone else none. The filter
// is in the WHERE clause, so an application out of reach is simply not found.
func workableBy(q *gorm.DB, st portal.Staff) *gorm.DB {
	switch st.Role {
	case portal.RoleCoordinator:
		return q
	case portal.RoleRecruiter:
		return q.Where("applications.pathway_id IN (SELECT id FROM pathways WHERE employer_id = ?)", st.OrganisationID)
	}
	return q.Where("1 = 0")
}

// move is one status change made inside the caller's transaction.
type move struct {
	actor   portal.Actor
	actorID string
	// scope narrows the application's lookup (workableBy for staff); nil for
	// the system and for callers that have already scoped it.
	scope func(*gorm.DB) *gorm.DB
	to    portal.Status
	note  string
	// set holds further columns to change with the status; its keys are
	// constants in the store's code, never input.
	set map[string]any
}

// moveApplication makes m on the application t inside tx: it finds the
// application within m.scope, checks the lifecycle allows m.actor the move,
// updates it only if it is still at t.Version and in the status it was read
// in, and records the event. It returns the application as it now is.
// Errors: portal.ErrNotFound (no such application within scope),
// portal.ErrForbidden (the move exists but not for this actor),
// portal.ErrConflict (no such move from its status, or changed meanwhile).
// Telling the resident is the caller's part: what to say depends on the move.
func moveApplication(tx *gorm.DB, now time.Time, t Target, m move) (Application, error) {
	q := tx.Where("applications.id = ?", t.ID)
	if m.scope != nil {
		q = m.scope(q)
	}
	var app Application
	if err := q.Take(&app).Error; err != nil {
		return Application{}, notFound(err)
	}
	if err := portal.Transition(app.Status, m.to, m.actor); err != nil {
		return app, err
	}
	if app.Version != t.Version {
		return app, portal.ErrConflict
	}
	set := map[string]any{"status": m.to, "version": app.Version + 1, "updated_at": now}
	if m.to.Closed() {
		set["closed_at"] = now
	}
	for k, v := range m.set {
		set[k] = v
	}
	res := tx.Model(&Application{}).Where("id = ? AND version = ? AND status = ?", app.ID, app.Version, app.Status).Updates(set)
	if res.Error != nil {
		return app, res.Error
	}
	if res.RowsAffected != 1 {
		return app, portal.ErrConflict
	}
	if err := recordEvent(tx, now, app.ID, app.Status, m.to, m.actor, m.actorID, m.note); err != nil {
		return app, err
	}
	app.Status, app.Version, app.UpdatedAt = m.to, app.Version+1, now
	if m.to.Closed() {
		app.ClosedAt = &now
	}
	return app, nil
}

// staffMove is a move made by st, scoped to what st may act on.
func staffMove(st portal.Staff, to portal.Status, note string) move {
	return move{actor: actorOf(st), actorID: st.ID, scope: func(q *gorm.DB) *gorm.DB { return workableBy(q, st) }, to: to, note: note}
}

// MoveOutcome is what became of one application in a bulk action: Err is
// nil when it moved, else why it did not (portal.ErrConflict for a changed
// or wrong status, a full cohort, portal.ErrForbidden, portal.ErrNotFound).
type MoveOutcome struct {
	Target    Target
	Reference string
	Err       error
}
