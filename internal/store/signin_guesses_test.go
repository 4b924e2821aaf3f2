package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"anchorpathways/internal/database/dbtest"
	"anchorpathways/internal/store"
	"anchorpathways/internal/store/storetest"
)

// TestParallelGuessesAtACodeGetNoMoreChecks: 50 wrong guesses at one
// resident's code sent at once are checked no more often than 50 sent one by
// one: CodeMaxAttempts-1 are told "wrong", the rest "too many", and the code
// counts CodeMaxAttempts attempts. (Read first and counted after, parallel
// guesses were each checked against the code on PostgreSQL.)
func TestParallelGuessesAtACodeGetNoMoreChecks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		s := store.New(db)
		const mobile = "+447700900311"
		storetest.Draft(t, s, storetest.Pathway(t, s), store.Contact{FullName: "A B", Mobile: mobile, Channel: store.ChannelSMS})
		id, err := s.SendSignInCode(ctx, mobile, store.Messages{})
		if err != nil {
			t.Fatal(err)
		}
		msg, err := s.LatestOutboxTo(ctx, mobile)
		if err != nil {
			t.Fatal(err)
		}
		const n = 50
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range errs {
			guess := fmt.Sprintf("%06d", i)
			if strings.Contains(msg.Body, guess) {
				guess = fmt.Sprintf("%06d", 999_999-i) // never the right one
			}
			wg.Go(func() { <-start; errs[i] = s.VerifySignInCode(ctx, mobile, []string{id}, guess) })
		}
		close(start)
		wg.Wait()
		wrong, tooMany := 0, 0
		for i, err := range errs {
			switch {
			case errors.Is(err, store.ErrCodeWrong):
				wrong++
			case errors.Is(err, store.ErrCodeTooMany):
				tooMany++
			default:
				t.Errorf("guess %d: %v, want wrong or too many", i, err)
			}
		}
		if wrong > store.CodeMaxAttempts-1 {
			t.Errorf("%d guesses were checked and told wrong, want at most %d (then too many)", wrong, store.CodeMaxAttempts-1)
		}
		var attempts int
		if err := db.Table("sign_in_codes").Where("id = ?", id).Pluck("attempts", &attempts).Error; err != nil {
			t.Fatal(err)
		}
		if attempts != store.CodeMaxAttempts {
			t.Errorf("the code counts %d attempts, want %d", attempts, store.CodeMaxAttempts)
		}
	})
}
