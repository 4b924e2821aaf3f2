// Command portal runs Anchor Pathways: read config, open the database,
// migrate, wire, serve; shut down gracefully on SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"anchorpathways/internal/config"
	"anchorpathways/internal/database"
	"anchorpathways/internal/notify"
	"anchorpathways/internal/schedule"
	"anchorpathways/internal/store"
	"anchorpathways/internal/web"
	"anchorpathways/static"
)

func main() {
	cfg, err := config.Load(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, cfg, os.Stdout, os.Stderr); err != nil {
		slog.Error("portal stopped", "error", err)
		os.Exit(1)
	}
}

// run serves until ctx is done (SIGTERM in production), then lets requests
// in flight finish. Logs go to logOut as JSON; the one line a person starting
// the portal by hand needs, the address to open, also goes to tell in plain text.
func run(ctx context.Context, cfg config.Config, logOut, tell io.Writer) error {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	log := slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: level}))

	// Before anything else: a binary built without `make assets` would serve
	// pages whose stylesheet is a 404.
	assets, err := static.New(static.FS)
	if err != nil {
		return err
	}
	if err := assets.Require(static.Required...); err != nil {
		return err
	}

	db, err := database.Open(ctx, database.Options{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, Logger: log})
	if err != nil {
		return err
	}
	defer database.Close(db)
	if err := database.Migrate(ctx, db); err != nil {
		return err
	}
	st := store.New(db)
	if len(cfg.SecretKey) > 0 {
		st = st.WithSecretKey(cfg.SecretKey)
	}
	if !cfg.Demo {
		// A database that once ran -demo still holds accounts whose password
		// the demo sign-in page publishes. Refusing is safer than deleting
		// them behind the operator's back: the same database also holds the
		// demo's made-up network, so a fresh one is the right answer.
		if err := st.RefuseDemoAccounts(ctx); err != nil {
			return err
		}
	}
	if err := st.UpgradeSecrets(ctx); err != nil {
		return err
	}
	if cfg.Demo {
		if err := st.SeedDemo(ctx, store.Messages{BaseURL: cfg.BaseURL}); err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
		log.Info("demo mode: demo network loaded; messages appear at /dev/outbox")
	}
	e, err := web.New(web.Deps{
		Store: st, Assets: assets, Logger: log, Demo: cfg.Demo, BaseURL: cfg.BaseURL,
		SecureCookie: cfg.SecureCookie, TrustedProxy: cfg.TrustedProxy,
		Ready:        func(ctx context.Context) error { return database.Ping(ctx, db) },
		PageCacheTTL: 2 * time.Second,
	})
	if err != nil {
		return err
	}

	worker := &notify.Worker{Store: st, Logger: log}
	switch {
	case cfg.Demo:
		worker.SMS, worker.Mail = notify.Demo{}, notify.Demo{}
	default:
		if cfg.SMSURL != "" {
			worker.SMS = notify.NewHTTPGateway(cfg.SMSURL, cfg.SMSToken, nil)
		}
		if cfg.SMTPAddr != "" {
			worker.Mail = notify.NewSMTPMailer(cfg.SMTPAddr, cfg.SMTPFrom, cfg.SMTPUsername, cfg.SMTPPassword)
		}
	}
	workCtx, stopWork := context.WithCancel(context.Background())
	defer stopWork()
	go worker.Run(workCtx)
	go (&schedule.Runner{Jobs: jobs(st, store.Messages{BaseURL: cfg.BaseURL}), Logger: log}).Run(workCtx)

	srv := &http.Server{
		Addr: cfg.Addr, Handler: e,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second,
	}
	errc := make(chan error, 1)
	// Listen before saying where: the address printed is one that answers.
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", cfg.Addr, "base_url", cfg.BaseURL, "database", string(database.DialectOf(db)), "demo", cfg.Demo)
	fmt.Fprintf(tell, "Open %s in your browser\n", cfg.BaseURL)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	err = srv.Shutdown(shutCtx)
	stopWork()
	return err
}
