package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"
)

// SQLite lets one transaction write at a time. Left to itself, a transaction
// waiting for that lock sleeps and retries inside SQLite until its busy
// timeout runs out, and nothing makes the retries fair: in a burst (200
// residents accepting the last place at once) one waiter can lose every
// retry and fail while later arrivals go ahead of it.
//
// queuedPool makes transactions on the SQLite file take turns in this
// process, in the order they asked: a turn is a send on a channel of one, and
// Go serves blocked senders first come, first served. The turn is taken
// before a connection, so the transaction holding it never waits for a
// connection held by one queued behind it. Every portal transaction writes
// (the DSN makes them all BEGIN IMMEDIATE), so none is left out. Single
// statements outside a transaction still queue inside SQLite, as before.
type queuedPool struct {
	*sql.DB
	turn chan struct{}
	// wait bounds the wait for a turn when the caller's context has no
	// deadline of its own (requests have one; jobs and tests may not).
	wait time.Duration
}

// errNoTurn says a transaction waited its whole bound for its turn.
var errNoTurn = errors.New("database: the SQLite file stayed busy; try again")

func newQueuedPool(db *sql.DB) *queuedPool {
	return &queuedPool{DB: db, turn: make(chan struct{}, 1), wait: 2 * time.Minute}
}

// GetDBConn lets gorm's DB() return the underlying pool.
func (p *queuedPool) GetDBConn() (*sql.DB, error) { return p.DB, nil }

// BeginTx waits for this process's turn to write, then begins.
func (p *queuedPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	bound := time.NewTimer(p.wait)
	defer bound.Stop()
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("database: waiting to write: %w", ctx.Err())
	case <-bound.C:
		return nil, errNoTurn
	}
	tx, err := p.DB.BeginTx(ctx, opts)
	if err != nil {
		<-p.turn
		return nil, err
	}
	return &queuedTx{Tx: tx, pool: p.DB, turn: p.turn}, nil
}

// queuedTx is one transaction; it gives the turn back when it ends, however
// it ends.
type queuedTx struct {
	*sql.Tx
	pool *sql.DB
	turn chan struct{}
	once sync.Once
}

// PrepareContext prepares query on the pool, not on the transaction. gorm
// keeps what this returns for later transactions and runs it in each through
// Tx.StmtContext, which reuses a pool statement already compiled on the
// transaction's connection; a statement prepared on a transaction is closed
// with it and would be compiled again in every later one, triggers and all
// (that was two thirds of sending an application on SQLite).
//
// Preparing on the pool needs a second connection for a moment. Should none
// come free soon (every other one busy), it prepares on the transaction as
// gorm would: slower later, never stuck.
func (t *queuedTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	soon, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if stmt, err := t.pool.PrepareContext(soon, query); err == nil {
		return stmt, nil
	}
	return t.Tx.PrepareContext(ctx, query)
}

func (t *queuedTx) done() { t.once.Do(func() { <-t.turn }) }

// Commit commits and gives the turn back.
func (t *queuedTx) Commit() error {
	defer t.done()
	return t.Tx.Commit()
}

// Rollback rolls back and gives the turn back.
func (t *queuedTx) Rollback() error {
	defer t.done()
	return t.Tx.Rollback()
}
