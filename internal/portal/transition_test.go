package portal

import (
	"fmt"
	"slices"
	"testing"
)

var allActors = []Actor{ActorResident, ActorHousingOfficer, ActorRecruiter, ActorCoordinator, ActorSystem}

// allowed is the lifecycle written out pair by pair, independently of the
// table in transition.go, so that a slip in either shows up here.
var allowed = func() map[[2]Status][]Actor {
	R, RC := []Actor{ActorRecruiter, ActorCoordinator}, []Actor{ActorResident, ActorCoordinator}
	RR := []Actor{ActorRecruiter, ActorCoordinator, ActorResident} // the resident acts by link
	m := map[[2]Status][]Actor{
		{StatusDraft, StatusSubmitted}:               {ActorResident},
		{StatusSubmitted, StatusShortlisted}:         R,
		{StatusShortlisted, StatusPlaceOffered}:      R,
		{StatusPlaceOffered, StatusPlaceAccepted}:    {ActorResident},
		{StatusPlaceOffered, StatusWaitlisted}:       {ActorResident, ActorSystem},
		{StatusWaitlisted, StatusPlaceOffered}:       {ActorSystem},
		{StatusPlaceAccepted, StatusCourseStarted}:   R,
		{StatusCourseStarted, StatusCourseCompleted}: R,
		{StatusCourseCompleted, StatusInterview}:     RR,
		{StatusInterview, StatusJobOffered}:          R,
		{StatusJobOffered, StatusJobStarted}:         R,
		{StatusJobStarted, StatusInWork13}:           RR,
		{StatusInWork13, StatusInWork26}:             RR,
		{StatusPlaceOffered, StatusOfferExpired}:     {ActorSystem},
		{StatusPlaceOffered, StatusPlaceDeclined}:    {ActorResident},

		{StatusDraft, StatusWithdrawn}:           RC,
		{StatusSubmitted, StatusWithdrawn}:       RC,
		{StatusShortlisted, StatusWithdrawn}:     RC,
		{StatusPlaceOffered, StatusWithdrawn}:    RC,
		{StatusPlaceAccepted, StatusWithdrawn}:   RC,
		{StatusWaitlisted, StatusWithdrawn}:      RC,
		{StatusCourseStarted, StatusWithdrawn}:   RC,
		{StatusCourseCompleted, StatusWithdrawn}: RC,
		{StatusInterview, StatusWithdrawn}:       RC,
		{StatusJobOffered, StatusWithdrawn}:      RC,

		{StatusSubmitted, StatusNotProgressed}:       R,
		{StatusShortlisted, StatusNotProgressed}:     R,
		{StatusPlaceOffered, StatusNotProgressed}:    R,
		{StatusPlaceAccepted, StatusNotProgressed}:   R,
		{StatusWaitlisted, StatusNotProgressed}:      R,
		{StatusCourseStarted, StatusNotProgressed}:   R,
		{StatusCourseCompleted, StatusNotProgressed}: R,
		{StatusInterview, StatusNotProgressed}:       R,
	}
	return m
}()

// TestTransitionEveryPair checks every (from, to, actor) triple, allowed or not.
func TestTransitionEveryPair(t *testing.T) {
	for _, from := range AllStatuses() {
		for _, to := range AllStatuses() {
			actors, exists := allowed[[2]Status{from, to}]
			for _, a := range allActors {
				var want error
				switch {
				case !exists:
					want = ErrConflict
				case !slices.Contains(actors, a):
					want = ErrForbidden
				}
				if got := Transition(from, to, a); got != want {
					t.Errorf("Transition(%s, %s, %s) = %v, want %v", from, to, a, got, want)
				}
			}
		}
	}
}

func TestTransitionSamples(t *testing.T) {
	tests := []struct {
		from, to Status
		actor    Actor
		want     error
	}{
		{StatusDraft, StatusSubmitted, ActorResident, nil},
		{StatusDraft, StatusSubmitted, ActorHousingOfficer, ErrForbidden},
		{StatusDraft, StatusSubmitted, ActorRecruiter, ErrForbidden},
		{StatusSubmitted, StatusShortlisted, ActorRecruiter, nil},
		{StatusSubmitted, StatusShortlisted, ActorResident, ErrForbidden},
		{StatusSubmitted, StatusShortlisted, ActorHousingOfficer, ErrForbidden},
		{StatusPlaceOffered, StatusPlaceAccepted, ActorResident, nil},
		{StatusPlaceOffered, StatusPlaceAccepted, ActorRecruiter, ErrForbidden},
		{StatusPlaceOffered, StatusWaitlisted, ActorSystem, nil},
		{StatusWaitlisted, StatusPlaceOffered, ActorSystem, nil},
		{StatusWaitlisted, StatusPlaceOffered, ActorRecruiter, ErrForbidden},
		{StatusWaitlisted, StatusPlaceAccepted, ActorSystem, ErrConflict},
		{StatusPlaceOffered, StatusOfferExpired, ActorSystem, nil},
		{StatusPlaceOffered, StatusOfferExpired, ActorCoordinator, ErrForbidden},
		{StatusPlaceOffered, StatusPlaceDeclined, ActorResident, nil},
		{StatusJobOffered, StatusWithdrawn, ActorResident, nil},
		{StatusJobOffered, StatusWithdrawn, ActorCoordinator, nil},
		{StatusJobOffered, StatusWithdrawn, ActorHousingOfficer, ErrForbidden},
		{StatusJobStarted, StatusWithdrawn, ActorResident, ErrConflict},
		{StatusDraft, StatusNotProgressed, ActorRecruiter, ErrConflict},
		{StatusJobOffered, StatusNotProgressed, ActorRecruiter, ErrConflict},
		{StatusShortlisted, StatusOfferExpired, ActorSystem, ErrConflict},
		{StatusDraft, StatusShortlisted, ActorRecruiter, ErrConflict},
		{StatusSubmitted, StatusDraft, ActorResident, ErrConflict},
		{StatusSubmitted, StatusSubmitted, ActorResident, ErrConflict},
		{StatusInWork26, StatusWithdrawn, ActorResident, ErrConflict},
		{StatusWithdrawn, StatusSubmitted, ActorResident, ErrConflict},
		{StatusNotProgressed, StatusShortlisted, ActorCoordinator, ErrConflict},
		{"bogus", StatusSubmitted, ActorResident, ErrConflict},
		{StatusDraft, "bogus", ActorResident, ErrConflict},
		{StatusDraft, StatusSubmitted, "bogus", ErrForbidden},
		{StatusDraft, StatusSubmitted, "", ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s→%s by %s", tt.from, tt.to, tt.actor), func(t *testing.T) {
			if got := Transition(tt.from, tt.to, tt.actor); got != tt.want {
				t.Errorf("Transition() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestClosedStatusesHaveNoWayOut(t *testing.T) {
	for _, from := range AllStatuses() {
		if !from.Closed() {
			continue
		}
		for _, to := range AllStatuses() {
			for _, a := range allActors {
				if got := Transition(from, to, a); got != ErrConflict {
					t.Errorf("Transition(%s, %s, %s) = %v, want %v", from, to, a, got, ErrConflict)
				}
			}
		}
	}
}

// Every open status except the last can move on, and every status but
// draft can be reached, so the table has no dead ends or orphans.
func TestEveryStatusReachableAndOpenOnesLeadOn(t *testing.T) {
	reached := map[Status]bool{}
	for _, from := range AllStatuses() {
		var out []Status
		for _, a := range allActors {
			out = append(out, NextStatuses(from, a)...)
		}
		for _, s := range out {
			reached[s] = true
		}
		if got, want := len(out) > 0, !from.Closed() && from != StatusInWork26; got != want {
			t.Errorf("%s has moves: %v, want %v", from, got, want)
		}
	}
	for _, s := range AllStatuses() {
		if got, want := reached[s], s != StatusDraft; got != want {
			t.Errorf("%s reachable: %v, want %v", s, got, want)
		}
	}
}

func TestNextStatuses(t *testing.T) {
	tests := []struct {
		from  Status
		actor Actor
		want  []Status
	}{
		{StatusDraft, ActorResident, []Status{StatusSubmitted, StatusWithdrawn}},
		{StatusPlaceOffered, ActorResident, []Status{StatusPlaceAccepted, StatusWaitlisted, StatusWithdrawn, StatusPlaceDeclined}},
		{StatusPlaceOffered, ActorSystem, []Status{StatusWaitlisted, StatusOfferExpired}},
		{StatusWaitlisted, ActorSystem, []Status{StatusPlaceOffered}},
		{StatusShortlisted, ActorRecruiter, []Status{StatusPlaceOffered, StatusNotProgressed}},
		{StatusSubmitted, ActorRecruiter, []Status{StatusShortlisted, StatusNotProgressed}},
		{StatusInterview, ActorCoordinator, []Status{StatusJobOffered, StatusWithdrawn, StatusNotProgressed}},
		{StatusSubmitted, ActorHousingOfficer, nil},
		{StatusWithdrawn, ActorCoordinator, nil},
		{StatusInWork26, ActorRecruiter, nil},
	}
	for _, tt := range tests {
		if got := NextStatuses(tt.from, tt.actor); !slices.Equal(got, tt.want) {
			t.Errorf("NextStatuses(%s, %s) = %v, want %v", tt.from, tt.actor, got, tt.want)
		}
	}
}
