// Package storetest builds real rows for tests: small factories that go
// through the store's own use-case methods (the console's create methods,
// Invite, StartApplication, SubmitApplication) so that what a test stands on
// was made the way the product makes it, audit rows and all. Each factory
// fails the test on error, returns what it made, takes sensible defaults and
// lets a caller override them, and draws unique names, sectors, slugs,
// emails and mobiles from a process-wide counter, so any number of fixtures
// can share one database.
//
// Only tests may call these. Rows they create through console methods are
// audited as done by Actor (a coordinator who exists only in the audit log),
// so a test counting audit rows should count those made after its fixtures.
package storetest

import (
	"fmt"
	"sync/atomic"

	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
)

// seq numbers every fixture made in this process.
var seq atomic.Int64

// next returns a number never returned before in this process.
func next() int64 { return seq.Add(1) }

// Unique returns prefix followed by a number unique in this process, for
// values a test needs distinct but does not care about.
func Unique(prefix string) string { return fmt.Sprintf("%s %d", prefix, next()) }

// Actor is who the factories act as when a store method wants one: a
// coordinator with no account, so that it never collides with a staff
// fixture. A function, not a variable, so no test can change it for others.
func Actor() store.Actor {
	return store.Actor{Staff: portal.Staff{ID: "storetest", Email: "storetest@storetest.invalid", Name: "Store Test",
		Role: portal.RoleCoordinator}, RequestID: "storetest"}
}

// sectorSecond are the letters the Royal Mail format allows second in an
// outward code.
const sectorSecond = "ABCDEFGHKLMNOPQRSTUVWXY"

// UniqueSector returns a valid postcode sector ("ZA12 3") that no other call
// in this process returns and that no real test literal uses (no real area
// starts with Z).
func UniqueSector() string {
	n := next()
	return fmt.Sprintf("Z%c%d %d", sectorSecond[(n/1000)%int64(len(sectorSecond))], (n/10)%100, n%10)
}

// PostcodeIn returns a full postcode inside sector ("ZA12 3AB").
func PostcodeIn(sector string) string { return sector + "AB" }

// UniqueMobile returns a UK mobile number in E.164 form, unique in this
// process.
func UniqueMobile() string { return fmt.Sprintf("+4479%08d", next()%100000000) }

// UniqueEmail returns a normalised email address, unique in this process.
func UniqueEmail(who string) string { return fmt.Sprintf("%s.%d@storetest.example", who, next()) }
