package status_test

import (
	"strings"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/portal"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
	"anchorpathways/internal/web/webtest"
)

// TestOfferOnStatus: an offered place shows its reply-by date and never the
// link to answer (that is only in the message); the waiting list says what
// happens next.
func TestOfferOnStatus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		app := webtest.NewBareApp(t, db)
		b := storetest.Pathway(t, app.Store, storetest.Places(1))
		contact := storetest.Contact()
		_, token := storetest.Offered(t, app.Store, b, contact)
		c := app.Client(t)
		signIn(t, app, c, contact.Mobile, contact.Mobile)
		body := c.Get("/status/applications").Body.String()
		replyBy := app.Store.Now().AddDate(0, 0, 5).Format("2 January 2006")
		for _, want := range []string{"Place offered", "Reply by", replyBy} {
			if !strings.Contains(body, want) {
				t.Errorf("status page lacks %q", want)
			}
		}
		if strings.Contains(body, "/offers/") || strings.Contains(body, token) {
			t.Error("the status page shows the link to answer the offer")
		}

		other := storetest.Contact()
		_, otherTok := storetest.Offered(t, app.Store, b, other)
		if _, err := app.Store.AcceptOffer(t.Context(), otherTok, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		if _, err := app.Store.AcceptOffer(t.Context(), token, store.Messages{}); err != nil {
			t.Fatal(err)
		}
		body = c.Get("/status/applications").Body.String()
		if !strings.Contains(body, portal.StatusWaitlisted.Label()) || !strings.Contains(body, portal.StatusWaitlisted.NextStep()) || strings.Contains(body, "Reply by") {
			t.Errorf("waitlisted: want its label and next step, no reply-by date")
		}
	})
}
