package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/sightline-uk/sightline"
	"github.com/sightline-uk/sightline/indicators"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/sightline-uk/sightline/geography"
	shttp "github.com/sightline-uk/sightline/http"
	"github.com/sightline-uk/sightline/pseudo"
	"github.com/sightline-uk/sightline/sources"
	"github.com/sightline-uk/sightline/store"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	keyFile := fs.String("key-file", "", "pseudonymisation key (as for keep and link --keep), so council analysts can keep returns from the website and partners can look up their records; without it, neither is offered")
	secure := fs.Bool("secure-cookies", false, "mark the session cookie Secure: set it when a proxy terminates TLS without sending X-Forwarded-Proto")
	issuer := fs.String("oidc-issuer", "", "OpenID Connect issuer URL of the council's identity provider, to sign in with it")
	clientID := fs.String("oidc-client-id", "", "OpenID Connect client id")
	redirect := fs.String("oidc-redirect", "", "this site's callback as registered with the provider: https://HOST/sign-in/oidc/callback")
	if err := fs.Parse(args); err != nil {
		return err
	}
	srv, store, err := openServer(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer store.Close()
	srv.SecureCookies = *secure
	if *keyFile != "" {
		key, err := pseudo.ReadKey(*keyFile)
		if err != nil {
			return fmt.Errorf("pseudonymisation key: %w", err)
		}
		srv.Key = key
	}
	if *issuer != "" {
		// The client secret comes from the environment, never a flag that
		// the process list would show.
		cfg := shttp.OIDCConfig{Issuer: *issuer, ClientID: *clientID, ClientSecret: os.Getenv("SIGHTLINE_OIDC_CLIENT_SECRET"), RedirectURL: *redirect}
		if err := srv.EnableOIDC(ctx, cfg); err != nil {
			return err
		}
	}
	if us, err := store.Users(ctx); err == nil && len(us) == 0 {
		fmt.Fprintln(stderr, "sightline: no accounts yet: the public pages work; to sign in, add one with: sightline users add NAME --role admin")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Sightline is serving http://%s/ from %s\n", ln.Addr(), dbName(*db))
	go srv.Warm(ctx)
	return serveUntilDone(ctx, srv, ln)
}

// openServer opens the store, imports the bundled snapshot if the store is
// empty, and computes the indicators.
func openServer(ctx context.Context, db string, progress io.Writer) (*shttp.Server, store.Store, error) {
	store, reg, err := openFilled(ctx, db, progress)
	if err != nil {
		return nil, nil, err
	}
	srv, err := shttp.NewServer(store, reg, slog.New(slog.NewTextHandler(progress, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	if err := srv.Reload(ctx); err != nil {
		store.Close()
		return nil, nil, err
	}
	return srv, store, nil
}

// openFilled opens the store and, when it holds nothing yet (or only part
// of the snapshot, a first start having been stopped), imports the bundled
// England snapshot, so every command works on real data from a fresh
// checkout.
func openFilled(ctx context.Context, db string, progress io.Writer) (store.Store, *geography.Register, error) {
	store, err := openStore(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	ds, err := store.Datasets(ctx)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	reg := geography.Default()
	if needsSnapshot(ds) {
		fmt.Fprintf(progress, "First start: importing the bundled England snapshot into %s\n", dbName(db))
		if _, err := importInputs(ctx, store, reg, sources.SnapshotInputs(), progress); err != nil {
			store.Close()
			return nil, nil, err
		}
	}
	return store, reg, nil
}

// loaded is a filled store with its indicators computed and its Ofsted
// judgements read: what the commands that warn, score risk and match peers
// all start from.
type loaded struct {
	store      store.Store
	reg        *geography.Register
	tab        *indicators.Table
	judgements []sightline.Judgement
}

// openLoaded opens the store (filled with the bundled snapshot when
// empty) and computes the indicator table; the caller closes the store.
func openLoaded(ctx context.Context, db string, progress io.Writer) (*loaded, error) {
	store, reg, err := openFilled(ctx, db, progress)
	if err != nil {
		return nil, err
	}
	tab, err := indicators.Load(ctx, store, reg)
	var js []sightline.Judgement
	if err == nil {
		js, err = store.Judgements(ctx)
	}
	if err != nil {
		store.Close()
		return nil, err
	}
	return &loaded{store: store, reg: reg, tab: tab, judgements: js}, nil
}

func importInputs(ctx context.Context, store sightline.Store, reg *geography.Register, inputs []sources.Input, progress io.Writer) ([]sources.Result, error) {
	bar := progressbar.NewOptions(len(inputs), progressbar.OptionSetWriter(progress), progressbar.OptionSetDescription("Importing"),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionSetWidth(30),
		progressbar.OptionSetVisibility(isTerminal(progress)))
	res, err := sources.Import(ctx, store, reg, inputs, func(done, total int, file string) {
		bar.Describe(fmt.Sprintf("Importing %-40.40s", file))
		bar.Set(done)
	})
	bar.Finish()
	return res, err
}

func serveUntilDone(ctx context.Context, h http.Handler, ln net.Listener) error {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hs.Shutdown(shut); err != nil {
			return err
		}
		if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// isTerminal reports whether w is an interactive terminal, where a progress
// bar helps; in logs it would only add noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
